package fincon_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
)

// debiter is the part of the client the billing service below uses. The
// service declares it — two methods — instead of depending on every
// operation of *fincon.Client: its fake implements those two methods only.
type debiter interface {
	FreshBalance(ctx context.Context, id string, maxAge time.Duration) (balances.Balance, *fincon.Account, error)
	CreatePaymentIntent(ctx context.Context, p fincon.PaymentIntentParams) (*fincon.PaymentIntent, error)
}

// The real client satisfies it.
var _ debiter = (*fincon.Client)(nil)

// billing is the caller's own service.
type billing struct {
	fc  debiter
	now func() time.Time
}

// charge debits amount from a linked account after an eligibility and a
// balance check, reading the account once.
func (b billing) charge(ctx context.Context, customer, account string, amount balances.Money, mandate ach.CustomerAcceptance, order string) (string, error) {
	bal, acct, err := b.fc.FreshBalance(ctx, account, 10*time.Minute)
	if err != nil {
		return "", err
	}
	if err := acct.CheckACH().Err(); err != nil {
		return "", err
	}
	if s := balances.Check(bal, amount, balances.CheckOptions{Now: b.now()}); !s.OK() {
		return "declined: " + s.String(), nil
	}
	pi, err := b.fc.CreatePaymentIntent(ctx, fincon.PaymentIntentParams{
		Account: account, AccountRead: acct, Customer: customer, Amount: amount,
		BillingName: "Jenny Rosen", Confirm: true, Mandate: &mandate, IdempotencyKey: order,
	})
	if err != nil {
		return "", err
	}
	return string(pi.Status), nil
}

// fakeDebiter serves accounts given as stripe-go objects, converted with
// the SDK's constructors, so the service sees what the client would return.
type fakeDebiter struct {
	accounts map[string]*stripe.FinancialConnectionsAccount
	created  []fincon.PaymentIntentParams
}

func (f *fakeDebiter) FreshBalance(_ context.Context, id string, _ time.Duration) (balances.Balance, *fincon.Account, error) {
	a, err := fincon.AccountFromStripe(f.accounts[id])
	if err != nil {
		return balances.Balance{}, nil, err
	}
	b, err := a.Balance()
	return b, a, err
}

func (f *fakeDebiter) CreatePaymentIntent(_ context.Context, p fincon.PaymentIntentParams) (*fincon.PaymentIntent, error) {
	f.created = append(f.created, p)
	return fincon.PaymentIntentFromStripe(&stripe.PaymentIntent{ID: fmt.Sprintf("pi_%d", len(f.created)),
		Status: stripe.PaymentIntentStatusProcessing, Amount: p.Amount.Amount, Currency: stripe.Currency(p.Amount.Currency)})
}

// fakeAccount is a stripe-go account as Stripe would send it.
func fakeAccount(id, category, subcategory string, available int64, asOf time.Time) *stripe.FinancialConnectionsAccount {
	return &stripe.FinancialConnectionsAccount{
		ID: id, Category: stripe.FinancialConnectionsAccountCategory(category),
		Subcategory: stripe.FinancialConnectionsAccountSubcategory(subcategory), Status: "active",
		Permissions:                 []stripe.FinancialConnectionsAccountPermission{"payment_method", "balances"},
		SupportedPaymentMethodTypes: []stripe.FinancialConnectionsAccountSupportedPaymentMethodType{"us_bank_account"},
		Balance: &stripe.FinancialConnectionsAccountBalance{AsOf: asOf.Unix(), Type: "cash",
			Current: map[string]int64{"usd": available},
			Cash:    &stripe.FinancialConnectionsAccountBalanceCash{Available: map[string]int64{"usd": available}}},
	}
}

// Testing your own service against a small interface it declares, with a
// fake built from stripe-go objects through the SDK's constructors
// (AccountFromStripe, PaymentIntentFromStripe): no simulator, no network.
func Example_testYourService() {
	now := time.Date(2026, 1, 5, 12, 0, 0, 0, time.UTC)
	fake := &fakeDebiter{accounts: map[string]*stripe.FinancialConnectionsAccount{
		"fca_rich":   fakeAccount("fca_rich", "cash", "checking", 50_000, now.Add(-time.Minute)),
		"fca_poor":   fakeAccount("fca_poor", "cash", "checking", 900, now.Add(-time.Minute)),
		"fca_credit": fakeAccount("fca_credit", "credit", "credit_card", 50_000, now.Add(-time.Minute)),
	}}
	svc := billing{fc: fake, now: func() time.Time { return now }}
	mandate := ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "Mozilla/5.0", AcceptedAt: now.Add(-time.Hour)}
	amount := balances.Money{Amount: 1234, Currency: balances.USD}
	for i, account := range []string{"fca_rich", "fca_poor", "fca_credit"} {
		got, err := svc.charge(context.Background(), "cus_1", account, amount, mandate, fmt.Sprint("order-", i))
		var ie *ach.IneligibleError
		switch {
		case errors.As(err, &ie):
			fmt.Println(account, "ineligible:", ie.Reasons)
		case err != nil:
			fmt.Println(account, "error:", err)
		default:
			fmt.Println(account, got)
		}
	}
	fmt.Println("creates:", len(fake.created), "reusing the read:", fake.created[0].AccountRead.ID)
	// Output:
	// fca_rich processing
	// fca_poor declined: insufficient (shortfall): need 12.34 USD, have 9.00 USD
	// fca_credit ineligible: [category_not_cash subcategory_not_checking_or_savings]
	// creates: 1 reusing the read: fca_rich
}
