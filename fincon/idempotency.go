package fincon

import (
	"strconv"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// idempotencyKeyReason says why Stripe would refuse key as an
// Idempotency-Key — longer than [transport.MaxIdempotencyKeyLen] (255)
// characters — or "" when it is fine. Every IdempotencyKey field of the
// package's params is checked with it (through checkIdempotencyKey) before
// anything is sent.
func idempotencyKeyReason(key string) string {
	if len(key) > transport.MaxIdempotencyKeyLen {
		return "at most " + strconv.Itoa(transport.MaxIdempotencyKeyLen) + " characters"
	}
	return ""
}

// checkIdempotencyKey returns the *Error of op (about id) with a
// *ParamError for idempotency_key when idempotencyKeyReason refuses key,
// or nil.
func checkIdempotencyKey(op, id, key string) error {
	if r := idempotencyKeyReason(key); r != "" {
		return paramErr(op, id, "idempotency_key", r, nil)
	}
	return nil
}
