package fctest

import (
	"fmt"
	"strings"
	"time"
)

// ErrNotConnectSession is returned by CollectBankAccountToken for a session
// whose holder is not a connected account, or that lacks the payment_method
// permission.
var ErrNotConnectSession = fmt.Errorf("fctest: not a connect payouts session")

type bankToken struct {
	id       string
	account  string // acct_ the token was collected for
	fca      string
	bankName string
	last4    string
	used     bool
	created  time.Time
}

// BankAccountToken is what Stripe.js collectBankAccountToken hands the
// browser after the connected account linked its bank.
type BankAccountToken struct {
	// Token is the bank-account token (btok_…) to attach with
	// POST /v1/accounts/{acct}/external_accounts.
	Token string
	// FinancialConnectionsAccount is the linked account (fca_…).
	FinancialConnectionsAccount string
}

// CollectBankAccountToken completes a session created with
// account_holder[type]=account and the payment_method permission, as the
// connected account linking one account at inst (default
// [InstitutionSuccess]) in the browser would, and returns the bank-account
// token collectBankAccountToken returns. The account must support ACH
// (cash checking or savings). Errors: ErrNotFound, ErrSessionLinked,
// ErrNotConnectSession, ErrUnknownInstitution.
func (s *Sim) CollectBankAccountToken(sessionID string, inst ...Institution) (BankAccountToken, error) {
	in := InstitutionSuccess
	if len(inst) > 0 {
		in = inst[0]
	}
	if err := in.validate(); err != nil {
		return BankAccountToken{}, err
	}
	s.mu.Lock()
	tok, err := s.collectTokenLocked(sessionID, in)
	s.mu.Unlock()
	s.flushWebhooks()
	return tok, err
}

func (s *Sim) collectTokenLocked(sessionID string, in Institution) (BankAccountToken, error) {
	se, ok := s.sessions[sessionID]
	switch {
	case !ok:
		return BankAccountToken{}, fmt.Errorf("%w: session %q", ErrNotFound, sessionID)
	case se.holder.typ != "account" || !contains(se.permissions, "payment_method"):
		return BankAccountToken{}, fmt.Errorf("%w: %s", ErrNotConnectSession, sessionID)
	case !profiles[in].ach:
		return BankAccountToken{}, fmt.Errorf("fctest: %s accounts cannot receive payouts", in)
	}
	ids, err := s.linkLocked(sessionID, []Institution{in})
	if err != nil {
		return BankAccountToken{}, err
	}
	a := s.accounts[ids[0]]
	t := &bankToken{
		id: s.newID("btok_"), account: se.holder.account, fca: a.id, bankName: strings.ToUpper(a.prof.institutionName),
		last4: a.prof.last4, created: s.now(),
	}
	s.connectLocked().tokens[t.id] = t
	return BankAccountToken{Token: t.id, FinancialConnectionsAccount: a.id}, nil
}
