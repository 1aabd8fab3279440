package otelobserver_test

import (
	"context"
	"testing"

	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/fincon/otelobserver"
)

// noop is an Observer that does nothing: the cost of the seam itself.
type noop struct{}

func (noop) StartOperation(ctx context.Context, _ fincon.Operation) context.Context { return ctx }
func (noop) Attempt(context.Context, fincon.Operation, fincon.Attempt)              {}
func (noop) EndOperation(context.Context, fincon.Operation, fincon.OperationEnd)    {}

// BenchmarkObserver measures one GetAccount on the simulator's in-memory
// transport with no observer, a no-op observer and the OpenTelemetry
// adapter (SDK tracer that samples every span, no exporter; SDK meter
// with a manual reader). -count repeats each sub-benchmark back to back,
// so interleave runs of the test binary instead, with a fixed iteration
// count (the simulator's request log grows), and compare with benchstat:
//
//	go test -c -o obs.test ./fincon/otelobserver
//	for i in 1 2 3 4 5 6; do ./obs.test -test.run '^$' -test.bench Observer -test.benchmem -test.benchtime 20000x; done > obs.txt
//	benchstat -col /observer obs.txt
func BenchmarkObserver(b *testing.B) {
	otelObs, err := otelobserver.New(
		otelobserver.WithTracerProvider(sdktrace.NewTracerProvider()),
		otelobserver.WithMeterProvider(sdkmetric.NewMeterProvider(sdkmetric.WithReader(sdkmetric.NewManualReader()))))
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		opts []fincon.Option
	}{
		{"none", nil},
		{"noop", []fincon.Option{fincon.WithObserver(noop{})}},
		{"otel", []fincon.Option{fincon.WithObserver(otelObs)}},
	} {
		b.Run("observer="+bc.name, func(b *testing.B) {
			ctx := context.Background()
			sim, err := fctest.New()
			if err != nil {
				b.Fatal(err)
			}
			id, err := linkAccount(ctx, sim)
			if err != nil {
				b.Fatal(err)
			}
			c := fctestclient.ForTest(b, sim, bc.opts...)
			for b.Loop() {
				if _, err := c.GetAccount(ctx, id); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
