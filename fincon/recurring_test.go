package fincon_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
	"github.com/stripe/stripe-go/v82"
)

// saved is a env whose account was saved with a confirmed SetupIntent.
type saved struct {
	*env
	si *fincon.SetupIntent
}

func newSaved(t *testing.T) *saved {
	t.Helper()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	p := env.debit("")
	si, err := env.c.CreateSetupIntent(t.Context(), fincon.SetupIntentParams{Account: env.account, Customer: env.customer,
		BillingName: "Jenny Rosen", Confirm: true, Mandate: p.Mandate, IdempotencyKey: "save-1"})
	if err != nil {
		t.Fatal(err)
	}
	if si.Status != fincon.PaymentSucceeded || si.PaymentMethod == "" || si.Mandate == "" {
		t.Fatalf("setup intent %+v: want succeeded with a payment method and a mandate", si)
	}
	return &saved{env: env, si: si}
}

func (s *saved) offSession(key string) fincon.OffSessionPaymentParams {
	return fincon.OffSessionPaymentParams{PaymentMethod: s.si.PaymentMethod, Mandate: s.si.Mandate, Customer: s.customer,
		Amount: balances.Money{Amount: 2000, Currency: balances.USD}, IdempotencyKey: key}
}

func (s *saved) settle(t *testing.T, id string) *fincon.PaymentIntent {
	t.Helper()
	s.sim.Clock().Advance(7 * 24 * time.Hour)
	pi, err := s.c.GetPaymentIntent(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return pi
}

func TestSaveOnceDebitMany(t *testing.T) {
	t.Parallel()
	s := newSaved(t)
	ctx := t.Context()

	got, err := s.c.GetSetupIntent(ctx, s.si.ID)
	if err != nil || got.PaymentMethod != s.si.PaymentMethod || got.Mandate != s.si.Mandate {
		t.Fatalf("GetSetupIntent = %+v, %v", got, err)
	}
	m, err := s.c.GetMandate(ctx, s.si.Mandate)
	if err != nil {
		t.Fatal(err)
	}
	if m.Status != fincon.MandateActive || m.Type != fincon.MandateMultiUse || m.PaymentMethod != s.si.PaymentMethod || m.AcceptedAt.IsZero() {
		t.Fatalf("mandate %+v: want active multi_use for %s", m, s.si.PaymentMethod)
	}
	var pms []*fincon.PaymentMethod
	for pm, err := range s.c.ListPaymentMethods(ctx, s.customer) {
		if err != nil {
			t.Fatal(err)
		}
		pms = append(pms, pm)
	}
	if len(pms) != 1 || pms[0].ID != s.si.PaymentMethod || pms[0].FinancialConnectionsAccount != s.account || pms[0].Blocked != nil {
		t.Fatalf("ListPaymentMethods = %+v, want the saved %s", pms, s.si.PaymentMethod)
	}

	for month := range 3 {
		key := "sub_1-month-" + string(rune('1'+month))
		pi, err := s.c.CreateOffSessionPaymentIntent(ctx, s.offSession(key))
		if err != nil {
			t.Fatal(err)
		}
		if pi.Status != fincon.PaymentProcessing || pi.PaymentMethod != s.si.PaymentMethod {
			t.Fatalf("month %d: %s %s pm %s", month, pi.ID, pi.Status, pi.PaymentMethod)
		}
		again, err := s.c.CreateOffSessionPaymentIntent(ctx, s.offSession(key))
		if err != nil || again.ID != pi.ID {
			t.Fatalf("retry with key %s = %v, %v; want %s", key, again, err, pi.ID)
		}
		if st := s.settle(t, pi.ID).Status; st != fincon.PaymentSucceeded {
			t.Fatalf("month %d: %s, want succeeded", month, st)
		}
	}
	if n := len(s.sim.PaymentIntents()); n != 3 {
		t.Errorf("%d PaymentIntents, want 3 (retries are replays)", n)
	}
}

// TestSavedRefusedBeforeCreate: a blocked payment method and an inactive
// mandate are refused with the typed reason and no create request; with a
// key the create is sent and Stripe's refusal carries the same types.
func TestSavedRefusedBeforeCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		break_  func(t *testing.T, s *saved)
		want    error
		reason  ach.Reason
		blocked *ach.Blocked
	}{
		{"mandate revoked", func(t *testing.T, s *saved) {
			if err := s.sim.DeactivateMandate(s.si.Mandate); err != nil {
				t.Fatal(err)
			}
		}, ach.ErrMandateInactive, ach.ReasonMandateInactive, nil},
		{"account closed (R02)", func(t *testing.T, s *saved) {
			if err := s.sim.ReturnNextDebit(s.si.PaymentMethod, "R02"); err != nil {
				t.Fatal(err)
			}
			pi, err := s.c.CreateOffSessionPaymentIntent(t.Context(), s.offSession("m1"))
			if err != nil {
				t.Fatal(err)
			}
			if got := s.settle(t, pi.ID); got.Status != fincon.PaymentRequiresPaymentMethod || got.LastErrorCode != "account_closed" {
				t.Fatalf("returned debit: %s %s", got.Status, got.LastErrorCode)
			}
		}, ach.ErrPaymentMethodBlocked, ach.ReasonPaymentMethodBlocked, &ach.Blocked{NetworkCode: "R02", Reason: ach.BlockedBankAccountClosed}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := newSaved(t)
			tt.break_(t, s)
			before := createRequests(s.sim)
			_, err := s.c.CreateOffSessionPaymentIntent(t.Context(), s.offSession(""))
			var se *ach.IneligibleError
			if !errors.Is(err, tt.want) || !errors.Is(err, ach.ErrIneligible) || !errors.As(err, &se) || !se.Has(tt.reason) {
				t.Fatalf("unkeyed: err = %v, want %v with reason %s", err, tt.want, tt.reason)
			}
			if tt.blocked != nil && (se.Blocked == nil || *se.Blocked != *tt.blocked) {
				t.Errorf("blocked = %+v, want %+v", se.Blocked, tt.blocked)
			}
			if n := createRequests(s.sim) - before; n != 0 {
				t.Errorf("unkeyed refusal sent %d create requests, want 0", n)
			}
			verdict, err := s.c.CheckSavedPaymentMethod(t.Context(), s.si.PaymentMethod, s.si.Mandate)
			if err != nil || !verdict.Has(tt.reason) {
				t.Errorf("CheckSavedPaymentMethod = %+v, %v", verdict, err)
			}

			_, err = s.c.CreateOffSessionPaymentIntent(t.Context(), s.offSession("fresh-key"))
			var fe *fincon.Error
			if !errors.Is(err, tt.want) || !errors.As(err, new(*ach.IneligibleError)) || !errors.As(err, new(*stripe.Error)) || !errors.As(err, &fe) || fe.HTTPStatus != http.StatusBadRequest {
				t.Fatalf("keyed: err = %v, want Stripe's 400 refusal matching %v", err, tt.want)
			}
			if n := createRequests(s.sim) - before; n != 1 {
				t.Errorf("keyed refusal sent %d create requests, want 1", n)
			}
		})
	}
}

func TestOffSessionParamsRejectedBeforeSending(t *testing.T) {
	t.Parallel()
	s := newSaved(t)
	ok := s.offSession("")
	tests := []struct {
		name  string
		edit  func(p *fincon.OffSessionPaymentParams)
		param string
		also  error
	}{
		{"no payment method", func(p *fincon.OffSessionPaymentParams) { p.PaymentMethod = "" }, "payment_method", nil},
		{"no mandate", func(p *fincon.OffSessionPaymentParams) { p.Mandate = "" }, "mandate", nil},
		{"no customer", func(p *fincon.OffSessionPaymentParams) { p.Customer = "" }, "customer", nil},
		{"both customers", func(p *fincon.OffSessionPaymentParams) { p.CustomerAccount = "acct_1" }, "customer", nil},
		{"key too long", func(p *fincon.OffSessionPaymentParams) { p.IdempotencyKey = string(make([]byte, 256)) }, "idempotency_key", nil},
		{"amount too small", func(p *fincon.OffSessionPaymentParams) { p.Amount.Amount = 49 }, "amount", ach.ErrInvalidAmount},
		{"eur", func(p *fincon.OffSessionPaymentParams) { p.Amount.Currency = "eur" }, "amount", ach.ErrUnsupportedCurrency},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := ok
			tt.edit(&p)
			before := len(s.sim.Requests())
			_, err := s.c.CreateOffSessionPaymentIntent(t.Context(), p)
			var pe *fincon.ParamError
			if !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &pe) || pe.Param != tt.param {
				t.Fatalf("err = %v, want ErrInvalidParams on %s", err, tt.param)
			}
			if tt.also != nil && !errors.Is(err, tt.also) {
				t.Errorf("err = %v, want it to match %v", err, tt.also)
			}
			if n := len(s.sim.Requests()) - before; n != 0 {
				t.Errorf("%d requests sent, want 0", n)
			}
		})
	}
	other, err := s.c.CreateCustomer(t.Context(), fincon.CustomerParams{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	p := ok
	p.Customer = other
	if _, err := s.c.CreateOffSessionPaymentIntent(t.Context(), p); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("another customer's payment method: err = %v, want ErrInvalidParams", err)
	}
}

// TestReturnR01ThenRepresent: an R01 return leaves the payment method and
// mandate usable; the re-presented debit succeeds.
func TestReturnR01ThenRepresent(t *testing.T) {
	t.Parallel()
	s := newSaved(t)
	if err := s.sim.ReturnNextDebit(s.si.PaymentMethod, "R01"); err != nil {
		t.Fatal(err)
	}
	pi, err := s.c.CreateOffSessionPaymentIntent(t.Context(), s.offSession("m1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.settle(t, pi.ID); got.Status != fincon.PaymentRequiresPaymentMethod || got.LastErrorCode != "insufficient_funds" {
		t.Fatalf("R01: %s %s", got.Status, got.LastErrorCode)
	}
	pi, err = s.c.CreateOffSessionPaymentIntent(t.Context(), s.offSession("m1-retry-1"))
	if err != nil {
		t.Fatal(err)
	}
	if got := s.settle(t, pi.ID); got.Status != fincon.PaymentSucceeded {
		t.Fatalf("re-presented: %s", got.Status)
	}
}

func TestCollectFlows(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	opts := fincon.BankAccountOptions{VerificationMethod: ach.Instant,
		Permissions: mustSet(t, permissions.PaymentMethod, permissions.Balances), Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances}}
	pi, err := env.c.CreateCollectPaymentIntent(ctx, fincon.CollectPaymentParams{Customer: env.customer,
		Amount: balances.Money{Amount: 5000, Currency: balances.USD}, Options: opts, ReturnURL: "https://example.com/back", IdempotencyKey: "order-9"})
	if err != nil {
		t.Fatal(err)
	}
	if pi.Status != fincon.PaymentRequiresPaymentMethod || pi.ClientSecret.IsZero() || pi.PaymentMethod != "" {
		t.Fatalf("intent-first PaymentIntent %+v", pi)
	}
	raw := pi.Stripe().PaymentMethodOptions.USBankAccount
	if string(raw.VerificationMethod) != "instant" || len(raw.FinancialConnections.Prefetch) != 1 {
		t.Errorf("options on the wire: %+v", raw)
	}
	if _, err := env.c.BankAccountOf(ctx, pi.ID); !errors.Is(err, fincon.ErrNoFinancialConnectionsAccount) {
		t.Errorf("BankAccountOf before collection: %v", err)
	}
	fca, err := env.sim.CollectBankAccount(pi.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	b, err := env.c.BankAccountOf(ctx, pi.ID)
	if err != nil || b.Collection != fincon.CollectedFinancialConnections || b.FinancialConnectionsAccount != fca || !b.HasAccountData() {
		t.Fatalf("BankAccountOf = %+v, %v; want linked %s", b, err, fca)
	}
	if a, err := env.c.GetAccount(ctx, fca); err != nil || !a.Permissions.Has(permissions.Balances) {
		t.Errorf("linked account %v, %v: want the intent's permissions", a, err)
	}
	pi, err = env.c.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: env.debit("").Mandate})
	if err != nil || pi.Status != fincon.PaymentProcessing {
		t.Fatalf("confirm = %v, %v", pi, err)
	}

	si, err := env.c.CreateCollectSetupIntent(ctx, fincon.CollectSetupParams{Customer: env.customer})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.sim.CollectBankAccountManually(si.ID); err != nil {
		t.Fatal(err)
	}
	b, err = env.c.BankAccountOf(ctx, si.ID)
	if err != nil || b.Collection != fincon.CollectedManually || b.FinancialConnectionsAccount != "" || b.HasAccountData() {
		t.Fatalf("hand-entered BankAccountOf = %+v, %v", b, err)
	}
	if _, err := env.c.FinancialConnectionsAccountOf(ctx, si.ID); !errors.Is(err, fincon.ErrNoFinancialConnectionsAccount) {
		t.Errorf("FinancialConnectionsAccountOf(hand-entered) = %v", err)
	}
	if _, err := env.c.BankAccountOf(ctx, "cus_1"); !errors.Is(err, fincon.ErrInvalidParams) {
		t.Errorf("BankAccountOf(cus_1) = %v, want ErrInvalidParams", err)
	}
}

func TestBankAccountOptionsValidate(t *testing.T) {
	t.Parallel()
	pm := permissions.Set{}.Add(permissions.PaymentMethod)
	bal := pm.Add(permissions.Balances)
	tests := []struct {
		name  string
		o     fincon.BankAccountOptions
		param string // "" for valid
		also  error
	}{
		{"zero", fincon.BankAccountOptions{}, "", nil},
		{"instant with prefetch", fincon.BankAccountOptions{VerificationMethod: ach.Instant, Permissions: bal, Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances}}, "", nil},
		{"microdeposits alone", fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits}, "", nil},
		{"microdeposits payment_method", fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits, Permissions: pm}, "", nil},
		{"unknown method", fincon.BankAccountOptions{VerificationMethod: "skip"}, "verification_method", ach.ErrInvalidVerificationMethod},
		{"no payment_method", fincon.BankAccountOptions{Permissions: permissions.Set{}.Add(permissions.Balances)}, "permissions", nil},
		{"microdeposits with data", fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits, Permissions: bal}, "permissions", nil},
		{"prefetch without permissions", fincon.BankAccountOptions{Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances}}, "prefetch", nil},
		{"prefetch without its permission", fincon.BankAccountOptions{Permissions: pm, Prefetch: []permissions.PrefetchFeature{permissions.PrefetchOwnership}}, "prefetch", permissions.ErrNotGranted},
		{"microdeposits prefetch", fincon.BankAccountOptions{VerificationMethod: ach.Microdeposits, Permissions: pm, Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances}}, "prefetch", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.o.Validate()
			if tt.param == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			var pe *fincon.ParamError
			if !errors.Is(err, fincon.ErrInvalidParams) || !errors.As(err, &pe) || pe.Param != tt.param {
				t.Fatalf("Validate = %v, want a ParamError on %s", err, tt.param)
			}
			if tt.also != nil && !errors.Is(err, tt.also) {
				t.Errorf("Validate = %v, want it to match %v", err, tt.also)
			}
		})
	}
}
