package fctest

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Events of intents that wait for microdeposit verification, and of a
// canceled SetupIntent, as Stripe names them.
const (
	EventPaymentIntentRequiresAction = "payment_intent.requires_action"
	EventSetupIntentRequiresAction   = "setup_intent.requires_action"
	EventSetupIntentSetupFailed      = "setup_intent.setup_failed"
	EventSetupIntentCanceled         = "setup_intent.canceled"
)

// Microdeposit verification as the simulator models it. The values that
// verify are Stripe's documented test-mode values (ACH Direct Debit
// "Accept a payment", test microdeposit verification): the amounts 32 and
// 45 cents, or the descriptor code SM11AA. A hand-entered account must be
// verified within MicrodepositTimeout of the microdeposits' arrival and in
// at most MicrodepositAttempts attempts; Stripe then fails the intent with
// payment_method_microdeposit_verification_timeout or
// payment_method_microdeposit_verification_attempts_exceeded (Stripe error
// codes; "Microdeposit verification failure" in the same guide).
const (
	MicrodepositAmount1        int64 = 32
	MicrodepositAmount2        int64 = 45
	MicrodepositDescriptorCode       = "SM11AA"
	MicrodepositAttempts             = 3
	MicrodepositTimeout              = 10 * 24 * time.Hour
	// MicrodepositArrivalDays is how many business days after confirmation
	// the microdeposits arrive (Stripe: one to two business days).
	MicrodepositArrivalDays = 2
)

// Microdeposit types (next_action.verify_with_microdeposits.microdeposit_type).
const (
	MicrodepositTypeAmounts        = "amounts"
	MicrodepositTypeDescriptorCode = "descriptor_code"
)

// Stripe's error codes for microdeposit verification.
const (
	codeMicroAmountsInvalid   = "payment_method_microdeposit_verification_amounts_invalid"
	codeMicroAmountsMismatch  = "payment_method_microdeposit_verification_amounts_mismatch"
	codeMicroDescriptorWrong  = "payment_method_microdeposit_verification_descriptor_code_mismatch"
	codeMicroAttemptsExceeded = "payment_method_microdeposit_verification_attempts_exceeded"
	codeMicroTimeout          = "payment_method_microdeposit_verification_timeout"
)

// WithMicrodepositType sets the microdeposit type of later verifications:
// [MicrodepositTypeAmounts] (the default: two deposits, verified with 32
// and 45 cents) or [MicrodepositTypeDescriptorCode] (one deposit whose
// statement descriptor carries SM11AA). Other values are refused.
func WithMicrodepositType(typ string) Option {
	return func(c *config) error {
		if typ != MicrodepositTypeAmounts && typ != MicrodepositTypeDescriptorCode {
			return optErr("WithMicrodepositType", "unknown type %q", typ)
		}
		c.microType = typ
		return nil
	}
}

// microState holds the simulator's microdeposit verifications.
type microState struct {
	typ      string                   // for new verifications; "" = amounts
	byIntent map[string]*verification // intent id → its pending verification
	verified map[string]bool          // payment method ids verified by microdeposits
	siErr    map[string]*lastError    // a SetupIntent's last_setup_error after a failed verification
}

// verification is one pending microdeposit verification of an intent's
// hand-entered payment method.
type verification struct {
	typ      string
	pm       string
	arrival  time.Time
	attempts int
	url      string
	md       *mandateSpec // a SetupIntent's mandate data, used once verified
}

func (m *microState) init() {
	if m.byIntent == nil {
		m.byIntent = map[string]*verification{}
		m.verified = map[string]bool{}
		m.siErr = map[string]*lastError{}
	}
}

// needsMicrodepositsLocked reports whether the intent's payment method was
// entered by hand and is not verified yet.
func (s *Sim) needsMicrodepositsLocked(it *intent) bool {
	pm := s.paymentMethods[it.pm]
	return pm != nil && pm.manual && !s.micro.verified[pm.id]
}

// awaitMicrodepositsLocked sends the microdeposits for a confirmed intent
// with an unverified hand-entered payment method: the intent goes to
// requires_action with next_action verify_with_microdeposits, and fails
// with payment_method_microdeposit_verification_timeout when not verified
// by MicrodepositTimeout after arrival. md is a SetupIntent's mandate data.
func (s *Sim) awaitMicrodepositsLocked(it *intent, md *mandateSpec, now time.Time) {
	s.micro.init()
	typ := s.micro.typ
	if typ == "" {
		typ = MicrodepositTypeAmounts
	}
	v := &verification{
		typ: typ, pm: it.pm, arrival: addBusinessDays(now, MicrodepositArrivalDays), md: md,
		url: "https://payments.stripe.com/microdeposit/pacs_test_" + s.randChars(24),
	}
	s.micro.byIntent[it.id] = v
	delete(s.micro.siErr, it.id)
	it.status = "requires_action"
	s.schedule(v.arrival.Add(MicrodepositTimeout), func(at time.Time) {
		if s.micro.byIntent[it.id] == v && it.status == "requires_action" {
			s.failMicrodepositsLocked(it, codeMicroTimeout, "The customer did not verify the microdeposits in time.", at, nil)
		}
	})
}

// failMicrodepositsLocked ends a verification: the intent returns to
// requires_payment_method with the code as its last error, and emits
// payment_intent.payment_failed or setup_intent.setup_failed.
func (s *Sim) failMicrodepositsLocked(it *intent, code, msg string, at time.Time, c *call) {
	delete(s.micro.byIntent, it.id)
	pmID := it.pm
	it.status, it.pm, it.mandate = "requires_payment_method", "", ""
	le := &lastError{code: code, typ: typeInvalidRequest, pm: pmID, message: msg}
	if pi, ok := s.paymentIntents[it.id]; ok {
		pi.lastErr = le
		s.emitLocked(EventPaymentIntentPaymentFailed, s.piJSON(pi, nil), at, c)
		return
	}
	if si, ok := s.setupIntents[it.id]; ok {
		s.micro.siErr[si.id] = le
		s.emitLocked(EventSetupIntentSetupFailed, s.siJSON(si, nil), at, c)
	}
}

type microNextActionJSON struct {
	Type                    string `json:"type"`
	VerifyWithMicrodeposits struct {
		ArrivalDate           int64  `json:"arrival_date"`
		HostedVerificationURL string `json:"hosted_verification_url"`
		MicrodepositType      string `json:"microdeposit_type"`
	} `json:"verify_with_microdeposits"`
}

// nextActionJSON is the intent's next_action: verify_with_microdeposits
// while a verification is pending, else null.
func (s *Sim) nextActionJSON(it *intent) any {
	v := s.micro.byIntent[it.id]
	if v == nil || it.status != "requires_action" {
		return nil
	}
	var j microNextActionJSON
	j.Type = "verify_with_microdeposits"
	j.VerifyWithMicrodeposits.ArrivalDate = v.arrival.Unix()
	j.VerifyWithMicrodeposits.HostedVerificationURL = v.url
	j.VerifyWithMicrodeposits.MicrodepositType = v.typ
	return j
}

// verifyMicrodepositsLocked checks the form's amounts[] or
// descriptor_code against the intent's pending verification. On success
// the payment method is verified and the intent's confirmation goes on;
// a wrong value costs an attempt, and the last allowed wrong attempt
// fails the intent.
func (s *Sim) verifyMicrodepositsLocked(it *intent, c *call) *apiError {
	s.micro.init()
	v := s.micro.byIntent[it.id]
	if v == nil || it.status != "requires_action" {
		return it.unexpectedState("verify microdeposits for")
	}
	amounts := c.form.strs("amounts")
	code, hasCode := c.form.str("descriptor_code")
	switch {
	case len(amounts) > 0 && hasCode:
		return invalidRequest("amounts", "You may only specify one of these parameters: amounts, descriptor_code.")
	case len(amounts) == 0 && !hasCode:
		return missingParam("amounts")
	case v.typ == MicrodepositTypeAmounts && hasCode:
		return invalidRequest("descriptor_code", "This verification uses two microdeposit amounts; pass amounts[] instead of descriptor_code.")
	case v.typ == MicrodepositTypeDescriptorCode && !hasCode:
		return invalidRequest("amounts", "This verification uses a descriptor code; pass descriptor_code instead of amounts[].")
	}
	var ok bool
	if v.typ == MicrodepositTypeAmounts {
		got := make([]int64, 0, 2)
		for _, a := range amounts {
			n, err := strconv.ParseInt(a, 10, 64)
			if err != nil || n <= 0 || n >= 100 {
				return invalidRequestCode(codeMicroAmountsInvalid, "amounts", "Microdeposit amounts must be whole numbers of cents between 1 and 99.")
			}
			got = append(got, n)
		}
		if len(got) != 2 {
			return invalidRequestCode(codeMicroAmountsInvalid, "amounts", "Pass exactly two microdeposit amounts.")
		}
		slices.Sort(got)
		ok = got[0] == MicrodepositAmount1 && got[1] == MicrodepositAmount2
	} else {
		ok = code == MicrodepositDescriptorCode
	}
	if !ok {
		v.attempts++
		if v.attempts >= MicrodepositAttempts {
			s.failMicrodepositsLocked(it, codeMicroAttemptsExceeded, "The customer exceeded the number of microdeposit verification attempts.", c.now, c)
			return invalidRequestCode(codeMicroAttemptsExceeded, "",
				"You have exceeded the number of allowed verification attempts (%d).", MicrodepositAttempts)
		}
		left := MicrodepositAttempts - v.attempts
		if v.typ == MicrodepositTypeAmounts {
			return invalidRequestCode(codeMicroAmountsMismatch, "amounts",
				"The amounts provided do not match the amounts that were sent to the bank account. You have %d verification attempts remaining.", left)
		}
		return invalidRequestCode(codeMicroDescriptorWrong, "descriptor_code",
			"The descriptor code provided does not match the one that was sent to the bank account. You have %d verification attempts remaining.", left)
	}
	delete(s.micro.byIntent, it.id)
	s.micro.verified[v.pm] = true
	if pi, found := s.paymentIntents[it.id]; found {
		s.confirmPILocked(pi, s.mandates[pi.mandate], nil, c)
		return nil
	}
	if si, found := s.setupIntents[it.id]; found {
		s.confirmSILocked(si, v.md, c)
	}
	return nil
}

func handleVerifyPIMicrodeposits(c *call) (any, *apiError) {
	pi, aerr := c.paymentIntent()
	if aerr != nil {
		return nil, aerr
	}
	if aerr := c.s.verifyMicrodepositsLocked(&pi.intent, c); aerr != nil {
		return nil, aerr
	}
	return c.s.piJSON(pi, c.expand()), nil
}

func handleVerifySIMicrodeposits(c *call) (any, *apiError) {
	si, aerr := c.setupIntent()
	if aerr != nil {
		return nil, aerr
	}
	if aerr := c.s.verifyMicrodepositsLocked(&si.intent, c); aerr != nil {
		return nil, aerr
	}
	return c.s.siJSON(si, c.expand()), nil
}

// Microdeposits is what the customer sees on their bank statement for the
// intent's pending verification: the two amounts in cents, or the
// descriptor code, once the microdeposits have arrived on the simulated
// clock (arrived false before, with zero values). It fails with
// [ErrNotFound] when the intent has no pending verification.
func (s *Sim) Microdeposits(intentID string) (amounts [2]int64, descriptorCode string, arrived bool, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.micro.byIntent[intentID]
	if v == nil {
		return amounts, "", false, fmt.Errorf("%w: no pending microdeposit verification for %q", ErrNotFound, intentID)
	}
	if s.now().Before(v.arrival) {
		return amounts, "", false, nil
	}
	if v.typ == MicrodepositTypeDescriptorCode {
		return amounts, MicrodepositDescriptorCode, true, nil
	}
	return [2]int64{MicrodepositAmount1, MicrodepositAmount2}, "", true, nil
}

// lastSetupErrorJSON is a SetupIntent's last_setup_error: set after a
// failed microdeposit verification, else null.
func (s *Sim) lastSetupErrorJSON(si *setupIntent) any {
	e := s.micro.siErr[si.id]
	if e == nil {
		return nil
	}
	return &lastErrorJSON{Code: e.code, Message: e.message, Type: e.typ}
}
