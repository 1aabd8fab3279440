package fincon_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
)

func TestFromStripeRefusesNilAndIDless(t *testing.T) {
	t.Parallel()
	checks := map[string]error{}
	_, checks["nil account"] = fincon.AccountFromStripe(nil)
	_, checks["account without id"] = fincon.AccountFromStripe(&stripe.FinancialConnectionsAccount{})
	_, checks["nil payment intent"] = fincon.PaymentIntentFromStripe(nil)
	_, checks["payment intent without id"] = fincon.PaymentIntentFromStripe(&stripe.PaymentIntent{})
	_, checks["nil setup intent"] = fincon.SetupIntentFromStripe(nil)
	_, checks["setup intent without id"] = fincon.SetupIntentFromStripe(&stripe.SetupIntent{})
	for name, err := range checks {
		var fe *fincon.Error
		if !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &fe) {
			t.Errorf("%s: err = %v, want an *Error matching ErrInvalidParams", name, err)
		}
	}
}

func TestFromStripeKeepsTheObject(t *testing.T) {
	t.Parallel()
	sa := &stripe.FinancialConnectionsAccount{
		ID: "fca_1", Category: "cash", Subcategory: "checking", Status: "active",
		Permissions:                 []stripe.FinancialConnectionsAccountPermission{"payment_method", "balances"},
		SupportedPaymentMethodTypes: []stripe.FinancialConnectionsAccountSupportedPaymentMethodType{"us_bank_account"},
		Balance: &stripe.FinancialConnectionsAccountBalance{AsOf: 1700000000, Type: "cash",
			Current: map[string]int64{"usd": 5000}, Cash: &stripe.FinancialConnectionsAccountBalanceCash{Available: map[string]int64{"usd": 4000}}},
	}
	a, err := fincon.AccountFromStripe(sa)
	if err != nil {
		t.Fatal(err)
	}
	if a.Stripe() != sa || a.ID != "fca_1" || a.Category != fincon.CategoryCash {
		t.Fatalf("account %+v", a)
	}
	if e := a.CheckACH(); !e.OK() {
		t.Fatalf("CheckACH: %v", e.Reasons)
	}
	b, err := a.Balance()
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := b.Available(balances.USD); !ok || m.Amount != 4000 {
		t.Fatalf("available %v %v", m, ok)
	}
	pi, err := fincon.PaymentIntentFromStripe(&stripe.PaymentIntent{ID: "pi_1", Status: "processing", Amount: 1234, Currency: "usd"})
	if err != nil || pi.Status != fincon.PaymentProcessing || pi.Amount != (balances.Money{Amount: 1234, Currency: balances.USD}) || pi.Stripe().ID != "pi_1" {
		t.Fatalf("payment intent %+v, %v", pi, err)
	}
	si, err := fincon.SetupIntentFromStripe(&stripe.SetupIntent{ID: "seti_1", Status: "succeeded", Mandate: &stripe.Mandate{ID: "mandate_1"}})
	if err != nil || si.Mandate != "mandate_1" || si.Stripe().ID != "seti_1" {
		t.Fatalf("setup intent %+v, %v", si, err)
	}
	if _, err := (&fincon.Account{ID: "fca_2"}).Balance(); !errors.Is(err, fincon.ErrNoData) || !errors.Is(err, balances.ErrNoBalance) {
		t.Fatalf("hand-built Balance: err = %v, want ErrNoData", err)
	}
}

// CheckACH on a hand-built Account gives ach.Check's answer for the same
// fields, for every combination of the fields it reads.
func TestCheckACHMatchesAchCheck(t *testing.T) {
	t.Parallel()
	cats := []string{"cash", "credit", "investment", "other", ""}
	subs := []string{"checking", "savings", "credit_card", "mortgage", "line_of_credit", "other", ""}
	statuses := []string{"active", "inactive", "disconnected", ""}
	perms := [][]string{nil, {"payment_method"}, {"balances"}, {"payment_method", "balances", "ownership"}}
	types := [][]string{nil, {"us_bank_account"}, {"link"}}
	n := 0
	for _, c := range cats {
		for _, s := range subs {
			for _, st := range statuses {
				for _, ps := range perms {
					for _, ts := range types {
						sa := &stripe.FinancialConnectionsAccount{ID: "fca_x",
							Category:    stripe.FinancialConnectionsAccountCategory(c),
							Subcategory: stripe.FinancialConnectionsAccountSubcategory(s),
							Status:      stripe.FinancialConnectionsAccountStatus(st)}
						for _, p := range ps {
							sa.Permissions = append(sa.Permissions, stripe.FinancialConnectionsAccountPermission(p))
						}
						for _, ty := range ts {
							sa.SupportedPaymentMethodTypes = append(sa.SupportedPaymentMethodTypes, stripe.FinancialConnectionsAccountSupportedPaymentMethodType(ty))
						}
						want := ach.Check(sa)
						conv, err := fincon.AccountFromStripe(sa)
						if err != nil {
							t.Fatal(err)
						}
						byHand := *conv // same typed fields, no stripe-go object
						byHand2 := fincon.Account{ID: byHand.ID, Category: byHand.Category, Subcategory: byHand.Subcategory,
							Status: byHand.Status, Permissions: byHand.Permissions, SupportedPaymentMethodTypes: byHand.SupportedPaymentMethodTypes}
						for name, got := range map[string]ach.Eligibility{"converted": conv.CheckACH(), "by hand": byHand2.CheckACH()} {
							if !slices.Equal(got.Reasons, want.Reasons) {
								t.Errorf("%s %s/%s/%s perms %v types %v: reasons %v, ach.Check %v", name, c, s, st, ps, ts, got.Reasons, want.Reasons)
							}
						}
						n++
					}
				}
			}
		}
	}
	var nilAcct *fincon.Account
	if e := nilAcct.CheckACH(); !e.Has(ach.ReasonNilAccount) {
		t.Errorf("nil account: %v, want %s", e.Reasons, ach.ReasonNilAccount)
	}
	if n < 1000 {
		t.Fatalf("only %d combinations", n)
	}
}

// TestPermissionsFromStripeKeepKnownNames: an account or session on which
// Stripe reports a permission this SDK does not know keeps the ones it
// knows (the rule of permissions.SetFromStripe), so an account that also
// grants a newer permission can still be debited and read.
func TestPermissionsFromStripeKeepKnownNames(t *testing.T) {
	t.Parallel()
	sa := &stripe.FinancialConnectionsAccount{
		ID: "fca_1", Category: "cash", Subcategory: "checking", Status: "active",
		Permissions:                 []stripe.FinancialConnectionsAccountPermission{"account_numbers", "payment_method", "balances"},
		SupportedPaymentMethodTypes: []stripe.FinancialConnectionsAccountSupportedPaymentMethodType{"us_bank_account"},
	}
	a, err := fincon.AccountFromStripe(sa)
	if err != nil {
		t.Fatal(err)
	}
	if got := a.Permissions.String(); got != "payment_method,balances" {
		t.Errorf("account permissions = %q, want payment_method,balances", got)
	}
	if e := a.CheckACH(); !e.OK() {
		t.Errorf("CheckACH: %v", e.Reasons)
	}
	if len(a.Stripe().Permissions) != 3 {
		t.Errorf("the stripe-go account lost a name: %v", a.Stripe().Permissions)
	}

	f := newFake().Always("GET /v1/financial_connections/sessions/fcsess_1",
		`{"id":"fcsess_1","object":"financial_connections.session","client_secret":"s","permissions":["balances","account_numbers"]}`)
	s, err := setup(t, onFake(f)).c.GetSession(t.Context(), "fcsess_1")
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Permissions.String(); got != "balances" {
		t.Errorf("session permissions = %q, want balances", got)
	}
}
