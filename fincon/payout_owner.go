package fincon

import (
	"context"
	"errors"

	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
)

// PayoutOwnerCheck is the verdict of CheckPayoutOwner: how well the owners
// of a linked bank account match the connected account that will be paid
// out to it.
type PayoutOwnerCheck struct {
	// Account is the Financial Connections account (fca_…) checked.
	Account string
	// ConnectedAccount is the connected account (acct_…) it is for.
	ConnectedAccount string
	// Name is the connected account's name that matched the owners best,
	// among ConnectedAccount.OwnerNames and a company's Representatives;
	// "" when the account has none.
	Name string
	// Owners are the bank's owners from the latest ownership refresh.
	Owners []ownership.Owner
	// Result is ownership.Match of Owners against Name.
	Result ownership.Result
}

// Verdict is Result.Verdict.
func (r *PayoutOwnerCheck) Verdict() ownership.Verdict { return r.Result.Verdict }

// Hold reports whether the bank should be held for review instead of being
// attached for payouts: anything but ownership.VerdictMatch (a partial
// match, no match, or too little data to compare).
func (r *PayoutOwnerCheck) Hold() bool { return r.Result.Verdict != ownership.VerdictMatch }

// CheckPayoutOwner compares the owners of the linked account fca with the
// connected account's representative and company name (ownership.Match
// with each of ConnectedAccount.OwnerNames and, for a company, the
// Representatives Stripe records; the best result counts),
// before the bank is attached with AttachExternalAccount, so that a
// platform can hold a mismatched bank for review. Stripe recommends
// ownership data for this: "Mitigate fraud when onboarding accounts by
// verifying the ownership details of their bank account"
// (https://docs.stripe.com/financial-connections/connect-payouts).
//
// The linked account needs the ownership permission (request it with
// permissions.UseCaseConnectPayoutsOwnership). Before its first ownership
// refresh (no prefetch), CheckPayoutOwner refreshes ownership and waits
// for it. The account must be held by acct (account_holder.account), else
// ErrInvalidParams without reading the owners. Other errors are those of
// GetAccount, RefreshAndWait and Owners (ErrPermissionNotGranted,
// ErrStandardAccount, ErrRefreshFailed, …). A mismatch is not an error:
// read Verdict or Hold.
func (c *Client) CheckPayoutOwner(ctx context.Context, fca string, acct *ConnectedAccount) (*PayoutOwnerCheck, error) {
	const op = "check payout owner"
	if acct == nil {
		return nil, paramErr(op, fca, "connected_account", "a connected account is required", nil)
	}
	if err := connectedAccountErr(op, acct.ID); err != nil {
		return nil, err
	}
	if err := c.guard(op, fca, permissions.Ownership); err != nil {
		return nil, err
	}
	a, err := c.GetAccount(ctx, fca)
	if err != nil {
		return nil, err
	}
	if a.Holder.Account != "" && a.Holder.Account != acct.ID || a.Holder.Customer != "" || a.Holder.CustomerAccount != "" {
		return nil, paramErr(op, fca, "account", "the account is not held by connected account "+acct.ID, nil)
	}
	owners, err := collectOwners(c.Owners(ctx, fca))
	if errors.Is(err, ErrNoData) {
		if _, err = c.RefreshAndWait(ctx, fca, permissions.RefreshOwnership); err != nil {
			return nil, err
		}
		owners, err = collectOwners(c.Owners(ctx, fca))
	}
	if err != nil {
		return nil, err
	}
	names := acct.OwnerNames()
	if acct.BusinessType == "company" {
		reps, err := c.Representatives(ctx, acct.ID)
		if err != nil {
			return nil, err
		}
		names = append(names, reps...)
	}
	r := &PayoutOwnerCheck{Account: fca, ConnectedAccount: acct.ID, Owners: owners,
		Result: ownership.Match(owners, ownership.Record{})}
	for _, name := range names {
		if res := ownership.Match(owners, ownership.Record{Name: name}); r.Name == "" || betterOwnerMatch(res, r.Result) {
			r.Name, r.Result = name, res
		}
	}
	return r, nil
}

// verdictRank orders verdicts from the weakest evidence to the strongest.
var verdictRank = map[ownership.Verdict]int{
	ownership.VerdictInsufficient: 0, ownership.VerdictNoMatch: 1, ownership.VerdictPartialMatch: 2, ownership.VerdictMatch: 3,
}

// betterOwnerMatch reports whether a is a stronger match than b.
func betterOwnerMatch(a, b ownership.Result) bool {
	if ra, rb := verdictRank[a.Verdict], verdictRank[b.Verdict]; ra != rb {
		return ra > rb
	}
	return a.Score > b.Score
}

func collectOwners(seq func(func(ownership.Owner, error) bool)) ([]ownership.Owner, error) {
	var out []ownership.Owner
	for o, err := range seq {
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, nil
}
