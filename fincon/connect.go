package fincon

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"
)

// Calls on behalf of a connected account.
//
// Stripe lets a platform act as one of its connected accounts by sending
// the Stripe-Account header with the account's id (acct_…) on a request
// ("Making API calls for connected accounts",
// https://docs.stripe.com/connect/authentication). The header is set per
// call: [ForConnectedAccount] puts a validated account id in a context, and
// every request made with that context carries the header. The same Client
// — one rate limiter, one retry layer — therefore serves the platform and
// all its connected accounts; see [ForConnectedAccount] for what that means
// for the rate budget and the logs.

// StripeAccountHeader is the HTTP header that makes a request act as a
// connected account.
const StripeAccountHeader = "Stripe-Account"

// ErrInvalidConnectedAccountID: a connected account id (acct_…) failed
// [ValidateConnectedAccountID]. It arrives as the Err of a *ParamError
// (Param "connected account id", Reason saying why; it also matches
// ErrInvalidParams).
var ErrInvalidConnectedAccountID = errors.New("fincon: invalid connected account id")

// Limits of [ValidateConnectedAccountID]. Stripe's account ids are "acct_"
// followed by base-62 characters (16 in the API reference's examples, e.g.
// acct_1032D82eZvKYlo2C); the bounds leave room for longer ids without
// letting an arbitrary string through.
const (
	connectedAccountPrefix    = "acct_"
	minConnectedAccountSuffix = 8
	maxConnectedAccountSuffix = 64
)

// connectedAccountIDErr says why a connected account id was refused,
// never quoting the id, which may come from untrusted input: reason is e.g.
// "must start with acct_" or "must be 13 to 69 characters long".
func connectedAccountIDErr(reason string) *ParamError {
	return &ParamError{Param: "connected account id", Reason: reason, Err: ErrInvalidConnectedAccountID}
}

// ValidateConnectedAccountID checks that id looks like a Stripe connected
// account id: the prefix "acct_" followed by 8 to 64 ASCII letters and
// digits. It returns nil or a *ParamError matching
// ErrInvalidConnectedAccountID and ErrInvalidParams. Use it on any account id that comes from
// outside the program (a URL, a form, a database row written by users)
// before it names the account a request acts for; [ForConnectedAccount]
// and every Client call taking an acct_… id apply it.
func ValidateConnectedAccountID(id string) error {
	if len(id) < len(connectedAccountPrefix) || id[:len(connectedAccountPrefix)] != connectedAccountPrefix {
		return connectedAccountIDErr("must start with " + connectedAccountPrefix)
	}
	suffix := id[len(connectedAccountPrefix):]
	// Characters first: an id like acct_../x is refused for what it holds,
	// not for its length.
	for i := 0; i < len(suffix); i++ {
		if c := suffix[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return connectedAccountIDErr("only letters and digits may follow " + connectedAccountPrefix)
		}
	}
	if n := len(suffix); n < minConnectedAccountSuffix || n > maxConnectedAccountSuffix {
		return connectedAccountIDErr("must be " + strconv.Itoa(len(connectedAccountPrefix)+minConnectedAccountSuffix) +
			" to " + strconv.Itoa(len(connectedAccountPrefix)+maxConnectedAccountSuffix) + " characters long")
	}
	return nil
}

// connectedAccountErr wraps an invalid account id in the operation's
// *Error.
func connectedAccountErr(op, id string) error {
	err := ValidateConnectedAccountID(id)
	if err == nil {
		return nil
	}
	return &Error{Op: op, Err: err}
}

type connectedAccountKey struct{}

// ForConnectedAccount returns a context whose requests act as the
// connected account id: every Client call made with it sends the
// Stripe-Account header ([StripeAccountHeader]) with id, on every attempt,
// retries included. An invalid id (see [ValidateConnectedAccountID]) gives
// its *ParamError (ErrInvalidConnectedAccountID) and the unchanged ctx, so that an untrusted id
// can never reach the header.
//
// Calls made for a connected account use the Client's single rate limiter
// and retry layer: they are paced as part of the platform's budget, the
// limit Stripe applies per platform account and its API key. Client logs
// (WithLogger) add the attribute stripe_account=acct_… to the request
// record; the account id is not a secret.
func ForConnectedAccount(ctx context.Context, id string) (context.Context, error) {
	if err := ValidateConnectedAccountID(id); err != nil {
		return ctx, err
	}
	return context.WithValue(ctx, connectedAccountKey{}, id), nil
}

// ConnectedAccountFromContext returns the connected account id set by
// [ForConnectedAccount], or "" and false when requests made with ctx act as
// the platform.
func ConnectedAccountFromContext(ctx context.Context) (string, bool) {
	id, ok := ctx.Value(connectedAccountKey{}).(string)
	return id, ok && id != ""
}

// stripeAccountHeader sets the Stripe-Account header from the request's
// context. It sits above the retry layer, so every attempt carries it.
type stripeAccountHeader struct {
	next http.RoundTripper
}

func (t stripeAccountHeader) RoundTrip(req *http.Request) (*http.Response, error) {
	if id, ok := ConnectedAccountFromContext(req.Context()); ok {
		req = req.Clone(req.Context())
		req.Header.Set(StripeAccountHeader, id)
	}
	return t.next.RoundTrip(req)
}

// CloseIdleConnections forwards to the next transport.
func (t stripeAccountHeader) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// connectCache remembers what the client learnt about connected accounts:
// the type of each connected account it read (acct_… → type), and the
// Connect account that holds each Financial Connections account it returned
// (fca_… → acct_…), both for the permission cache TTL.
type connectCache struct {
	types   *ttlCache[string]
	holders *ttlCache[string]
}

func newConnectCache(n int, ttl time.Duration, clock Clock) *connectCache {
	return &connectCache{types: newTTLCache[string](n, ttl, clock), holders: newTTLCache[string](n, ttl, clock)}
}
