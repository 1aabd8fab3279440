package otelobserver

import (
	"context"
	"net/http"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	"go.opentelemetry.io/otel/trace"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/option"
)

// ScopeName is the instrumentation scope of the tracer and the meter.
const ScopeName = "github.com/fcsdk/fcsdk/fincon"

// Observer is a fincon.Observer that records to OpenTelemetry. Build it
// with New; it is safe for concurrent use by any number of clients.
type Observer struct {
	tracer      trace.Tracer
	requests    metric.Int64Counter
	retries     metric.Int64Counter
	rateLimited metric.Int64Counter
	limiterWait metric.Float64Histogram
	duration    metric.Float64Histogram
}

var _ fincon.Observer = (*Observer)(nil)

// Option configures New.
type Option func(*config) error

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// optErr returns the error of option opt (named without the package)
// refusing its argument.
func optErr(opt, format string, args ...any) error {
	return option.New(nil, "otelobserver."+opt, format, args...)
}

// WithTracerProvider records spans with tp instead of otel's global
// TracerProvider. A nil tp makes New fail with a *fincon.OptionError.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) error {
		if tp == nil {
			return optErr("WithTracerProvider", "nil TracerProvider")
		}
		c.tp = tp
		return nil
	}
}

// WithMeterProvider records metrics with mp instead of otel's global
// MeterProvider. A nil mp makes New fail with a *fincon.OptionError.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) error {
		if mp == nil {
			return optErr("WithMeterProvider", "nil MeterProvider")
		}
		c.mp = mp
		return nil
	}
}

// New returns an Observer for fincon.WithObserver. Without options it uses
// otel.GetTracerProvider() and otel.GetMeterProvider(). It fails with a
// *fincon.OptionError (errors.Is fincon.ErrInvalidOption) on a nil Option
// or provider, or with the meter's error when an instrument cannot be
// created.
func New(opts ...Option) (*Observer, error) {
	cfg := config{tp: otel.GetTracerProvider(), mp: otel.GetMeterProvider()}
	for i, o := range opts {
		if o == nil {
			return nil, optErr("Option", "option %d is nil", i)
		}
		if err := o(&cfg); err != nil {
			return nil, err
		}
	}
	m := cfg.mp.Meter(ScopeName)
	o := &Observer{tracer: cfg.tp.Tracer(ScopeName)}
	var err error
	if o.requests, err = m.Int64Counter("fincon.requests", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP attempts sent to Stripe")); err != nil {
		return nil, err
	}
	if o.retries, err = m.Int64Counter("fincon.retries", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP attempts after the first of an operation")); err != nil {
		return nil, err
	}
	if o.rateLimited, err = m.Int64Counter("fincon.rate_limited", metric.WithUnit("{request}"),
		metric.WithDescription("HTTP attempts answered 429")); err != nil {
		return nil, err
	}
	if o.limiterWait, err = m.Float64Histogram("fincon.limiter.wait", metric.WithUnit("s"),
		metric.WithDescription("Wait for the client-side rate limiter before an attempt")); err != nil {
		return nil, err
	}
	if o.duration, err = m.Float64Histogram("fincon.operation.duration", metric.WithUnit("s"),
		metric.WithDescription("Duration of an operation, retries and waits included")); err != nil {
		return nil, err
	}
	return o, nil
}

// StartOperation implements fincon.Observer: it starts the operation's
// span as a child of the span in ctx, if any.
func (o *Observer) StartOperation(ctx context.Context, op fincon.Operation) context.Context {
	attrs := make([]attribute.KeyValue, 0, 2)
	if op.ID != "" {
		attrs = append(attrs, attribute.String("fincon.object.id", op.ID))
	}
	if op.StripeAccount != "" {
		attrs = append(attrs, attribute.String("stripe.account", op.StripeAccount))
	}
	ctx, _ = o.tracer.Start(ctx, op.Name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(attrs...))
	return ctx
}

// Attempt implements fincon.Observer: an "attempt" event on the span and
// the request metrics.
func (o *Observer) Attempt(ctx context.Context, op fincon.Operation, a fincon.Attempt) {
	opAttr := attribute.String("fincon.operation", op.Name)
	if span := trace.SpanFromContext(ctx); span.IsRecording() {
		attrs := []attribute.KeyValue{
			attribute.Int("attempt.number", a.N),
			attribute.Float64("limiter.wait", a.LimiterWait.Seconds()),
			attribute.Float64("backoff", a.Backoff.Seconds()),
			attribute.Float64("duration", a.Duration.Seconds()),
			attribute.Int("http.response.status_code", a.HTTPStatus),
			attribute.Bool("retried", a.Retried),
		}
		for _, kv := range [...]struct{ k, v string }{
			{"stripe.request_id", a.RequestID}, {"stripe.error.type", a.Type},
			{"stripe.error.code", a.Code}, {"error", a.Error},
		} {
			if kv.v != "" {
				attrs = append(attrs, attribute.String(kv.k, kv.v))
			}
		}
		span.AddEvent("attempt", trace.WithAttributes(attrs...))
	}
	o.requests.Add(ctx, 1, metric.WithAttributes(opAttr, attribute.Int("http.response.status_code", a.HTTPStatus)))
	if a.N > 1 {
		o.retries.Add(ctx, 1, metric.WithAttributes(opAttr))
	}
	if a.HTTPStatus == http.StatusTooManyRequests {
		o.rateLimited.Add(ctx, 1, metric.WithAttributes(opAttr))
	}
	o.limiterWait.Record(ctx, a.LimiterWait.Seconds(), metric.WithAttributes(opAttr))
}

// EndOperation implements fincon.Observer: it ends the span and records
// the operation's duration.
func (o *Observer) EndOperation(ctx context.Context, op fincon.Operation, end fincon.OperationEnd) {
	outcome := "ok"
	span := trace.SpanFromContext(ctx)
	if span.IsRecording() {
		if end.HTTPStatus != 0 {
			span.SetAttributes(attribute.Int("http.response.status_code", end.HTTPStatus))
		}
		if end.RequestID != "" {
			span.SetAttributes(attribute.String("stripe.request_id", end.RequestID))
		}
		if end.Type != "" {
			span.SetAttributes(attribute.String("stripe.error.type", end.Type))
		}
	}
	if end.Err != nil {
		outcome = "error"
		span.SetStatus(codes.Error, end.Err.Error())
	}
	span.End()
	o.duration.Record(ctx, end.Duration.Seconds(), metric.WithAttributes(
		attribute.String("fincon.operation", op.Name), attribute.String("fincon.outcome", outcome)))
}
