package fincon

import (
	"strings"

	"github.com/fcsdk/fcsdk/permissions"
)

// WidenPlan is what it takes to give a linked account the permissions a
// use case now needs. Permissions are fixed when the user links an
// account, and Stripe documents one way to widen them: "After your user
// authenticates their account, you can expand data permissions only by
// creating a new Financial Connections Session and specifying a new value
// for the permissions parameter. Your user must complete the
// authentication flow again, where they'll see the additional data you've
// requested permission to access, and provide consent to share their
// data." ("Collect an account to build data-powered products",
// https://docs.stripe.com/financial-connections/other-data-powered-products). Build
// one with Client.PlanWiden.
type WidenPlan struct {
	// Account is the linked account (fca_…).
	Account string
	// Missing are the permissions the account lacks; empty when it has
	// all that the use case needs (then Session is zero and Prompt "").
	Missing permissions.Set
	// Session creates the new session: the account's holder, and its
	// permissions with exactly Missing added. Set ReturnURL,
	// IdempotencyKey or filters as your integration needs before
	// CreateSession.
	Session SessionParams
	// Prompt is what to show the user before the new authentication flow,
	// e.g. "To continue, reconnect your StripeBank account ending in 6789
	// and allow access to its balances and transactions." It names the
	// institution and last4 Stripe returned (never an account number).
	Prompt string
}

// NeedsRelink reports whether the user must link the account again.
func (p *WidenPlan) NeedsRelink() bool { return !p.Missing.IsEmpty() }

// permissionWords are how Prompt names each permission to a user.
var permissionWords = map[permissions.Permission]string{
	permissions.PaymentMethod: "account and routing numbers",
	permissions.Balances:      "balances",
	permissions.Ownership:     "account owner details",
	permissions.Transactions:  "transactions",
}

// PlanWiden computes, for the linked account a and the permissions need a
// use case now needs (e.g. the Permissions of
// permissions.Recommend(permissions.UseCaseUnderwriting)), what is missing,
// the session params that ask for exactly that in addition to what a
// already has, for the same holder, and what to tell the user. It makes no
// request.
//
// Errors (in an *Error): ErrInvalidParams for a nil account, an empty or
// invalid need, an account whose holder or permissions are unknown (an
// Account built by hand; read it with GetAccount); ErrStandardAccount when
// a data permission is missing and the client knows the holder is a
// Standard connected account, whose bank data the platform cannot read.
func (c *Client) PlanWiden(a *Account, need permissions.Set) (*WidenPlan, error) {
	const op = "plan widen"
	if a == nil {
		return nil, paramErr(op, "", "account", "an account is required", nil)
	}
	if err := need.Validate(); err != nil {
		return nil, paramErr(op, a.ID, "permissions", "", err)
	}
	if param, reason := a.Holder.validate(); param != "" {
		return nil, paramErr(op, a.ID, param, "the account's holder is unknown: "+reason, nil)
	}
	if a.Permissions.IsEmpty() {
		return nil, paramErr(op, a.ID, "permissions", "the account's permissions are unknown; read it with GetAccount", nil)
	}
	missing := a.Permissions.Missing(need)
	plan := &WidenPlan{Account: a.ID, Missing: missing}
	if missing.IsEmpty() {
		return plan, nil
	}
	for _, p := range missing.Permissions() {
		if err := c.standardRefusal(op, a.Holder.Account, "", p); err != nil {
			return nil, err
		}
	}
	plan.Session = SessionParams{Holder: a.Holder, Permissions: a.Permissions.Union(missing)}
	plan.Prompt = widenPrompt(a, missing)
	return plan, nil
}

// widenPrompt words the request to link a again.
func widenPrompt(a *Account, missing permissions.Set) string {
	var words []string
	for _, p := range missing.Permissions() {
		words = append(words, permissionWords[p])
	}
	list := words[0]
	if n := len(words); n > 1 {
		list = strings.Join(words[:n-1], ", ") + " and " + words[n-1]
	}
	what := "bank account"
	if a.InstitutionName != "" {
		what = a.InstitutionName + " account"
	}
	if a.Last4 != "" {
		what += " ending in " + a.Last4
	}
	return "To continue, reconnect your " + what + " and allow access to its " + list + "."
}
