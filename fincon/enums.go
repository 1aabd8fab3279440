package fincon

import "github.com/fcsdk/fcsdk/internal/enum"

// parseEnum converts s to T when valid says it is one. Otherwise the error,
// built by internal/enum like every Parse function's of the module, matches
// ErrUnknownValue and quotes s, bounded and redacted: `fincon: unknown
// <kind> "<s>"`.
func parseEnum[T ~string](kind, s string, valid func(T) bool) (T, error) {
	return enum.Parse(enum.Kind{Pkg: "fincon", Name: kind, Err: ErrUnknownValue, Redact: redact}, s, valid)
}
