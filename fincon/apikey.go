package fincon

import (
	"errors"
	"strings"
)

// Causes of New's refusal of an API key. Neither error quotes the key.
var (
	// ErrNoAPIKey: New was given an empty (or blank) API key. It arrives
	// as the Err of a *ParamError (Param "api key", which also matches
	// ErrInvalidParams), like ErrInvalidAPIKey.
	ErrNoAPIKey = errors.New("fincon: empty api key")
	// ErrInvalidAPIKey: New was given a key that is not a secret (sk_…) or
	// restricted (rk_…) key, such as a publishable key (pk_…). It arrives
	// as the Err of a *ParamError (Param "api key", which also matches
	// ErrInvalidParams) whose Reason names the kind of key when it is
	// recognised (a publishable key), never the key itself.
	ErrInvalidAPIKey = errors.New("fincon: invalid api key")
)

// apiKeyParam is the ParamError.Param of a refused API key.
const apiKeyParam = "api key"

// checkAPIKey accepts secret (sk_…) and restricted (rk_…) keys; apiKey is
// already trimmed of white space. It returns a *ParamError matching
// ErrNoAPIKey for an empty key, and ErrInvalidAPIKey for any other.
func checkAPIKey(apiKey string) error {
	switch {
	case apiKey == "":
		return &ParamError{Param: apiKeyParam, Err: ErrNoAPIKey}
	case strings.HasPrefix(apiKey, "sk_") || strings.HasPrefix(apiKey, "rk_"):
		return nil
	}
	const use = "use a secret (sk_) or restricted (rk_) key, from the Dashboard: Developers → API keys"
	reason := use
	if strings.HasPrefix(apiKey, "pk_") {
		reason = "it is a publishable key (pk_), which cannot call the API; " + use
	}
	return &ParamError{Param: apiKeyParam, Reason: reason, Err: ErrInvalidAPIKey}
}
