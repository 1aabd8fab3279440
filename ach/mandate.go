package ach

import (
	"fmt"
	"net/netip"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
)

// AcceptanceType is how the customer accepted the mandate:
// mandate_data[customer_acceptance][type].
type AcceptanceType string

// Acceptance types.
const (
	// AcceptanceOnline: accepted in a browser or app; the IP address and
	// user agent are recorded.
	AcceptanceOnline AcceptanceType = "online"
	// AcceptanceOffline: accepted outside a browser, for example on paper
	// or by phone.
	AcceptanceOffline AcceptanceType = "offline"
)

// Limits applied by CustomerAcceptance.Validate.
const (
	// MaxUserAgentLen is the longest user agent accepted, in bytes. Real
	// browsers send a few hundred bytes; the cap keeps a hostile header out
	// of the request and of Stripe's mandate record.
	MaxUserAgentLen = 4096
	// MaxClockSkew is how far in the future AcceptedAt may lie relative to
	// the now passed to Validate, to absorb clock differences between the
	// machine that recorded the acceptance and the one validating it.
	MaxClockSkew = 5 * time.Minute
)

// CustomerAcceptance records the customer's authorization of an ACH debit
// mandate (Nacha requires it before debiting), to be sent as
// mandate_data[customer_acceptance]. The zero value is not valid.
type CustomerAcceptance struct {
	// Type is AcceptanceOnline or AcceptanceOffline.
	Type AcceptanceType
	// IPAddress is the customer's IP address (IPv4 or IPv6, no zone).
	// Required for online acceptance, must be empty for offline.
	IPAddress string
	// UserAgent is the customer's browser user agent. Required for online
	// acceptance, must be empty for offline.
	UserAgent string
	// AcceptedAt is when the customer accepted. Required; sent with
	// one-second precision.
	AcceptedAt time.Time
}

// AcceptanceError reports the first invalid field of a CustomerAcceptance.
// It matches ErrInvalidAcceptance with errors.Is. It never contains the IP
// address or user agent, which are personal data.
type AcceptanceError struct {
	// Field is the Stripe name of the field: "type", "ip_address",
	// "user_agent" or "accepted_at".
	Field string
	// Problem says what is wrong with it.
	Problem string
}

// Error implements error, e.g.
// "ach: invalid customer acceptance: ip_address: not an IP address".
func (e *AcceptanceError) Error() string {
	return fmt.Sprintf("ach: invalid customer acceptance: %s: %s", e.Field, e.Problem)
}

// Is reports whether target is ErrInvalidAcceptance.
func (e *AcceptanceError) Is(target error) bool { return target == ErrInvalidAcceptance }

// Validate checks c against now (normally time.Now()) and returns the first
// problem as an *AcceptanceError:
//
//   - Type must be AcceptanceOnline or AcceptanceOffline.
//   - AcceptedAt must be set, after the Unix epoch, and no later than
//     now + MaxClockSkew.
//   - Online: IPAddress must parse with net/netip as an IPv4 or IPv6
//     address without zone and must not be unspecified (0.0.0.0, ::);
//     UserAgent must be non-blank, valid UTF-8 without control characters,
//     and at most MaxUserAgentLen bytes.
//   - Offline: IPAddress and UserAgent must be empty — they would not be
//     sent, so a value there signals a mislabelled acceptance.
func (c CustomerAcceptance) Validate(now time.Time) error {
	bad := func(field, problem string) error { return &AcceptanceError{Field: field, Problem: problem} }
	switch c.Type {
	case AcceptanceOnline, AcceptanceOffline:
	case "":
		return bad("type", "missing")
	default:
		return bad("type", quote.Text(string(c.Type))+" is neither online nor offline")
	}
	switch {
	case c.AcceptedAt.IsZero():
		return bad("accepted_at", "missing")
	case c.AcceptedAt.Unix() <= 0:
		return bad("accepted_at", "not after the unix epoch")
	case c.AcceptedAt.After(now.Add(MaxClockSkew)):
		return bad("accepted_at", fmt.Sprintf("in the future: %s is after now (%s) plus %v of allowed clock skew; record it on the clock the validating client uses (a simulator's clock, in tests)",
			c.AcceptedAt.UTC().Format(time.RFC3339), now.UTC().Format(time.RFC3339), MaxClockSkew))
	}
	if c.Type == AcceptanceOffline {
		if c.IPAddress != "" || c.UserAgent != "" {
			return bad("type", "offline acceptance must not carry ip_address or user_agent")
		}
		return nil
	}
	if c.IPAddress == "" {
		return bad("ip_address", "missing")
	}
	ip, err := netip.ParseAddr(c.IPAddress)
	switch {
	case err != nil:
		return bad("ip_address", "not an IP address")
	case ip.Zone() != "":
		return bad("ip_address", "must not have a zone")
	case ip.IsUnspecified():
		return bad("ip_address", "unspecified address")
	}
	switch {
	case strings.TrimSpace(c.UserAgent) == "":
		return bad("user_agent", "missing")
	case len(c.UserAgent) > MaxUserAgentLen:
		return bad("user_agent", fmt.Sprintf("longer than %d bytes", MaxUserAgentLen))
	case !utf8.ValidString(c.UserAgent):
		return bad("user_agent", "not valid UTF-8")
	case strings.ContainsFunc(c.UserAgent, unicode.IsControl):
		return bad("user_agent", "contains control characters")
	}
	return nil
}

// acceptedAt returns the Unix time to send, or nil when AcceptedAt is not
// set (so that no 1970 timestamp is ever sent).
func (c CustomerAcceptance) acceptedAt() *int64 {
	if c.AcceptedAt.IsZero() || c.AcceptedAt.Unix() <= 0 {
		return nil
	}
	t := c.AcceptedAt.Unix()
	return &t
}

func (c CustomerAcceptance) online() (ip, ua *string, ok bool) {
	if c.Type != AcceptanceOnline {
		return nil, nil, false
	}
	i, u := c.IPAddress, c.UserAgent
	return &i, &u, true
}

// The converters below map c field by field; they do not validate (call
// Validate first). The online hash is set only for AcceptanceOnline and the
// offline hash only for AcceptanceOffline; a zero AcceptedAt is omitted.

// PaymentIntentCreateMandateData returns c as the mandate_data of a
// PaymentIntent create with confirm=true.
func (c CustomerAcceptance) PaymentIntentCreateMandateData() *stripe.PaymentIntentCreateMandateDataParams {
	ca := &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceParams{
		AcceptedAt: c.acceptedAt(),
		Type:       stripe.String(string(c.Type)),
	}
	if ip, ua, ok := c.online(); ok {
		ca.Online = &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceOnlineParams{IPAddress: ip, UserAgent: ua}
	} else if c.Type == AcceptanceOffline {
		ca.Offline = &stripe.PaymentIntentCreateMandateDataCustomerAcceptanceOfflineParams{}
	}
	return &stripe.PaymentIntentCreateMandateDataParams{CustomerAcceptance: ca}
}

// PaymentIntentMandateData returns c as the mandate_data of a PaymentIntent
// confirm (stripe.PaymentIntentConfirmParams.MandateData).
func (c CustomerAcceptance) PaymentIntentMandateData() *stripe.PaymentIntentMandateDataParams {
	ca := &stripe.PaymentIntentMandateDataCustomerAcceptanceParams{
		AcceptedAt: c.acceptedAt(),
		Type:       stripe.String(string(c.Type)),
	}
	if ip, ua, ok := c.online(); ok {
		ca.Online = &stripe.PaymentIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: ip, UserAgent: ua}
	} else if c.Type == AcceptanceOffline {
		ca.Offline = &stripe.PaymentIntentMandateDataCustomerAcceptanceOfflineParams{}
	}
	return &stripe.PaymentIntentMandateDataParams{CustomerAcceptance: ca}
}

// SetupIntentCreateMandateData returns c as the mandate_data of a
// SetupIntent create with confirm=true.
func (c CustomerAcceptance) SetupIntentCreateMandateData() *stripe.SetupIntentCreateMandateDataParams {
	ca := &stripe.SetupIntentCreateMandateDataCustomerAcceptanceParams{
		AcceptedAt: c.acceptedAt(),
		Type:       stripe.String(string(c.Type)),
	}
	if ip, ua, ok := c.online(); ok {
		ca.Online = &stripe.SetupIntentCreateMandateDataCustomerAcceptanceOnlineParams{IPAddress: ip, UserAgent: ua}
	} else if c.Type == AcceptanceOffline {
		ca.Offline = &stripe.SetupIntentCreateMandateDataCustomerAcceptanceOfflineParams{}
	}
	return &stripe.SetupIntentCreateMandateDataParams{CustomerAcceptance: ca}
}

// SetupIntentMandateData returns c as the mandate_data of a SetupIntent
// confirm (stripe.SetupIntentConfirmParams.MandateData).
func (c CustomerAcceptance) SetupIntentMandateData() *stripe.SetupIntentMandateDataParams {
	ca := &stripe.SetupIntentMandateDataCustomerAcceptanceParams{
		AcceptedAt: c.acceptedAt(),
		Type:       stripe.MandateCustomerAcceptanceType(c.Type),
	}
	if ip, ua, ok := c.online(); ok {
		ca.Online = &stripe.SetupIntentMandateDataCustomerAcceptanceOnlineParams{IPAddress: ip, UserAgent: ua}
	} else if c.Type == AcceptanceOffline {
		ca.Offline = &stripe.SetupIntentMandateDataCustomerAcceptanceOfflineParams{}
	}
	return &stripe.SetupIntentMandateDataParams{CustomerAcceptance: ca}
}
