package fincon_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// keyedDebit is a keyed, confirmed debit of fca_1 for the fake.
func keyedDebit(key string) fincon.PaymentIntentParams {
	a := acceptance
	return fincon.PaymentIntentParams{Account: "fca_1", Customer: "cus_1", Amount: balances.Money{Amount: 1000, Currency: balances.USD},
		BillingName: "Jenny Rosen", Confirm: true, Mandate: &a, IdempotencyKey: key}
}

// TestKeyedCreateOnIneligibleAccountOutcome: a keyed create is sent for an
// account ach.Check rejects. Only Stripe's definite refusal means "nothing
// was debited" and matches ach.ErrIneligible; every other failure leaves
// the outcome unknown (the PaymentIntent may exist) and must not match it.
func TestKeyedCreateOnIneligibleAccountOutcome(t *testing.T) {
	t.Parallel()
	type answer struct {
		status int
		body   string
		err    func(cancel context.CancelFunc) error // a transport failure instead of an answer
	}
	stripeAnswer := func(status int, typ, code, msg string) answer {
		return answer{status: status, body: stripeErr(typ, code, "", msg)}
	}
	withIntent := `{"error":{"type":"invalid_request_error","code":"payment_intent_unexpected_state","message":"x",` +
		`"payment_intent":{"id":"pi_1","object":"payment_intent","status":"requires_payment_method"}}}`
	tests := []struct {
		name           string
		answer         answer
		wantIneligible bool
		wantIs         error // another error the result must match
		wantStripe     bool  // a *stripe.Error is reachable
	}{
		{name: "network error", answer: answer{err: func(context.CancelFunc) error { return errors.New("connection reset by peer") }}},
		{name: "cancelled context", answer: answer{err: func(cancel context.CancelFunc) error { cancel(); return context.Canceled }},
			wantIs: context.Canceled},
		{name: "deadline exceeded", answer: answer{err: func(context.CancelFunc) error { return context.DeadlineExceeded }},
			wantIs: context.DeadlineExceeded},
		{name: "409 idempotency_key_in_use", answer: stripeAnswer(409, "invalid_request_error", "idempotency_key_in_use", "in use"), wantStripe: true},
		{name: "400 idempotency_error", answer: stripeAnswer(400, "idempotency_error", "", "Keys for idempotent requests can only be used with the same parameters"), wantStripe: true},
		{name: "400 code idempotency_error", answer: stripeAnswer(400, "invalid_request_error", "idempotency_error", "mismatch"), wantStripe: true},
		{name: "500 api_error", answer: stripeAnswer(500, "api_error", "", "oops"), wantStripe: true},
		{name: "503 api_error", answer: stripeAnswer(503, "api_error", "", "unavailable"), wantStripe: true},
		{name: "401 authentication_error", answer: stripeAnswer(401, "authentication_error", "", "Invalid API Key"), wantStripe: true},
		{name: "403 forbidden", answer: stripeAnswer(403, "invalid_request_error", "", "restricted key"), wantStripe: true},
		{name: "404 endpoint", answer: stripeAnswer(404, "invalid_request_error", "resource_missing", "Unrecognized request URL"), wantStripe: true},
		{name: "429 rate_limit", answer: stripeAnswer(429, "invalid_request_error", "rate_limit", "Too many requests"), wantStripe: true},
		{name: "400 with the PaymentIntent attached", answer: answer{status: 400, body: withIntent}, wantStripe: true},
		{name: "400 refusal", answer: stripeAnswer(400, "invalid_request_error", "", "The account has been disconnected."),
			wantIneligible: true, wantStripe: true},
		{name: "402 card_error refusal", answer: stripeAnswer(402, "card_error", "", "The payment method was refused."),
			wantIneligible: true, wantStripe: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			defer cancel()
			f := newFake().Always("GET /v1/financial_connections/accounts/fca_1",
				acct{id: "fca_1", perms: []string{"payment_method"}, status: "disconnected"}.JSON())
			f.On("POST /v1/payment_intents", func(int, call) reply {
				return reply{Status: tt.answer.status, Body: tt.answer.body}
			})
			creates := 0
			rt := roundTripFunc(func(r *http.Request) (*http.Response, error) {
				if r.Method == http.MethodPost && r.URL.Path == "/v1/payment_intents" {
					creates++
					if tt.answer.err != nil {
						return nil, tt.answer.err(cancel)
					}
				}
				return f.RoundTrip(r)
			})
			c := setup(t, onTransport(rt), clientOptions(fincon.WithMaxRetries(0))).c
			pi, err := c.CreatePaymentIntent(ctx, keyedDebit("order_1"))
			if pi != nil || err == nil {
				t.Fatalf("CreatePaymentIntent = %v, %v; want an error", pi, err)
			}
			if creates != 1 {
				t.Errorf("create requests = %d, want 1 (a keyed create is never refused locally)", creates)
			}
			if got := errors.Is(err, ach.ErrIneligible); got != tt.wantIneligible {
				t.Errorf("errors.Is(err, ach.ErrIneligible) = %v, want %v (err %v)", got, tt.wantIneligible, err)
			}
			// The refusal cause: the verdict with Stripe's answer.
			var pe *fincon.PermissionError
			if got := errors.As(err, &pe) && pe.Ineligible != nil && pe.Err != nil; got != tt.wantIneligible {
				t.Errorf("*PermissionError with Ineligible and Stripe's refusal found = %v, want %v", got, tt.wantIneligible)
			}
			// The account has payment_method: the refusal names no
			// permission and does not match ErrPermissionNotGranted.
			if tt.wantIneligible && (pe.Permission != "" || errors.Is(err, fincon.ErrPermissionNotGranted)) {
				t.Errorf("err = %v (permission %q), want no missing permission", err, pe.Permission)
			}
			// The account grants payment_method: it is ineligible for being
			// disconnected, and no permission is missing.
			if pe != nil && pe.Permission != "" {
				t.Errorf("PermissionError.Permission = %q, want \"\" (none missing)", pe.Permission)
			}
			if errors.Is(err, fincon.ErrPermissionNotGranted) || errors.Is(err, permissions.ErrNotGranted) {
				t.Errorf("err = %v matches ErrPermissionNotGranted, but the account grants payment_method", err)
			}
			if tt.wantIs != nil && !errors.Is(err, tt.wantIs) {
				t.Errorf("err = %v, want it to match %v", err, tt.wantIs)
			}
			if got := errors.As(err, new(*stripe.Error)); got != tt.wantStripe {
				t.Errorf("*stripe.Error reachable = %v, want %v", got, tt.wantStripe)
			}
			var fe *fincon.Error
			if !errors.As(err, &fe) || fe.Op != "create payment intent" || fe.ID != "fca_1" {
				t.Errorf("err = %#v, want a *fincon.Error of create payment intent fca_1", err)
			} else if tt.wantStripe && fe.HTTPStatus != tt.answer.status {
				t.Errorf("HTTPStatus = %d, want %d", fe.HTTPStatus, tt.answer.status)
			}
		})
	}
}

// TestKeyedRetryOnSimulatorOutcomeUnknown: on the simulator a keyed create
// commits, the account is disconnected, and the retry with the same key
// fails before reaching the idempotency store. The PaymentIntent exists:
// the error must not say the account was ineligible (no debit), and a
// further retry gets the PaymentIntent.
func TestKeyedRetryOnSimulatorOutcomeUnknown(t *testing.T) {
	t.Parallel()
	for _, kind := range []fctest.FaultKind{fctest.FaultServerErrorBeforeCommit, fctest.FaultIdempotencyKeyInUse, fctest.FaultDropBeforeCommit} {
		t.Run(string(kind), func(t *testing.T) {
			env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
			c := setup(t, onSim(env.sim), clientOptions(fincon.WithMaxRetries(0))).c
			ctx := t.Context()
			p := env.debit("order_5")
			first, err := c.CreatePaymentIntent(ctx, p)
			if err != nil {
				t.Fatal(err)
			}
			if err := env.sim.DisconnectAccount(env.account); err != nil {
				t.Fatal(err)
			}
			env.sim.InjectFaults(fctest.FaultPlan{Sequence: []fctest.FaultKind{kind}, Match: fctest.MatchPath(http.MethodPost, "/v1/payment_intents")})
			_, err = c.CreatePaymentIntent(ctx, p)
			if err == nil {
				t.Fatal("retry under a fault: err = nil, want an error")
			}
			if errors.Is(err, ach.ErrIneligible) {
				t.Errorf("retry under a fault: err = %v matches ach.ErrIneligible, but PaymentIntent %s exists", err, first.ID)
			}
			again, err := c.CreatePaymentIntent(ctx, p)
			if err != nil || again.ID != first.ID {
				t.Errorf("retry after the fault = %v, %v; want %s", again, err, first.ID)
			}
		})
	}
}

// TestKeyedCreateAcceptedDespiteLocalCheck: Stripe returns the intent for
// an account ach.Check rejects (a replay, or Stripe disagrees): the intent
// is returned, and a warning without secrets names the reasons. An
// eligible account logs nothing.
func TestKeyedCreateAcceptedDespiteLocalCheck(t *testing.T) {
	t.Parallel()
	const piBody = `{"id":"pi_1","object":"payment_intent","status":"processing","amount":1000,"currency":"usd","client_secret":"pi_1_secret_abc"}`
	const siBody = `{"id":"seti_1","object":"setup_intent","status":"succeeded","client_secret":"seti_1_secret_def"}`
	tests := []struct {
		name     string
		status   string
		setup    bool
		wantWarn bool
	}{
		{name: "payment intent, disconnected account", status: "disconnected", wantWarn: true},
		{name: "setup intent, inactive account", status: "inactive", setup: true, wantWarn: true},
		{name: "payment intent, eligible account", status: "active"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake().Always("GET /v1/financial_connections/accounts/fca_1",
				acct{id: "fca_1", perms: []string{"payment_method"}, status: tt.status}.JSON())
			f.Always("POST /v1/payment_intents", piBody).Always("POST /v1/setup_intents", siBody)
			var buf bytes.Buffer
			c := setup(t, onFake(f), clientOptions(fincon.WithLogger(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelWarn}))))).c
			ctx := t.Context()
			var id string
			var err error
			if tt.setup {
				p := keyedDebit("seti_order_1")
				var si *fincon.SetupIntent
				si, err = c.CreateSetupIntent(ctx, fincon.SetupIntentParams{Account: p.Account, Customer: p.Customer,
					BillingName: p.BillingName, Confirm: true, Mandate: p.Mandate, IdempotencyKey: p.IdempotencyKey})
				if si != nil {
					id = si.ID
				}
			} else {
				var pi *fincon.PaymentIntent
				pi, err = c.CreatePaymentIntent(ctx, keyedDebit("order_1"))
				if pi != nil {
					id = pi.ID
				}
			}
			if err != nil || id == "" {
				t.Fatalf("create = %q, %v; want the intent Stripe returned", id, err)
			}
			log := buf.String()
			if got := strings.Contains(log, "level=WARN"); got != tt.wantWarn {
				t.Fatalf("warning logged = %v, want %v; log %q", got, tt.wantWarn, log)
			}
			if tt.wantWarn {
				for _, want := range []string{"account_" + tt.status, "fca_1", id} {
					if !strings.Contains(log, want) {
						t.Errorf("log %q lacks %q", log, want)
					}
				}
			}
			if strings.Contains(log, "_secret_") || strings.Contains(log, testKey) {
				t.Errorf("log holds a secret: %q", log)
			}
		})
	}
}

// TestPaymentPermissionSameErrorBothCacheStates: an account linked without
// payment_method gives the same error whether the permission cache knows it
// (warm) or the account is read first (cold), matching both
// ErrPermissionNotGranted and ach.ErrIneligible; without a key it is
// refused before any create, with a key the create is sent in both cache
// states and Stripe's refusal decides.
func TestPaymentPermissionSameErrorBothCacheStates(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		warm        bool
		key         string
		wantGETs    int
		wantCreates int
	}{
		{name: "cold cache, no key", wantGETs: 1},
		{name: "warm cache, no key", warm: true, wantGETs: 0},
		{name: "cold cache, keyed", key: "order_1", wantGETs: 1, wantCreates: 1},
		{name: "warm cache, keyed", warm: true, key: "order_1", wantGETs: 1, wantCreates: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake().Always("GET /v1/financial_connections/accounts/fca_1", acct{id: "fca_1", perms: []string{"balances"}}.JSON())
			f.On("POST /v1/payment_intents", func(int, call) reply {
				return reply{Status: 400, Body: stripeErr("invalid_request_error", "", "payment_method_data[us_bank_account][financial_connections_account]",
					"The Financial Connections account fca_1 was not linked with the payment_method permission.")}
			})
			c := setup(t, onFake(f)).c
			ctx := t.Context()
			if tt.warm {
				if _, err := c.GetAccount(ctx, "fca_1"); err != nil {
					t.Fatal(err)
				}
				if _, ok := c.Permissions("fca_1"); !ok {
					t.Fatal("permissions not cached; the warm case would prove nothing")
				}
				f.Reset()
			}
			_, err := c.CreatePaymentIntent(ctx, keyedDebit(tt.key))
			if !errors.Is(err, fincon.ErrPermissionNotGranted) || !errors.Is(err, permissions.ErrNotGranted) || !errors.Is(err, ach.ErrIneligible) {
				t.Errorf("err = %v, want it to match ErrPermissionNotGranted, permissions.ErrNotGranted and ach.ErrIneligible", err)
			}
			var pe *fincon.PermissionError
			if !errors.As(err, &pe) || pe.Permission != permissions.PaymentMethod {
				t.Errorf("err = %v, want a *PermissionError for payment_method", err)
			}
			var ie *ach.IneligibleError
			if !errors.As(err, &ie) || !ie.Is(ach.ErrIneligible) || len(ie.Reasons) == 0 || ie.Reasons[len(ie.Reasons)-1] != ach.ReasonPaymentMethodPermissionMissing {
				t.Errorf("err = %v, want an *ach.IneligibleError naming the missing permission", err)
			}
			if tt.key == "" {
				if pe == nil || pe.Ineligible == nil || pe.Err != nil {
					t.Errorf("err = %T %v, want a *PermissionError with the verdict and no Stripe refusal", err, err)
				}
			} else if !errors.As(err, new(*stripe.Error)) {
				t.Errorf("keyed: err = %v, want Stripe's refusal inside", err)
			}
			gets, creates := 0, 0
			for _, cl := range f.Calls() {
				switch {
				case cl.Method == http.MethodGet && cl.Path == "/v1/financial_connections/accounts/fca_1":
					gets++
				case cl.Method == http.MethodPost && cl.Path == "/v1/payment_intents":
					creates++
				}
			}
			if gets != tt.wantGETs || creates != tt.wantCreates {
				t.Errorf("account reads, creates = %d, %d; want %d, %d", gets, creates, tt.wantGETs, tt.wantCreates)
			}
		})
	}
}
