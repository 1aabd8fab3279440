package fctest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

const testKey = "sk_test_fctest"

// newStripe returns a stripe-go client talking to sim in memory, with
// stripe-go's own retries off.
func newStripe(sim *fctest.Sim) *stripe.Client {
	return newStripeKey(sim, testKey)
}

func newStripeKey(sim *fctest.Sim, key string) *stripe.Client {
	return stripe.NewClient(key, stripe.WithBackends(stripe.NewBackendsWithConfig(&stripe.BackendConfig{
		HTTPClient:        &http.Client{Transport: sim.Transport()},
		URL:               stripe.String(sim.URL()),
		MaxNetworkRetries: stripe.Int64(0),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
	})))
}

// linked creates a customer and a session with perms and prefetch, links
// the institutions and returns the customer id and account ids.
func linked(t testing.TB, sim *fctest.Sim, sc *stripe.Client, perms, prefetch []string, insts ...fctest.Institution) (string, []string) {
	t.Helper()
	ctx := context.Background()
	cus, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{Name: stripe.String("Jenny Rosen"), Email: stripe.String("jenny@example.com")})
	if err != nil {
		t.Fatalf("create customer: %v", err)
	}
	p := &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String("customer"), Customer: stripe.String(cus.ID)},
		Permissions:   stripe.StringSlice(perms),
	}
	if len(prefetch) > 0 {
		p.Prefetch = stripe.StringSlice(prefetch)
	}
	sess, err := sc.V1FinancialConnectionsSessions.Create(ctx, p)
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	ids, err := sim.LinkAccounts(sess.ID, insts...)
	if err != nil {
		t.Fatalf("link: %v", err)
	}
	return cus.ID, ids
}

var allPerms = []string{"payment_method", "balances", "ownership", "transactions"}

// rawResp is a raw HTTP answer from the simulator.
type rawResp struct {
	status int
	header http.Header
	body   []byte
}

// raw sends a form request through the in-memory transport.
func raw(t testing.TB, sim *fctest.Sim, method, path string, form url.Values, hdr ...string) rawResp {
	t.Helper()
	var body io.Reader
	target := sim.URL() + path
	if method == http.MethodGet {
		if len(form) > 0 {
			target += "?" + form.Encode()
		}
	} else {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, target, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := sim.Transport().RoundTrip(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResp{resp.StatusCode, resp.Header, b}
}

// apiErr decodes an error envelope.
func (r rawResp) apiErr(t testing.TB) *stripe.Error {
	t.Helper()
	var env struct {
		Error *stripe.Error `json:"error"`
	}
	if err := json.Unmarshal(r.body, &env); err != nil || env.Error == nil {
		t.Fatalf("not an error envelope (%d): %s", r.status, r.body)
	}
	return env.Error
}

// strict decodes b into v, failing on unknown fields. stripe-go's list
// types have no field for a list's "object":"list", so that key alone is
// removed first.
func strict(t testing.TB, b []byte, v any) {
	t.Helper()
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		t.Fatalf("invalid JSON: %v\n%s", err, b)
	}
	var strip func(any)
	strip = func(n any) {
		switch x := n.(type) {
		case map[string]any:
			if x["object"] == "list" {
				delete(x, "object")
			}
			for _, c := range x {
				strip(c)
			}
		case []any:
			for _, c := range x {
				strip(c)
			}
		}
	}
	strip(tree)
	b, err := json.Marshal(tree)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode into %T: %v\n%s", v, err, b)
	}
}

// wantErr asserts err is a *stripe.Error with status, type and code.
func wantErr(t testing.TB, err error, status int, typ stripe.ErrorType, code stripe.ErrorCode) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("error %v (%T) is not a *stripe.Error", err, err)
	}
	if se.HTTPStatusCode != status || se.Type != typ || se.Code != code {
		t.Fatalf("error = %d %s %s (%s), want %d %s %s", se.HTTPStatusCode, se.Type, se.Code, se.Msg, status, typ, code)
	}
	return se
}

func mandateOnline() *stripe.PaymentIntentMandateDataParams {
	return &stripe.PaymentIntentMandateDataParams{
		CustomerAcceptance: &stripe.PaymentIntentMandateDataCustomerAcceptanceParams{
			Type:   stripe.String("online"),
			Online: &stripe.PaymentIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: stripe.String("203.0.113.7"), UserAgent: stripe.String("fctest")},
		},
	}
}

// piParams builds an ACH PaymentIntent from a linked account.
func piParams(cus, fca string, amount int64) *stripe.PaymentIntentCreateParams {
	return &stripe.PaymentIntentCreateParams{
		Amount: stripe.Int64(amount), Currency: stripe.String("usd"), Customer: stripe.String(cus),
		PaymentMethodTypes: stripe.StringSlice([]string{"us_bank_account"}),
		PaymentMethodData: &stripe.PaymentIntentCreatePaymentMethodDataParams{
			Type:           stripe.String("us_bank_account"),
			USBankAccount:  &stripe.PaymentMethodUSBankAccountParams{FinancialConnectionsAccount: stripe.String(fca)},
			BillingDetails: &stripe.PaymentIntentCreatePaymentMethodDataBillingDetailsParams{Name: stripe.String("Jenny Rosen")},
		},
	}
}

// piForm is piParams as a raw form.
func piForm(cus, fca string, amount string) url.Values {
	return url.Values{
		"amount": {amount}, "currency": {"usd"}, "customer": {cus},
		"payment_method_types[]":    {"us_bank_account"},
		"payment_method_data[type]": {"us_bank_account"},
		"payment_method_data[us_bank_account][financial_connections_account]": {fca},
		"payment_method_data[billing_details][name]":                          {"Jenny Rosen"},
	}
}

func stringsReader(s string) io.Reader { return strings.NewReader(s) }

func readAll(r io.Reader) ([]byte, error) { return io.ReadAll(r) }

// setup is the fctest tests' one set-up, in go-github's manner: a new
// simulator built with opts (an invalid option fails the test) and a
// stripe-go client on its in-memory transport (newStripe). Tests that
// only send raw requests ignore the client.
func setup(t testing.TB, opts ...fctest.Option) (*fctest.Sim, *stripe.Client) {
	t.Helper()
	sim, err := fctest.New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	return sim, newStripe(sim)
}
