package fctest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/webhook"
)

const whsec = "whsec_test_secret"

// recorder is a webhook endpoint that verifies signatures with stripe-go.
type recorder struct {
	mu     sync.Mutex
	events []stripe.Event
	errs   []error
	opts   webhook.ConstructEventOptions
	onEvt  func(stripe.Event)
}

func (r *recorder) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	ev, err := webhook.ConstructEventWithOptions(body, req.Header.Get("Stripe-Signature"), whsec, r.opts)
	r.mu.Lock()
	if err != nil {
		r.errs = append(r.errs, err)
		r.mu.Unlock()
		http.Error(w, "bad signature", http.StatusBadRequest)
		return
	}
	r.events = append(r.events, ev)
	r.mu.Unlock()
	if r.onEvt != nil {
		r.onEvt(ev)
	}
}

func (r *recorder) types() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, e := range r.events {
		out = append(out, string(e.Type))
	}
	return out
}

func TestWebhooksSignedAndOrdered(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &recorder{}
	sim, sc := setup(t, fctest.WithWebhookHandler(rec, whsec))
	cus, ids := linked(t, sim, sc, allPerms, []string{"balances", "ownership", "transactions"}, fctest.InstitutionSuccess)
	sim.Clock().Advance(time.Minute)
	pi, err := sc.V1PaymentIntents.Create(ctx, piParams(cus, ids[0], 1000))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sc.V1PaymentIntents.Confirm(ctx, pi.ID, &stripe.PaymentIntentConfirmParams{MandateData: mandateOnline()}); err != nil {
		t.Fatal(err)
	}
	sim.Clock().Advance(7 * 24 * time.Hour)
	if _, err := sc.V1FinancialConnectionsAccounts.Disconnect(ctx, ids[0], nil); err != nil {
		t.Fatal(err)
	}
	want := []string{
		fctest.EventAccountCreated,
		fctest.EventAccountRefreshedBalance, fctest.EventAccountRefreshedOwnership, fctest.EventAccountRefreshedTransactions,
		fctest.EventPaymentIntentProcessing, fctest.EventPaymentIntentSucceeded,
		fctest.EventAccountDisconnected,
	}
	got := rec.types()
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("events\n got %v\nwant %v", got, want)
	}
	if len(rec.errs) != 0 {
		t.Fatalf("verification errors: %v", rec.errs)
	}
	for _, d := range sim.Deliveries() {
		if d.StatusCode != http.StatusOK || !strings.HasPrefix(d.Signature, "t=") {
			t.Fatalf("delivery %+v", d)
		}
	}
	ev := rec.events[4]
	if ev.Request == nil || ev.Request.ID == "" || ev.Data.Object["id"] != pi.ID {
		t.Fatalf("processing event: %+v", ev)
	}
	if rec.events[5].Request != nil && rec.events[5].Request.ID != "" {
		t.Fatalf("automatic event carries a request id: %+v", rec.events[5].Request)
	}

	// Redelivery keeps the event id.
	if err := sim.ResendEvent(ev.ID); err != nil {
		t.Fatal(err)
	}
	if last := rec.events[len(rec.events)-1]; last.ID != ev.ID {
		t.Fatalf("resent %s, got %s", ev.ID, last.ID)
	}
	if err := sim.ResendEvent("evt_nope"); err == nil {
		t.Fatal("want error")
	}
}

func TestWebhookOtherAPIVersion(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	sim, sc := setup(t, fctest.WithWebhookHandler(rec, whsec), fctest.WithWebhookAPIVersion("2024-06-20"))
	linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	if len(rec.events) != 0 || len(rec.errs) != 1 {
		t.Fatalf("events %d errs %v", len(rec.events), rec.errs)
	}
	rec.opts.IgnoreAPIVersionMismatch = true
	if err := sim.ResendEvent(sim.Events()[0].ID); err != nil {
		t.Fatal(err)
	}
	if len(rec.events) != 1 || rec.events[0].APIVersion != "2024-06-20" {
		t.Fatalf("with opt-in: %+v", rec.events)
	}
}

func TestWebhookWrongSecretRejected(t *testing.T) {
	t.Parallel()
	rec := &recorder{}
	sim, sc := setup(t)
	sim.SetWebhookHandler(rec, "whsec_other")
	linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	if len(rec.errs) != 1 || sim.Deliveries()[0].StatusCode != http.StatusBadRequest {
		t.Fatalf("errs %v deliveries %+v", rec.errs, sim.Deliveries())
	}
}

// TestWebhookURLAndCallback delivers over HTTP to a handler that calls back
// into the simulator while handling the event.
func TestWebhookURLAndCallback(t *testing.T) {
	t.Parallel()
	sim, sc := setup(t)
	var fetched []string
	rec := &recorder{onEvt: func(ev stripe.Event) {
		if ev.Type != "financial_connections.account.created" {
			return
		}
		a, err := sc.V1FinancialConnectionsAccounts.GetByID(context.Background(), ev.Data.Object["id"].(string), nil)
		if err != nil {
			t.Error(err)
			return
		}
		fetched = append(fetched, a.ID)
	}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	sim.SetWebhookURL(srv.URL, whsec, srv.Client())
	_, ids := linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess, fctest.InstitutionSavings)
	if len(fetched) != 2 || fetched[0] != ids[0] {
		t.Fatalf("fetched %v, linked %v", fetched, ids)
	}
	sim.SetWebhookURL("", "", nil)
	linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
	if len(fetched) != 2 {
		t.Fatal("delivered after delivery was switched off")
	}
}

func TestSignPayload(t *testing.T) {
	t.Parallel()
	payload := []byte(`{"id":"evt_1","object":"event","api_version":"` + stripe.APIVersion + `","type":"x","data":{"object":{}}}`)
	now := time.Now()
	if err := webhook.ValidatePayload(payload, fctest.SignPayload(payload, "s", now), "s"); err != nil {
		t.Fatal(err)
	}
	if err := webhook.ValidatePayload(payload, fctest.SignPayload(payload, "s", now.Add(-time.Hour)), "s"); err == nil {
		t.Fatal("stale signature accepted")
	}
	if err := webhook.ValidatePayload(payload, fctest.SignPayload(payload, "other", now), "s"); err == nil {
		t.Fatal("wrong secret accepted")
	}
}

// TestSignatureTime checks which clock signs deliveries: the wall clock by
// default, the simulated clock with WithSimulatedSignatureTime, and the
// given one with WithSignatureTime, the last option winning.
func TestSignatureTime(t *testing.T) {
	t.Parallel()
	fixed := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	sim0 := fctest.DefaultStart()
	tests := []struct {
		name string
		opts []fctest.Option
		want func(wall time.Time) time.Time // zero: within a minute of wall
	}{
		{"default: wall clock", nil, nil},
		{"simulated", []fctest.Option{fctest.WithSimulatedSignatureTime()}, func(time.Time) time.Time { return sim0 }},
		{"given clock", []fctest.Option{fctest.WithSignatureTime(func() time.Time { return fixed })}, func(time.Time) time.Time { return fixed }},
		{"simulated, then given clock", []fctest.Option{fctest.WithSimulatedSignatureTime(), fctest.WithSignatureTime(func() time.Time { return fixed })}, func(time.Time) time.Time { return fixed }},
		{"given clock, then simulated", []fctest.Option{fctest.WithSignatureTime(func() time.Time { return fixed }), fctest.WithSimulatedSignatureTime()}, func(time.Time) time.Time { return sim0 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{opts: webhook.ConstructEventOptions{IgnoreTolerance: true}}
			sim, sc := setup(t, append([]fctest.Option{fctest.WithWebhookHandler(rec, whsec)}, tt.opts...)...)
			wall := time.Now()
			linked(t, sim, sc, allPerms, nil, fctest.InstitutionSuccess)
			ds := sim.Deliveries()
			if len(ds) == 0 {
				t.Fatal("no delivery")
			}
			ts, _, _ := strings.Cut(strings.TrimPrefix(ds[0].Signature, "t="), ",")
			sec, err := strconv.ParseInt(ts, 10, 64)
			if err != nil {
				t.Fatalf("signature %q: %v", ds[0].Signature, err)
			}
			got := time.Unix(sec, 0).UTC()
			if tt.want == nil {
				if d := got.Sub(wall); d < -time.Minute || d > time.Minute {
					t.Errorf("signed at %v, want about the wall clock %v", got, wall)
				}
				return
			}
			if want := tt.want(wall).Truncate(time.Second); !got.Equal(want) {
				t.Errorf("signed at %v, want %v", got, want)
			}
		})
	}
}
