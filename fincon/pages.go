package fincon

import (
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// List pages that cannot be followed.
//
// Stripe's list API pages with starting_after: the next page starts after
// the last id of the previous one, and has_more says whether there is one
// (https://docs.stripe.com/api/pagination). A page that does not let the
// client make progress would lose rows or loop forever:
//
//   - an empty page with has_more true has no last id to continue after
//     (stripe-go's iterator panics on it as a first page, and ends silently
//     on it as a later page) — refused by the transport's answer checks
//     (transport.ReasonEmptyHasMore), for every page;
//   - a row whose id came before in the same listing (a last id that does
//     not advance, the same page twice, a page that goes back) — refused by
//     eachRow, which remembers the ids of one listing.
//
// Either ends the listing with a *ResponseError (matching
// ErrMalformedResponse), after the rows that came before it, each once.

// reasonRepeatedRow is the reason of the *ResponseError for a
// page that repeats a row.
const reasonRepeatedRow = "list page does not advance: row repeated"

// eachRow ranges over the stripe-go listing that list returns and passes
// every row to yield, which converts it and returns whether to go on. It
// returns the error that ends the listing, as an *Error of op and id: a
// failed page, a row seen before in this listing, a conversion error from
// yield, or a panic inside stripe-go's iterator (a *PanicError). It returns
// nil when the listing ended or yield asked to stop. A panic in yield (the
// caller's loop body) is not recovered: it belongs to the caller.
//
// It keeps the ids of the listing's rows to find repeats: memory grows
// with the number of rows of one listing (at most what Stripe holds for
// one account), and is freed when the listing ends.
func eachRow[T any](op, id string, list func() stripe.Seq2[T, error], rowID func(T) string, yield func(T) (bool, error)) (err error) {
	inYield := false
	defer func() {
		if inYield {
			return // the caller's panic goes on unrecovered
		}
		if r := recover(); r != nil {
			err = &Error{Op: op, ID: id, Err: newPanicError(r)}
		}
	}()
	seen := make(map[string]struct{})
	for row, lerr := range list() {
		if lerr != nil {
			return wrapErr(op, id, lerr)
		}
		rid := rowID(row)
		if _, dup := seen[rid]; dup {
			return &Error{Op: op, ID: id, Err: &ResponseError{Reason: reasonRepeatedRow}}
		}
		seen[rid] = struct{}{}
		inYield = true
		more, yerr := yield(row)
		inYield = false
		if yerr != nil {
			return yerr
		}
		if !more {
			return nil
		}
	}
	return nil
}

// ErrPanic matches a *PanicError: a panic the client recovered, in a list
// iterator (inside stripe-go) or in an item of a bulk operation (for
// instance in the caller's fn or Store), that became an error instead of
// crashing the process.
var ErrPanic = errors.New("fincon: recovered panic")

// PanicError is a recovered panic. It matches ErrPanic. Its text names the
// panic value with secrets redacted and its length bounded; Stack is the
// goroutine's stack at the panic, for debugging (it holds function names
// and file positions, not values).
type PanicError struct {
	// Value is the panic value, formatted with %v, redacted and bounded.
	Value string
	// Stack is the stack trace of the panicking goroutine.
	Stack []byte
}

func newPanicError(r any) *PanicError {
	return &PanicError{Value: quote.Text(redact(fmt.Sprint(r))), Stack: debug.Stack()}
}

// Error implements error.
func (e *PanicError) Error() string { return "fincon: recovered panic: " + e.Value }

// Is matches ErrPanic.
func (e *PanicError) Is(target error) bool { return target == ErrPanic }

// Row ids for eachRow; the transport's answer checks have made sure no
// row is nil.
func accountID(a *stripe.FinancialConnectionsAccount) string         { return a.ID }
func transactionID(t *stripe.FinancialConnectionsTransaction) string { return t.ID }
func ownerID(o *stripe.FinancialConnectionsAccountOwner) string      { return o.ID }
