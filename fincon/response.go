package fincon

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"reflect"

	"github.com/stripe/stripe-go/v82"
)

// Every answer reaches the caller through two checks, each in one place:
//
//   - checkedBackend wraps stripe-go's API backend, the path of every call
//     the Client makes (objects and list pages). After stripe-go decoded a
//     2xx answer it checks that the answer is the object the call asked
//     for (checkAnswer); after a failure it attaches the response's status
//     and request id, when there was one, for wrapErr.
//   - errorBodies sits above the retry layer and sees the last response of
//     a call. An error status whose body is not Stripe's error object is
//     turned into a typed error here, before stripe-go would turn the whole
//     body into the error's text.

// checkedBackend is the stripe.Backend of a Client; see above.
type checkedBackend struct {
	stripe.Backend
	obs Observer // nil unless WithObserver; see observer.go
}

// Call implements stripe.Backend.
func (b checkedBackend) Call(method, path, key string, params stripe.ParamsContainer, v stripe.LastResponseSetter) error {
	if b.obs != nil && params != nil {
		return observe(b.obs, method, path, params.GetParams(), v, func() error {
			return checked(b.Backend.Call(method, path, key, params, v), v)
		})
	}
	return checked(b.Backend.Call(method, path, key, params, v), v)
}

// CallRaw implements stripe.Backend; stripe-go fetches list pages with it.
func (b checkedBackend) CallRaw(method, path, key string, body []byte, params *stripe.Params, v stripe.LastResponseSetter) error {
	if b.obs != nil {
		return observe(b.obs, method, path, params, v, func() error {
			return checked(b.Backend.CallRaw(method, path, key, body, params, v), v)
		})
	}
	return checked(b.Backend.CallRaw(method, path, key, body, params, v), v)
}

// checked checks the answer decoded into v, or attaches the response's
// status and request id to err. A list page that fails keeps no rows and
// no has_more: stripe-go would yield the rows it decoded before the error,
// and fetch the next page.
func checked(err error, v stripe.LastResponseSetter) error {
	lr := lastResponse(v)
	if err == nil {
		if reason := checkAnswer(v, lr); reason != "" {
			err = &ResponseError{Reason: reason}
		}
	}
	if err == nil {
		rowJSON(v, lr) // see holder.go
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
		return &answered{status: lr.StatusCode, requestID: lr.RequestID, err: err}
	}
	return err
}

// answered carries the status and request id of the response behind err
// to wrapErr, which moves them into the *Error.
type answered struct {
	status    int
	requestID string
	err       error
}

func (a *answered) Error() string { return a.err.Error() }
func (a *answered) Unwrap() error { return a.err }

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
		return reasonEmptyHasMore
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

// lastResponse returns the response stripe-go recorded in v, if any.
func lastResponse(v any) *stripe.APIResponse {
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

// errorBodies turns the last response of a call into a typed error when it
// has an error status and its body is not Stripe's error object: invalid
// JSON (an HTML page from a proxy) is ErrDecode, JSON without an "error"
// object is a *ResponseError. Both keep the status and request id and
// never quote the body. Other responses pass unchanged (an error body
// is buffered; the transport caps its size).
type errorBodies struct {
	next http.RoundTripper
}

func (t errorBodies) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	if err != nil || resp.StatusCode < 400 {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	status, requestID := resp.StatusCode, resp.Header.Get("Request-Id")
	// The shape stripe-go decodes error bodies into.
	var env struct {
		Error *stripe.Error `json:"error"`
	}
	switch {
	case json.Unmarshal(body, &env) != nil:
		return nil, &answered{status: status, requestID: requestID, err: ErrDecode}
	case env.Error == nil:
		return nil, &answered{status: status, requestID: requestID, err: &ResponseError{Reason: "error status without an error object"}}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	resp.ContentLength = int64(len(body))
	return resp, nil
}

// CloseIdleConnections forwards to the next transport.
func (t errorBodies) CloseIdleConnections() {
	if ci, ok := t.next.(interface{ CloseIdleConnections() }); ok {
		ci.CloseIdleConnections()
	}
}

// hasMore returns the has_more of a stripe-go list page.
func hasMore(v any) bool {
	f := reflect.ValueOf(v).Elem().FieldByName("HasMore")
	return f.IsValid() && f.Kind() == reflect.Bool && f.Bool()
}
