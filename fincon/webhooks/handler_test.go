package webhooks

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestHandler(t *testing.T) {
	t.Parallel()
	good := eventJSON("evt_good", stripe.EventTypePaymentIntentSucceeded, piJSON)
	big := eventJSON("evt_big", stripe.EventTypePaymentIntentSucceeded, `{"id":"pi_big","object":"payment_intent","description":"`+strings.Repeat("x", 2000)+`"}`)
	tests := []struct {
		name     string
		method   string
		body     []byte
		header   string
		chunked  bool // send without Content-Length
		opts     []Option
		status   int
		err      error    // sentinel the reported error must match
		dispatch []string // callbacks run
	}{
		{name: "good signature", body: good, header: sign(good, t0), status: 200,
			dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "good signature, 299s old", body: good, header: sign(good, t0.Add(-299*time.Second)), status: 200,
			dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "good signature, 299s ahead", body: good, header: sign(good, t0.Add(299*time.Second)), status: 200,
			dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "rolled secret: second v1 valid", body: good,
			header: sign(good, t0) + ",v1=" + strings.Repeat("ab", 32), status: 200,
			dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "bad signature: other secret", body: good, header: signWith(good, t0, "whsec_other"), status: 400, err: ErrNoValidSignature},
		{name: "bad signature: body tampered", body: bytes.Replace(good, []byte("1234"), []byte("9999"), 1), header: sign(good, t0), status: 400, err: ErrNoValidSignature},
		{name: "bad signature: not hex", body: good, header: "t=1756728000,v1=zz", status: 400, err: ErrNoValidSignature},
		{name: "stale timestamp", body: good, header: sign(good, t0.Add(-301*time.Second)), status: 400, err: ErrTimestampOutOfTolerance},
		{name: "future timestamp", body: good, header: sign(good, t0.Add(301*time.Second)), status: 400, err: ErrTimestampOutOfTolerance},
		{name: "stale for custom tolerance", body: good, header: sign(good, t0.Add(-11*time.Second)),
			opts: []Option{WithTolerance(10 * time.Second)}, status: 400, err: ErrTimestampOutOfTolerance},
		{name: "ancient timestamp", body: good, header: sign(good, time.Unix(1, 0)), status: 400, err: ErrTimestampOutOfTolerance},
		{name: "missing header", body: good, status: 400, err: ErrNotSigned},
		{name: "malformed header", body: good, header: "garbage", status: 400, err: ErrInvalidHeader},
		{name: "header without t", body: good, header: "v1=" + strings.Repeat("00", 32), status: 400, err: ErrInvalidHeader},
		{name: "header with two t", body: good, header: "t=1,t=2," + sign(good, t0), status: 400, err: ErrInvalidHeader},
		{name: "body too large", body: big, header: sign(big, t0), opts: []Option{WithMaxBodyBytes(1024)}, status: 413, err: ErrBodyTooLarge},
		{name: "body too large, chunked", body: big, header: sign(big, t0), chunked: true, opts: []Option{WithMaxBodyBytes(1024)}, status: 413, err: ErrBodyTooLarge},
		{name: "body at the limit", body: good, header: sign(good, t0), opts: []Option{WithMaxBodyBytes(int64(len(good)))}, status: 200,
			dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "wrong method", method: http.MethodGet, header: sign(nil, t0), status: 405, err: ErrMethodNotAllowed},
		{name: "PUT", method: http.MethodPut, body: good, header: sign(good, t0), status: 405, err: ErrMethodNotAllowed},
		{name: "unknown type tolerated",
			body:   eventJSON("evt_unknown", "charge.dispute.created", `{"id":"dp_1","object":"dispute"}`),
			header: sign(eventJSON("evt_unknown", "charge.dispute.created", `{"id":"dp_1","object":"dispute"}`), t0),
			status: 200, dispatch: []string{"charge.dispute.created raw:32"}},
		{name: "api version mismatch",
			body:   eventJSONVersion("evt_old", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"),
			header: sign(eventJSONVersion("evt_old", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"), t0),
			status: 400, err: ErrAPIVersionMismatch},
		{name: "api version of another train",
			body:   eventJSONVersion("evt_acacia", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-12-18.acacia"),
			header: sign(eventJSONVersion("evt_acacia", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-12-18.acacia"), t0),
			status: 400, err: ErrAPIVersionMismatch},
		{name: "api version mismatch accepted",
			body:   eventJSONVersion("evt_old", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"),
			header: sign(eventJSONVersion("evt_old", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"), t0),
			opts:   []Option{AcceptAPIVersionMismatch()}, status: 200, dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "same train, other date", body: eventJSONVersion("evt_basil", stripe.EventTypePaymentIntentSucceeded, piJSON, "2025-03-31.basil"),
			header: sign(eventJSONVersion("evt_basil", stripe.EventTypePaymentIntentSucceeded, piJSON, "2025-03-31.basil"), t0),
			status: 200, dispatch: []string{"payment_intent.succeeded pi_123"}},
		{name: "signed garbage", body: []byte("not json"), header: sign([]byte("not json"), t0), status: 400, err: ErrMalformedPayload},
		{name: "event without id", body: []byte(`{"type":"payment_intent.succeeded","api_version":"` + stripe.APIVersion + `"}`),
			header: sign([]byte(`{"type":"payment_intent.succeeded","api_version":"`+stripe.APIVersion+`"}`), t0), status: 400, err: ErrMalformedPayload},
		{name: "known type without object", body: []byte(`{"id":"evt_1","type":"payment_intent.succeeded","api_version":"` + stripe.APIVersion + `"}`),
			header: sign([]byte(`{"id":"evt_1","type":"payment_intent.succeeded","api_version":"`+stripe.APIVersion+`"}`), t0), status: 400, err: ErrMalformedPayload},
		{name: "object without id", body: eventJSON("evt_noid", stripe.EventTypePaymentIntentSucceeded, `{"object":"payment_intent"}`),
			header: sign(eventJSON("evt_noid", stripe.EventTypePaymentIntentSucceeded, `{"object":"payment_intent"}`), t0), status: 400, err: ErrMalformedPayload},
		{name: "object of the wrong kind", body: eventJSON("evt_kind", stripe.EventTypePaymentIntentSucceeded, accountJSON),
			header: sign(eventJSON("evt_kind", stripe.EventTypePaymentIntentSucceeded, accountJSON), t0), status: 400, err: ErrMalformedPayload},
		{name: "object of the wrong shape", body: eventJSON("evt_shape", stripe.EventTypePaymentIntentSucceeded, `{"id":"pi_1","amount":"lots"}`),
			header: sign(eventJSON("evt_shape", stripe.EventTypePaymentIntentSucceeded, `{"id":"pi_1","amount":"lots"}`), t0), status: 400, err: ErrMalformedPayload},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			h := newTestHandler(t, r, tt.opts...)
			method := tt.method
			if method == "" {
				method = http.MethodPost
			}
			var body io.Reader = bytes.NewReader(tt.body)
			if tt.chunked {
				body = io.MultiReader(body) // hides the length
			}
			req := httptest.NewRequest(method, "/webhooks", body)
			if tt.chunked {
				req.ContentLength = -1
			}
			if tt.header != "" {
				req.Header.Set("Stripe-Signature", tt.header)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)

			if rec.Code != tt.status {
				t.Errorf("status = %d, want %d (body %q)", rec.Code, tt.status, rec.Body)
			}
			calls, errs := r.snapshot()
			if !slices.Equal(calls, tt.dispatch) {
				t.Errorf("dispatched %q, want %q", calls, tt.dispatch)
			}
			if tt.err == nil {
				if len(errs) != 0 {
					t.Errorf("reported %v, want nothing", errs)
				}
			} else {
				if len(errs) != 1 || !errors.Is(errs[0], tt.err) {
					t.Fatalf("reported %v, want one error matching %v", errs, tt.err)
				}
				var de *DeliveryError
				if !errors.As(errs[0], &de) || de.Status != tt.status {
					t.Errorf("reported %#v, want *DeliveryError with status %d", errs[0], tt.status)
				}
				if got := strings.TrimSpace(rec.Body.String()); got != http.StatusText(tt.status) {
					t.Errorf("response body %q, want the status text only", got)
				}
			}
			if tt.status == 405 && rec.Header().Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q, want POST", rec.Header().Get("Allow"))
			}
		})
	}
}

func TestErrorDetails(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		body  []byte
		at    time.Time
		opts  []Option
		check func(t *testing.T, err error)
	}{
		{name: "timestamp error", body: eventJSON("evt_1", "x.y", "{}"), at: t0.Add(-time.Hour),
			check: func(t *testing.T, err error) {
				var te *TimestampError
				if !errors.As(err, &te) || !te.Timestamp.Equal(t0.Add(-time.Hour)) || !te.Now.Equal(t0) || te.Tolerance != DefaultTolerance {
					t.Fatalf("got %v, want *TimestampError 1h old", err)
				}
				if want := "webhooks: 400 Bad Request: signature timestamp 1h0m0s old (tolerance 5m0s)"; err.Error() != want {
					t.Errorf("Error() = %q, want %q", err, want)
				}
			}},
		{name: "future timestamp error", body: eventJSON("evt_1", "x.y", "{}"), at: t0.Add(time.Hour),
			check: func(t *testing.T, err error) {
				if !strings.Contains(err.Error(), "1h0m0s in the future") {
					t.Errorf("Error() = %q, want it to say 1h in the future", err)
				}
			}},
		{name: "api version error", body: eventJSONVersion("evt_v", stripe.EventTypePaymentIntentSucceeded, piJSON, "2024-06-20"), at: t0,
			check: func(t *testing.T, err error) {
				var ve *APIVersionError
				if !errors.As(err, &ve) || ve.Event != "2024-06-20" || ve.Expected != stripe.APIVersion {
					t.Fatalf("got %v, want *APIVersionError with both versions", err)
				}
				var de *DeliveryError
				if !errors.As(err, &de) || de.EventID != "evt_v" || de.Type != stripe.EventTypePaymentIntentSucceeded {
					t.Errorf("got %#v, want the event named", err)
				}
				for _, s := range []string{"evt_v", "2024-06-20", stripe.APIVersion, "AcceptAPIVersionMismatch"} {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("Error() = %q, want it to contain %q", err, s)
					}
				}
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &recorder{}
			h := newTestHandler(t, r, tt.opts...)
			post(h, tt.body, sign(tt.body, tt.at))
			_, errs := r.snapshot()
			if len(errs) != 1 {
				t.Fatalf("reported %v, want one error", errs)
			}
			tt.check(t, errs[0])
		})
	}
}

func TestDispatchTypes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		typ  stripe.EventType
		obj  string
		want string
	}{
		{stripe.EventTypeFinancialConnectionsAccountCreated, accountJSON, "financial_connections.account.created fca_123"},
		{stripe.EventTypeFinancialConnectionsAccountDeactivated, accountJSON, "financial_connections.account.deactivated fca_123"},
		{stripe.EventTypeFinancialConnectionsAccountReactivated, accountJSON, "financial_connections.account.reactivated fca_123"},
		{stripe.EventTypeFinancialConnectionsAccountDisconnected, accountJSON, "financial_connections.account.disconnected fca_123"},
		{stripe.EventTypeFinancialConnectionsAccountRefreshedBalance, accountJSON, "financial_connections.account.refreshed_balance fca_123 balance"},
		{stripe.EventTypeFinancialConnectionsAccountRefreshedOwnership, accountJSON, "financial_connections.account.refreshed_ownership fca_123 ownership"},
		{stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions, accountJSON, "financial_connections.account.refreshed_transactions fca_123 transactions"},
		{stripe.EventTypePaymentIntentProcessing, piJSON, "payment_intent.processing pi_123"},
		{stripe.EventTypePaymentIntentSucceeded, piJSON, "payment_intent.succeeded pi_123"},
		{stripe.EventTypePaymentIntentPaymentFailed, piJSON, "payment_intent.payment_failed pi_123"},
		{stripe.EventTypePaymentIntentCanceled, piJSON, "payment_intent.canceled pi_123"},
		{stripe.EventTypeSetupIntentSucceeded, siJSON, "setup_intent.succeeded seti_123"},
		{stripe.EventTypeSetupIntentSetupFailed, siJSON, "setup_intent.setup_failed seti_123"},
		{stripe.EventTypeFinancialConnectionsAccountRefreshedBalance + "_v2", accountJSON, "financial_connections.account.refreshed_balance_v2 raw:133"},
	}
	for _, tt := range tests {
		t.Run(string(tt.typ), func(t *testing.T) {
			r := &recorder{}
			h := newTestHandler(t, r)
			body := eventJSON("evt_"+string(tt.typ), tt.typ, tt.obj)
			if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
				t.Fatalf("status %d", rec.Code)
			}
			calls, errs := r.snapshot()
			if len(errs) != 0 || !slices.Equal(calls, []string{tt.want}) {
				t.Fatalf("dispatched %q (errors %v), want %q", calls, errs, tt.want)
			}
			// The envelope reaches the callback.
			var ev Event
			switch e := r.events[0].(type) {
			case AccountEvent:
				ev = e.Event
			case AccountRefreshedEvent:
				ev = e.Event
			case PaymentIntentEvent:
				ev = e.Event
				if e.PaymentIntent.ClientSecret != "" || e.PaymentIntent.Amount != 1234 {
					t.Errorf("PaymentIntent = %+v, want amount 1234 and no client secret", *e.PaymentIntent)
				}
			case SetupIntentEvent:
				ev = e.Event
				if e.SetupIntent.ClientSecret != "" {
					t.Errorf("SetupIntent has a client secret")
				}
			case UnknownEvent:
				ev = e.Event
			}
			want := Event{ID: "evt_" + string(tt.typ), Type: tt.typ, Created: time.Unix(1756728000, 0).UTC(), APIVersion: stripe.APIVersion}
			if ev != want {
				t.Errorf("event = %+v, want %+v", ev, want)
			}
		})
	}
}

func TestNoCallbacks(t *testing.T) {
	t.Parallel()
	// Modelled events without a callback are acknowledged and remembered.
	h, err := NewHandler(testSecret, WithClock(fixedClock{}))
	if err != nil {
		t.Fatal(err)
	}
	body := eventJSON("evt_1", stripe.EventTypePaymentIntentSucceeded, piJSON)
	for i := range 2 {
		if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
			t.Fatalf("delivery %d: status %d", i, rec.Code)
		}
	}
	if done, _ := h.store.(*MemoryStore).Len(); done != 1 {
		t.Errorf("store remembers %d ids, want 1", done)
	}
}

func TestCreatedZero(t *testing.T) {
	t.Parallel()
	// Stripe's null/absent created becomes the zero time, not 1970.
	r := &recorder{}
	h := newTestHandler(t, r)
	body := []byte(`{"id":"evt_1","type":"payment_intent.succeeded","api_version":"` + stripe.APIVersion + `","data":{"object":` + piJSON + `}}`)
	if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	if e := r.events[0].(PaymentIntentEvent); !e.Created.IsZero() {
		t.Errorf("Created = %v, want zero", e.Created)
	}
}

func TestReplay(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	h := newTestHandler(t, r)
	body := eventJSON("evt_replay", stripe.EventTypePaymentIntentSucceeded, piJSON)
	// The same delivery twice (an attacker's replay), then Stripe's retry
	// signed at another time: each acknowledged, dispatched once.
	for i, hdr := range []string{sign(body, t0), sign(body, t0), sign(body, t0.Add(-time.Minute))} {
		if rec := post(h, body, hdr); rec.Code != 200 {
			t.Fatalf("delivery %d: status %d", i, rec.Code)
		}
	}
	calls, errs := r.snapshot()
	if len(calls) != 1 || len(errs) != 0 {
		t.Errorf("dispatched %q, errors %v; want one dispatch, no error", calls, errs)
	}
}

func TestCallbackErrorNotRemembered(t *testing.T) {
	t.Parallel()
	r := &recorder{}
	h := newTestHandler(t, r)
	body := eventJSON("evt_retry", stripe.EventTypePaymentIntentPaymentFailed, piJSON)
	boom := errors.New("database down")

	steps := []struct {
		fail     error
		status   int
		dispatch int // cumulative
		errs     int // cumulative
	}{
		{fail: boom, status: 500, dispatch: 1, errs: 1}, // callback fails: not remembered
		{fail: boom, status: 500, dispatch: 2, errs: 2}, // retried, fails again
		{fail: nil, status: 200, dispatch: 3, errs: 2},  // retried, succeeds
		{fail: nil, status: 200, dispatch: 3, errs: 2},  // duplicate: not dispatched
	}
	for i, s := range steps {
		r.setFail(s.fail)
		if rec := post(h, body, sign(body, t0)); rec.Code != s.status {
			t.Fatalf("step %d: status %d, want %d", i, rec.Code, s.status)
		}
		calls, errs := r.snapshot()
		if len(calls) != s.dispatch || len(errs) != s.errs {
			t.Fatalf("step %d: %d dispatches, %d errors; want %d, %d", i, len(calls), len(errs), s.dispatch, s.errs)
		}
	}
	_, errs := r.snapshot()
	if !errors.Is(errs[0], ErrCallback) || !errors.Is(errs[0], boom) {
		t.Errorf("reported %v, want ErrCallback wrapping the callback's error", errs[0])
	}
	if want := "webhooks: 500 Internal Server Error: event evt_retry payment_intent.payment_failed: callback failed: database down"; errs[0].Error() != want {
		t.Errorf("Error() = %q\nwant      %q", errs[0], want)
	}
}

func TestCallbackPanicReleases(t *testing.T) {
	t.Parallel()
	panics := true
	dispatched := 0
	h, err := NewHandler(testSecret, WithClock(fixedClock{}), OnPaymentSucceeded(func(context.Context, PaymentIntentEvent) error {
		dispatched++
		if panics {
			panic("callback bug")
		}
		return nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	body := eventJSON("evt_panic", stripe.EventTypePaymentIntentSucceeded, piJSON)
	func() {
		defer func() {
			if recover() == nil {
				t.Error("panic did not propagate to net/http")
			}
		}()
		post(h, body, sign(body, t0))
	}()
	panics = false
	if rec := post(h, body, sign(body, t0)); rec.Code != 200 || dispatched != 2 {
		t.Errorf("redelivery: status %d, %d dispatches; want 200, 2", rec.Code, dispatched)
	}
}

func TestConcurrentDuplicates(t *testing.T) {
	t.Parallel()
	// n deliveries of one event at once: the first claims it and blocks in
	// its callback until the other n-1 were answered 409; exactly one
	// dispatch. A later retry is a duplicate.
	const n = 16
	release := make(chan struct{})
	var mu sync.Mutex
	conflicts, dispatched := 0, 0
	h, err := NewHandler(testSecret, WithClock(fixedClock{}),
		OnPaymentSucceeded(func(context.Context, PaymentIntentEvent) error {
			mu.Lock()
			dispatched++
			mu.Unlock()
			<-release
			return nil
		}),
		OnError(func(err error) {
			if !errors.Is(err, ErrInProgress) {
				t.Errorf("reported %v", err)
				return
			}
			mu.Lock()
			defer mu.Unlock()
			if conflicts++; conflicts == n-1 {
				close(release)
			}
		}))
	if err != nil {
		t.Fatal(err)
	}
	body := eventJSON("evt_concurrent", stripe.EventTypePaymentIntentSucceeded, piJSON)
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { codes[i] = post(h, body, sign(body, t0)).Code })
	}
	wg.Wait()
	slices.Sort(codes)
	if want := append([]int{200}, slices.Repeat([]int{409}, n-1)...); !slices.Equal(codes, want) || dispatched != 1 {
		t.Errorf("codes %v, %d dispatches; want one 200, %d×409, one dispatch", codes, dispatched, n-1)
	}
	if rec := post(h, body, sign(body, t0)); rec.Code != 200 || dispatched != 1 {
		t.Errorf("retry: status %d, %d dispatches; want 200, 1", rec.Code, dispatched)
	}
}

func TestConcurrentDistinctEvents(t *testing.T) {
	t.Parallel()
	// Many events, each delivered three times concurrently: each dispatched
	// once (deliveries answered 409 are retried, as Stripe would).
	r := &recorder{}
	h := newTestHandler(t, r)
	const events, copies = 50, 3
	var wg sync.WaitGroup
	for i := range events {
		body := eventJSON("evt_"+strings.Repeat("x", i), stripe.EventTypePaymentIntentProcessing, piJSON)
		for range copies {
			wg.Go(func() {
				for post(h, body, sign(body, t0)).Code == http.StatusConflict {
					runtime.Gosched()
				}
			})
		}
	}
	wg.Wait()
	if calls, _ := r.snapshot(); len(calls) != events {
		t.Errorf("%d dispatches, want %d", len(calls), events)
	}
}

// faultyStore fails the operations set.
type faultyStore struct {
	*MemoryStore
	claim, complete, release error
	answer                   *Claim
}

func (s *faultyStore) Claim(ctx context.Context, id string) (Claim, error) {
	if s.claim != nil {
		return 0, s.claim
	}
	if s.answer != nil {
		return *s.answer, nil
	}
	return s.MemoryStore.Claim(ctx, id)
}

func (s *faultyStore) Complete(ctx context.Context, id string) error {
	if s.complete != nil {
		return s.complete
	}
	return s.MemoryStore.Complete(ctx, id)
}

func (s *faultyStore) Release(ctx context.Context, id string) error {
	if s.release != nil {
		return s.release
	}
	return s.MemoryStore.Release(ctx, id)
}

func TestReplayStoreFailures(t *testing.T) {
	t.Parallel()
	storeErr := errors.New("redis: connection refused")
	bogus := Claim(42)
	tests := []struct {
		name     string
		store    *faultyStore
		fail     error
		status   int
		dispatch int
		err      []error
	}{
		{name: "claim fails", store: &faultyStore{claim: storeErr}, status: 500, err: []error{ErrReplayStore, storeErr}},
		{name: "claim answers nonsense", store: &faultyStore{answer: &bogus}, status: 500, err: []error{ErrReplayStore}},
		{name: "complete fails: acknowledged, reported", store: &faultyStore{complete: storeErr}, status: 200, dispatch: 1, err: []error{ErrReplayStore, storeErr}},
		{name: "release fails after callback error", store: &faultyStore{release: storeErr}, fail: errors.New("boom"), status: 500, dispatch: 1,
			err: []error{ErrCallback, ErrReplayStore, storeErr}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.store.MemoryStore = NewMemoryStore(10, time.Hour)
			r := &recorder{fail: tt.fail}
			h := newTestHandler(t, r, WithReplayStore(tt.store))
			body := eventJSON("evt_store", stripe.EventTypePaymentIntentSucceeded, piJSON)
			if rec := post(h, body, sign(body, t0)); rec.Code != tt.status {
				t.Errorf("status %d, want %d", rec.Code, tt.status)
			}
			calls, errs := r.snapshot()
			if len(calls) != tt.dispatch || len(errs) != 1 {
				t.Fatalf("%d dispatches, errors %v; want %d, one error", len(calls), errs, tt.dispatch)
			}
			for _, want := range tt.err {
				if !errors.Is(errs[0], want) {
					t.Errorf("reported %v, want it to match %v", errs[0], want)
				}
			}
		})
	}
}

func TestRefreshEventsNotify(t *testing.T) {
	t.Parallel()
	n := NewRefreshNotifier()
	r := &recorder{}
	h := newTestHandler(t, r, WithRefreshNotifier(n))

	balance, cancelB := n.Subscribe("fca_123", permissions.RefreshBalance)
	defer cancelB()
	owners, cancelO := n.Subscribe("fca_123", permissions.RefreshOwnership)
	other, cancelOther := n.Subscribe("fca_other", permissions.RefreshBalance)

	body := eventJSON("evt_rb", stripe.EventTypeFinancialConnectionsAccountRefreshedBalance, accountJSON)
	if rec := post(h, body, sign(body, t0)); rec.Code != 200 {
		t.Fatalf("status %d", rec.Code)
	}
	select {
	case <-balance:
	default:
		t.Fatal("balance subscriber not notified")
	}
	for name, ch := range map[string]<-chan struct{}{"ownership": owners, "other account": other} {
		select {
		case <-ch:
			t.Errorf("%s subscriber notified", name)
		default:
		}
	}
	cancelO()
	cancelOther()
	if got := n.subscribers(); got != 0 {
		t.Errorf("%d subscriptions left, want 0", got)
	}
}

func TestNewHandlerErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		secret string
		opts   []Option
		err    error
	}{
		{name: "empty secret", err: ErrNoSecret},
		{name: "zero tolerance", secret: "whsec_secret_xyz", opts: []Option{WithTolerance(0)}, err: fincon.ErrInvalidOption},
		{name: "negative body cap", secret: "whsec_secret_xyz", opts: []Option{WithMaxBodyBytes(-1)}, err: fincon.ErrInvalidOption},
		{name: "nil clock", secret: "whsec_secret_xyz", opts: []Option{WithClock(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil store", secret: "whsec_secret_xyz", opts: []Option{WithReplayStore(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil notifier", secret: "whsec_secret_xyz", opts: []Option{WithRefreshNotifier(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil OnError", secret: "whsec_secret_xyz", opts: []Option{OnError(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil callback", secret: "whsec_secret_xyz", opts: []Option{OnPaymentSucceeded(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil account callback", secret: "whsec_secret_xyz", opts: []Option{OnAccountCreated(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil refresh callback", secret: "whsec_secret_xyz", opts: []Option{OnAccountRefreshed(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil setup callback", secret: "whsec_secret_xyz", opts: []Option{OnSetupFailed(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil unknown callback", secret: "whsec_secret_xyz", opts: []Option{OnUnknown(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil logger", secret: "whsec_secret_xyz", opts: []Option{WithLogger(nil)}, err: fincon.ErrInvalidOption},
		{name: "nil option", secret: "whsec_secret_xyz", opts: []Option{nil}, err: fincon.ErrInvalidOption},
		{name: "nil option after valid ones", secret: "whsec_secret_xyz", opts: []Option{WithTolerance(time.Minute), nil}, err: fincon.ErrInvalidOption},
		{name: "valid options", secret: "whsec_secret_xyz", opts: []Option{WithTolerance(time.Minute), WithLogger(slog.New(slog.DiscardHandler))}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := NewHandler(tt.secret, tt.opts...)
			if !errors.Is(err, tt.err) || (err == nil) != (h != nil) {
				t.Fatalf("NewHandler = %v, %v; want error %v", h, err, tt.err)
			}
			if err != nil && strings.Contains(err.Error(), tt.secret) && tt.secret != "" {
				t.Errorf("error %q contains the secret", err)
			}
			var oe *fincon.OptionError
			if tt.err == fincon.ErrInvalidOption && (!errors.As(err, &oe) || !strings.HasPrefix(oe.Option, "webhooks.") || oe.Reason == "") {
				t.Errorf("error %v: want a *fincon.OptionError naming a webhooks option, with a reason", err)
			}
		})
	}
}
