package webhooks

import (
	"fmt"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/stripetime"
	"github.com/fcsdk/fcsdk/permissions"
)

// Event is what every delivered event carries, whatever its type.
type Event struct {
	// ID is the event id (evt_…), the key of replay protection.
	ID string
	// Type is the event type, e.g. stripe.EventTypePaymentIntentSucceeded.
	Type stripe.EventType
	// Created is when Stripe created the event, in UTC; the zero time if
	// the payload has none.
	Created time.Time
	// Livemode is true for live-mode events.
	Livemode bool
	// APIVersion is the API version the event's object was rendered with.
	// Unless AcceptAPIVersionMismatch is set it is on stripe.APIVersion's
	// release train.
	APIVersion string
	// ConnectedAccount is the connected account the event originates from
	// (Stripe Connect's acct_…), or empty.
	ConnectedAccount string
}

// AccountEvent is a financial_connections.account.* event.
type AccountEvent struct {
	Event
	// Account is the Financial Connections account as of the event. Its
	// ID is never empty.
	Account *stripe.FinancialConnectionsAccount
}

// AccountRefreshedEvent is a financial_connections.account.refreshed_*
// event: the refresh of Feature finished. It is sent when the refresh
// leaves pending, whether it succeeded or failed: read the account's
// BalanceRefresh, OwnershipRefresh or TransactionRefresh status.
type AccountRefreshedEvent struct {
	AccountEvent
	// Feature is the refreshed feature: balance, ownership or
	// transactions.
	Feature permissions.RefreshFeature
}

// PaymentIntentEvent is a payment_intent.processing, .succeeded,
// .payment_failed or .canceled event.
type PaymentIntentEvent struct {
	Event
	// PaymentIntent is the PaymentIntent as of the event, with its
	// ClientSecret cleared (a webhook receiver has no use for it, and it
	// must not reach logs). Its ID is never empty.
	PaymentIntent *stripe.PaymentIntent
}

// SetupIntentEvent is a setup_intent.succeeded or .setup_failed event.
type SetupIntentEvent struct {
	Event
	// SetupIntent is the SetupIntent as of the event, with its
	// ClientSecret cleared. Its ID is never empty.
	SetupIntent *stripe.SetupIntent
}

// UnknownEvent is an event of a type this package does not model.
type UnknownEvent struct {
	Event
	// Object is the raw JSON of the event's data.object.
	Object RawObject
}

// RawObject is raw JSON of an event's object. It may contain secrets (for
// example a PaymentIntent's client_secret), so fmt prints only its size;
// convert it to []byte (or json.RawMessage) to decode it.
type RawObject []byte

// String returns a placeholder with the size, never the content.
func (o RawObject) String() string { return fmt.Sprintf("RawObject(%d bytes)", len(o)) }

// GoString is String, so that %#v does not print the content either.
func (o RawObject) GoString() string { return o.String() }

// Format prints String for every verb.
func (o RawObject) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(o.String())) }

// RefreshFeatureOf returns the feature of a
// financial_connections.account.refreshed_* event type.
func RefreshFeatureOf(t stripe.EventType) (permissions.RefreshFeature, bool) {
	switch t {
	case stripe.EventTypeFinancialConnectionsAccountRefreshedBalance:
		return permissions.RefreshBalance, true
	case stripe.EventTypeFinancialConnectionsAccountRefreshedOwnership:
		return permissions.RefreshOwnership, true
	case stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions:
		return permissions.RefreshTransactions, true
	}
	return "", false
}

// objectKind is the stripe-go type of a modelled event's object.
type objectKind int

const (
	kindUnknown objectKind = iota
	kindAccount
	kindPaymentIntent
	kindSetupIntent
	kindMandate
	kindCheckoutSession
	kindRefund
)

func kindOf(t stripe.EventType) objectKind {
	switch t {
	case stripe.EventTypeFinancialConnectionsAccountCreated,
		stripe.EventTypeFinancialConnectionsAccountDeactivated,
		stripe.EventTypeFinancialConnectionsAccountReactivated,
		stripe.EventTypeFinancialConnectionsAccountDisconnected,
		stripe.EventTypeFinancialConnectionsAccountRefreshedBalance,
		stripe.EventTypeFinancialConnectionsAccountRefreshedOwnership,
		stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions:
		return kindAccount
	case stripe.EventTypePaymentIntentProcessing,
		stripe.EventTypePaymentIntentRequiresAction,
		stripe.EventTypePaymentIntentSucceeded,
		stripe.EventTypePaymentIntentPaymentFailed,
		stripe.EventTypePaymentIntentCanceled:
		return kindPaymentIntent
	case stripe.EventTypeSetupIntentSucceeded,
		stripe.EventTypeSetupIntentRequiresAction,
		stripe.EventTypeSetupIntentSetupFailed:
		return kindSetupIntent
	case stripe.EventTypeMandateUpdated:
		return kindMandate
	case stripe.EventTypeCheckoutSessionCompleted,
		stripe.EventTypeCheckoutSessionAsyncPaymentSucceeded,
		stripe.EventTypeCheckoutSessionAsyncPaymentFailed:
		return kindCheckoutSession
	case stripe.EventTypeRefundCreated, stripe.EventTypeRefundUpdated, stripe.EventTypeRefundFailed,
		stripe.EventTypeChargeRefundUpdated:
		return kindRefund
	}
	return kindUnknown
}

// eventFromStripe copies the envelope fields.
func eventFromStripe(e *stripe.Event) Event {
	ev := Event{
		ID:               e.ID,
		Type:             e.Type,
		Livemode:         e.Livemode,
		APIVersion:       e.APIVersion,
		ConnectedAccount: e.Account,
		Created:          stripetime.Time(e.Created),
	}
	return ev
}

// compatibleAPIVersion is stripe-go's rule (unexported there): versions
// are yyyy-mm-dd.train and must share the train; a preview SDK version
// must match exactly; versions without a train never match.
func compatibleAPIVersion(sdk, event string) bool {
	_, eventTrain, ok := strings.Cut(event, ".")
	if !ok {
		return false
	}
	eventTrain, _, _ = strings.Cut(eventTrain, ".")
	_, sdkTrain, _ := strings.Cut(sdk, ".")
	sdkTrain, _, _ = strings.Cut(sdkTrain, ".")
	if sdkTrain == "preview" {
		return sdk == event
	}
	return eventTrain == sdkTrain
}
