package fincon_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// TestErrorTypesZeroValue: every exported error type of the package prints
// something sensible, and does not panic, with all its fields zero or nil —
// a caller may build one by hand, or receive one through errors.As from
// code that filled only part of it. Unwrap of the multi-cause errors skips
// the nil causes.
func TestErrorTypesZeroValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		err  error
		want string // a part of Error()
	}{
		{&fincon.Error{}, "fincon: "},
		{&fincon.Error{Err: fincon.ErrNoData}, "fincon: no data yet"}, // no operation: no empty segment
		{&fincon.Error{ID: "fca_1", Err: fincon.ErrNoData}, "fincon: fca_1: no data yet"},
		{&fincon.ResponseError{}, "malformed response"},
		{&fincon.ResponseError{Limit: 1}, "larger than"},
		{&fincon.PermissionError{}, "not granted"},
		{&fincon.PermissionError{Permission: permissions.PaymentMethod, Ineligible: &ach.IneligibleError{}}, "cannot be debited"},
		{&fincon.PermissionError{Ineligible: &ach.IneligibleError{Reasons: []ach.Reason{ach.ReasonPaymentMethodPermissionMissing}}}, "cannot be debited"},
		{&fincon.RefreshError{}, "not available"},
		{&fincon.RefreshError{Failed: true}, "failed"},
		{&fincon.ParamError{}, "invalid"},
		{&fincon.ParamError{Param: "api key", Err: fincon.ErrInvalidAPIKey}, "invalid api key"},
		{func() error { _, err := fincon.ParseCategory(""); return err }(), "unknown"}, // the enum error of an empty name
		{&fincon.OptionError{}, "invalid option"},
		{&fincon.PermissionError{Ineligible: &ach.IneligibleError{}}, "not eligible"},
		{&fincon.PermissionError{Ineligible: &ach.IneligibleError{}, Err: errors.New("boom")}, "boom"},
	}
	for _, tt := range tests {
		name := strings.TrimPrefix(strings.TrimPrefix(typeName(tt.err), "*"), "fincon.")
		t.Run(name, func(t *testing.T) {
			var msg string
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("Error() panics: %v", r)
					}
				}()
				msg = tt.err.Error()
			}()
			if !strings.HasPrefix(msg, "fincon: ") && !strings.HasPrefix(msg, "ach: ") {
				t.Errorf("Error() = %q, want a package prefix", msg)
			}
			if !strings.Contains(msg, tt.want) {
				t.Errorf("Error() = %q, want it to contain %q", msg, tt.want)
			}
			if strings.Contains(msg, ": :") || strings.Contains(msg, "  ") {
				t.Errorf("Error() = %q has an empty segment", msg)
			}
			if u, ok := tt.err.(interface{ Unwrap() []error }); ok {
				for i, e := range u.Unwrap() {
					if isNil(e) {
						t.Errorf("Unwrap()[%d] is nil", i)
					}
				}
			}
			// errors.Is and errors.As walk the causes without panicking.
			_ = errors.Is(tt.err, ach.ErrIneligible)
			_ = errors.Is(tt.err, permissions.ErrNotGranted)
			var ie *ach.IneligibleError
			_ = errors.As(tt.err, &ie)
		})
	}
}

// TestRefusalMatchesPermission: Stripe's refusal of a keyed create for an
// account without payment_method also matches ErrPermissionNotGranted, like
// the refusal before any request; for other reasons it does not.
func TestRefusalMatchesPermission(t *testing.T) {
	t.Parallel()
	tests := []struct {
		reasons []ach.Reason
		want    bool
	}{
		{[]ach.Reason{ach.ReasonPaymentMethodPermissionMissing}, true},
		{[]ach.Reason{ach.ReasonDisconnected, ach.ReasonPaymentMethodPermissionMissing}, true},
		{[]ach.Reason{ach.ReasonDisconnected}, false},
	}
	for _, tt := range tests {
		e := &fincon.PermissionError{Ineligible: &ach.IneligibleError{AccountID: "fca_1", Reasons: tt.reasons}}
		if got := errors.Is(e, fincon.ErrPermissionNotGranted); got != tt.want {
			t.Errorf("%v: matches ErrPermissionNotGranted = %v, want %v", tt.reasons, got, tt.want)
		}
		if !errors.Is(e, ach.ErrIneligible) {
			t.Errorf("%v: does not match ach.ErrIneligible", tt.reasons)
		}
	}
}

func typeName(err error) string { return fmt.Sprintf("%T", err) }

// isNil reports a nil error, typed nil pointers included.
func isNil(err error) bool {
	if err == nil {
		return true
	}
	v := reflect.ValueOf(err)
	return v.Kind() == reflect.Pointer && v.IsNil()
}
