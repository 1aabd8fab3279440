package webhooks

import (
	"errors"
	"strings"
)

// ErrInvalidSecret is returned by NewHandler for a string that cannot be
// an endpoint's signing secret. The error's text names the mistake (an API
// key, surrounding whitespace, no whsec_ prefix) without quoting the value.
//
// Every webhook endpoint has its own signing secret, which starts with
// whsec_ (https://docs.stripe.com/webhooks#verify-events). A handler built
// with anything else refuses every delivery exactly as it refuses a forged
// one, so NewHandler refuses such a secret up front.
var ErrInvalidSecret = errors.New("webhooks: not a webhook signing secret")

// secretError is the refusal of a signing secret: the problem, e.g. "is a
// secret API key (sk_…), …". It matches ErrInvalidSecret. It carries no
// data beyond its text, so it is not exported.
type secretError string

// Error implements error.
func (e secretError) Error() string { return "webhooks: signing secret " + string(e) }

// Is matches ErrInvalidSecret.
func (e secretError) Is(target error) bool { return target == ErrInvalidSecret }

// whereSecrets says where the right value is found.
const whereSecrets = "; use the endpoint's signing secret (whsec_…) from the Dashboard (Developers → Webhooks → the endpoint → Signing secret) or the output of stripe listen"

// checkSecret refuses what cannot be a signing secret: an API key,
// surrounding whitespace (a newline kept from a file or an environment
// variable), anything not starting with whsec_.
func checkSecret(s string) error {
	for _, p := range []struct{ prefix, name string }{
		{"sk_", "a secret API key (sk_…)"}, {"rk_", "a restricted API key (rk_…)"},
		{"pk_", "a publishable API key (pk_…)"}, {"ek_", "an ephemeral key (ek_…)"},
	} {
		if strings.HasPrefix(strings.TrimSpace(s), p.prefix) {
			return secretError("is " + p.name + ", not a webhook signing secret" + whereSecrets)
		}
	}
	if strings.TrimSpace(s) != s {
		return secretError("has surrounding whitespace (a trailing newline?); trim it")
	}
	if !strings.HasPrefix(s, "whsec_") || len(s) == len("whsec_") {
		return secretError("does not start with whsec_" + whereSecrets)
	}
	return nil
}
