// Package pkg is a fixture for the surface package's tests.
package pkg

import (
	"errors"
	"fmt"
)

// ErrA and ErrB are sentinels; Limit is not.
var (
	ErrA  = errors.New("a")
	ErrB  = fmt.Errorf("b: %w", ErrA)
	Limit = 3
	errC  = errors.New("c")
)

// KindError is an error type.
type KindError struct{ Kind string }

// Error implements error.
func (e *KindError) Error() string { return e.Kind + errC.Error() }

// Set is a generic type with one exported method.
type Set[T comparable] map[T]bool

// Has reports whether v is in s.
func (s Set[T]) Has(v T) bool { return s[v] }

type hidden struct{}

// Error is on an unexported type and is not counted.
func (hidden) Error() string { return "" }

// New is an exported function.
func New() *KindError { return &KindError{} }
