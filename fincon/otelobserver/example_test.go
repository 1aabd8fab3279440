package otelobserver_test

import (
	"context"
	"fmt"
	"slices"
	"strings"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/otelobserver"
	"github.com/fcsdk/fcsdk/permissions"
)

// What one RefreshAndWait records on the simulator: a span per Stripe
// request (the refresh, then the polls of the account until the refresh
// succeeded), an attempt event in each, and the metrics with the number of
// values each recorded. fincon.retries and fincon.rate_limited record
// nothing here: no attempt was retried or answered 429.
func Example() {
	ctx := context.Background()
	spans := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(spans))
	reader := sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(reader))
	obs, err := otelobserver.New(otelobserver.WithTracerProvider(tp), otelobserver.WithMeterProvider(mp))
	if err != nil {
		fmt.Println(err)
		return
	}

	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	id, err := linkAccount(ctx, sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim, fincon.WithObserver(obs))
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := client.RefreshAndWait(ctx, id, permissions.RefreshBalance); err != nil {
		fmt.Println(err)
		return
	}

	for _, s := range spans.GetSpans() {
		fmt.Println("span", s.Name)
		for _, e := range s.Events {
			var n, status int64
			for _, kv := range e.Attributes {
				switch kv.Key {
				case "attempt.number":
					n = kv.Value.AsInt64()
				case "http.response.status_code":
					status = kv.Value.AsInt64()
				}
			}
			fmt.Printf("  event %s %d: status %d\n", e.Name, n, status)
		}
	}
	var rm metricdata.ResourceMetrics
	if err := reader.Collect(ctx, &rm); err != nil {
		fmt.Println(err)
		return
	}
	for _, sm := range rm.ScopeMetrics {
		slices.SortFunc(sm.Metrics, func(a, b metricdata.Metrics) int { return strings.Compare(a.Name, b.Name) })
		for _, m := range sm.Metrics {
			fmt.Printf("metric %s: %d\n", m.Name, count(m.Data))
		}
	}
	// Output:
	// span POST /v1/financial_connections/accounts/{id}/refresh
	//   event attempt 1: status 200
	// span GET /v1/financial_connections/accounts/{id}
	//   event attempt 1: status 200
	// span GET /v1/financial_connections/accounts/{id}
	//   event attempt 1: status 200
	// span GET /v1/financial_connections/accounts/{id}
	//   event attempt 1: status 200
	// span GET /v1/financial_connections/accounts/{id}
	//   event attempt 1: status 200
	// span GET /v1/financial_connections/accounts/{id}
	//   event attempt 1: status 200
	// metric fincon.limiter.wait: 6
	// metric fincon.operation.duration: 6
	// metric fincon.requests: 6
}

// count is a counter's sum, or the number of values a histogram recorded.
func count(d metricdata.Aggregation) int64 {
	var n int64
	switch d := d.(type) {
	case metricdata.Sum[int64]:
		for _, p := range d.DataPoints {
			n += p.Value
		}
	case metricdata.Histogram[float64]:
		for _, p := range d.DataPoints {
			n += int64(p.Count)
		}
	}
	return n
}

// linkAccount links one account with balances through a client without an
// observer, and returns its id.
func linkAccount(ctx context.Context, sim *fctest.Sim) (string, error) {
	c, err := fctestclient.New(sim)
	if err != nil {
		return "", err
	}
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		return "", err
	}
	perms, err := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	if err != nil {
		return "", err
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		return "", err
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		return "", err
	}
	return ids[0], nil
}
