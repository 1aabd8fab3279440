package fctest_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
)

// TestFaultKinds injects each kind once on a PaymentIntent creation, then
// retries with the same Idempotency-Key and checks what the first attempt
// left behind.
func TestFaultKinds(t *testing.T) {
	t.Parallel()
	tests := []struct {
		kind       fctest.FaultKind
		status     int // 0: transport error
		errType    string
		errCode    string
		retryAfter string
		committed  bool // the first attempt created the PaymentIntent
	}{
		{fctest.FaultServerErrorBeforeCommit, 500, "api_error", "", "", false},
		{fctest.FaultServerErrorAfterCommit, 500, "api_error", "", "", true},
		{fctest.FaultUnavailableBeforeCommit, 503, "api_error", "", "", false},
		{fctest.FaultUnavailableAfterCommit, 503, "api_error", "", "", true},
		{fctest.FaultLockTimeout, 429, "invalid_request_error", "lock_timeout", "", false},
		{fctest.FaultRateLimit, 429, "invalid_request_error", "rate_limit", "1", false},
		{fctest.FaultIdempotencyKeyInUse, 409, "invalid_request_error", "idempotency_key_in_use", "", false},
		{fctest.FaultDropBeforeCommit, 0, "", "", "", false},
		{fctest.FaultDropAfterCommit, 0, "", "", "", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			sim, sc := setup(t)
			cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
			sim.InjectFaults(fctest.FaultPlan{
				Sequence: []fctest.FaultKind{tt.kind},
				Match:    fctest.MatchPath(http.MethodPost, "/v1/payment_intents"),
			})
			req, _ := http.NewRequest(http.MethodPost, sim.URL()+"/v1/payment_intents", nil)
			form := piForm(cus, ids[0], "5000")
			resp, err := roundTrip(sim, req, form, "order-1")
			if tt.status == 0 {
				if !errors.Is(err, fctest.ErrConnectionDropped) || !errors.Is(err, syscall.ECONNRESET) {
					t.Fatalf("err = %v, want a dropped connection", err)
				}
			} else {
				if err != nil {
					t.Fatal(err)
				}
				if resp.status != tt.status {
					t.Fatalf("status %d, want %d", resp.status, tt.status)
				}
				e := resp.apiErr(t)
				if string(e.Type) != tt.errType || string(e.Code) != tt.errCode {
					t.Fatalf("error %s/%s, want %s/%s", e.Type, e.Code, tt.errType, tt.errCode)
				}
				if got := resp.header.Get("Retry-After"); got != tt.retryAfter {
					t.Fatalf("Retry-After %q, want %q", got, tt.retryAfter)
				}
				if resp.header.Get("Request-Id") == "" {
					t.Fatal("no Request-Id")
				}
			}
			if n := len(sim.PaymentIntents()); (n == 1) != tt.committed {
				t.Fatalf("after the fault: %d payment intents, committed=%v", n, tt.committed)
			}
			retry := raw(t, sim, http.MethodPost, "/v1/payment_intents", form, "Idempotency-Key", "order-1")
			if retry.status != http.StatusOK {
				t.Fatalf("retry: %d %s", retry.status, retry.body)
			}
			if replayed := retry.header.Get("Idempotent-Replayed") == "true"; replayed != tt.committed {
				t.Fatalf("retry replayed=%v, want %v", replayed, tt.committed)
			}
			if n := len(sim.PaymentIntents()); n != 1 {
				t.Fatalf("payment intents = %d, want exactly 1", n)
			}
			if st := sim.Stats(); st.Faults[tt.kind] != 1 || st.FaultsInjected() != 1 {
				t.Fatalf("fault counters: %+v", st.Faults)
			}
		})
	}
}

func roundTrip(sim *fctest.Sim, req *http.Request, form url.Values, key string) (rawResp, error) {
	r, _ := http.NewRequestWithContext(req.Context(), req.Method, req.URL.String(), stringsReader(form.Encode()))
	r.Header.Set("Authorization", "Bearer "+testKey)
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if key != "" {
		r.Header.Set("Idempotency-Key", key)
	}
	resp, err := sim.Transport().RoundTrip(r)
	if err != nil {
		return rawResp{}, err
	}
	defer resp.Body.Close()
	b, err := readAll(resp.Body)
	return rawResp{resp.StatusCode, resp.Header, b}, err
}

// TestSlowResponse: the request commits, the response outlives the
// client's deadline, and the retry is answered from the idempotency store.
func TestSlowResponse(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sim, sc := setup(t)
		cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
		sim.InjectFaults(fctest.FaultPlan{
			Sequence: []fctest.FaultKind{fctest.FaultSlowResponse},
			Latency:  2 * time.Second,
			Match:    fctest.MatchPath(http.MethodPost, "/v1/payment_intents"),
		})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		p := piParams(cus, ids[0], 3000)
		p.SetIdempotencyKey("slow-1")
		start := time.Now()
		_, err := sc.V1PaymentIntents.Create(ctx, p)
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v, want deadline exceeded", err)
		}
		if waited := time.Since(start); waited != time.Second {
			t.Fatalf("gave up after %v, want 1s", waited)
		}
		if n := len(sim.PaymentIntents()); n != 1 {
			t.Fatalf("committed intents = %d", n)
		}
		p = piParams(cus, ids[0], 3000)
		p.SetIdempotencyKey("slow-1")
		pi, err := sc.V1PaymentIntents.Create(context.Background(), p)
		if err != nil || pi.LastResponse.Header.Get("Idempotent-Replayed") != "true" {
			t.Fatalf("retry: %v", err)
		}
	})
}

// TestSlowBeforeCommit: a client that gives up while the request is held
// before execution leaves no trace.
func TestSlowBeforeCommit(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		sim, sc := setup(t)
		sim.InjectFaults(fctest.FaultPlan{Sequence: []fctest.FaultKind{fctest.FaultSlowBeforeCommit}, Latency: time.Minute})
		ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
		defer cancel()
		_, err := sc.V1Customers.Create(ctx, &stripe.CustomerCreateParams{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		if n := len(sim.Customers()); n != 0 {
			t.Fatalf("customers = %d, want 0", n)
		}
		recs := sim.Requests()
		if last := recs[len(recs)-1]; !last.Canceled || last.Fault != fctest.FaultSlowBeforeCommit {
			t.Fatalf("record = %+v", last)
		}
	})
}

// TestDropOverRealSocket: with the httptest server, a dropped connection is
// a real I/O error for the client, and the change is committed.
func TestDropOverRealSocket(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	base, stop := sim.Serve()
	t.Cleanup(stop)
	sim.InjectFaults(fctest.FaultPlan{Sequence: []fctest.FaultKind{fctest.FaultDropAfterCommit}})
	req, _ := http.NewRequest(http.MethodPost, base+"/v1/customers", stringsReader("name=x"))
	req.Header.Set("Authorization", "Bearer "+testKey)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	client := &http.Client{Transport: &http.Transport{}}
	defer client.CloseIdleConnections()
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d), want a connection error", resp.StatusCode)
	}
	if n := len(sim.Customers()); n != 1 {
		t.Fatalf("customers = %d, want 1", n)
	}
}

func TestFaultPlanDeterministic(t *testing.T) {
	t.Parallel()
	run := func() []fctest.FaultKind {
		sim, _ := setup(t)
		sim.InjectFaults(fctest.FaultPlan{Seed: 7, Probability: 0.3, Match: fctest.MatchPath(http.MethodPost, "/v1/customers")})
		for range 200 {
			req, _ := http.NewRequest(http.MethodPost, sim.URL()+"/v1/customers", nil)
			_, _ = roundTrip(sim, req, url.Values{}, "")
			req, _ = http.NewRequest(http.MethodGet, sim.URL()+"/v1/customers/cus_x", nil)
			_, _ = roundTrip(sim, req, nil, "") // not matched: never faulted
		}
		var kinds []fctest.FaultKind
		for _, r := range sim.Requests() {
			if r.Method == http.MethodGet && r.Fault != "" {
				t.Fatalf("unmatched request faulted: %+v", r)
			}
			kinds = append(kinds, r.Fault)
		}
		return kinds
	}
	a, b := run(), run()
	n := 0
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("request %d: %q vs %q", i, a[i], b[i])
		}
		if a[i] != "" {
			n++
		}
	}
	if n < 40 || n > 80 {
		t.Fatalf("%d faults in 200 matching requests at p=0.3", n)
	}
}

func TestFaultPlanMax(t *testing.T) {
	t.Parallel()
	sim, _ := setup(t)
	sim.InjectFaults(fctest.FaultPlan{Probability: 1, Kinds: []fctest.FaultKind{fctest.FaultLockTimeout}, Max: 3})
	codes := map[int]int{}
	for range 10 {
		codes[raw(t, sim, http.MethodPost, "/v1/customers", nil).status]++
	}
	if codes[429] != 3 || codes[200] != 7 {
		t.Fatalf("statuses %v", codes)
	}
	sim.ClearFaults()
	if r := raw(t, sim, http.MethodPost, "/v1/customers", nil); r.status != 200 {
		t.Fatalf("after ClearFaults: %d", r.status)
	}
}

// TestConcurrentFaultsExactlyOnce: many goroutines create PaymentIntents
// with their own keys through 30% faults, retrying until success; the
// server ends with exactly one PaymentIntent per key.
func TestConcurrentFaultsExactlyOnce(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	cus, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	sim.InjectFaults(fctest.FaultPlan{Seed: 3, Probability: 0.3, Match: fctest.MatchPath(http.MethodPost, "/v1/payment_intents")})
	const workers, perWorker = 8, 25
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				key := "order-" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
				for attempt := 0; ; attempt++ {
					if attempt > 50 {
						t.Errorf("%s: too many attempts", key)
						return
					}
					req, _ := http.NewRequest(http.MethodPost, sim.URL()+"/v1/payment_intents", nil)
					r, err := roundTrip(sim, req, piForm(cus, ids[0], "1000"), key)
					if err == nil && r.status == http.StatusOK {
						break
					}
				}
			}
		}()
	}
	wg.Wait()
	st := sim.Stats()
	if n := len(sim.PaymentIntents()); n != workers*perWorker {
		t.Fatalf("payment intents = %d, want %d (faults %v)", n, workers*perWorker, st.Faults)
	}
	if st.FaultsInjected() == 0 || st.IdempotentReplays == 0 {
		t.Fatalf("expected faults and replays: %+v", st)
	}
}

// TestInjectFaultsRefusesInvalidPlans: a plan that could not inject what it
// names is refused with ErrInvalidFaultPlan and leaves the current plan in
// place; before, an unknown kind such as "slow" injected nothing at all.
func TestInjectFaultsRefusesInvalidPlans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		plan fctest.FaultPlan
		want string
	}{
		{"unknown kind", fctest.FaultPlan{Probability: 1, Kinds: []fctest.FaultKind{"slow"}}, `Kinds[0]: unknown fault kind "slow"`},
		{"unknown in sequence", fctest.FaultPlan{Sequence: []fctest.FaultKind{"", "drop"}}, `Sequence[1]: unknown fault kind "drop"`},
		{"probability above 1", fctest.FaultPlan{Probability: 1.5}, "Probability"},
		{"negative probability", fctest.FaultPlan{Probability: -0.1}, "Probability"},
		{"negative latency", fctest.FaultPlan{Latency: -time.Second}, "Latency"},
		{"negative max", fctest.FaultPlan{Max: -1}, "Max"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sim, _ := setup(t)
			keep := fctest.FaultPlan{Sequence: []fctest.FaultKind{fctest.FaultServerErrorBeforeCommit}}
			if err := sim.InjectFaults(keep); err != nil {
				t.Fatalf("valid plan refused: %v", err)
			}
			err := sim.InjectFaults(tt.plan)
			if !errors.Is(err, fctest.ErrInvalidFaultPlan) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("InjectFaults = %v, want ErrInvalidFaultPlan naming %s", err, tt.want)
			}
			// The valid plan is still in force: the next request is faulted.
			if r := raw(t, sim, http.MethodPost, "/v1/customers", url.Values{}); r.status != http.StatusInternalServerError {
				t.Errorf("status %d, want the earlier plan's 500", r.status)
			}
		})
	}
}
