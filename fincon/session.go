package fincon

import (
	"context"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
	"github.com/fcsdk/fcsdk/permissions"
)

// SessionParams describes a Financial Connections Session.
type SessionParams struct {
	// Holder owns the accounts to link (required).
	Holder AccountHolder
	// Permissions to request (at least one). Ask for the least the use
	// case needs; see permissions.Recommend.
	Permissions permissions.Set
	// Prefetch fetches data right after linking; every feature needs its
	// permission in Permissions.
	Prefetch []permissions.PrefetchFeature
	// Countries restricts institutions to these ISO country codes ("US").
	Countries []string
	// AccountSubcategories restricts the accounts the user can pick.
	AccountSubcategories []Subcategory
	// ReturnURL is where to send the user after an OAuth institution
	// (required for mobile integrations).
	ReturnURL string
	// IdempotencyKey makes a retried call (even after a restart) return
	// the first session instead of creating another. Optional: each call
	// otherwise gets a fresh key that is reused across transport retries.
	IdempotencyKey string
}

// Session is a Financial Connections Session.
type Session struct {
	ID string
	// ClientSecret is handed to Stripe.js or the mobile SDKs to run the
	// authentication flow. It prints as "[redacted]"; use Reveal.
	ClientSecret Secret
	// Holder is account_holder; an Accounts v2 customer_account, which
	// stripe-go v82 does not decode, is read from the raw JSON.
	Holder      AccountHolder
	Permissions permissions.Set
	Prefetch    []permissions.PrefetchFeature
	Countries   []string
	// AccountSubcategories filters the accounts offered to the user.
	AccountSubcategories []Subcategory
	ReturnURL            string
	// Accounts are the accounts linked so far (the first page).
	Accounts []*Account
	Livemode bool
}

func (p SessionParams) build() (*stripe.FinancialConnectionsSessionCreateParams, string, string, error) {
	if param, reason := p.Holder.validate(); param != "" {
		return nil, param, reason, nil
	}
	if err := p.Permissions.Validate(); err != nil {
		return nil, "permissions", "", err
	}
	if err := permissions.ValidatePrefetch(p.Permissions, p.Prefetch...); err != nil {
		return nil, "prefetch", "each prefetch feature needs its permission", err
	}
	sp := &stripe.FinancialConnectionsSessionCreateParams{
		AccountHolder: &stripe.FinancialConnectionsSessionCreateAccountHolderParams{Type: stripe.String(string(p.Holder.Type()))},
		Permissions:   p.Permissions.StripeParams(),
	}
	switch {
	case p.Holder.Customer != "":
		sp.AccountHolder.Customer = stripe.String(p.Holder.Customer)
	case p.Holder.Account != "":
		sp.AccountHolder.Account = stripe.String(p.Holder.Account)
	default:
		// stripe-go v82 has no field for Accounts v2 holders.
		sp.AddExtra("account_holder[customer_account]", p.Holder.CustomerAccount)
	}
	if len(p.Prefetch) > 0 {
		sp.Prefetch = permissions.PrefetchParams(p.Prefetch...)
	}
	if len(p.Countries) > 0 || len(p.AccountSubcategories) > 0 {
		sp.Filters = &stripe.FinancialConnectionsSessionCreateFiltersParams{}
		for _, c := range p.Countries {
			if len(c) != 2 {
				return nil, "countries", "country codes have two letters", nil
			}
			sp.Filters.Countries = append(sp.Filters.Countries, stripe.String(c))
		}
		for _, s := range p.AccountSubcategories {
			if !s.ValidFilter() {
				return nil, "account_subcategories", "subcategory " + quote.Text(string(s)) + " cannot filter accounts", nil
			}
			sp.Filters.AccountSubcategories = append(sp.Filters.AccountSubcategories, stripe.String(string(s)))
		}
	}
	if p.ReturnURL != "" {
		sp.ReturnURL = stripe.String(p.ReturnURL)
	}
	if p.IdempotencyKey != "" {
		if r := idempotencyKeyReason(p.IdempotencyKey); r != "" {
			return nil, "idempotency_key", r, nil
		}
		sp.SetIdempotencyKey(p.IdempotencyKey)
	}
	return sp, "", "", nil
}

// CreateSession creates a session; hand its ClientSecret (Reveal) to the
// front end to run the authentication flow. Parameters are validated before
// anything is sent (ErrInvalidParams).
func (c *Client) CreateSession(ctx context.Context, p SessionParams) (*Session, error) {
	const op = "create session"
	sp, param, reason, cause := p.build()
	if param != "" {
		return nil, paramErr(op, "", param, reason, cause)
	}
	if err := c.standardSessionRefusal(op, p.Holder, p.Permissions); err != nil {
		return nil, err
	}
	ss, err := c.sc.V1FinancialConnectionsSessions.Create(ctx, sp)
	if err != nil {
		return nil, wrapErr(op, "", err)
	}
	return c.sessionFromStripe(ss), nil
}

// GetSession retrieves a session with the accounts linked so far.
func (c *Client) GetSession(ctx context.Context, id string) (*Session, error) {
	const op = "get session"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty session id", nil)
	}
	p := &stripe.FinancialConnectionsSessionRetrieveParams{}
	ss, err := c.sc.V1FinancialConnectionsSessions.Retrieve(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return c.sessionFromStripe(ss), nil
}

func (c *Client) sessionFromStripe(ss *stripe.FinancialConnectionsSession) *Session {
	s := &Session{
		ID:           ss.ID,
		ClientSecret: Secret(ss.ClientSecret),
		ReturnURL:    ss.ReturnURL,
		Livemode:     ss.Livemode,
	}
	if h := ss.AccountHolder; h != nil {
		s.Holder = holderFromStripe(h.Customer, h.Account, ss.LastResponse)
	}
	// The rule of permissions.SetFromStripe: the known names, whatever else
	// Stripe reports (see accountFromStripe).
	s.Permissions, _ = permissions.SetFromStripe(ss.Permissions)
	for _, f := range ss.Prefetch {
		if pf, err := permissions.ParsePrefetchFeature(string(f)); err == nil {
			s.Prefetch = append(s.Prefetch, pf)
		}
	}
	if f := ss.Filters; f != nil {
		s.Countries = append(s.Countries, f.Countries...)
		for _, sc := range f.AccountSubcategories {
			s.AccountSubcategories = append(s.AccountSubcategories, Subcategory(sc))
		}
	}
	if ss.Accounts != nil {
		for _, sa := range ss.Accounts.Data {
			s.Accounts = append(s.Accounts, c.seen(sa))
		}
	}
	return s
}
