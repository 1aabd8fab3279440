package safety_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/otelobserver"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/internal/leakcheck"
	"github.com/fcsdk/fcsdk/internal/stripefake"
	"github.com/fcsdk/fcsdk/permissions"
)

const (
	secretKey     = "sk_test_51SafetyQuickstartK3yZq9XwVu"
	webhookSecret = "whsec_SafetyW3bhookS3cretQp7Lm2Nx"
)

// TestSecretsNeverLeak makes direct client calls (customer, session,
// refresh, PaymentIntent and its account, SetupIntent, an idempotency
// error, a not-found error with another key) with a debug-level capturing
// logger and a recording transport, then webhook deliveries (good and
// forged) of the simulator's events. It harvests the secrets the server handed out
// (client secrets, routing and account numbers) from the recorded
// responses, adds the API keys, the webhook secret and the ach test
// account numbers, and asserts that none occurs in any log line, error
// string, %v/%+v/%#v of a returned value, or OpenTelemetry span (name,
// attributes, status, attempt events) recorded by fincon/otelobserver. The quickstart flow has its
// own leak test in examples/quickstart (secrets_test.go).
func TestSecretsNeverLeak(t *testing.T) {
	ctx := t.Context()
	logs := leakcheck.NewLogs()
	logger := slog.New(logs)
	var sec leakcheck.Secrets
	sec.Add("api key", secretKey)
	sec.Add("webhook secret", webhookSecret)
	sec.Add("account number", ach.TestAccountNumberSuccess, ach.TestAccountNumberInsufficientFunds, ach.TestAccountNumberAccountClosed)
	var ex []leakcheck.Exhibit
	var responses leakcheck.Responses

	// 1. The client directly: sessions, accounts, intents, errors.
	sim, err := fctest.New()
	if err != nil {
		t.Fatal(err)
	}
	rec := responses.Wrap(sim.Transport())
	spans := tracetest.NewInMemoryExporter()
	obs, err := otelobserver.New(otelobserver.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))))
	if err != nil {
		t.Fatal(err)
	}
	c := setup(t, secretKey, append(fctestclient.Options(sim), fincon.WithTransport(rec), fincon.WithLogger(logger), fincon.WithObserver(obs))...)
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com", Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	perms, _ := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, leakcheck.Dump("fincon.Session", sess)...)
	ex = append(ex, leakcheck.Dump("fincon.Session value", *sess)...)
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := c.RefreshAndWait(ctx, ids[0], permissions.RefreshBalance)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, leakcheck.Dump("fincon.Account", *acct)...)
	p := fincon.PaymentIntentParams{Account: ids[0], Customer: cus, Amount: moneyUSD(2500), BillingName: "Jenny Rosen",
		Confirm: true, Mandate: acceptance(sim.Clock().Now()), IdempotencyKey: "order_secret_1"}
	pi, err := c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, leakcheck.Dump("fincon.PaymentIntent", *pi)...)
	// Its account is read with the payment method expanded: the response
	// carries the routing number.
	fca, err := c.FinancialConnectionsAccountOf(ctx, pi.ID)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, leakcheck.Exhibit{Where: "fincon account of payment intent", Text: fca})
	si, err := c.CreateSetupIntent(ctx, fincon.SetupIntentParams{Account: ids[0], Customer: cus, BillingName: "Jenny Rosen",
		Confirm: true, Mandate: acceptance(sim.Clock().Now())})
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, leakcheck.Dump("fincon.SetupIntent", *si)...)
	// Same idempotency key, other parameters: an idempotency_error.
	p.Amount = moneyUSD(2600)
	if _, err := c.CreatePaymentIntent(ctx, p); err == nil {
		t.Error("idempotency key reuse with other parameters succeeded")
	} else {
		ex = append(ex, leakcheck.Dump("fincon idempotency error", err)...)
	}
	bad := setup(t, "sk_test_WrongKeyButSecret9876543210", append(fctestclient.Options(sim), fincon.WithLogger(logger), fincon.WithObserver(obs))...)
	sec.Add("other api key", "sk_test_WrongKeyButSecret9876543210")
	if _, err := bad.GetAccount(ctx, "fca_missing"); err == nil {
		t.Error("GetAccount of a missing account succeeded")
	} else {
		ex = append(ex, leakcheck.Dump("fincon not-found error", err)...)
	}
	ex = append(ex, leakcheck.Dump("fincon.Client", c)...)

	// 2. Webhooks: deliveries of the client session's events, and forged
	// ones, to a handler logging at debug level.
	var hmu sync.Mutex
	record := func(where string, v any) {
		hmu.Lock()
		defer hmu.Unlock()
		ex = append(ex, leakcheck.Dump(where, v)...)
	}
	h, err := webhooks.NewHandler(webhookSecret, webhooks.WithLogger(logger),
		webhooks.OnError(func(err error) { record("webhook error", err) }),
		webhooks.OnPaymentProcessing(func(_ context.Context, e webhooks.PaymentIntentEvent) error {
			record("webhook payment event", e)
			return nil
		}),
		webhooks.OnAccountRefreshed(func(_ context.Context, e webhooks.AccountRefreshedEvent) error {
			record("webhook account event", e)
			return nil
		}),
		webhooks.OnUnknown(func(_ context.Context, e webhooks.UnknownEvent) error {
			record("webhook unknown event", e)
			return nil
		}),
	)
	if err != nil {
		t.Fatal(err)
	}
	delivered := 0
	for _, e := range sim.Events() {
		for _, secret := range []string{webhookSecret, "whsec_forged_by_someone_else_123"} {
			req := httptest.NewRequest("POST", "/webhooks", bytes.NewReader(e.Payload))
			req.Header.Set("Stripe-Signature", fctest.SignPayload(e.Payload, secret, time.Now()))
			w := httptest.NewRecorder()
			h.ServeHTTP(w, req)
			ex = append(ex, leakcheck.Exhibit{Where: "webhook response", Text: w.Body.String()})
			if w.Code == http.StatusOK {
				delivered++
			}
		}
	}
	if delivered == 0 {
		t.Error("no webhook was accepted")
	}

	// 3. A key with underscores in its body, echoed whole by a proxy's
	// 401 ("Bearer sk_test_…_wire"): no part of it may be left, not even
	// the tail after its last underscore.
	const underscoreKey = "sk_test_51Safety_Under_score_wire"
	sec.Add("api key", underscoreKey)
	echo := stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		body := `{"error":{"type":"invalid_request_error","message":"Invalid API Key provided: ` + r.Header.Get("Authorization") + `"}}`
		return &http.Response{StatusCode: 401, Header: http.Header{"Content-Type": {"application/json"}, "Request-Id": {"req_echo"}},
			Body: io.NopCloser(strings.NewReader(body)), Request: r}, nil
	})
	uc := setup(t, underscoreKey, fincon.WithBaseURL("http://stripe.invalid"), fincon.WithTransport(echo), fincon.WithLogger(logger), fincon.WithObserver(obs))
	if _, err := uc.GetAccount(ctx, "fca_1"); err == nil {
		t.Error("a 401 succeeded")
	} else {
		ex = append(ex, leakcheck.Dump("fincon 401 echoing the key", err)...)
		if !strings.Contains(err.Error(), "Bearer [redacted]") {
			t.Errorf("401 error %q: want the echoed key redacted whole", err)
		}
	}

	// 4. Messages with amounts and limits keep their numbers: they are
	// not account numbers.
	p.Amount = moneyUSD(ach.MaxAmount + 1)
	p.IdempotencyKey = ""
	if _, err := c.CreatePaymentIntent(ctx, p); err == nil {
		t.Error("an amount above the maximum was accepted")
	} else if want := strconv.FormatInt(ach.MaxAmount, 10) + " cents"; !strings.Contains(err.Error(), want) {
		t.Errorf("amount error %q does not say the maximum (%s)", err, want)
	}

	// 5. The OpenTelemetry spans of every call above: names, attributes,
	// status and attempt events.
	got := spans.GetSpans()
	if len(got) < 10 {
		t.Errorf("%d spans recorded, want one per request", len(got))
	}
	for _, sp := range got {
		ex = append(ex, leakcheck.Exhibit{Where: "otel span " + sp.Name, Text: fmt.Sprintf("%s %v %+v %+v", sp.Name, sp.Attributes, sp.Status, sp.Events)})
	}

	// Harvest what the server handed out, then look everywhere.
	sec.Check(t, &responses, logs, ex, "api key", "webhook secret", "client_secret", "routing_number", "account number")
}
