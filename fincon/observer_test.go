package fincon_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// recorder is an Observer that keeps what it sees.
type recorder struct {
	mu       sync.Mutex
	started  []fincon.Operation
	attempts []fincon.Attempt
	ended    []fincon.OperationEnd
	inOp     []bool // each attempt saw StartOperation's context
}

type recKey struct{}

func (r *recorder) StartOperation(ctx context.Context, op fincon.Operation) context.Context {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.started = append(r.started, op)
	return context.WithValue(ctx, recKey{}, op.Name)
}

func (r *recorder) Attempt(ctx context.Context, op fincon.Operation, a fincon.Attempt) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.attempts = append(r.attempts, a)
	r.inOp = append(r.inOp, ctx.Value(recKey{}) == op.Name)
}

func (r *recorder) EndOperation(_ context.Context, _ fincon.Operation, end fincon.OperationEnd) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ended = append(r.ended, end)
}

func TestWithObserverNil(t *testing.T) {
	t.Parallel()
	_, err := fincon.New("sk_test_x", fincon.WithObserver(nil))
	var oe *fincon.OptionError
	if !errors.As(err, &oe) || oe.Option != "WithObserver" || !errors.Is(err, fincon.ErrInvalidOption) {
		t.Fatalf("err = %v, want *OptionError for WithObserver", err)
	}
}

func TestObserverSeesOperationAndAttempt(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess))
	rec := &recorder{}
	c := setup(t, onSim(env.sim), clientOptions(fincon.WithObserver(rec))).c
	if _, err := c.GetAccount(t.Context(), env.account); err != nil {
		t.Fatal(err)
	}
	if len(rec.started) != 1 || len(rec.ended) != 1 || len(rec.attempts) != 1 {
		t.Fatalf("saw %d starts, %d attempts, %d ends; want 1 each", len(rec.started), len(rec.attempts), len(rec.ended))
	}
	op := rec.started[0]
	if op.Name != "GET /v1/financial_connections/accounts/{id}" || op.ID != env.account {
		t.Errorf("operation = %+v", op)
	}
	a := rec.attempts[0]
	if a.N != 1 || a.HTTPStatus != http.StatusOK || a.RequestID == "" || a.Retried || a.Type != "" || !rec.inOp[0] {
		t.Errorf("attempt = %+v (in operation context: %v)", a, rec.inOp[0])
	}
	end := rec.ended[0]
	if end.Err != nil || end.HTTPStatus != http.StatusOK || end.RequestID != a.RequestID {
		t.Errorf("end = %+v", end)
	}
}

func TestObserverSeesStripeError(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess))
	rec := &recorder{}
	c := setup(t, onSim(env.sim), clientOptions(fincon.WithObserver(rec))).c
	_, err := c.GetAccount(t.Context(), "fca_Missing1")
	if err == nil {
		t.Fatal("want an error")
	}
	if len(rec.ended) != 1 || len(rec.attempts) != 1 {
		t.Fatalf("saw %d attempts, %d ends", len(rec.attempts), len(rec.ended))
	}
	a, end := rec.attempts[0], rec.ended[0]
	if a.HTTPStatus != http.StatusNotFound || a.Type != "invalid_request_error" || a.Code != "resource_missing" || a.RequestID == "" {
		t.Errorf("attempt = %+v", a)
	}
	var fe *fincon.Error
	if end.Type != "invalid_request_error" || end.HTTPStatus != http.StatusNotFound || end.RequestID != a.RequestID || !errors.As(end.Err, &fe) {
		t.Errorf("end = %+v", end)
	}
	if rec.started[0].ID != "fca_Missing1" {
		t.Errorf("operation id = %q", rec.started[0].ID)
	}
}

// sleepyLimiter waits d on (synctest's) time on every attempt.
type sleepyLimiter struct{ d time.Duration }

func (l sleepyLimiter) Wait(ctx context.Context) error {
	select {
	case <-time.After(l.d):
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// TestObserverSeesRetriesAndWaits checks the attempt numbers, the limiter
// wait and the backoff of a call retried after a 429 and a 500.
func TestObserverSeesRetriesAndWaits(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		env := setup(t, achAccount(fctest.InstitutionSuccess))
		rec := &recorder{}
		c := setup(t, onSim(env.sim), clientOptions(fincon.WithObserver(rec), fincon.WithLimiter(sleepyLimiter{d: 300 * time.Millisecond}), fincon.WithRetryWait(time.Second, 4*time.Second))).c
		env.sim.InjectFaults(fctest.FaultPlan{
			Sequence: []fctest.FaultKind{fctest.FaultRateLimit, fctest.FaultServerErrorBeforeCommit},
			Match:    fctest.MatchPath(http.MethodGet, "/v1/financial_connections/accounts/"),
		})
		start := time.Now()
		if _, err := c.GetAccount(t.Context(), env.account); err != nil {
			t.Fatal(err)
		}
		took := time.Since(start)
		if len(rec.attempts) != 3 || len(rec.ended) != 1 {
			t.Fatalf("saw %d attempts, %d ends; want 3 and 1", len(rec.attempts), len(rec.ended))
		}
		var waited time.Duration
		for i, a := range rec.attempts {
			if a.N != i+1 || a.LimiterWait != 300*time.Millisecond {
				t.Errorf("attempt %d = %+v, want N=%d and a 300ms limiter wait", i, a, i+1)
			}
			waited += a.Backoff + a.LimiterWait
		}
		a1, a2, a3 := rec.attempts[0], rec.attempts[1], rec.attempts[2]
		if a1.HTTPStatus != http.StatusTooManyRequests || a1.Type != "invalid_request_error" || a1.Code != "rate_limit" || !a1.Retried || a1.Backoff != 0 {
			t.Errorf("first attempt = %+v, want a retried 429 rate_limit", a1)
		}
		// The simulator's 429 says Retry-After: 1.
		if a2.Backoff != time.Second || a2.HTTPStatus != http.StatusInternalServerError || a2.Type != "api_error" || !a2.Retried {
			t.Errorf("second attempt = %+v, want a retried 500 after the 1s Retry-After", a2)
		}
		// The second retry backs off min·2 jittered: [1s, 2s].
		if a3.Backoff < time.Second || a3.Backoff > 2*time.Second || a3.HTTPStatus != http.StatusOK {
			t.Errorf("third attempt = %+v, want 200 after a 1–2s backoff", a3)
		}
		if end := rec.ended[0]; end.Duration != took || end.Duration != waited || end.Err != nil {
			t.Errorf("end = %+v, want the whole %v (waits %v) and no error", end, took, waited)
		}
	})
}
