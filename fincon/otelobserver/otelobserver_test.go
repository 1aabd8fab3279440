package otelobserver_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"testing/synctest"

	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/otelobserver"
)

// env is an observer recording into an in-memory exporter and reader.
type env struct {
	spans  *tracetest.InMemoryExporter
	reader *sdkmetric.ManualReader
	obs    *otelobserver.Observer
}

func setup(t *testing.T) *env {
	t.Helper()
	e := &env{spans: tracetest.NewInMemoryExporter(), reader: sdkmetric.NewManualReader()}
	var err error
	e.obs, err = otelobserver.New(
		otelobserver.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSyncer(e.spans))),
		otelobserver.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(e.reader))))
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// counts returns each metric's count (see count in example_test.go).
func (e *env) counts(t *testing.T) map[string]int64 {
	t.Helper()
	var rm metricdata.ResourceMetrics
	if err := e.reader.Collect(context.Background(), &rm); err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != otelobserver.ScopeName {
			t.Errorf("scope %q, want %q", sm.Scope.Name, otelobserver.ScopeName)
		}
		for _, m := range sm.Metrics {
			out[m.Name] = count(m.Data)
		}
	}
	return out
}

func TestNewRejectsNil(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]otelobserver.Option{
		"nil option": nil,
		"nil tracer": otelobserver.WithTracerProvider(nil),
		"nil meter":  otelobserver.WithMeterProvider(nil),
	} {
		_, err := otelobserver.New(opt)
		var oe *fincon.OptionError
		if !errors.As(err, &oe) || !errors.Is(err, fincon.ErrInvalidOption) {
			t.Errorf("%s: err = %v, want *fincon.OptionError", name, err)
		}
	}
}

// TestRetriesAnd429 records a read retried after a 429 and a 500, and a
// read that fails with a Stripe error.
func TestRetriesAnd429(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) { testRetriesAnd429(t) })
}

func testRetriesAnd429(t *testing.T) {
	e := setup(t)
	sim, err := fctest.New()
	if err != nil {
		t.Fatal(err)
	}
	id, err := linkAccount(t.Context(), sim)
	if err != nil {
		t.Fatal(err)
	}
	// The retry waits run on synctest's fake time.
	c := fctestclient.ForTest(t, sim, fincon.WithObserver(e.obs))
	sim.InjectFaults(fctest.FaultPlan{
		Sequence: []fctest.FaultKind{fctest.FaultLockTimeout, fctest.FaultServerErrorBeforeCommit},
		Match:    fctest.MatchPath(http.MethodGet, "/v1/financial_connections/accounts/"),
	})
	if _, err := c.GetAccount(t.Context(), id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccount(t.Context(), "fca_Missing1"); err == nil {
		t.Fatal("want an error for a missing account")
	}
	spans := e.spans.GetSpans()
	if len(spans) != 2 {
		t.Fatalf("%d spans, want 2", len(spans))
	}
	ok, failed := spans[0], spans[1]
	if ok.Name != "GET /v1/financial_connections/accounts/{id}" || len(ok.Events) != 3 || ok.Status.Code == codes.Error {
		t.Errorf("span %q: %d events, status %v; want 3 attempts, no error", ok.Name, len(ok.Events), ok.Status)
	}
	var statuses []int64
	for _, ev := range ok.Events {
		for _, kv := range ev.Attributes {
			if kv.Key == "http.response.status_code" {
				statuses = append(statuses, kv.Value.AsInt64())
			}
		}
	}
	if len(statuses) != 3 || statuses[0] != 429 || statuses[1] != 500 || statuses[2] != 200 {
		t.Errorf("attempt statuses = %v, want [429 500 200]", statuses)
	}
	if failed.Status.Code != codes.Error || !strings.Contains(failed.Status.Description, "resource_missing") {
		t.Errorf("failed span status = %+v", failed.Status)
	}
	attrs := map[string]string{}
	for _, kv := range failed.Attributes {
		attrs[string(kv.Key)] = kv.Value.String()
	}
	if attrs["fincon.object.id"] != "fca_Missing1" || attrs["stripe.error.type"] != "invalid_request_error" ||
		attrs["http.response.status_code"] != "404" || !strings.HasPrefix(attrs["stripe.request_id"], "req_") {
		t.Errorf("failed span attributes = %v", attrs)
	}
	got := e.counts(t)
	want := map[string]int64{
		"fincon.requests": 4, "fincon.retries": 2, "fincon.rate_limited": 1,
		"fincon.limiter.wait": 4, "fincon.operation.duration": 2,
	}
	for name, n := range want {
		if got[name] != n {
			t.Errorf("%s = %d, want %d (all: %v)", name, got[name], n, got)
		}
	}
}
