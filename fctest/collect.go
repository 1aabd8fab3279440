package fctest

import (
	"errors"
	"fmt"
)

// ErrNotCollecting is returned by CollectBankAccount and
// CollectBankAccountManually for an intent that is not awaiting a payment
// method (status requires_payment_method), and by CollectBankAccount for an
// intent whose verification_method is microdeposits (no Financial
// Connections flow) and by CollectBankAccountManually for one whose
// verification_method is instant (no manual entry).
var ErrNotCollecting = errors.New("fctest: intent is not collecting a bank account")

// collectingIntentLocked finds a PaymentIntent or SetupIntent awaiting a
// payment method.
func (s *Sim) collectingIntentLocked(id string) (*intent, error) {
	var it *intent
	if pi, ok := s.paymentIntents[id]; ok {
		it = &pi.intent
	} else if si, ok := s.setupIntents[id]; ok {
		it = &si.intent
	} else {
		return nil, fmt.Errorf("%w: intent %q", ErrNotFound, id)
	}
	if it.status != "requires_payment_method" {
		return nil, fmt.Errorf("%w: %s has status %s", ErrNotCollecting, id, it.status)
	}
	return it, nil
}

// CollectBankAccount completes the browser half of an intent-first flow
// (Stripe.js collectBankAccountForPayment or collectBankAccountForSetup) as
// a customer linking an account at the test institution would: it creates
// a Financial Connections account holding the intent's permissions
// (payment_method_options[us_bank_account][financial_connections];
// payment_method when none were asked), starts its prefetch refreshes,
// creates a us_bank_account PaymentMethod from it for the intent's
// customer and attaches it, leaving the intent in requires_confirmation.
// Confirm it with the mandate (ConfirmPaymentIntent / ConfirmSetupIntent).
// It returns the fca_ id. Errors: [ErrNotFound], [ErrNotCollecting],
// [ErrUnknownInstitution], or [ErrFilteredOut] for an institution whose
// account cannot take ACH debits (only checking and savings accounts are
// offered for us_bank_account).
func (s *Sim) CollectBankAccount(intentID string, in Institution) (string, error) {
	if err := in.validate(); err != nil {
		return "", err
	}
	s.mu.Lock()
	fca, err := s.collectLocked(intentID, in)
	s.mu.Unlock()
	s.flushWebhooks()
	return fca, err
}

func (s *Sim) collectLocked(intentID string, in Institution) (string, error) {
	it, err := s.collectingIntentLocked(intentID)
	if err != nil {
		return "", err
	}
	if it.opts.verification == "microdeposits" {
		return "", fmt.Errorf("%w: %s verifies with microdeposits only", ErrNotCollecting, intentID)
	}
	p := profiles[in]
	if !p.ach {
		return "", fmt.Errorf("%w: %s is a %s account", ErrFilteredOut, in, p.subcategory)
	}
	now := s.now()
	perms := it.opts.perms
	if len(perms) == 0 {
		perms = []string{"payment_method"}
	}
	se := &session{
		id: s.newID("fcsess_"), created: now, holder: accountHolder{typ: "customer", customer: it.customer},
		permissions: append([]string(nil), perms...), prefetch: append([]string(nil), it.opts.prefetch...),
		subcategories: []string{"checking", "savings"}, linked: true,
	}
	se.clientSecret = se.id + "_secret_" + s.newSecret(18)
	s.sessions[se.id] = se
	a := s.newAccountLocked(se, in, now)
	se.accounts = []string{a.id}
	name := "Jenny Rosen"
	if cu, ok := s.customers[it.customer]; ok && cu.name != "" {
		name = cu.name
	}
	pm := s.materializePM(&pmSpec{account: a, name: name}, it.customer, now)
	it.pm = pm.id
	it.status = "requires_confirmation"
	return a.id, nil
}

// CollectBankAccountManually completes an intent-first flow as a customer
// typing in account and routing numbers would (verification_method
// automatic's fallback, or microdeposits): it creates a us_bank_account
// PaymentMethod whose financial_connections_account is null and attaches
// it, leaving the intent in requires_confirmation. Confirming the intent
// then sends microdeposits (requires_action, next_action
// verify_with_microdeposits) to verify with the verify_microdeposits
// endpoint; see [Sim.Microdeposits]. It returns the pm_ id. Errors:
// [ErrNotFound], [ErrNotCollecting].
func (s *Sim) CollectBankAccountManually(intentID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	it, err := s.collectingIntentLocked(intentID)
	if err != nil {
		return "", err
	}
	if it.opts.verification == "instant" {
		return "", fmt.Errorf("%w: %s allows no manual entry (verification_method instant)", ErrNotCollecting, intentID)
	}
	now := s.now()
	name := "Jenny Rosen"
	if cu, ok := s.customers[it.customer]; ok && cu.name != "" {
		name = cu.name
	}
	pm := &paymentMethod{
		id: s.newID("pm_"), created: now, customer: it.customer, billingName: name, accountType: "checking",
		holderType: "individual", last4: "6789", bankName: "STRIPE TEST BANK", manual: true,
	}
	pm.fingerprint = txnID(pm.id, "fp")[6:22]
	s.paymentMethods[pm.id] = pm
	s.stats.created["payment_method"]++
	it.pm = pm.id
	it.status = "requires_confirmation"
	return pm.id, nil
}
