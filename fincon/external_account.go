package fincon

import (
	"context"
	"iter"

	"github.com/stripe/stripe-go/v82"
)

// BankAccountStatus is an external bank account's status (the External
// Bank Account object's status field).
type BankAccountStatus string

// External bank account statuses, as Stripe documents them: "new" until
// Stripe has validated or verified it; "validated" once a payout (or
// validation) worked; "verified" after verification (e.g. through
// Financial Connections); "verification_failed" when verification failed;
// "errored" when a payout failed (the account cannot receive payouts until
// it is updated).
const (
	BankAccountNew                BankAccountStatus = "new"
	BankAccountValidated          BankAccountStatus = "validated"
	BankAccountVerified           BankAccountStatus = "verified"
	BankAccountVerificationFailed BankAccountStatus = "verification_failed"
	BankAccountErrored            BankAccountStatus = "errored"
)

// Valid reports whether s is one of the statuses above.
func (s BankAccountStatus) Valid() bool {
	switch s {
	case BankAccountNew, BankAccountValidated, BankAccountVerified, BankAccountVerificationFailed, BankAccountErrored:
		return true
	}
	return false
}

// ParseBankAccountStatus returns the status named s, or an error
// matching ErrUnknownValue.
func ParseBankAccountStatus(s string) (BankAccountStatus, error) {
	return parseEnum("bank account status", s, BankAccountStatus.Valid)
}

// ExternalAccount is a bank account attached to a connected account as
// where its payouts go (Stripe's External Bank Account object, ba_…). It
// carries no account number: Stripe returns only Last4.
type ExternalAccount struct {
	ID string
	// ConnectedAccount is the connected account (acct_…) it belongs to.
	ConnectedAccount string
	// BankName is e.g. "STRIPE TEST BANK"; "" when Stripe did not say.
	BankName string
	// Last4 is the last four digits of the account number.
	Last4 string
	// RoutingNumber is the ABA routing number (not a secret).
	RoutingNumber string
	// Country is the two-letter country code; Currency the three-letter
	// lowercase ISO code paid out to it.
	Country, Currency string
	Status            BankAccountStatus
	// DefaultForCurrency reports whether payouts in Currency go here.
	DefaultForCurrency bool
	// AccountHolderName and AccountHolderType ("individual" or
	// "company") as Stripe has them; "" when absent.
	AccountHolderName, AccountHolderType string

	raw *stripe.BankAccount
}

// Stripe returns the stripe-go object the external account was converted
// from (nil for one built by hand). Treat it as read-only.
func (e *ExternalAccount) Stripe() *stripe.BankAccount { return e.raw }

func externalFromStripe(acct string, b *stripe.BankAccount) *ExternalAccount {
	e := &ExternalAccount{
		ID: b.ID, ConnectedAccount: acct, BankName: b.BankName, Last4: b.Last4, RoutingNumber: b.RoutingNumber,
		Country: b.Country, Currency: string(b.Currency), Status: BankAccountStatus(b.Status),
		DefaultForCurrency: b.DefaultForCurrency, AccountHolderName: b.AccountHolderName,
		AccountHolderType: string(b.AccountHolderType), raw: b,
	}
	if b.Account != nil && b.Account.ID != "" {
		e.ConnectedAccount = b.Account.ID
	}
	return e
}

// AttachExternalAccountParams describes a bank-account token to attach.
type AttachExternalAccountParams struct {
	// Token is the bank-account token (btok_…) Stripe.js
	// collectBankAccountToken returned after the connected account linked
	// its bank through a Financial Connections session created with
	// account_holder[type]=account (required). A token can be used once.
	Token string
	// DefaultForCurrency makes the new account the default for its
	// currency: payouts in that currency go to it.
	DefaultForCurrency bool
	// IdempotencyKey makes the attach exactly-once across retries and
	// restarts: a retry with the same key returns the first external
	// account instead of failing with token_already_used. Optional: each
	// call otherwise gets a fresh key, reused across transport retries.
	IdempotencyKey string
}

// ExternalAccountOptions are the options of SetDefaultExternalAccount.
type ExternalAccountOptions struct {
	// IdempotencyKey makes the update exactly-once across retries and
	// restarts; see [AttachExternalAccountParams.IdempotencyKey].
	IdempotencyKey string
}

// validToken checks a bank-account token without quoting it.
func validToken(tok string) (string, bool) {
	const prefix = "btok_"
	if len(tok) <= len(prefix) || tok[:len(prefix)] != prefix {
		return "must be a bank-account token (btok_…)", false
	}
	if len(tok) > 255 {
		return "at most 255 characters", false
	}
	for i := len(prefix); i < len(tok); i++ {
		if c := tok[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_') {
			return "only letters, digits and _ may follow btok_", false
		}
	}
	return "", true
}

// externalGuard validates the connected account id and refuses a known
// Standard account.
func (c *Client) externalGuard(op, acct string) error {
	if err := connectedAccountErr(op, acct); err != nil {
		return err
	}
	if t, ok := c.ConnectedAccountType(acct); ok && t == ConnectedAccountStandard {
		return &Error{Op: op, ID: acct, Err: &StandardAccountError{ConnectedAccount: acct}}
	}
	return nil
}

// AttachExternalAccount attaches a bank-account token as an external
// account of the connected account acct (POST
// /v1/accounts/{acct}/external_accounts with external_account and
// default_for_currency), where its payouts can go. Run CheckPayoutOwner
// first to hold a bank whose owners do not match the connected account.
//
// Errors: ErrInvalidConnectedAccountID or ErrInvalidParams (a missing or
// malformed token, a long key) without a request; ErrStandardAccount
// without a request when the client knows acct is a Standard account;
// otherwise Stripe's answer in an *Error, e.g. code token_already_used for
// a token attached before without the same IdempotencyKey, or
// resource_missing for a token Stripe does not know for this account.
func (c *Client) AttachExternalAccount(ctx context.Context, acct string, p AttachExternalAccountParams) (*ExternalAccount, error) {
	const op = "attach external account"
	if err := c.externalGuard(op, acct); err != nil {
		return nil, err
	}
	if reason, ok := validToken(p.Token); !ok {
		return nil, paramErr(op, acct, "external_account", reason, nil)
	}
	if err := checkIdempotencyKey(op, acct, p.IdempotencyKey); err != nil {
		return nil, err
	}
	bp := &stripe.BankAccountCreateParams{Account: stripe.String(acct), Token: stripe.String(p.Token)}
	if p.DefaultForCurrency {
		bp.DefaultForCurrency = stripe.Bool(true)
	}
	if p.IdempotencyKey != "" {
		bp.SetIdempotencyKey(p.IdempotencyKey)
	}
	b, err := c.sc.V1BankAccounts.Create(ctx, bp)
	if err != nil {
		return nil, wrapErr(op, acct, err)
	}
	return externalFromStripe(acct, b), nil
}

// GetExternalAccount retrieves the external bank account id (ba_…) of the
// connected account acct.
func (c *Client) GetExternalAccount(ctx context.Context, acct, id string) (*ExternalAccount, error) {
	const op = "get external account"
	if err := connectedAccountErr(op, acct); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, paramErr(op, acct, "id", "empty external account id", nil)
	}
	b, err := c.sc.V1BankAccounts.Retrieve(ctx, id, &stripe.BankAccountRetrieveParams{Account: stripe.String(acct)})
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return externalFromStripe(acct, b), nil
}

// ListExternalAccounts lists the external bank accounts of the connected
// account acct (GET /v1/accounts/{acct}/external_accounts?object=bank_account),
// lazily, newest first. An error is yielded once, as the last element.
func (c *Client) ListExternalAccounts(ctx context.Context, acct string) iter.Seq2[*ExternalAccount, error] {
	const op = "list external accounts"
	return func(yield func(*ExternalAccount, error) bool) {
		if err := connectedAccountErr(op, acct); err != nil {
			yield(nil, err)
			return
		}
		lp := &stripe.BankAccountListParams{Account: stripe.String(acct)}
		for b, err := range c.sc.V1BankAccounts.List(ctx, lp) {
			if err != nil {
				yield(nil, wrapErr(op, acct, err))
				return
			}
			if !yield(externalFromStripe(acct, b), nil) {
				return
			}
		}
	}
}

// SetDefaultExternalAccount makes the external bank account id the default
// for its currency (POST /v1/accounts/{acct}/external_accounts/{id} with
// default_for_currency=true); the previous default stays attached.
// Errors as for AttachExternalAccount.
func (c *Client) SetDefaultExternalAccount(ctx context.Context, acct, id string, o ExternalAccountOptions) (*ExternalAccount, error) {
	const op = "set default external account"
	if err := c.externalGuard(op, acct); err != nil {
		return nil, err
	}
	if id == "" {
		return nil, paramErr(op, acct, "id", "empty external account id", nil)
	}
	if err := checkIdempotencyKey(op, id, o.IdempotencyKey); err != nil {
		return nil, err
	}
	up := &stripe.BankAccountUpdateParams{Account: stripe.String(acct), DefaultForCurrency: stripe.Bool(true)}
	if o.IdempotencyKey != "" {
		up.SetIdempotencyKey(o.IdempotencyKey)
	}
	b, err := c.sc.V1BankAccounts.Update(ctx, id, up)
	if err != nil {
		return nil, wrapErr(op, id, err)
	}
	return externalFromStripe(acct, b), nil
}

// DeleteExternalAccount deletes the external bank account id of the
// connected account acct (DELETE /v1/accounts/{acct}/external_accounts/{id}).
// Stripe refuses to delete the default account of a currency (make another
// one the default first). DELETE takes no idempotency key — Stripe
// documents DELETE requests as idempotent by definition — so a repeated
// delete of the same account answers 404 resource_missing: check
// (*Error).Code.
func (c *Client) DeleteExternalAccount(ctx context.Context, acct, id string) error {
	const op = "delete external account"
	if err := c.externalGuard(op, acct); err != nil {
		return err
	}
	if id == "" {
		return paramErr(op, acct, "id", "empty external account id", nil)
	}
	_, err := c.sc.V1BankAccounts.Delete(ctx, id, &stripe.BankAccountDeleteParams{Account: stripe.String(acct)})
	return wrapErr(op, id, err)
}
