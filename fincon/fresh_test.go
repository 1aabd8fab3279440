package fincon_test

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// requestsSince returns "METHOD path" of the simulator's requests from n on.
func requestsSince(sim *fctest.Sim, n int) []string {
	var out []string
	for _, r := range sim.Requests()[n:] {
		out = append(out, r.Method+" "+r.Path)
	}
	return out
}

func refreshRequests(reqs []string) int {
	n := 0
	for _, r := range reqs {
		if strings.HasSuffix(r, "/refresh") {
			n++
		}
	}
	return n
}

// The README's flow: prefetch, then a balance no older than maxAge, at
// every point of the refresh cycle.
func TestFreshBalanceLifecycle(t *testing.T) {
	t.Parallel()
	const maxAge = 10 * time.Minute
	env := setup(t, achAccount(fctest.InstitutionSuccess), prefetch(permissions.PrefetchBalances))
	ctx := t.Context()
	clk := env.sim.Clock()

	// 1. Prefetch pending: wait for it, start no refresh.
	n := len(env.sim.Requests())
	b, a, err := env.c.FreshBalance(ctx, env.account, maxAge)
	if err != nil {
		t.Fatalf("after prefetch: %v", err)
	}
	if age := b.Age(clk.Now()); age > maxAge || age < 0 {
		t.Fatalf("after prefetch: age %v, want within %v", age, maxAge)
	}
	if reqs := requestsSince(env.sim, n); refreshRequests(reqs) != 0 {
		t.Fatalf("after prefetch: requests %v, want no refresh", reqs)
	}
	if a == nil || a.ID != env.account || a.BalanceRefresh.Status != fincon.RefreshSucceeded {
		t.Fatalf("after prefetch: account %+v", a)
	}

	// 2. In the cooldown, data within maxAge: one request, no error. This
	// is what failed with RefreshAndWait.
	n = len(env.sim.Requests())
	if _, _, err := env.c.FreshBalance(ctx, env.account, maxAge); err != nil {
		t.Fatalf("in cooldown: %v", err)
	}
	if reqs := requestsSince(env.sim, n); len(reqs) != 1 {
		t.Fatalf("in cooldown: requests %v, want one account read", reqs)
	}
	if _, err := env.c.RefreshAndWait(ctx, env.account, permissions.RefreshBalance); !errors.Is(err, fincon.ErrRefreshNotAvailable) {
		t.Fatalf("RefreshAndWait in the cooldown: err = %v, want ErrRefreshNotAvailable (the case FreshBalance covers)", err)
	}

	// 3. In the cooldown, data older than a smaller maxAge: the typed
	// error with NextAvailable, the older balance, and no refresh sent.
	n = len(env.sim.Requests())
	old, a, err := env.c.FreshBalance(ctx, env.account, time.Second)
	var rna *fincon.RefreshError
	if !errors.As(err, &rna) || !errors.Is(err, fincon.ErrRefreshNotAvailable) {
		t.Fatalf("stale in cooldown: err = %v, want *RefreshError", err)
	}
	if !rna.NextAvailable.Equal(a.BalanceRefresh.NextRefreshAvailableAt) || !rna.NextAvailable.After(clk.Now()) || rna.Feature != permissions.RefreshBalance {
		t.Fatalf("stale in cooldown: NextAvailable %v feature %q, account next %v, now %v", rna.NextAvailable, rna.Feature, a.BalanceRefresh.NextRefreshAvailableAt, clk.Now())
	}
	if old.AsOf.IsZero() {
		t.Fatal("stale in cooldown: the older balance is not returned with the error")
	}
	if reqs := requestsSince(env.sim, n); refreshRequests(reqs) != 0 {
		t.Fatalf("stale in cooldown: requests %v, want no refresh", reqs)
	}

	// 4. Past maxAge and past the cooldown: one refresh, waited for.
	clk.Advance(maxAge + time.Minute)
	n = len(env.sim.Requests())
	b, _, err = env.c.FreshBalance(ctx, env.account, maxAge)
	if err != nil {
		t.Fatalf("after cooldown: %v", err)
	}
	if age := b.Age(clk.Now()); age > maxAge {
		t.Fatalf("after cooldown: age %v > %v", age, maxAge)
	}
	if !b.AsOf.After(old.AsOf) {
		t.Fatalf("after cooldown: as of %v, not newer than %v", b.AsOf, old.AsOf)
	}
	if reqs := requestsSince(env.sim, n); refreshRequests(reqs) != 1 {
		t.Fatalf("after cooldown: requests %v, want exactly one refresh", reqs)
	}
}

// Without any balance yet (no prefetch, never refreshed) it refreshes.
func TestFreshBalanceFirstRefresh(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess))
	if _, err := env.c.Balance(t.Context(), env.account); !errors.Is(err, fincon.ErrNoData) {
		t.Fatalf("Balance before any refresh: err = %v, want ErrNoData", err)
	}
	b, _, err := env.c.FreshBalance(t.Context(), env.account, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := b.Available(balances.USD); !ok {
		t.Fatalf("balance %v has no available USD", b)
	}
}

// A refresh that succeeds with a balance the institution calculated before
// maxAge (fctest's as_of is 90 s before the refresh) is older data: the
// typed error after that one refresh, not a loop.
func TestFreshBalanceOlderThanTheInstitution(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess))
	n := len(env.sim.Requests())
	_, _, err := env.c.FreshBalance(t.Context(), env.account, 30*time.Second)
	var rna *fincon.RefreshError
	if !errors.As(err, &rna) || !errors.Is(err, fincon.ErrRefreshNotAvailable) || rna.NextAvailable.IsZero() {
		t.Fatalf("err = %v, want a *RefreshError (ErrRefreshNotAvailable) with NextAvailable", err)
	}
	if got := refreshRequests(requestsSince(env.sim, n)); got != 1 {
		t.Fatalf("%d refreshes, want 1", got)
	}
}

func TestFreshBalanceErrors(t *testing.T) {
	t.Parallel()
	t.Run("refresh failed", func(t *testing.T) {
		t.Parallel()
		env := setup(t, achAccount(fctest.InstitutionSuccess))
		if err := env.sim.FailRefreshes(env.account, fctest.FeatureBalance); err != nil {
			t.Fatal(err)
		}
		if _, _, err := env.c.FreshBalance(t.Context(), env.account, time.Hour); !errors.Is(err, fincon.ErrRefreshFailed) {
			t.Fatalf("err = %v, want ErrRefreshFailed", err)
		}
	})
	for _, maxAge := range []time.Duration{0, -time.Second} {
		t.Run("max age "+maxAge.String(), func(t *testing.T) {
			t.Parallel()
			env := setup(t, achAccount(fctest.InstitutionSuccess), prefetch(permissions.PrefetchBalances))
			n := len(env.sim.Requests())
			if _, _, err := env.c.FreshBalance(t.Context(), env.account, maxAge); !errors.Is(err, fincon.ErrInvalidParams) {
				t.Fatalf("err = %v, want ErrInvalidParams", err)
			}
			if reqs := requestsSince(env.sim, n); len(reqs) != 0 {
				t.Fatalf("requests %v, want none", reqs)
			}
		})
	}
	t.Run("no balances permission", func(t *testing.T) {
		t.Parallel()
		env := setup(t, linked(mustSet(t, permissions.PaymentMethod), fctest.InstitutionSuccess))
		sim, c, ids := env.sim, env.c, env.accounts
		if _, _, err := c.FreshBalance(t.Context(), ids[0], time.Hour); !errors.Is(err, fincon.ErrPermissionNotGranted) {
			t.Fatalf("err = %v, want ErrPermissionNotGranted", err)
		}
		// Known permissions now: refused without a request.
		n := len(sim.Requests())
		if _, _, err := c.FreshBalance(t.Context(), ids[0], time.Hour); !errors.Is(err, fincon.ErrPermissionNotGranted) {
			t.Fatalf("second call: err = %v, want ErrPermissionNotGranted", err)
		}
		if reqs := requestsSince(sim, n); len(reqs) != 0 {
			t.Fatalf("second call: requests %v, want none", reqs)
		}
	})
	t.Run("missing account", func(t *testing.T) {
		t.Parallel()
		c := setup(t).c
		_, a, err := c.FreshBalance(t.Context(), "fca_missing", time.Hour)
		var fe *fincon.Error
		if !errors.As(err, &fe) || fe.HTTPStatus != http.StatusNotFound || a != nil {
			t.Fatalf("err = %v, account %v; want a 404 *Error and no account", err, a)
		}
	})
}

// A debit with the account the caller already read spends one request.
func TestAccountReadSavesTheRead(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess), prefetch(permissions.PrefetchBalances))
	ctx := t.Context()
	_, a, err := env.c.FreshBalance(ctx, env.account, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	p := env.debit("")
	p.AccountRead = a
	n := len(env.sim.Requests())
	pi, err := env.c.CreatePaymentIntent(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if reqs := requestsSince(env.sim, n); len(reqs) != 1 || reqs[0] != "POST /v1/payment_intents" {
		t.Fatalf("requests %v, want only the create", reqs)
	}
	if pi.Status != fincon.PaymentProcessing {
		t.Fatalf("status %q", pi.Status)
	}
	// Without it: the account read, then the create.
	n = len(env.sim.Requests())
	if _, err := env.c.CreatePaymentIntent(ctx, env.debit("")); err != nil {
		t.Fatal(err)
	}
	if reqs := requestsSince(env.sim, n); len(reqs) != 2 {
		t.Fatalf("requests %v, want the read and the create", reqs)
	}
}

// An AccountRead of another account is refused before any request; a
// hand-built one is checked by its typed fields, like Account.CheckACH.
func TestAccountReadChecked(t *testing.T) {
	t.Parallel()
	env := setup(t, achAccount(fctest.InstitutionSuccess), prefetch(permissions.PrefetchBalances))
	eligible := &fincon.Account{ID: env.account, Category: fincon.CategoryCash, Subcategory: fincon.SubcategoryChecking,
		Status: fincon.StatusActive, Permissions: mustSet(t, permissions.PaymentMethod),
		SupportedPaymentMethodTypes: []string{"us_bank_account"}}
	credit := *eligible
	credit.Category, credit.Subcategory = fincon.CategoryCredit, fincon.SubcategoryCreditCard
	for _, tt := range []struct {
		name     string
		read     *fincon.Account
		want     error
		requests int
	}{
		{"another account", &fincon.Account{ID: "fca_other"}, fincon.ErrInvalidParams, 0},
		{"hand-built, ineligible", &credit, ach.ErrIneligible, 0},
		{"hand-built, eligible", eligible, nil, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := env.debit("")
			p.AccountRead = tt.read
			n := len(env.sim.Requests())
			_, err := env.c.CreatePaymentIntent(t.Context(), p)
			if (tt.want == nil && err != nil) || (tt.want != nil && !errors.Is(err, tt.want)) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if reqs := requestsSince(env.sim, n); len(reqs) != tt.requests {
				t.Fatalf("requests %v, want %d", reqs, tt.requests)
			}
		})
	}
}
