package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
)

// secretKey is the API key of the leak test: the simulator accepts it, and
// it must appear in no output.
const secretKey = "sk_test_51SafetyQuickstartK3yZq9XwVu"

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

// harvest adds the secrets the server handed out in the response bodies r
// recorded, and returns how many it found.
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

// rejecting answers every PaymentIntent creation with a 402 whose error
// message is msg, and passes every other request to next.
type rejecting struct {
	next http.RoundTripper
	msg  string
}

func (r rejecting) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != "POST" || req.URL.Path != "/v1/payment_intents" {
		return r.next.RoundTrip(req)
	}
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	body := `{"error":{"type":"invalid_request_error","code":"payment_method_unactivated","message":"` + r.msg + `"}}`
	return &http.Response{
		StatusCode: http.StatusPaymentRequired, Status: "402 Payment Required",
		Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, ContentLength: int64(len(body)),
		Header:  http.Header{"Content-Type": {"application/json"}, "Request-Id": {"req_rejecting"}},
		Body:    io.NopCloser(strings.NewReader(body)),
		Request: req,
	}, nil
}

// TestSecretsNeverLeak runs the quickstart flow on the simulator with a
// known API key, a debug-level capturing logger and a recording transport,
// then a failing run whose server error echoes secrets. It harvests the
// secrets the server handed out (client secrets, routing and account
// numbers) from the recorded responses, adds the API key and the ach test
// account numbers, and asserts that none occurs in any log line, error
// string, printed walkthrough, or %v/%+v/%#v of a returned value.
func TestSecretsNeverLeak(t *testing.T) {
	ctx := t.Context()
	logs := newLogCapture()
	logger := slog.New(logs)
	sec := secrets{}
	sec.add("api key", secretKey)
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

	// 1. The whole quickstart flow.
	var out bytes.Buffer
	sum, err := quickstart(ctx, config{Out: &out, Logger: logger, APIKey: secretKey, Simulator: true, WrapTransport: wrap})
	if err != nil {
		t.Fatalf("quickstart: %v", err)
	}
	ex = append(ex, exhibit{"quickstart walkthrough", out.String()})
	ex = append(ex, dump("summary", sum)...)
	for _, a := range sum.Accounts {
		ex = append(ex, dump("accountReport", a)...)
	}
	for _, p := range sum.Payments {
		ex = append(ex, dump("payment", p)...)
	}

	// 2. A run that fails: the server's error message echoes secrets.
	// Learn a client secret first, so that the failing answer can echo it.
	var echoed []string
	sec.harvest(recs[0])
	for v, name := range sec {
		if strings.HasPrefix(name, "client_secret") && strings.Contains(v, "_secret_") {
			echoed = append(echoed, v)
			break
		}
	}
	msg := strings.Join(append([]string{"rejected:", secretKey, ach.TestAccountNumberSuccess}, echoed...), " ")
	failing := func(next http.RoundTripper) http.RoundTripper {
		return rejecting{next: wrap(next), msg: msg}
	}
	var failOut bytes.Buffer
	_, runErr := quickstart(ctx, config{Out: &failOut, Logger: logger, APIKey: secretKey, Simulator: true, WrapTransport: failing})
	if runErr == nil {
		t.Fatal("the failing run succeeded")
	}
	ex = append(ex, exhibit{"failing quickstart walkthrough", failOut.String()})
	ex = append(ex, exhibit{"failing quickstart error", runErr.Error()})
	ex = append(ex, dump("failing quickstart error", runErr)...)

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
	for _, want := range []string{"api key", "client_secret", "routing_number", "account number"} {
		if !kinds[want] {
			t.Errorf("no %s to look for: the test would prove nothing", want)
		}
	}
	if len(echoed) == 0 {
		t.Error("the failing answer echoes no client secret: the test would prove less")
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
