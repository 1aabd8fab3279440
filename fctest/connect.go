package fctest

import (
	"net/http"
)

// Connect: connected accounts, bank-account tokens and external accounts.
//
// The simulator keeps connected accounts of each type (custom, express,
// standard), created through POST /v1/accounts or [Sim.CreateConnectedAccount].
// A Financial Connections session created with account_holder[type]=account
// is completed by [Sim.CollectBankAccountToken], which links an account and
// returns the bank-account token (btok_…) that Stripe.js
// collectBankAccountToken returns in the browser. The external-accounts
// endpoints (/v1/accounts/{acct}/external_accounts) attach, list, update and
// delete bank accounts with state, and fail as Stripe does:
//
//   - a token attached twice: 400 token_already_used;
//   - a token collected for another connected account: 400 resource_missing
//     on external_account (tokens belong to the account they were made for,
//     and Stripe reports objects of another account as missing);
//   - any external-account change on a Standard account: 400
//     not_allowed_on_standard_account;
//   - deleting the default account of a currency: 400.
//
// A request with a Stripe-Account header naming an account the simulator
// does not know gets 403 account_invalid. The simulator records the header
// ([RequestRecord.StripeAccount]) and scopes idempotency keys by it.
// Customers, Financial Connections sessions and the accounts linked through
// them belong to the account they were created as (the platform without the
// header): requests acting as another account get resource_missing for
// them and do not list them. Other objects (transactions, PaymentIntents,
// SetupIntents, mandates) are not partitioned.

// Error codes of the Connect endpoints, as Stripe spells them.
const (
	codeTokenAlreadyUsed   = "token_already_used"
	codeAccountInvalid     = "account_invalid"
	codeNotAllowedStandard = "not_allowed_on_standard_account"
)

type connectState struct {
	accounts map[string]*connectedAccount
	tokens   map[string]*bankToken
	external map[string]*externalAccount
}

// connectLocked returns the Connect state, creating it; callers hold s.mu.
func (s *Sim) connectLocked() *connectState {
	if s.connect == nil {
		s.connect = &connectState{accounts: map[string]*connectedAccount{}, tokens: map[string]*bankToken{}, external: map[string]*externalAccount{}}
	}
	return s.connect
}

func init() {
	routes = append(routes,
		route{http.MethodPost, seg("accounts"), []string{"type", "country", "email", "business_type", "company", "individual", "capabilities", "metadata"}, handleCreateConnectedAccount},
		route{http.MethodGet, seg("accounts", "*"), nil, handleGetConnectedAccount},
		route{http.MethodPost, seg("accounts", "*", "external_accounts"), []string{"external_account", "default_for_currency", "metadata"}, handleAttachExternal},
		route{http.MethodGet, seg("accounts", "*", "external_accounts"), []string{"object", "limit", "starting_after", "ending_before"}, handleListExternal},
		route{http.MethodGet, seg("accounts", "*", "external_accounts", "*"), nil, handleGetExternal},
		route{http.MethodPost, seg("accounts", "*", "external_accounts", "*"), []string{"default_for_currency", "metadata", "account_holder_name", "account_holder_type"}, handleUpdateExternal},
		route{http.MethodDelete, seg("accounts", "*", "external_accounts", "*"), nil, handleDeleteExternal},
		route{http.MethodGet, seg("accounts", "*", "persons"), []string{"relationship", "limit", "starting_after", "ending_before"}, handleListPersons},
	)
}

// connectSessionCheckLocked refuses data permissions for a Standard
// account: the platform cannot read their bank account data.
func (s *Sim) connectSessionCheckLocked(h accountHolder, perms []string) *apiError {
	if s.connect == nil || h.typ != "account" {
		return nil
	}
	ca, ok := s.connect.accounts[h.account]
	if !ok || ca.typ != ConnectStandard {
		return nil
	}
	for _, p := range perms {
		if p != "payment_method" {
			return invalidRequest("permissions", "The %s permission cannot be requested for a Standard connected account; the platform cannot access its bank account data.", p)
		}
	}
	return nil
}

// checkStripeAccountLocked answers 403 account_invalid for a Stripe-Account
// header naming an account the simulator does not know.
func (s *Sim) checkStripeAccountLocked(acct string) *apiError {
	if acct == "" {
		return nil
	}
	if s.connect != nil {
		if _, ok := s.connect.accounts[acct]; ok {
			return nil
		}
	}
	e := invalidRequestCode(codeAccountInvalid, "", "The provided key does not have access to account '%s' (or that account does not exist). Application access may have been revoked.", acct)
	e.Status = http.StatusForbidden
	return e
}
