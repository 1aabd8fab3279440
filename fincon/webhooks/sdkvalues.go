package webhooks

import "github.com/fcsdk/fcsdk/fincon"

// The event types keep Stripe's object as stripe-go decoded it (with
// client secrets cleared). Fincon returns the same object as the SDK's own
// value — what the fincon.Client returns for it — so a service that reads
// intents with the client and receives them by webhook meets one
// vocabulary (fincon.PaymentStatus, balances.Money, ach.Return…). The
// stripe-go object stays reachable from it with Stripe(). The conversion
// never fails for an event the Handler dispatched (its object has an id);
// each call converts anew.

// Fincon returns the account as a *fincon.Account (Stripe() is e.Account).
func (e AccountEvent) Fincon() *fincon.Account {
	a, _ := fincon.AccountFromStripe(e.Account)
	return a
}

// Fincon returns the PaymentIntent as a *fincon.PaymentIntent, with its
// Status, Amount and NACHA Return (Stripe() is e.PaymentIntent).
func (e PaymentIntentEvent) Fincon() *fincon.PaymentIntent {
	p, _ := fincon.PaymentIntentFromStripe(e.PaymentIntent)
	return p
}

// Fincon returns the SetupIntent as a *fincon.SetupIntent (Stripe() is
// e.SetupIntent).
func (e SetupIntentEvent) Fincon() *fincon.SetupIntent {
	s, _ := fincon.SetupIntentFromStripe(e.SetupIntent)
	return s
}

// Fincon returns the mandate as a *fincon.Mandate (Stripe() is e.Mandate).
func (e MandateEvent) Fincon() *fincon.Mandate {
	m, _ := fincon.MandateFromStripe(e.Mandate)
	return m
}
