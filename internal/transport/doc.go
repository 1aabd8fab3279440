// Package transport builds the HTTP stack under the fincon client.
//
// The stack, from the top:
//
//	stripe-go (its own retries off, its logger silent)
//	  → Retrying: go-retryablehttp with Stripe's retry policy (CheckRetry)
//	    and a Retry-After aware, jittered exponential Backoff; the final
//	    response is passed through untouched so stripe-go decodes the Stripe
//	    error body into *stripe.Error
//	  → optional logging of every attempt (method, path, status, attempt, request id)
//	  → Limited: waits on a Limiter before every attempt, so retries pay too
//	  → the per-attempt timeout, and a cap on every response body
//	    (Config.MaxBodyBytes, DefaultMaxBodyBytes by default: stripe-go buffers bodies)
//	  → the base http.RoundTripper (the network, or an in-memory fake)
//
// There is exactly one retry layer. Everything in this package is safe for
// concurrent use.
package transport
