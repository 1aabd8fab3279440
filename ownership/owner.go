package ownership

import (
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
	"github.com/fcsdk/fcsdk/internal/stripetime"
)

// Stripe object names accepted by the converters.
const (
	ObjectOwner     = "financial_connections.account_owner"
	ObjectOwnership = "financial_connections.account_ownership"
)

// ErrNil is returned when a converter is given a nil stripe-go object.
var ErrNil = errors.New("ownership: nil object")

// ErrWrongObject is wrapped by the error of a converter given a stripe-go
// value whose "object" field names another type than it expects (an empty
// "object" is accepted). The error quotes both, e.g.
// `ownership: wrong object type: "list", want "financial_connections.account_ownership"`.
var ErrWrongObject = errors.New("ownership: wrong object type")

// wrongObject returns ErrWrongObject wrapped with the object types.
func wrongObject(got, want string) error {
	return fmt.Errorf("%w: %s, want %s", ErrWrongObject, quote.Text(got), quote.Text(want))
}

// Owner is one owner of a Financial Connections account, as the bank
// reports it. Every field but ID and Ownership may be empty: banks share
// what they have. Name may name several people ("JOHN & JANE DOE"); see
// SplitNames.
//
// Owner data is personal data. Printing an Owner with the fmt package
// (%v, %+v, %s, %q, %#v) or logging it with log/slog redacts Email (only
// its first letter and domain are shown), Phone (only its last two
// digits) and RawAddress (only its length); the fields themselves keep
// the full values, and encoding/json encodes them in full.
type Owner struct {
	// ID is Stripe's owner id (fcaowner_…).
	ID string
	// Name is the owner's full name as the bank has it.
	Name string
	// Email is the owner's e-mail address as the bank has it.
	Email string
	// Phone is the owner's phone number, unformatted (see NormalizePhone).
	Phone string
	// RawAddress is the owner's postal address on one line (see
	// ParseAddress).
	RawAddress string
	// Ownership is the id of the ownership snapshot (fcaowns_…).
	Ownership string
	// RefreshedAt is when the refresh that produced this owner ran. Stripe
	// sends null (stripe-go: 0) when unknown; that is the zero time.Time.
	RefreshedAt time.Time
}

// FromStripe converts a stripe-go account owner. A nil owner yields
// ErrNil; an "object" other than "financial_connections.account_owner"
// yields [ErrWrongObject]. Strings are copied as they are (matching
// normalizes them itself); refreshed_at null or 0 becomes the zero
// time.Time.
func FromStripe(o *stripe.FinancialConnectionsAccountOwner) (Owner, error) {
	if o == nil {
		return Owner{}, ErrNil
	}
	if o.Object != "" && o.Object != ObjectOwner {
		return Owner{}, wrongObject(o.Object, ObjectOwner)
	}
	return Owner{
		ID:          o.ID,
		Name:        o.Name,
		Email:       o.Email,
		Phone:       o.Phone,
		RawAddress:  o.RawAddress,
		Ownership:   o.Ownership,
		RefreshedAt: stripetime.Time(o.RefreshedAt),
	}, nil
}

// OwnersFromStripe converts a page or list of stripe-go owners, stopping at
// the first error, which names the index of the bad element.
func OwnersFromStripe(list []*stripe.FinancialConnectionsAccountOwner) ([]Owner, error) {
	out := make([]Owner, 0, len(list))
	for i, o := range list {
		c, err := FromStripe(o)
		if err != nil {
			return nil, fmt.Errorf("ownership: owner %d: %w", i, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// Ownership is a snapshot of an account's owners at one point in time.
type Ownership struct {
	// ID is Stripe's ownership id (fcaowns_…).
	ID string
	// Created is when the snapshot was taken; zero when Stripe sent null.
	Created time.Time
	// Owners are the owners included in the object. Stripe embeds a first
	// page; HasMore tells whether more must be listed.
	Owners []Owner
	// HasMore reports whether Stripe has more owners than Owners holds.
	HasMore bool
}

// OwnershipFromStripe converts a stripe-go ownership snapshot. A nil value
// yields ErrNil, a wrong "object" [ErrWrongObject], a bad owner the error of
// FromStripe. An ownership that is only an id (not expanded) converts to
// an Ownership with just ID set.
func OwnershipFromStripe(o *stripe.FinancialConnectionsAccountOwnership) (Ownership, error) {
	if o == nil {
		return Ownership{}, ErrNil
	}
	if o.Object != "" && o.Object != ObjectOwnership {
		return Ownership{}, wrongObject(o.Object, ObjectOwnership)
	}
	out := Ownership{ID: o.ID, Created: stripetime.Time(o.Created)}
	if o.Owners != nil {
		owners, err := OwnersFromStripe(o.Owners.Data)
		if err != nil {
			return Ownership{}, err
		}
		out.Owners = owners
		out.HasMore = o.Owners.HasMore
	}
	return out, nil
}

// redactEmail keeps the first character of the local part and the domain:
// "jane.doe@example.com" → "j***@example.com".
func redactEmail(e string) string {
	e = strings.TrimSpace(e)
	if e == "" {
		return ""
	}
	at := strings.LastIndexByte(e, '@')
	if at <= 0 {
		return "***"
	}
	first := []rune(e[:at])[0]
	return string(first) + "***" + e[at:]
}

// redactPhone keeps the last two digits: "+1 415-555-0123" → "***23".
func redactPhone(p string) string {
	var last []byte
	for i := len(p) - 1; i >= 0 && len(last) < 2; i-- {
		if p[i] >= '0' && p[i] <= '9' {
			last = append([]byte{p[i]}, last...)
		}
	}
	if p == "" {
		return ""
	}
	return "***" + string(last)
}

func redactAddress(a string) string {
	if a == "" {
		return ""
	}
	return "[redacted " + strconv.Itoa(len(a)) + " bytes]"
}

// String returns a one-line description of o with Email, Phone and
// RawAddress redacted.
func (o Owner) String() string {
	var b strings.Builder
	b.WriteString("{ID:")
	b.WriteString(o.ID)
	b.WriteString(" Name:")
	b.WriteString(strconv.Quote(o.Name))
	b.WriteString(" Email:")
	b.WriteString(redactEmail(o.Email))
	b.WriteString(" Phone:")
	b.WriteString(redactPhone(o.Phone))
	b.WriteString(" RawAddress:")
	b.WriteString(redactAddress(o.RawAddress))
	b.WriteString(" Ownership:")
	b.WriteString(o.Ownership)
	b.WriteString(" RefreshedAt:")
	if o.RefreshedAt.IsZero() {
		b.WriteString("zero")
	} else {
		b.WriteString(o.RefreshedAt.Format(time.RFC3339))
	}
	b.WriteString("}")
	return b.String()
}

// GoString returns Go syntax for o with Email, Phone and RawAddress
// redacted; it is used by %#v.
func (o Owner) GoString() string {
	return fmt.Sprintf("ownership.Owner{ID:%q, Name:%q, Email:%q, Phone:%q, RawAddress:%q, Ownership:%q, RefreshedAt:%#v}",
		o.ID, o.Name, redactEmail(o.Email), redactPhone(o.Phone), redactAddress(o.RawAddress), o.Ownership, o.RefreshedAt)
}

// Format implements fmt.Formatter so that every verb prints the redacted
// form: %#v uses GoString, %q quotes String, anything else prints String.
func (o Owner) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = f.Write([]byte(o.GoString()))
	case verb == 'q':
		_, _ = f.Write([]byte(strconv.Quote(o.String())))
	default:
		_, _ = f.Write([]byte(o.String()))
	}
}

// LogValue implements slog.LogValuer with the same redaction as String.
func (o Owner) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("id", o.ID),
		slog.String("name", o.Name),
		slog.String("email", redactEmail(o.Email)),
		slog.String("phone", redactPhone(o.Phone)),
		slog.String("raw_address", redactAddress(o.RawAddress)),
		slog.String("ownership", o.Ownership),
	}
	if !o.RefreshedAt.IsZero() {
		attrs = append(attrs, slog.Time("refreshed_at", o.RefreshedAt))
	}
	return slog.GroupValue(attrs...)
}
