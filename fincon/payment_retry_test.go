package fincon_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

func (e *env) debit(key string) fincon.PaymentIntentParams {
	return fincon.PaymentIntentParams{
		Account: e.account, Customer: e.customer, Amount: balances.Money{Amount: 1234, Currency: balances.USD},
		BillingName: "Jenny Rosen", Confirm: true, IdempotencyKey: key,
		Mandate: &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, IPAddress: "203.0.113.7",
			UserAgent: "Mozilla/5.0", AcceptedAt: e.sim.Clock().Now().Add(-time.Minute)},
	}
}

// createRequests counts the create requests the simulator received.
func createRequests(sim *fctest.Sim) int {
	n := 0
	for _, r := range sim.Requests() {
		if r.Method == http.MethodPost && r.Path == "/v1/payment_intents" {
			n++
		}
	}
	return n
}

// TestCreateRetryAfterAccountLostEligibility: a keyed create committed,
// then the account was disconnected. A retry with the same key must return
// the committed PaymentIntent (Stripe replays it), not ach.ErrIneligible,
// which would tell the caller that no debit happened. A new key is refused
// by Stripe, with an error matching ach.ErrIneligible and wrapping
// Stripe's; no key is refused before any create request.
func TestCreateRetryAfterAccountLostEligibility(t *testing.T) {
	t.Parallel()
	env := setup(t, fastRetries(), achAccount(fctest.InstitutionSuccess))
	ctx := t.Context()
	p := env.debit("order_77")
	first, err := env.c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if err := env.sim.DisconnectAccount(env.account); err != nil {
		t.Fatal(err)
	}

	retry, err := env.c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatalf("retry with the same key: %v, want the committed PaymentIntent %s", err, first.ID)
	}
	if retry.ID != first.ID {
		t.Errorf("retry returned %s, want %s", retry.ID, first.ID)
	}

	tests := []struct {
		name        string
		key         string
		wantCreates int // create requests sent by this call
		wantStripe  bool
	}{
		{name: "new key: refused by Stripe", key: "order_78", wantCreates: 1, wantStripe: true},
		{name: "no key: refused before any create", key: "", wantCreates: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := createRequests(env.sim)
			_, err := env.c.CreatePaymentIntent(ctx, env.debit(tt.key))
			if !errors.Is(err, ach.ErrIneligible) {
				t.Fatalf("err = %v, want ach.ErrIneligible", err)
			}
			var ie *ach.IneligibleError
			if !errors.As(err, &ie) || len(ie.Reasons) == 0 {
				t.Errorf("err = %v, want an *ach.IneligibleError with reasons", err)
			}
			var se *stripe.Error
			if got := errors.As(err, &se); got != tt.wantStripe {
				t.Errorf("wraps *stripe.Error = %v, want %v (err %v)", got, tt.wantStripe, err)
			}
			var fe *fincon.Error
			if !errors.As(err, &fe) || fe.Op != "create payment intent" {
				t.Errorf("err = %#v, want *fincon.Error of create payment intent", err)
			} else if tt.wantStripe && (fe.Type == "" || fe.HTTPStatus != http.StatusBadRequest) {
				t.Errorf("Type, HTTPStatus = %q, %d; want Stripe's", fe.Type, fe.HTTPStatus)
			}
			if n := createRequests(env.sim) - before; n != tt.wantCreates {
				t.Errorf("create requests = %d, want %d", n, tt.wantCreates)
			}
			if n := len(env.sim.PaymentIntents()); n != 1 {
				t.Errorf("PaymentIntents = %d, want 1", n)
			}
		})
	}
}

// withIntentInErrors makes failed confirmations answer as Stripe does: the
// error object carries the PaymentIntent, client secret included, and its
// payment method. The objects come from the simulator itself.
func withIntentInErrors(sim *fctest.Sim, next http.RoundTripper) http.RoundTripper {
	confirm := regexp.MustCompile(`^/v1/payment_intents/(pi_[A-Za-z0-9]+)/confirm$`)
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := next.RoundTrip(r)
		m := confirm.FindStringSubmatch(r.URL.Path)
		if err != nil || m == nil || resp.StatusCode < 400 {
			return resp, err
		}
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		get, _ := http.NewRequestWithContext(r.Context(), http.MethodGet,
			sim.URL()+"/v1/payment_intents/"+m[1]+"?expand[]=payment_method", nil)
		get.Header.Set("Authorization", r.Header.Get("Authorization"))
		gr, gerr := sim.Transport().RoundTrip(get)
		if gerr != nil {
			return nil, gerr
		}
		pi, _ := io.ReadAll(gr.Body)
		_ = gr.Body.Close()
		var env map[string]map[string]any
		var obj map[string]any
		if json.Unmarshal(body, &env) == nil && json.Unmarshal(pi, &obj) == nil && env["error"] != nil {
			env["error"]["payment_intent"] = obj
			env["error"]["payment_method"] = obj["payment_method"]
			body, _ = json.Marshal(env)
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		resp.ContentLength = int64(len(body))
		resp.Header.Del("Content-Length")
		return resp, nil
	})
}

var reClientSecret = regexp.MustCompile(`(pi|seti)_[A-Za-z0-9]+_secret_[A-Za-z0-9]+`)

// TestStripeErrorCarriesNoClientSecret: a confirmation that fails on the
// simulator (the PaymentIntent is already processing) with the
// PaymentIntent attached to the error: however the caller prints the
// *stripe.Error it unwraps, the client secret does not appear.
func TestStripeErrorCarriesNoClientSecret(t *testing.T) {
	t.Parallel()
	env := setup(t, wrapTransport(withIntentInErrors), fastRetries(), achAccount(fctest.InstitutionInsufficientFunds))
	ctx := t.Context()
	pi, err := env.c.CreatePaymentIntent(ctx, env.debit("order_9"))
	if err != nil {
		t.Fatal(err)
	}
	if !reClientSecret.MatchString(pi.ClientSecret.Reveal()) {
		t.Fatalf("the simulator's client secret %q does not look like one; the check below would prove nothing", pi.ClientSecret.Reveal())
	}
	_, err = env.c.ConfirmPaymentIntent(ctx, pi.ID, fincon.ConfirmParams{Mandate: env.debit("").Mandate})
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want a *stripe.Error inside", err)
	}
	if se.PaymentIntent == nil || se.PaymentIntent.ID != pi.ID {
		t.Fatalf("the error carries no PaymentIntent; the check below would prove nothing")
	}
	var te *stripe.InvalidRequestError
	printed := map[string]string{
		"%+v":          fmt.Sprintf("%+v", se),
		"%v":           fmt.Sprint(se),
		"Error()":      se.Error(),
		"wrapped %+v":  fmt.Sprintf("%+v", err),
		"typed Err":    fmt.Sprint(se.Err),
		"raw response": "",
	}
	if errors.As(err, &te) {
		printed["typed Err"] = te.Error()
	}
	if se.LastResponse != nil {
		printed["raw response"] = string(se.LastResponse.RawJSON)
	}
	for how, s := range printed {
		if m := reClientSecret.FindString(s); m != "" || strings.Contains(s, pi.ClientSecret.Reveal()) {
			t.Errorf("%s prints the client secret: %s", how, s)
		}
	}
	if se.PaymentMethod == nil || se.PaymentMethod.USBankAccount == nil || se.PaymentMethod.USBankAccount.Last4 == "" {
		t.Errorf("payment method bank details (last4) were removed: %+v", se.PaymentMethod)
	}
}

// TestStripeErrorScrubbedOnTheFake: a 402 as Stripe sends it, with the
// PaymentIntent (and its last_payment_error's own intent) and a SetupIntent
// attached.
func TestStripeErrorScrubbedOnTheFake(t *testing.T) {
	t.Parallel()
	const piSecret, siSecret = "pi_3Ab_secret_Zz9", "seti_1Cd_secret_Yy8"
	body := `{"error":{"type":"invalid_request_error","code":"payment_intent_payment_attempt_failed","message":"The payment failed.",
	"payment_intent":{"id":"pi_3Ab","object":"payment_intent","client_secret":"` + piSecret + `",
	  "last_payment_error":{"type":"invalid_request_error","message":"x","payment_intent":{"id":"pi_3Ab","client_secret":"` + piSecret + `"}}},
	"setup_intent":{"id":"seti_1Cd","object":"setup_intent","client_secret":"` + siSecret + `"},
	"payment_method":{"id":"pm_1","object":"payment_method","type":"us_bank_account","us_bank_account":{"routing_number":"110000000","last4":"6789","fingerprint":"fp1"}}}}`
	f := newFake().On("POST /v1/payment_intents/pi_3Ab/confirm", func(int, call) reply { return reply{Status: 402, Body: body} })
	c := setup(t, onFake(f)).c
	_, err := c.ConfirmPaymentIntent(t.Context(), "pi_3Ab", fincon.ConfirmParams{MandateID: "mandate_1"})
	var se *stripe.Error
	if !errors.As(err, &se) || se.PaymentIntent == nil || se.SetupIntent == nil {
		t.Fatalf("err = %v, want a *stripe.Error with the intents", err)
	}
	for _, s := range []string{fmt.Sprintf("%+v", se), se.Error(), fmt.Sprint(se.Err), string(se.LastResponse.RawJSON)} {
		if strings.Contains(s, piSecret) || strings.Contains(s, siSecret) {
			t.Errorf("printed error holds a client secret: %s", s)
		}
	}
	if u := se.PaymentMethod.USBankAccount; u == nil || u.RoutingNumber != "110000000" || u.Last4 != "6789" {
		t.Errorf("us_bank_account details changed: %+v", u)
	}
}

// TestRefusalText: the cause's text names the reasons and Stripe's refusal,
// not stripe-go's JSON dump.
func TestRefusalText(t *testing.T) {
	t.Parallel()
	se := &stripe.Error{Type: stripe.ErrorTypeInvalidRequest, Msg: "The account fca_1 has been disconnected.", HTTPStatusCode: 400}
	e := &fincon.PermissionError{Ineligible: &ach.IneligibleError{AccountID: "fca_1", Reasons: []ach.Reason{"disconnected"}}, Err: se}
	msg := e.Error()
	if !strings.Contains(msg, "disconnected") || !strings.Contains(msg, "invalid_request_error") || strings.Contains(msg, "{") {
		t.Errorf("Error() = %q", msg)
	}
	if !errors.Is(e, ach.ErrIneligible) || !errors.As(error(e), new(*stripe.Error)) {
		t.Errorf("%v does not match both causes", e)
	}
}
