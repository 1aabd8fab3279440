package fincon

import (
	"context"
	"iter"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/stripetime"
	"github.com/fcsdk/fcsdk/permissions"
)

// RefreshState is one feature's refresh state. Stripe's null timestamps
// become the zero time.Time: NextRefreshAvailableAt is zero while a refresh
// is pending, for inactive accounts, and when Stripe does not say.
type RefreshState struct {
	// ID is the transaction refresh id (fctxnref_…), the cursor for
	// TransactionListOptions.AfterRefresh; empty for other features.
	ID                     string
	Status                 RefreshStatus
	LastAttemptedAt        time.Time
	NextRefreshAvailableAt time.Time
}

// Account is a linked Financial Connections account.
type Account struct {
	ID              string
	DisplayName     string
	InstitutionName string
	// Last4 is the last four digits of the account number.
	Last4       string
	Category    Category
	Subcategory Subcategory
	Status      AccountStatus
	// Holder is account_holder; an Accounts v2 customer_account, which
	// stripe-go v82 does not decode, is read from the raw JSON.
	Holder AccountHolder
	// Permissions granted when the account was linked: the ones this SDK
	// knows, kept when Stripe also reports a newer one (the rule of
	// [permissions.SetFromStripe]). Empty means the server did not report
	// any it knows (Stripe always grants at least one); the client then
	// leaves permission checks to the server.
	Permissions permissions.Set
	// Subscriptions are the active subscriptions (transactions).
	Subscriptions []permissions.SubscriptionFeature
	// SupportedPaymentMethodTypes contains "us_bank_account" when the
	// account can be used for ACH debits.
	SupportedPaymentMethodTypes []string
	BalanceRefresh              RefreshState
	OwnershipRefresh            RefreshState
	TransactionRefresh          RefreshState
	// Created is zero when Stripe did not say.
	Created  time.Time
	Livemode bool

	raw *stripe.FinancialConnectionsAccount
}

// Stripe returns the stripe-go object the account was converted from (nil
// for an Account built by hand; AccountFromStripe builds one with it).
// Treat it as read-only.
func (a *Account) Stripe() *stripe.FinancialConnectionsAccount { return a.raw }

// Refresh returns the refresh state of feature f.
func (a *Account) Refresh(f permissions.RefreshFeature) RefreshState {
	switch f {
	case permissions.RefreshBalance:
		return a.BalanceRefresh
	case permissions.RefreshOwnership:
		return a.OwnershipRefresh
	case permissions.RefreshTransactions:
		return a.TransactionRefresh
	}
	return RefreshState{}
}

// Subscribed reports whether the account has the subscription f.
func (a *Account) Subscribed(f permissions.SubscriptionFeature) bool {
	for _, s := range a.Subscriptions {
		if s == f {
			return true
		}
	}
	return false
}

func refreshState(id string, status string, last, next int64) RefreshState {
	return RefreshState{ID: id, Status: RefreshStatus(status), LastAttemptedAt: stripetime.Time(last), NextRefreshAvailableAt: stripetime.Time(next)}
}

// accountFromStripe converts a stripe-go account. Its permissions are read
// by permissions.SetFromStripe, whose rule keeps the names this SDK knows
// when Stripe reports one it does not; the unknown names (ErrUnknown) and
// an empty list (ErrEmptySet: Permissions empty, unknown) are no error of
// the read. Account.Stripe keeps every name Stripe sent.
func accountFromStripe(sa *stripe.FinancialConnectionsAccount) *Account {
	if sa == nil {
		return nil
	}
	a := &Account{
		ID:              sa.ID,
		DisplayName:     sa.DisplayName,
		InstitutionName: sa.InstitutionName,
		Last4:           sa.Last4,
		Category:        Category(sa.Category),
		Subcategory:     Subcategory(sa.Subcategory),
		Status:          AccountStatus(sa.Status),
		Created:         stripetime.Time(sa.Created),
		Livemode:        sa.Livemode,
		raw:             sa,
	}
	if h := sa.AccountHolder; h != nil {
		a.Holder = holderFromStripe(h.Customer, h.Account, sa.LastResponse)
	}
	a.Permissions, _ = permissions.SetFromStripe(sa.Permissions)
	for _, s := range sa.Subscriptions {
		if f, err := permissions.ParseSubscriptionFeature(string(s)); err == nil {
			a.Subscriptions = append(a.Subscriptions, f)
		}
	}
	for _, t := range sa.SupportedPaymentMethodTypes {
		a.SupportedPaymentMethodTypes = append(a.SupportedPaymentMethodTypes, string(t))
	}
	if r := sa.BalanceRefresh; r != nil {
		a.BalanceRefresh = refreshState("", string(r.Status), r.LastAttemptedAt, r.NextRefreshAvailableAt)
	}
	if r := sa.OwnershipRefresh; r != nil {
		a.OwnershipRefresh = refreshState("", string(r.Status), r.LastAttemptedAt, r.NextRefreshAvailableAt)
	}
	if r := sa.TransactionRefresh; r != nil {
		a.TransactionRefresh = refreshState(r.ID, string(r.Status), r.LastAttemptedAt, r.NextRefreshAvailableAt)
	}
	return a
}

// seen converts an account and records its permissions.
func (c *Client) seen(sa *stripe.FinancialConnectionsAccount) *Account {
	a := accountFromStripe(sa)
	if a != nil && a.ID != "" && !a.Permissions.IsEmpty() {
		c.perms.put(a.ID, a.Permissions)
	}
	if a != nil && a.ID != "" && a.Holder.Account != "" {
		c.connect.holders.put(a.ID, a.Holder.Account)
	}
	return a
}

// ListAccountsParams selects the accounts to list: those of a holder, or
// those linked in a session (exactly one).
type ListAccountsParams struct {
	Holder  AccountHolder
	Session string
	// PageSize is the number of accounts fetched per request (1-100);
	// zero means Stripe's default (10).
	PageSize int
}

// ListAccounts lists accounts lazily: pages are fetched as the sequence is
// ranged over, and each range starts again from the first page. An error is
// yielded once, as the last element. A page that cannot be followed (empty
// with has_more, or repeating an account listed before) ends the listing
// with an *Error matching ErrMalformedResponse, after the accounts before
// it, each listed once.
func (c *Client) ListAccounts(ctx context.Context, p ListAccountsParams) iter.Seq2[*Account, error] {
	const op = "list accounts"
	return func(yield func(*Account, error) bool) {
		lp := &stripe.FinancialConnectionsAccountListParams{}
		switch {
		case p.Session != "" && !p.Holder.IsZero():
			yield(nil, paramErr(op, "", "session", "set either Session or Holder, not both", nil))
			return
		case p.Session != "":
			lp.Session = stripe.String(p.Session)
		default:
			if param, reason := p.Holder.validate(); param != "" {
				yield(nil, paramErr(op, "", param, reason, nil))
				return
			}
			switch {
			case p.Holder.Customer != "":
				lp.AccountHolder = &stripe.FinancialConnectionsAccountListAccountHolderParams{Customer: stripe.String(p.Holder.Customer)}
			case p.Holder.Account != "":
				lp.AccountHolder = &stripe.FinancialConnectionsAccountListAccountHolderParams{Account: stripe.String(p.Holder.Account)}
			default:
				lp.Filters.AddFilter("account_holder[customer_account]", "", p.Holder.CustomerAccount)
			}
		}
		if p.PageSize < 0 || p.PageSize > 100 {
			yield(nil, paramErr(op, "", "page_size", "must be between 1 and 100", nil))
			return
		}
		if p.PageSize > 0 {
			lp.Limit = stripe.Int64(int64(p.PageSize))
		}
		err := eachRow(op, p.Session, func() stripe.Seq2[*stripe.FinancialConnectionsAccount, error] {
			return c.sc.V1FinancialConnectionsAccounts.List(ctx, lp)
		}, accountID, func(sa *stripe.FinancialConnectionsAccount) (bool, error) {
			return yield(c.seen(sa), nil), nil
		})
		if err != nil {
			yield(nil, err)
		}
	}
}

// GetAccount retrieves an account and records its permissions.
func (c *Client) GetAccount(ctx context.Context, id string) (*Account, error) {
	_, a, err := c.getAccount(ctx, "get account", id)
	return a, err
}

// getAccount reads an account, converts it once and records its
// permissions.
func (c *Client) getAccount(ctx context.Context, op, id string) (*stripe.FinancialConnectionsAccount, *Account, error) {
	if id == "" {
		return nil, nil, paramErr(op, "", "id", "empty account id", nil)
	}
	p := &stripe.FinancialConnectionsAccountRetrieveParams{}
	sa, err := c.sc.V1FinancialConnectionsAccounts.GetByID(ctx, id, p)
	if err != nil {
		return nil, nil, wrapErr(op, id, err)
	}
	return sa, c.seen(sa), nil
}

// DisconnectAccount disconnects an account. Its data can no longer be
// refreshed, and it cannot be used for new payments.
func (c *Client) DisconnectAccount(ctx context.Context, id string) (*Account, error) {
	const op = "disconnect account"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty account id", nil)
	}
	p := &stripe.FinancialConnectionsAccountDisconnectParams{}
	sa, err := c.sc.V1FinancialConnectionsAccounts.Disconnect(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return c.seen(sa), nil
}

// SubscribeTransactions subscribes the account to daily transaction
// refreshes. It needs the transactions permission: when the client knows the
// account lacks it, it fails with ErrPermissionNotGranted without a request.
func (c *Client) SubscribeTransactions(ctx context.Context, id string) (*Account, error) {
	const op = "subscribe transactions"
	if err := c.guard(op, id, permissions.Transactions); err != nil {
		return nil, err
	}
	p := &stripe.FinancialConnectionsAccountSubscribeParams{Features: permissions.SubscriptionParams(permissions.SubscribeTransactions)}
	sa, err := c.sc.V1FinancialConnectionsAccounts.Subscribe(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return c.seen(sa), nil
}

// UnsubscribeTransactions ends the daily transaction refreshes.
func (c *Client) UnsubscribeTransactions(ctx context.Context, id string) (*Account, error) {
	const op = "unsubscribe transactions"
	if id == "" {
		return nil, paramErr(op, "", "id", "empty account id", nil)
	}
	p := &stripe.FinancialConnectionsAccountUnsubscribeParams{Features: permissions.SubscriptionParams(permissions.SubscribeTransactions)}
	sa, err := c.sc.V1FinancialConnectionsAccounts.Unsubscribe(ctx, id, p)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return c.seen(sa), nil
}

// accountToCheck returns the account the create's ach.Check looks at: the
// caller's read when given (and valid), otherwise a new read.
func (c *Client) accountToCheck(ctx context.Context, op, id string, read *Account) (*stripe.FinancialConnectionsAccount, error) {
	if read == nil {
		sa, _, err := c.getAccount(ctx, op, id)
		return sa, err
	}
	if read.ID != id {
		return nil, paramErr(op, id, "account_read", "is a read of another account ("+redact(read.ID)+")", nil)
	}
	return read.forCheck(), nil
}
