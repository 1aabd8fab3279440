package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"
)

type attemptKey struct{}

// counted numbers the attempts of one logical request: it stores a
// callState in the request context; logged or observed increments its
// counter on every attempt, Limited and the retry layer record their waits.
type counted struct {
	next http.RoundTripper
}

func (t *counted) RoundTrip(req *http.Request) (*http.Response, error) {
	return t.next.RoundTrip(req.WithContext(context.WithValue(req.Context(), attemptKey{}, new(callState))))
}

func (t *counted) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// logged logs every attempt at debug level: method, URL path (never the
// query, headers or bodies), status, attempt number, Stripe request id,
// duration, and the retry class of the outcome.
type logged struct {
	next http.RoundTripper
	log  *slog.Logger
}

func (t *logged) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	attempt := 1
	if s := stateOf(ctx); s != nil {
		attempt = int(s.n) // counted by numbered
	}
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := []slog.Attr{
		slog.String("method", req.Method),
		slog.String("path", req.URL.Path),
		slog.Int("attempt", attempt),
		slog.Duration("duration", time.Since(start)),
	}
	if acct := req.Header.Get("Stripe-Account"); acct != "" {
		// A call for a connected account, paced by the platform's budget.
		attrs = append(attrs, slog.String("stripe_account", acct))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", errorKind(err)))
	} else {
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if id := resp.Header.Get("Request-Id"); id != "" {
			attrs = append(attrs, slog.String("request_id", id))
		}
		if resp.StatusCode >= 400 {
			attrs = append(attrs, slog.String("retry", Classify(resp, nil).String()))
		}
	}
	t.log.LogAttrs(ctx, slog.LevelDebug, "stripe request", attrs...)
	return resp, err
}

func (t *logged) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// errorKind describes a transport error without echoing URLs or payloads.
func errorKind(err error) string {
	switch {
	case err == nil:
		return ""
	case isContextErr(err):
		return "context: " + err.Error()
	}
	var le *LimiterError
	if asLimiter(err, &le) {
		return "rate limiter wait failed"
	}
	if ne, ok := err.(interface{ Timeout() bool }); ok && ne.Timeout() {
		return "timeout"
	}
	return "connection error: " + connectionCause(err)
}

// connectionCause names what failed in a connection error, without the
// URL: the DNS lookup (with the host name, which is public), the TCP dial
// (refused, unreachable), TLS, or the response body.
func connectionCause(err error) string {
	var dns *net.DNSError
	var op *net.OpError
	var br *BodyReadError
	var cert *tls.CertificateVerificationError
	switch {
	case errors.As(err, &dns):
		s := "dns lookup of " + dns.Name + " failed"
		if dns.IsNotFound {
			s += ": no such host"
		} else if dns.Err != "" {
			s += ": " + dns.Err
		}
		return s
	case errors.As(err, &cert):
		return "tls: certificate not trusted"
	case errors.As(err, &br):
		return "response body of status " + strconv.Itoa(br.Status) + " not read to its end: " + br.Err.Error()
	case errors.As(err, &op):
		if op.Err != nil {
			return op.Op + ": " + op.Err.Error()
		}
		return op.Op + " failed"
	}
	return "other"
}
