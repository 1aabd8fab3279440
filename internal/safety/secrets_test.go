package safety_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/webhooks"
	"github.com/fcsdk/fcsdk/permissions"
)

const (
	secretKey     = "sk_test_51SafetyQuickstartK3yZq9XwVu"
	webhookSecret = "whsec_SafetyW3bhookS3cretQp7Lm2Nx"
)

// logCapture is an slog handler at debug level that renders every record
// with both the text and the JSON handler into one buffer, so that values
// are seen exactly as a production handler would print them.
type logCapture struct {
	mu      *sync.Mutex
	buf     *bytes.Buffer
	text    slog.Handler
	json    slog.Handler
	records *int
}

func newLogCapture() *logCapture {
	c := &logCapture{mu: &sync.Mutex{}, buf: &bytes.Buffer{}, records: new(int)}
	w := lockedWriter{c}
	opts := &slog.HandlerOptions{Level: slog.LevelDebug}
	c.text, c.json = slog.NewTextHandler(w, opts), slog.NewJSONHandler(w, opts)
	return c
}

type lockedWriter struct{ c *logCapture }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.c.mu.Lock()
	defer w.c.mu.Unlock()
	return w.c.buf.Write(p)
}

func (c *logCapture) Enabled(context.Context, slog.Level) bool { return true }

func (c *logCapture) Handle(ctx context.Context, r slog.Record) error {
	c.mu.Lock()
	*c.records++
	c.mu.Unlock()
	if err := c.text.Handle(ctx, r.Clone()); err != nil {
		return err
	}
	return c.json.Handle(ctx, r)
}

func (c *logCapture) WithAttrs(as []slog.Attr) slog.Handler {
	d := *c
	d.text, d.json = c.text.WithAttrs(as), c.json.WithAttrs(as)
	return &d
}

func (c *logCapture) WithGroup(name string) slog.Handler {
	d := *c
	d.text, d.json = c.text.WithGroup(name), c.json.WithGroup(name)
	return &d
}

func (c *logCapture) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.buf.String()
}

func (c *logCapture) count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return *c.records
}

// recorder is a transport that keeps every response body, to harvest the
// secrets the server handed out (client secrets, routing numbers).
type recorder struct {
	next     http.RoundTripper
	mu       sync.Mutex
	requests int
	bodies   []string
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := r.next.RoundTrip(req)
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests++
	if err != nil || resp.Body == nil {
		return resp, err
	}
	b, rerr := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	if rerr != nil {
		return nil, rerr
	}
	r.bodies = append(r.bodies, string(b))
	return resp, nil
}

var (
	clientSecretRE = regexp.MustCompile(`"client_secret":\s*"([^"]+)"`)
	routingRE      = regexp.MustCompile(`"routing_number":\s*"([^"]+)"`)
	accountNumRE   = regexp.MustCompile(`"account_number":\s*"([^"]+)"`)
)

// secrets maps a secret's value to a name for the report.
type secrets map[string]string

// add records value (and, for a client secret, its part after "_secret_",
// which is what makes it secret) under name.
func (s secrets) add(name, value string) {
	if value == "" {
		return
	}
	s[value] = name
	if i := strings.Index(value, "_secret_"); i >= 0 && len(value)-i > 12 {
		s[value[i+len("_secret_"):]] = name + " (secret part)"
	}
	if strings.HasPrefix(value, "sk_") || strings.HasPrefix(value, "whsec_") {
		s[value[len(value)-16:]] = name + " (tail)"
	}
}

func (s secrets) harvest(r *recorder) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, b := range r.bodies {
		for _, re := range []*regexp.Regexp{clientSecretRE, routingRE, accountNumRE} {
			for _, m := range re.FindAllStringSubmatch(b, -1) {
				s.add(strings.SplitN(re.String(), `"`, 3)[1], m[1])
				n++
			}
		}
	}
	return n
}

// find returns the names of the secrets that occur in text.
func (s secrets) find(text string) []string {
	var found []string
	for v, name := range s {
		if strings.Contains(text, v) {
			found = append(found, name)
		}
	}
	sort.Strings(found)
	return found
}

// exhibit is one piece of output that must carry no secret.
type exhibit struct {
	where, text string
}

func dump(where string, v any) []exhibit {
	return []exhibit{
		{where + " %v", fmt.Sprintf("%v", v)},
		{where + " %+v", fmt.Sprintf("%+v", v)},
		{where + " %#v", fmt.Sprintf("%#v", v)},
	}
}

// TestSecretsNeverLeak makes direct client calls (customer, session,
// refresh, PaymentIntent and its account, SetupIntent, an idempotency
// error, a not-found error with another key) with a debug-level capturing
// logger and a recording transport, then webhook deliveries (good and
// forged) of the simulator's events. It harvests the secrets the server handed out
// (client secrets, routing and account numbers) from the recorded
// responses, adds the API keys, the webhook secret and the ach test
// account numbers, and asserts that none occurs in any log line, error
// string or %v/%+v/%#v of a returned value. The quickstart flow has its
// own leak test in examples/quickstart (secrets_test.go).
func TestSecretsNeverLeak(t *testing.T) {
	ctx := t.Context()
	logs := newLogCapture()
	logger := slog.New(logs)
	sec := secrets{}
	sec.add("api key", secretKey)
	sec.add("webhook secret", webhookSecret)
	for _, n := range []string{ach.TestAccountNumberSuccess, ach.TestAccountNumberInsufficientFunds, ach.TestAccountNumberAccountClosed} {
		sec.add("account number", n)
	}
	var ex []exhibit
	var recs []*recorder
	wrap := func(next http.RoundTripper) http.RoundTripper {
		r := &recorder{next: next}
		recs = append(recs, r)
		return r
	}

	// 1. The client directly: sessions, accounts, intents, errors.
	sim := fctest.New()
	rec := wrap(sim.Transport())
	c, err := fincon.New(secretKey, fincon.WithTransport(rec), fincon.WithBaseURL(sim.URL()),
		fincon.WithClock(sim.Clock()), fincon.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Email: "jenny@example.com", Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	perms, _ := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, dump("fincon.Session", sess)...)
	ex = append(ex, dump("fincon.Session value", *sess)...)
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	acct, err := c.RefreshAndWait(ctx, ids[0], permissions.RefreshBalance)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, dump("fincon.Account", *acct)...)
	p := fincon.PaymentIntentParams{Account: ids[0], Customer: cus, Amount: moneyUSD(2500), BillingName: "Jenny Rosen",
		Confirm: true, Mandate: acceptance(sim.Clock().Now()), IdempotencyKey: "order_secret_1"}
	pi, err := c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, dump("fincon.PaymentIntent", *pi)...)
	// Its account is read with the payment method expanded: the response
	// carries the routing number.
	fca, err := c.FinancialConnectionsAccountOf(ctx, pi.ID)
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, exhibit{"fincon account of payment intent", fca})
	si, err := c.CreateSetupIntent(ctx, fincon.SetupIntentParams{Account: ids[0], Customer: cus, BillingName: "Jenny Rosen",
		Confirm: true, Mandate: acceptance(sim.Clock().Now())})
	if err != nil {
		t.Fatal(err)
	}
	ex = append(ex, dump("fincon.SetupIntent", *si)...)
	// Same idempotency key, other parameters: an idempotency_error.
	p.Amount = moneyUSD(2600)
	if _, err := c.CreatePaymentIntent(ctx, p); err == nil {
		t.Error("idempotency key reuse with other parameters succeeded")
	} else {
		ex = append(ex, dump("fincon idempotency error", err)...)
	}
	bad, err := fincon.New("sk_test_WrongKeyButSecret9876543210", fincon.WithTransport(sim.Transport()), fincon.WithBaseURL(sim.URL()),
		fincon.WithLogger(logger))
	if err != nil {
		t.Fatal(err)
	}
	sec.add("other api key", "sk_test_WrongKeyButSecret9876543210")
	if _, err := bad.GetAccount(ctx, "fca_missing"); err == nil {
		t.Error("GetAccount of a missing account succeeded")
	} else {
		ex = append(ex, dump("fincon not-found error", err)...)
	}
	ex = append(ex, dump("fincon.Client", c)...)

	// 2. Webhooks: deliveries of the client session's events, and forged
	// ones, to a handler logging at debug level.
	var hmu sync.Mutex
	record := func(where string, v any) {
		hmu.Lock()
		defer hmu.Unlock()
		ex = append(ex, dump(where, v)...)
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
			ex = append(ex, exhibit{"webhook response", w.Body.String()})
			if w.Code == http.StatusOK {
				delivered++
			}
		}
	}
	if delivered == 0 {
		t.Error("no webhook was accepted")
	}

	// Harvest what the server handed out, then look everywhere.
	harvested := 0
	for _, r := range recs {
		harvested += sec.harvest(r)
	}
	ex = append(ex, exhibit{"log lines", logs.String()})
	kinds := map[string]bool{}
	for _, name := range sec {
		kinds[strings.SplitN(name, " (", 2)[0]] = true
	}
	for _, want := range []string{"api key", "webhook secret", "client_secret", "routing_number", "account number"} {
		if !kinds[want] {
			t.Errorf("no %s to look for: the test would prove nothing", want)
		}
	}
	leaks := 0
	for _, e := range ex {
		if found := sec.find(e.text); len(found) > 0 {
			leaks++
			i := strings.Index(e.text, firstValue(sec, found[0]))
			t.Errorf("%s contains %s: …%s…", e.where, strings.Join(found, ", "), excerpt(e.text, i))
		}
	}
	t.Logf("looked for %d secret values (%d harvested from %d responses) in %d log records (%d bytes) and %d printed values and errors: %d leaks",
		len(sec), harvested, countBodies(recs), logs.count(), len(logs.String()), len(ex), leaks)
}

func firstValue(s secrets, name string) string {
	for v, n := range s {
		if n == name {
			return v
		}
	}
	return ""
}

func excerpt(s string, i int) string {
	if i < 0 {
		return ""
	}
	lo, hi := max(i-40, 0), min(i+60, len(s))
	return s[lo:hi]
}

func countBodies(rs []*recorder) int {
	n := 0
	for _, r := range rs {
		r.mu.Lock()
		n += len(r.bodies)
		r.mu.Unlock()
	}
	return n
}

// TestSecretDetectorFindsPlantedSecrets proves the detector and the log
// capture can fail: a secret planted in a log attribute, an error and a
// struct is found, in whole or in part.
func TestSecretDetectorFindsPlantedSecrets(t *testing.T) {
	sec := secrets{}
	sec.add("api key", secretKey)
	sec.add("client_secret", "seti_1Abc_secret_QwErTyUiOp0987654321")
	sec.add("account number", ach.TestAccountNumberSuccess)
	logs := newLogCapture()
	slog.New(logs).Debug("planted", "auth", "Bearer "+secretKey)
	tests := []struct {
		name, text string
		want       string
	}{
		{"log line", logs.String(), "api key"},
		{"error", fmt.Errorf("call failed: %w", errors.New("token QwErTyUiOp0987654321")).Error(), "client_secret (secret part)"},
		{"struct", fmt.Sprintf("%+v", struct{ Number string }{ach.TestAccountNumberSuccess}), "account number"},
		{"key tail only", "…" + secretKey[len(secretKey)-16:], "api key (tail)"},
		{"clean", "fincon: get account fca_123: [redacted]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := sec.find(tt.text)
			if tt.want == "" {
				if len(found) > 0 {
					t.Errorf("found %v in a clean text", found)
				}
				return
			}
			if !strings.Contains(strings.Join(found, ","), tt.want) {
				t.Errorf("found %v, want %s", found, tt.want)
			}
		})
	}
}
