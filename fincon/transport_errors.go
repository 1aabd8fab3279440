package fincon

import (
	"encoding/json"
	"errors"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/transport"
)

// fromTransport moves what the retry layer kept of the last attempt into
// e: the status and request id of a response whose body broke (a
// *transport.BodyReadError, after its retries), and, for a call that
// stopped retrying because of its context (a *transport.StoppedError: the
// next wait would outlast the deadline, or the context ended), the last
// response's status, request id and Stripe error. e.Err then matches the
// context's error (context.DeadlineExceeded or context.Canceled) and, when
// the last response was Stripe's error object, holds that *stripe.Error
// too.
func fromTransport(e *Error, err error) {
	var re *transport.BodyReadError
	if errors.As(err, &re) && e.HTTPStatus == 0 {
		e.HTTPStatus, e.RequestID = re.Status, re.RequestID
	}
	var de *transport.StoppedError
	if !errors.As(err, &de) || de.Status == 0 {
		return
	}
	e.HTTPStatus, e.RequestID = de.Status, de.RequestID
	var env struct {
		Error *stripe.Error `json:"error"`
	}
	if json.Unmarshal(de.Body, &env) != nil || env.Error == nil {
		return
	}
	se := env.Error
	se.HTTPStatusCode, se.RequestID = de.Status, de.RequestID
	fillStripe(e, se)
	// The cause: the *transport.StoppedError (matching the context's
	// error) and the Stripe error of the last attempt, printed as the
	// former.
	e.Err = &joined{msg: err.Error(), errs: []error{err, se}}
}

// fillStripe copies a Stripe error's fields into e, scrubbed of secrets.
func fillStripe(e *Error, se *stripe.Error) {
	scrubStripeError(se, 2)
	e.Type = string(se.Type)
	e.Code = string(se.Code)
	e.Param = se.Param
	e.HTTPStatus = se.HTTPStatusCode
	e.RequestID = se.RequestID
	e.Message = redact(se.Msg)
	if e.Type == "" {
		e.Type = "api_error"
	}
}
