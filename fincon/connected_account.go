package fincon

import (
	"context"
	"errors"
	"strings"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/permissions"
)

// ConnectedAccountType is a Connect account's type (the Account object's
// type field): custom, express or standard. Stripe's "none" (an account
// configured with controller properties instead of a type) is
// ConnectedAccountNone.
type ConnectedAccountType string

// Connected account types.
const (
	// ConnectedAccountCustom: the platform collects all information and is
	// liable for negative balances; it manages the external accounts.
	ConnectedAccountCustom ConnectedAccountType = "custom"
	// ConnectedAccountExpress: Stripe-hosted onboarding, the platform is
	// liable for negative balances.
	ConnectedAccountExpress ConnectedAccountType = "express"
	// ConnectedAccountStandard: the account has its own Stripe Dashboard
	// and the platform is not liable for negative balances. Its onboarding
	// always uses Financial Connections, and the platform cannot read the
	// data of its bank accounts (see [ErrStandardAccount]).
	ConnectedAccountStandard ConnectedAccountType = "standard"
	// ConnectedAccountNone: Stripe's "none", an account described by its
	// controller properties.
	ConnectedAccountNone ConnectedAccountType = "none"
)

// Valid reports whether t is one of the types above.
func (t ConnectedAccountType) Valid() bool {
	switch t {
	case ConnectedAccountCustom, ConnectedAccountExpress, ConnectedAccountStandard, ConnectedAccountNone:
		return true
	}
	return false
}

// ParseConnectedAccountType returns the type named s, or an error
// matching ErrUnknownValue.
func ParseConnectedAccountType(s string) (ConnectedAccountType, error) {
	return parseEnum("connected account type", s, ConnectedAccountType.Valid)
}

// ErrStandardAccount: the call needs bank account data, or a data
// permission, of a Standard connected account, which Stripe does not give
// platforms ("For accounts where your platform isn't liable for negative
// balances, including Standard connected accounts, account onboarding
// always uses Financial Connections. The platform can't access additional
// bank account data on those accounts." —
// https://docs.stripe.com/financial-connections/connect-payouts). It also
// refuses external-account changes, which Stripe reserves to accounts whose
// requirement collection is the platform's (Custom accounts). The client
// refuses without a request once it knows the account's type; see
// *StandardAccountError.
var ErrStandardAccount = errors.New("fincon: not allowed for a standard connected account")

// StandardAccountError is the cause of a refusal for a Standard connected
// account. It matches ErrStandardAccount.
//
// The client knows a connected account's type from the Account objects it
// read or created (GetConnectedAccount, CreateConnectedAccount), and which
// connected account holds a Financial Connections account from every
// account object it returned (account_holder.account). Both are kept for
// the permission cache TTL (WithPermissionCacheTTL). Until it knows them it
// sends the request and Stripe decides.
type StandardAccountError struct {
	// ConnectedAccount is the Standard account (acct_…).
	ConnectedAccount string
	// Account is the Financial Connections account (fca_…) read, or "".
	Account string
	// Permission is the data permission refused, or "" for an
	// external-account change.
	Permission permissions.Permission
}

// Error implements error.
func (e *StandardAccountError) Error() string {
	s := "fincon: standard connected account " + redact(e.ConnectedAccount)
	switch {
	case e.Permission != "" && e.Account != "":
		return s + ": the platform cannot read " + string(e.Permission) + " data of " + redact(e.Account)
	case e.Permission != "":
		return s + ": the platform cannot request the " + string(e.Permission) + " permission"
	}
	return s + ": the platform cannot manage its external accounts"
}

// Is matches ErrStandardAccount.
func (e *StandardAccountError) Is(target error) bool { return target == ErrStandardAccount }

// ConnectedAccount is a Connect account (the Account object, acct_…), as far
// as payouts need it.
type ConnectedAccount struct {
	ID   string
	Type ConnectedAccountType
	// BusinessType is "individual", "company", "non_profit",
	// "government_entity", or "" when not yet provided.
	BusinessType string
	// CompanyName is company.name, "" when absent.
	CompanyName string
	// IndividualName is individual.first_name and last_name joined by a
	// space (for business_type individual, the individual is the
	// account's representative), "" when absent.
	IndividualName string
	Email          string
	// Country is the two-letter country code.
	Country        string
	PayoutsEnabled bool

	raw *stripe.Account
}

// Stripe returns the stripe-go object the account was converted from (nil
// for one built by hand). Treat it as read-only.
func (a *ConnectedAccount) Stripe() *stripe.Account { return a.raw }

// OwnerName is the first of OwnerNames, "" when there is none.
func (a *ConnectedAccount) OwnerName() string {
	if n := a.OwnerNames(); len(n) > 0 {
		return n[0]
	}
	return ""
}

// OwnerNames are the names a payout bank may be held in, in order: for an
// individual account the individual (its representative), then the company
// name; for a company, the company name, then the individual. Empty names
// are left out.
func (a *ConnectedAccount) OwnerNames() []string {
	first, second := a.IndividualName, a.CompanyName
	if a.BusinessType == "company" {
		first, second = second, first
	}
	var out []string
	for _, n := range []string{first, second} {
		if n != "" {
			out = append(out, n)
		}
	}
	return out
}

func connectedFromStripe(sa *stripe.Account) *ConnectedAccount {
	a := &ConnectedAccount{
		ID: sa.ID, Type: ConnectedAccountType(sa.Type), BusinessType: string(sa.BusinessType),
		Email: sa.Email, Country: sa.Country, PayoutsEnabled: sa.PayoutsEnabled, raw: sa,
	}
	if sa.Company != nil {
		a.CompanyName = sa.Company.Name
	}
	if p := sa.Individual; p != nil {
		a.IndividualName = strings.TrimSpace(p.FirstName + " " + p.LastName)
	}
	return a
}

// seenConnected converts an account and records its type.
func (c *Client) seenConnected(sa *stripe.Account) *ConnectedAccount {
	a := connectedFromStripe(sa)
	if a.ID != "" && a.Type != "" {
		c.connect.types.put(a.ID, string(a.Type))
	}
	return a
}

// ConnectedAccountType returns the type the client recorded for the
// connected account id and whether it knows it (see *StandardAccountError
// for how it learns it).
func (c *Client) ConnectedAccountType(id string) (ConnectedAccountType, bool) {
	t, ok := c.connect.types.get(id)
	return ConnectedAccountType(t), ok
}

// ConnectedAccountParams describes a connected account to create.
type ConnectedAccountParams struct {
	// Type is required: custom, express or standard.
	Type ConnectedAccountType
	// Country is the two-letter country code; "" means the platform's.
	Country string
	Email   string
	// BusinessType is "individual" or "company" (optional).
	BusinessType string
	// CompanyName sets company.name.
	CompanyName string
	// FirstName and LastName set individual.first_name and last_name.
	FirstName, LastName string
	// IdempotencyKey makes a retried call return the first account instead
	// of creating another; see [SessionParams.IdempotencyKey].
	IdempotencyKey string
}

func (p ConnectedAccountParams) build() (*stripe.AccountCreateParams, string, string) {
	switch p.Type {
	case ConnectedAccountCustom, ConnectedAccountExpress, ConnectedAccountStandard:
	default:
		return nil, "type", "must be custom, express or standard"
	}
	ap := &stripe.AccountCreateParams{Type: stripe.String(string(p.Type))}
	if p.Country != "" {
		if len(p.Country) != 2 {
			return nil, "country", "country codes have two letters"
		}
		ap.Country = stripe.String(p.Country)
	}
	if p.Email != "" {
		ap.Email = stripe.String(p.Email)
	}
	switch p.BusinessType {
	case "":
	case "individual", "company":
		ap.BusinessType = stripe.String(p.BusinessType)
	default:
		return nil, "business_type", "must be individual or company"
	}
	if p.CompanyName != "" {
		ap.Company = &stripe.AccountCreateCompanyParams{Name: stripe.String(p.CompanyName)}
	}
	if p.FirstName != "" || p.LastName != "" {
		ap.Individual = &stripe.PersonParams{}
		if p.FirstName != "" {
			ap.Individual.FirstName = stripe.String(p.FirstName)
		}
		if p.LastName != "" {
			ap.Individual.LastName = stripe.String(p.LastName)
		}
	}
	if p.Type != ConnectedAccountStandard {
		// Custom and Express accounts need a requested capability; payouts
		// to them need transfers.
		ap.Capabilities = &stripe.AccountCreateCapabilitiesParams{
			Transfers: &stripe.AccountCreateCapabilitiesTransfersParams{Requested: stripe.Bool(true)},
		}
	}
	if p.IdempotencyKey != "" {
		if r := idempotencyKeyReason(p.IdempotencyKey); r != "" {
			return nil, "idempotency_key", r
		}
		ap.SetIdempotencyKey(p.IdempotencyKey)
	}
	return ap, "", ""
}

// CreateConnectedAccount creates a connected account (POST /v1/accounts)
// and records its type. Invalid parameters give ErrInvalidParams without a
// request.
func (c *Client) CreateConnectedAccount(ctx context.Context, p ConnectedAccountParams) (*ConnectedAccount, error) {
	const op = "create connected account"
	ap, param, reason := p.build()
	if param != "" {
		return nil, paramErr(op, "", param, reason, nil)
	}
	sa, err := c.sc.V1Accounts.Create(ctx, ap)
	if err != nil {
		return nil, wrapErr(op, "", err)
	}
	return c.seenConnected(sa), nil
}

// GetConnectedAccount retrieves a connected account (GET
// /v1/accounts/{id}) and records its type, so that later calls about a
// Standard account are refused without a request (ErrStandardAccount). An
// id that fails ValidateConnectedAccountID gives
// ErrInvalidConnectedAccountID without a request.
func (c *Client) GetConnectedAccount(ctx context.Context, id string) (*ConnectedAccount, error) {
	const op = "get connected account"
	if err := connectedAccountErr(op, id); err != nil {
		return nil, err
	}
	sa, err := c.sc.V1Accounts.GetByID(ctx, id, &stripe.AccountRetrieveParams{})
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return c.seenConnected(sa), nil
}

// standardRefusal returns the refusal for reading permission p of the
// Financial Connections account fca (or, with fca "", requesting p for the
// connected account acct) when the client knows the holder is a Standard
// account; nil otherwise. payment_method is never refused: Standard
// accounts link their payout bank with it.
func (c *Client) standardRefusal(op, acct, fca string, p permissions.Permission) error {
	if p == permissions.PaymentMethod {
		return nil
	}
	if acct == "" && fca != "" {
		acct, _ = c.connect.holders.get(fca)
	}
	if acct == "" {
		return nil
	}
	if t, ok := c.ConnectedAccountType(acct); !ok || t != ConnectedAccountStandard {
		return nil
	}
	id := fca
	if id == "" {
		id = acct
	}
	return &Error{Op: op, ID: id, Err: &StandardAccountError{ConnectedAccount: acct, Account: fca, Permission: p}}
}

// standardSessionRefusal refuses a session for a known Standard account
// that asks for a data permission.
func (c *Client) standardSessionRefusal(op string, h AccountHolder, set permissions.Set) error {
	if h.Account == "" {
		return nil
	}
	for _, p := range set.Permissions() {
		if err := c.standardRefusal(op, h.Account, "", p); err != nil {
			return err
		}
	}
	return nil
}
