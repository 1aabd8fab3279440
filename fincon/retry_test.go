package fincon_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// cutBodies cuts some 200 answers to POST /v1/payment_intents short after
// the simulator committed them: half the body arrives, then the read fails
// with an unexpected EOF or a connection reset (alternately).
type cutBodies struct {
	next http.RoundTripper
	p    float64 // chance that a 200 create answer is cut

	mu   sync.Mutex
	rng  *rand.Rand
	cuts int
}

func (t *cutBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode != http.StatusOK || req.Method != http.MethodPost || req.URL.Path != "/v1/payment_intents" {
		return resp, err
	}
	t.mu.Lock()
	cut := t.rng.Float64() < t.p
	if cut {
		t.cuts++
	}
	readErr := error(io.ErrUnexpectedEOF)
	if t.cuts%2 == 0 {
		readErr = syscall.ECONNRESET
	}
	t.mu.Unlock()
	if cut {
		body, _ := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		resp.Body = io.NopCloser(io.MultiReader(bytes.NewReader(body[:len(body)/2]), errReader{readErr}))
	}
	return resp, nil
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// TestOrphanedPaymentIntents is the experiment of issue 10 §2: 200
// CreatePaymentIntent calls without a caller key go through a transport
// that cuts 200 answers short after the simulator committed them, and
// through the simulator's own faults (errors and dropped connections, some
// after commit). An orphan is a PaymentIntent on the simulator whose id no
// call returned: its caller cannot learn about it. Before body reads were
// retried (with the same Idempotency-Key), 18 of these calls left an
// orphan; now none may.
func TestOrphanedPaymentIntents(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		var rt *cutBodies
		env := setup(t, wrapTransport(func(_ *fctest.Sim, next http.RoundTripper) http.RoundTripper {
			rt = &cutBodies{next: next, p: 0.07, rng: rand.New(rand.NewPCG(10, 2))}
			return rt
		}), fastRetries(), achAccount(fctest.InstitutionSuccess))
		sim := env.sim
		sim.InjectFaults(fctest.FaultPlan{
			Seed: 10, Probability: 0.1, Match: fctest.MatchPath(http.MethodPost, "/v1/payment_intents"),
		})
		const calls = 200
		returned := map[string]bool{}
		failed := 0
		for range calls {
			pi, err := env.c.CreatePaymentIntent(t.Context(), env.debit(""))
			if err != nil {
				failed++
				continue
			}
			returned[pi.ID] = true
		}
		orphans := 0
		for _, pi := range sim.PaymentIntents() {
			if !returned[pi.ID] {
				orphans++
			}
		}
		st := sim.Stats()
		t.Logf("%d un-keyed creates: %d answers cut after commit, %d simulator faults, %d failed calls, %d orphaned PaymentIntents",
			calls, rt.cuts, st.FaultsInjected(), failed, orphans)
		if rt.cuts == 0 {
			t.Fatal("no answer was cut: the experiment tests nothing")
		}
		if orphans != 0 {
			t.Errorf("%d PaymentIntents on the server that no call returned, want 0", orphans)
		}
	})
}

// TestBodyReadRetriedWithSameKey: a 200 answer cut short on every attempt
// is retried with the same Idempotency-Key, and the error keeps the last
// attempt's status and request id.
func TestBodyReadRetriedWithSameKey(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		env := setup(t, wrapTransport(func(_ *fctest.Sim, next http.RoundTripper) http.RoundTripper {
			return &cutBodies{next: next, p: 1, rng: rand.New(rand.NewPCG(1, 1))}
		}), fastRetries(), achAccount(fctest.InstitutionSuccess))
		_, err := env.c.CreatePaymentIntent(t.Context(), env.debit(""))
		var fe *fincon.Error
		if !errors.As(err, &fe) || fe.HTTPStatus != http.StatusOK || fe.RequestID == "" {
			t.Fatalf("err = %v, want an *Error with status 200 and the request id", err)
		}
		if !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, syscall.ECONNRESET) {
			t.Errorf("err = %v, want the read error inside", err)
		}
		var keys []string
		for _, r := range env.sim.Requests() {
			if r.Method == http.MethodPost && r.Path == "/v1/payment_intents" {
				keys = append(keys, r.IdempotencyKey)
			}
		}
		if len(keys) != 1+fincon.DefaultMaxRetries {
			t.Fatalf("%d create attempts, want %d", len(keys), 1+fincon.DefaultMaxRetries)
		}
		for _, k := range keys {
			if k == "" || k != keys[0] {
				t.Fatalf("Idempotency-Keys %q, want one key on every attempt", keys)
			}
		}
		if n := len(env.sim.PaymentIntents()); n != 1 {
			t.Errorf("%d PaymentIntents, want 1 (the retries replay the first)", n)
		}
	})
}

// TestRetryWaitLongerThanTimeLeft is issue 10 §3: GetAccount under a 2 s
// deadline while every attempt gets 503 (with a request id). When the next
// wait (the server's Retry-After, or the backoff) would outlast the
// deadline, the call returns at once with the last attempt's error, which
// matches both context.DeadlineExceeded and *fincon.Error. The latency is
// measured in fake time; before the change both cases slept until the
// deadline (2 s) and returned a bare context deadline exceeded.
func TestRetryWaitLongerThanTimeLeft(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		retryAfter string
		maxLatency time.Duration
	}{
		{"Retry-After beyond the deadline", "5", 0},
		{"backoff beyond the time left", "", 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			synctest.Test(t, func(t *testing.T) {
				f := newFake()
				attempts := 0
				f.On("GET /v1/financial_connections/accounts/fca_1", func(n int, _ call) reply {
					attempts++
					h := map[string]string{"Request-Id": "req_503_" + string(rune('a'+n))}
					if tt.retryAfter != "" {
						h["Retry-After"] = tt.retryAfter
					}
					return reply{Status: http.StatusServiceUnavailable, Body: stripeErr("api_error", "", "", "Service unavailable"), Header: h}
				})
				c := setup(t, onFake(f), clientOptions(fincon.WithRetryWait(500*time.Millisecond, 8*time.Second), fincon.WithMaxRetries(10))).c
				ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
				defer cancel()
				start := time.Now()
				_, err := c.GetAccount(ctx, "fca_1")
				latency := time.Since(start)
				t.Logf("%s: returned after %v (fake time), %d attempts: %v", tt.name, latency, attempts, err)
				var fe *fincon.Error
				if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &fe) {
					t.Fatalf("err = %v, want both context.DeadlineExceeded and *fincon.Error", err)
				}
				want := "req_503_" + string(rune('a'+attempts-1))
				if fe.HTTPStatus != http.StatusServiceUnavailable || fe.Type != "api_error" || fe.RequestID != want {
					t.Errorf("status %d, type %q, request %q; want 503 api_error and the last attempt's %s", fe.HTTPStatus, fe.Type, fe.RequestID, want)
				}
				var se *stripe.Error
				if !errors.As(err, &se) || se.RequestID != want {
					t.Errorf("no *stripe.Error of the last attempt in %v", err)
				}
				if latency > tt.maxLatency || latency >= 2*time.Second {
					t.Errorf("returned after %v, want at most %v and before the deadline", latency, tt.maxLatency)
				}
				if !strings.Contains(err.Error(), "context deadline") {
					t.Errorf("err text %q does not say the deadline stopped the retries", err)
				}
			})
		})
	}
}
