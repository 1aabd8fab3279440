package fctest

import (
	"errors"
	"fmt"
	"net/http"
)

// Error types and codes the simulator sends, as Stripe spells them.
const (
	typeInvalidRequest = "invalid_request_error"
	typeAPI            = "api_error"
	typeIdempotency    = "idempotency_error"
	typeAuthentication = "authentication_error"
	typeCard           = "card_error"

	codeRateLimit            = "rate_limit"
	codeLockTimeout          = "lock_timeout"
	codeIdempotencyKeyInUse  = "idempotency_key_in_use"
	codeResourceMissing      = "resource_missing"
	codeParameterMissing     = "parameter_missing"
	codeParameterUnknown     = "parameter_unknown"
	codeParameterInvalidInt  = "parameter_invalid_integer"
	codeParameterInvalidEmpt = "parameter_invalid_empty"
	codeAccountInactive      = "financial_connections_account_inactive"
	codePIUnexpectedState    = "payment_intent_unexpected_state"
	codeSIUnexpectedState    = "setup_intent_unexpected_state"
	codeAmountTooSmall       = "amount_too_small"
	codeAmountTooLarge       = "amount_too_large"
	codeInsufficientFunds    = "insufficient_funds"
	codeInvalidRequestMisc   = ""
	codeNoTransactionRefresh = "financial_connections_no_successful_transaction_refresh"
)

// apiError is an error response the simulator sends: an HTTP status and
// Stripe's error envelope. extraHeader is added to the response.
type apiError struct {
	Status        int
	Type          string
	Code          string
	Param         string
	Message       string
	DeclineCode   string
	ShouldRetry   string // Stripe-Should-Retry header value, "" = none
	RetryAfterSec int    // Retry-After header in seconds, 0 = none
}

func (e *apiError) Error() string {
	return fmt.Sprintf("fctest: %d %s %s: %s", e.Status, e.Type, e.Code, e.Message)
}

// envelope returns the JSON body of the error.
func (e *apiError) envelope() any {
	type body struct {
		Type        string `json:"type"`
		Code        string `json:"code,omitempty"`
		DeclineCode string `json:"decline_code,omitempty"`
		Param       string `json:"param,omitempty"`
		Message     string `json:"message"`
		DocURL      string `json:"doc_url,omitempty"`
	}
	b := body{Type: e.Type, Code: e.Code, DeclineCode: e.DeclineCode, Param: e.Param, Message: e.Message}
	if e.Code != "" {
		b.DocURL = "https://stripe.com/docs/error-codes/" + underscoreToDash(e.Code)
	}
	return map[string]any{"error": b}
}

func underscoreToDash(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

func invalidRequest(param, format string, args ...any) *apiError {
	return &apiError{Status: http.StatusBadRequest, Type: typeInvalidRequest, Param: param, Message: fmt.Sprintf(format, args...)}
}

func invalidRequestCode(code, param, format string, args ...any) *apiError {
	e := invalidRequest(param, format, args...)
	e.Code = code
	return e
}

func missingParam(param string) *apiError {
	return invalidRequestCode(codeParameterMissing, param, "Missing required param: %s.", param)
}

func unknownParam(param string) *apiError {
	return invalidRequestCode(codeParameterUnknown, param, "Received unknown parameter: %s", param)
}

func invalidValue(param, value string, allowed ...string) *apiError {
	msg := fmt.Sprintf("Invalid %s: must be one of ", param)
	for i, a := range allowed {
		switch {
		case i == 0:
		case i == len(allowed)-1:
			msg += ", or "
		default:
			msg += ", "
		}
		msg += a
	}
	_ = value // never echo caller values; they may be secrets
	return invalidRequest(param, "%s", msg)
}

func noSuch(kind, param, id string) *apiError {
	e := invalidRequestCode(codeResourceMissing, param, "No such %s: '%s'", kind, id)
	e.Status = http.StatusNotFound
	return e
}

func unrecognizedURL(method, path string) *apiError {
	e := invalidRequest("", "Unrecognized request URL (%s: %s). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.", method, path)
	e.Status = http.StatusNotFound
	return e
}

func authError() *apiError {
	return &apiError{
		Status:  http.StatusUnauthorized,
		Type:    typeAuthentication,
		Message: "Invalid API Key provided. The simulator accepts test-mode secret keys only.",
	}
}

func rateLimitError(retryAfter int) *apiError {
	return &apiError{
		Status:        http.StatusTooManyRequests,
		Type:          typeInvalidRequest,
		Code:          codeRateLimit,
		Message:       "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
		RetryAfterSec: retryAfter,
	}
}

func lockTimeoutError() *apiError {
	return &apiError{
		Status:      http.StatusTooManyRequests,
		Type:        typeInvalidRequest,
		Code:        codeLockTimeout,
		ShouldRetry: "true",
		Message:     "This object cannot be accessed right now because another API request or Stripe process is currently accessing it. If you see this error intermittently, retry the request.",
	}
}

func keyInUseError() *apiError {
	return &apiError{
		Status:      http.StatusConflict,
		Type:        typeInvalidRequest,
		Code:        codeIdempotencyKeyInUse,
		ShouldRetry: "true",
		Message:     "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through). Please try again later.",
	}
}

func idempotencyMismatchError() *apiError {
	return &apiError{
		Status:  http.StatusBadRequest,
		Type:    typeIdempotency,
		Message: "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than the one used for the original request.",
	}
}

func serverError(status int) *apiError {
	msg := "An unknown error occurred"
	if status == http.StatusServiceUnavailable {
		msg = "The service is temporarily unavailable. Please retry the request."
	}
	return &apiError{Status: status, Type: typeAPI, ShouldRetry: "true", Message: msg}
}

func noSuchParam(kind, param, id string) *apiError {
	e := noSuch(kind, param, id)
	e.Status = http.StatusBadRequest
	return e
}

// Errors returned by the state helpers.
var (
	// ErrNotFound is returned by helpers given an id the simulator does not
	// know.
	ErrNotFound = errors.New("fctest: no such object")
	// ErrSessionLinked is returned by LinkAccounts for a session that
	// already completed the authentication flow.
	ErrSessionLinked = errors.New("fctest: session already completed")
	// ErrFilteredOut is returned by LinkAccounts when the session's
	// filters exclude an institution's account.
	ErrFilteredOut = errors.New("fctest: account excluded by the session's filters")
)

// lookup finds an object by id, or fails with Stripe's "No such" error.
func lookup[T any](m map[string]*T, kind, param, id string) (*T, *apiError) {
	v, ok := m[id]
	if !ok {
		return nil, noSuch(kind, param, id)
	}
	return v, nil
}
