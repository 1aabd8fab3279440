package main

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/internal/leakcheck"
)

// secretKey is the API key of the leak test: the simulator accepts it, and
// it must appear in no output.
const secretKey = "sk_test_51SafetyQuickstartK3yZq9XwVu"

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
	t.Parallel()
	ctx := t.Context()
	logs := leakcheck.NewLogs()
	logger := slog.New(logs)
	var sec leakcheck.Secrets
	sec.Add("api key", secretKey)
	sec.Add("account number", ach.TestAccountNumberSuccess, ach.TestAccountNumberInsufficientFunds, ach.TestAccountNumberAccountClosed)
	var ex []leakcheck.Exhibit
	var responses leakcheck.Responses
	wrap := responses.Wrap

	// 1. The whole quickstart flow.
	var out bytes.Buffer
	sum, err := quickstart(ctx, config{Out: &out, Logger: logger, APIKey: secretKey, Simulator: true, WrapTransport: wrap})
	if err != nil {
		t.Fatalf("quickstart: %v", err)
	}
	ex = append(ex, leakcheck.Exhibit{Where: "quickstart walkthrough", Text: out.String()})
	ex = append(ex, leakcheck.Dump("summary", sum)...)
	for _, a := range sum.Accounts {
		ex = append(ex, leakcheck.Dump("accountReport", a)...)
	}
	for _, p := range sum.Payments {
		ex = append(ex, leakcheck.Dump("payment", p)...)
	}

	// 2. A run that fails: the server's error message echoes secrets.
	// Learn a client secret first, so that the failing answer can echo it.
	var echoed []string
	sec.Harvest(responses.Bodies()...)
	for _, v := range sec.Values("client_secret") {
		if strings.Contains(v, "_secret_") {
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
	ex = append(ex, leakcheck.Exhibit{Where: "failing quickstart walkthrough", Text: failOut.String()})
	ex = append(ex, leakcheck.Exhibit{Where: "failing quickstart error", Text: runErr.Error()})
	ex = append(ex, leakcheck.Dump("failing quickstart error", runErr)...)
	if len(echoed) == 0 {
		t.Error("the failing answer echoes no client secret: the test would prove less")
	}

	// Harvest what the server handed out, then look everywhere.
	sec.Check(t, &responses, logs, ex, "api key", "client_secret", "routing_number", "account number")
}
