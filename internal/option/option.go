package option

import (
	"errors"
	"fmt"
)

// ErrInvalid is the condition every [Error] built without a sentinel of
// its own matches: package fincon exports it as fincon.ErrInvalidOption.
var ErrInvalid = errors.New("fincon: invalid option")

// Error reports an invalid argument of an Option, or of the constructor
// that applies the options. Package fincon exports it as
// fincon.OptionError; see there for the fields. Build one with [New].
type Error struct {
	// Option names the option or constructor whose argument is invalid,
	// as its caller spells it: unqualified in the package the sentinel
	// names ("WithBaseURL" in fincon, "WithSettlementDays" in fctest),
	// qualified elsewhere ("webhooks.WithTolerance", "redislimit.New").
	Option string
	// Reason says what is wrong with the argument, without its value
	// when that could be a secret.
	Reason string

	kind error // the sentinel it matches and whose text starts Error(); ErrInvalid when nil
}

// New returns an *Error for opt whose Reason is format applied to args.
// It matches kind with errors.Is (ErrInvalid when kind is nil), and its
// message starts with kind's text.
func New(kind error, opt, format string, args ...any) *Error {
	return &Error{Option: opt, Reason: fmt.Sprintf(format, args...), kind: kind}
}

func (e *Error) sentinel() error {
	if e.kind == nil {
		return ErrInvalid
	}
	return e.kind
}

// Error returns the sentinel's text, the option and the reason, such as
// "fincon: invalid option WithMaxRetries: must be between 0 and 20".
func (e *Error) Error() string {
	msg := e.sentinel().Error()
	if e.Option != "" {
		msg += " " + e.Option
	}
	if e.Reason != "" {
		msg += ": " + e.Reason
	}
	return msg
}

// Is reports whether target is the sentinel the error was built with, or
// ErrInvalid: every option error of the module matches
// fincon.ErrInvalidOption, fctest's as well as its own
// fctest.ErrInvalidOption.
func (e *Error) Is(target error) bool { return target == ErrInvalid || target == e.sentinel() }
