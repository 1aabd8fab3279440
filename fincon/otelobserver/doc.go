// Package otelobserver reports a fincon.Client's operations and HTTP
// attempts to OpenTelemetry: a span per operation (one Stripe API request
// with its retries) carrying an "attempt" event per HTTP attempt, and
// metrics for requests, retries, 429 answers, the client-side rate
// limiter's wait and operation latency.
//
// It uses only the OpenTelemetry API (go.opentelemetry.io/otel), the
// standard, vendor-neutral one: the application chooses the SDK and the
// exporter, and this package never writes one. It lives apart from fincon so
// that a program that does not import it does not link OpenTelemetry.
//
//	obs, err := otelobserver.New() // the global TracerProvider and MeterProvider
//	client, err := fincon.New(key, fincon.WithObserver(obs))
//
// # What is recorded
//
// Span: named after the operation ("GET /v1/financial_connections/accounts/{id}"),
// kind client, with attributes fincon.object.id, stripe.account (a
// connected account, when set), and at the end http.response.status_code,
// stripe.request_id and stripe.error.type; a failed operation has status
// Error with the redacted *fincon.Error text. Each attempt is an event
// "attempt" with attempt.number, limiter.wait and backoff (seconds),
// http.response.status_code, stripe.request_id, stripe.error.type,
// stripe.error.code, retried, and error (a failure without a response).
//
// Metrics (instrument scope [ScopeName]), each with attribute
// fincon.operation (the operation name):
//   - fincon.requests: HTTP attempts sent ({request}), also with
//     http.response.status_code (0 when no response arrived);
//   - fincon.retries: attempts after the first ({request});
//   - fincon.rate_limited: 429 answers ({request});
//   - fincon.limiter.wait: the client-side rate limiter's wait per attempt
//     (histogram, s);
//   - fincon.operation.duration: operation latency, waits included
//     (histogram, s), also with fincon.outcome ("ok" or "error").
//
// No secret reaches a span or a metric: the observer sees no API key,
// client secret, idempotency key, URL query, header (other than
// Request-Id) or body (see fincon.Observer); internal/safety's leak test
// checks the recorded spans.
package otelobserver
