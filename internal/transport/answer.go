package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"

	"github.com/stripe/stripe-go/v82"
)

// Every answer reaches the caller through two checks, each in one place:
//
//   - Checked wraps stripe-go's API backend, the path of every call the
//     client makes (objects and list pages). After stripe-go decoded a 2xx
//     answer it checks that the answer is the object the call asked for
//     (checkAnswer); after a failure it attaches the response's status and
//     request id, when there was one, in an *AnsweredError.
//   - errorBodies (errorbodies.go) sits above the retry layer and sees the
//     last response of a call. An error status whose body is not Stripe's
//     error object is turned into a typed error there, before stripe-go
//     would turn the whole body into the error's text.
//
// The errors are the transport's own (*AnsweredError, *MalformedError,
// ErrUndecodable); fincon's wrapErr maps them to its *Error and causes.

// AnsweredError is the error of a call whose response arrived: it carries
// that response's status and request id beside the cause, for the caller's
// error. The body is never quoted.
type AnsweredError struct {
	// Status is the response's HTTP status code.
	Status int
	// RequestID is the response's Request-Id header ("" if none).
	RequestID string
	// Err is the cause: stripe-go's error, a *MalformedError or
	// ErrUndecodable.
	Err error
}

// Error implements error.
func (e *AnsweredError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *AnsweredError) Unwrap() error { return e.Err }

// MalformedError says why a response was not what the call asked for,
// without quoting it: a 2xx answer that is null, {}, an error envelope, an
// object of another kind or without an id, a list page that is not a list
// or has rows without ids, or an error status without Stripe's error
// object.
type MalformedError struct {
	// Reason is e.g. "object without an id" or "error status without an
	// error object".
	Reason string
}

// Error implements error.
func (e *MalformedError) Error() string { return "malformed response: " + e.Reason }

// ErrUndecodable is the cause of an error status whose body is not JSON
// (an HTML page from a proxy); see errorBodies.
var ErrUndecodable = errors.New("undecodable response")

// Reasons of a *MalformedError that callers (and their tests) name.
const (
	// ReasonEmptyHasMore: an empty list page with has_more true has no
	// last id to continue after (stripe-go's iterator panics on it as a
	// first page, and ends silently on it as a later page).
	ReasonEmptyHasMore = "empty list page with has_more"
	// ReasonNoErrorObject: an error status whose JSON body has no "error"
	// object.
	ReasonNoErrorObject = "error status without an error object"
)

// Checked is the stripe.Backend of a client: stripe-go's API backend with
// every answer checked; see above. Observation and other per-call work
// wrap it.
type Checked struct {
	stripe.Backend
}

// Call implements stripe.Backend.
func (b Checked) Call(method, path, key string, params stripe.ParamsContainer, v stripe.LastResponseSetter) error {
	return checked(b.Backend.Call(method, path, key, params, v), v)
}

// CallRaw implements stripe.Backend; stripe-go fetches list pages with it.
func (b Checked) CallRaw(method, path, key string, body []byte, params *stripe.Params, v stripe.LastResponseSetter) error {
	return checked(b.Backend.CallRaw(method, path, key, body, params, v), v)
}

// checked checks the answer decoded into v, or attaches the response's
// status and request id to err. A list page that fails keeps no rows and
// no has_more: stripe-go would yield the rows it decoded before the error,
// and fetch the next page.
func checked(err error, v stripe.LastResponseSetter) error {
	lr := LastResponse(v)
	if err == nil {
		if reason := checkAnswer(v, lr); reason != "" {
			err = &MalformedError{Reason: reason}
		}
	}
	if err == nil {
		rowJSON(v, lr) // see fincon/holder.go
	}
	if err == nil {
		return nil
	}
	if data, ok := pageData(v); ok {
		data.SetZero()
		reflect.ValueOf(v).Elem().FieldByName("ListMeta").SetZero()
	}
	if lr != nil && lr.StatusCode != 0 {
		// stripe-go records the response before it reports a body it
		// could not decode.
		return &AnsweredError{Status: lr.StatusCode, RequestID: lr.RequestID, Err: err}
	}
	return err
}

// Object kinds of the answers the client asks for.
const (
	kindAccount     = "financial_connections.account"
	kindSession     = "financial_connections.session"
	kindTransaction = "financial_connections.transaction"
	kindOwner       = "financial_connections.account_owner"
	kindCustomer    = "customer"
	kindIntent      = "payment_intent"
	kindSetup       = "setup_intent"
)

// identify returns the id, the object kind and the expected kind of an
// object the client asks for; known is false for other types. A nil
// pointer of a known type has an empty id and kind.
func identify(v any) (id, object, want string, known bool) {
	switch o := v.(type) {
	case *stripe.FinancialConnectionsAccount:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindAccount, true
	case *stripe.FinancialConnectionsSession:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindSession, true
	case *stripe.FinancialConnectionsTransaction:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindTransaction, true
	case *stripe.FinancialConnectionsAccountOwner:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindOwner, true
	case *stripe.Customer:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindCustomer, true
	case *stripe.PaymentIntent:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindIntent, true
	case *stripe.SetupIntent:
		if o != nil {
			id, object = o.ID, o.Object
		}
		return id, object, kindSetup, true
	}
	return "", "", "", false
}

// checkAnswer returns why the 2xx answer decoded into v is not what the
// call asked for, or "". v is an object the client knows (see identify) or
// a stripe-go list page (a struct with a Data slice). A JSON null, {} or an
// error envelope decode without error into an empty object; they fail here
// for their missing id or data array. The reasons never quote the body.
func checkAnswer(v any, lr *stripe.APIResponse) string {
	if lr != nil && hasErrorObject(lr.RawJSON) {
		return "error object in a success response"
	}
	if _, _, want, ok := identify(v); ok {
		if reason := checkObject(v, want); reason != "" {
			return reason
		}
		if s, ok := v.(*stripe.FinancialConnectionsSession); ok && s.Accounts != nil {
			for _, a := range s.Accounts.Data {
				if reason := checkObject(a, kindAccount); reason != "" {
					return "session account: " + reason
				}
			}
		}
		return ""
	}
	data, ok := pageData(v)
	if !ok {
		return "" // not an answer the client asks for
	}
	if data.IsNil() {
		return "not a list"
	}
	if data.Len() == 0 && hasMore(v) {
		return ReasonEmptyHasMore
	}
	for i := range data.Len() {
		row := data.Index(i)
		if row.Kind() == reflect.Pointer && row.IsNil() {
			return "list row is null"
		}
		if _, _, want, ok := identify(row.Interface()); ok {
			if reason := checkObject(row.Interface(), want); reason != "" {
				return "list row: " + reason
			}
		}
	}
	return ""
}

// checkObject checks one object's id and kind.
func checkObject(v any, want string) string {
	if rv := reflect.ValueOf(v); !rv.IsValid() || rv.Kind() == reflect.Pointer && rv.IsNil() {
		return "null object"
	}
	id, object, _, _ := identify(v)
	switch {
	case object != want:
		return "object is not a " + want
	case id == "":
		return "object without an id"
	}
	return ""
}

// pageData returns the Data slice of a stripe-go list page (its page type
// is unexported, hence the reflection). A JSON array decodes to a non-nil
// slice, even when empty; null, {} and anything without "data" leave it
// nil.
func pageData(v any) (reflect.Value, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return reflect.Value{}, false
	}
	rv = rv.Elem()
	if _, ok := rv.Type().FieldByName("ListMeta"); !ok {
		return reflect.Value{}, false
	}
	d := rv.FieldByName("Data")
	if !d.IsValid() || d.Kind() != reflect.Slice {
		return reflect.Value{}, false
	}
	return d, true
}

// LastResponse returns the response stripe-go recorded in v, if any.
func LastResponse(v any) *stripe.APIResponse {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() || rv.Elem().Kind() != reflect.Struct {
		return nil
	}
	f := rv.Elem().FieldByName("LastResponse")
	if !f.IsValid() {
		return nil
	}
	lr, _ := f.Interface().(*stripe.APIResponse)
	return lr
}

var quotedError = []byte(`"error"`)

// hasErrorObject reports whether the JSON object raw has a top-level
// "error" member that is not null. The substring test keeps the common
// case to one scan of the body.
func hasErrorObject(raw []byte) bool {
	if !bytes.Contains(raw, quotedError) {
		return false
	}
	var env struct {
		Error json.RawMessage `json:"error"`
	}
	if json.Unmarshal(raw, &env) != nil {
		return false
	}
	return len(env.Error) > 0 && !bytes.Equal(env.Error, []byte("null"))
}

// hasMore returns the has_more of a stripe-go list page.
func hasMore(v any) bool {
	f := reflect.ValueOf(v).Elem().FieldByName("HasMore")
	return f.IsValid() && f.Kind() == reflect.Bool && f.Bool()
}

// quotedCustomerAccount is the member rowJSON looks for.
var quotedCustomerAccount = []byte(`"customer_account"`)

// Accounts v2 holders (account_holder[type]=customer with
// customer_account=acct_…) have no field in stripe-go v82; fincon reads
// customer_account from an account's LastResponse.RawJSON (see
// fincon/holder.go). An account inside a list page or a session has no
// response of its own, so checked gives it one, through rowJSON.

// rowJSON gives every Financial Connections account of a list page or a
// session in v the raw JSON of its own row, when the answer lr mentions
// customer_account.
func rowJSON(v any, lr *stripe.APIResponse) {
	if lr == nil || !bytes.Contains(lr.RawJSON, quotedCustomerAccount) {
		return
	}
	var rows []*stripe.FinancialConnectionsAccount
	var raw struct {
		Data     []json.RawMessage `json:"data"`
		Accounts *struct {
			Data []json.RawMessage `json:"data"`
		} `json:"accounts"`
	}
	if json.Unmarshal(lr.RawJSON, &raw) != nil {
		return
	}
	data := raw.Data
	if s, ok := v.(*stripe.FinancialConnectionsSession); ok {
		if s.Accounts == nil || raw.Accounts == nil {
			return
		}
		rows, data = s.Accounts.Data, raw.Accounts.Data
	} else if d, ok := pageData(v); ok {
		for i := range d.Len() {
			a, ok := d.Index(i).Interface().(*stripe.FinancialConnectionsAccount)
			if !ok {
				return
			}
			rows = append(rows, a)
		}
	}
	if len(rows) != len(data) {
		return
	}
	for i, a := range rows {
		if a != nil && a.LastResponse == nil {
			a.LastResponse = &stripe.APIResponse{RawJSON: data[i]}
		}
	}
}
