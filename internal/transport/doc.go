// Package transport builds the stack under the fincon client: the
// stripe.Backend that checks every answer, and the *http.Client that
// stripe-go sends through.
//
// The stack, from the top, as fincon.New assembles it (the two fincon
// layers are marked; everything else is built here, Checked by the caller
// and the rest by New in this order):
//
//	fincon's observer (WithObserver only): one Operation per call
//	  → Checked: stripe-go's API backend, whose 2xx answers must be the
//	    object the call asked for (a *MalformedError otherwise), and whose
//	    failures keep the response's status and request id (*AnsweredError)
//	  → stripe-go (its own retries off, its logger silent)
//	  → fincon's request layers: the guard against fctest's simulated
//	    clock (without fincon.WithClock), then the Stripe-Account header
//	    of a connected account
//	  → errorBodies: an error status whose body is not Stripe's error
//	    object becomes ErrUndecodable or a *MalformedError, before stripe-go
//	    would quote the body
//	  → counting the attempts of one call (when logging or observing)
//	  → Retrying: go-retryablehttp with Stripe's retry policy (CheckRetry)
//	    and a Retry-After aware, jittered exponential Backoff; the final
//	    response is passed through untouched so stripe-go decodes the Stripe
//	    error body into *stripe.Error
//	  → optional numbering, observing (Config.Observe) and logging of every
//	    attempt (method, path, status, attempt, request id)
//	  → Limited: waits on a Limiter before every attempt, so retries pay too
//	  → buffered: the body is read whole inside the attempt, so a body that
//	    breaks is retried (*BodyReadError)
//	  → the per-attempt timeout (DefaultAttemptTimeout by default), and a
//	    cap on every response body (Config.MaxBodyBytes,
//	    DefaultMaxBodyBytes by default: stripe-go buffers bodies)
//	  → the base http.RoundTripper (the network, or an in-memory fake)
//
// The two fincon layers stay in fincon because they are fincon's API: the
// Stripe-Account header comes from fincon.ForConnectedAccount's context
// value, and the simulator guard fails with fincon.ErrSimulatorClock.
//
// There is exactly one retry layer. Everything in this package is safe for
// concurrent use. Its errors are its own; fincon maps them to its *Error.
package transport
