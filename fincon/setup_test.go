package fincon_test

import (
	"net/http"
	"testing"
	"time"

	"golang.org/x/time/rate"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/stripemock"
	"github.com/fcsdk/fcsdk/permissions"
)

// env is what setup built for one test: a client and the server it talks
// to, and, with linked, a customer and its linked accounts.
type env struct {
	c *fincon.Client

	// At most one of sim, fake and mock is set: the simulator (the
	// default), the scripted fake (onFake) or stripe-mock (onStripeMock);
	// none of them on another transport (onTransport).
	sim  *fctest.Sim
	fake *fakeStripe
	mock *rejections

	customer string   // with linked: the customer that owns the accounts
	accounts []string // with linked: one account per institution, in order
	account  string   // with linked: accounts[0]
}

// setupConfig collects the setup options.
type setupConfig struct {
	sim        *fctest.Sim
	simOpts    []fctest.Option
	fake       *fakeStripe
	rt         http.RoundTripper
	stripeMock bool
	limiter    fincon.Limiter
	clientOpts []fincon.Option
	wrap       func(*fctest.Sim, http.RoundTripper) http.RoundTripper
	fast       bool
	link       bool
	perms      permissions.Set
	permList   []permissions.Permission
	insts      []fctest.Institution
	prefetch   []permissions.PrefetchFeature
}

// setupOption is one variation of setup.
type setupOption func(*setupConfig)

// simOptions builds the simulator with opts.
func simOptions(opts ...fctest.Option) setupOption {
	return func(c *setupConfig) { c.simOpts = append(c.simOpts, opts...) }
}

// onSim puts the client on sim instead of a new simulator (a second
// client with other options on a test's simulator).
func onSim(sim *fctest.Sim) setupOption { return func(c *setupConfig) { c.sim = sim } }

// onFake puts the client on the scripted fake f instead of the simulator,
// at http://stripe.invalid, with fast retries and no rate limit (see
// limiter).
func onFake(f *fakeStripe) setupOption {
	return func(c *setupConfig) { c.fake, c.rt, c.fast = f, f, true }
}

// onTransport is onFake over any transport: the client sends every
// request to rt.
func onTransport(rt http.RoundTripper) setupOption {
	return func(c *setupConfig) { c.rt, c.fast = rt, true }
}

// onStripeMock puts the client on a shared stripe-mock (skipped, naming
// the install command, when stripe-mock is absent outside CI), with fixture
// ids filled in, no retries and a clock an hour after the test acceptance;
// env.mock records the requests stripe-mock rejects.
func onStripeMock() setupOption { return func(c *setupConfig) { c.stripeMock = true } }

// limiter paces the client with l (fincon.WithLimiter). On the fake it
// replaces the default of no rate limit, which cannot be combined with a
// limiter.
func limiter(l fincon.Limiter) setupOption { return func(c *setupConfig) { c.limiter = l } }

// clientOptions adds opts to the client's options, after setup's own.
func clientOptions(opts ...fincon.Option) setupOption {
	return func(c *setupConfig) { c.clientOpts = append(c.clientOpts, opts...) }
}

// wrapTransport wraps the client's transport (not the one linked uses)
// with wrap, which gets the simulator (nil on the fake). A nil wrap does
// nothing.
func wrapTransport(wrap func(sim *fctest.Sim, next http.RoundTripper) http.RoundTripper) setupOption {
	return func(c *setupConfig) { c.wrap = wrap }
}

// fastRetries makes the client wait 10–100 ms between attempts
// (fincon.WithRetryWait) instead of the defaults. On the simulator the
// waits advance its clock.
func fastRetries() setupOption { return func(c *setupConfig) { c.fast = true } }

// linked creates a customer ("Jenny Rosen") and a session granting perms,
// and links one account per institution (the simulator's default one when
// none is given), through a client of its own on the simulator. It needs
// the simulator: with onFake, onTransport or onStripeMock the test fails.
func linked(perms permissions.Set, insts ...fctest.Institution) setupOption {
	return func(c *setupConfig) { c.link, c.perms, c.insts = true, perms, insts }
}

// achAccount links one account at inst with payment_method and balances,
// as an ACH debit needs (see linked).
func achAccount(inst fctest.Institution) setupOption {
	return func(c *setupConfig) {
		c.link, c.insts = true, []fctest.Institution{inst}
		c.permList = []permissions.Permission{permissions.PaymentMethod, permissions.Balances}
	}
}

// prefetch asks the linked session to prefetch features.
func prefetch(features ...permissions.PrefetchFeature) setupOption {
	return func(c *setupConfig) { c.prefetch = append(c.prefetch, features...) }
}

// setup builds what a test needs, in go-github's manner: by default a new
// simulator and a client on it (fctestclient.ForTest). The client is
// closed when the test ends. Options choose the few variations: the
// scripted fake or stripe-mock instead of the simulator, client options,
// a wrapped transport, linked accounts. It must run inside a
// testing/synctest bubble when the test uses one.
func setup(t testing.TB, opts ...setupOption) *env {
	t.Helper()
	var cfg setupConfig
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.stripeMock {
		if cfg.link {
			t.Fatal("setup: linked needs the simulator (not onStripeMock)")
		}
		return setupStripeMock(t, cfg)
	}
	e := &env{fake: cfg.fake}
	var base []fincon.Option
	var rt http.RoundTripper
	if cfg.rt != nil {
		rt = cfg.rt
		base = []fincon.Option{fincon.WithBaseURL("http://stripe.invalid")}
		if cfg.limiter == nil {
			base = append(base, fincon.WithRateLimit(rate.Inf, 1))
		}
	} else {
		e.sim = cfg.sim
		if e.sim == nil {
			sim, err := fctest.New(cfg.simOpts...)
			if err != nil {
				t.Fatalf("setup: %v", err)
			}
			e.sim = sim
		}
		base = fctestclient.Options(e.sim)
		rt = e.sim.Transport()
	}
	if cfg.fast {
		base = append(base, fincon.WithRetryWait(10*time.Millisecond, 100*time.Millisecond))
	}
	if cfg.wrap != nil {
		rt = cfg.wrap(e.sim, rt)
	}
	base = append(base, fincon.WithTransport(rt))
	if cfg.limiter != nil {
		base = append(base, fincon.WithLimiter(cfg.limiter))
	}
	c, err := fincon.New(testKey, append(base, cfg.clientOpts...)...)
	if err != nil {
		t.Fatalf("setup: %v", err)
	}
	t.Cleanup(func() { _ = c.Close() })
	e.c = c
	if cfg.link {
		e.link(t, cfg)
	}
	return e
}

// link creates the customer and session of linked on e.sim, through a
// client of its own (not through a wrapped transport), and links the
// accounts.
func (e *env) link(t testing.TB, cfg setupConfig) {
	t.Helper()
	if e.sim == nil {
		t.Fatal("setup: linked needs the simulator (not onFake, onTransport or onStripeMock)")
	}
	c := fctestclient.ForTest(t, e.sim)
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	perms := cfg.perms
	if cfg.permList != nil {
		perms = mustSet(t, cfg.permList...)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms, Prefetch: cfg.prefetch})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := e.sim.LinkAccounts(sess.ID, cfg.insts...)
	if err != nil {
		t.Fatal(err)
	}
	e.customer, e.accounts, e.account = cus, ids, ids[0]
}

// setupStripeMock is setup with onStripeMock.
func setupStripeMock(t testing.TB, cfg setupConfig) *env {
	t.Helper()
	url := stripemock.Start(t)
	ff := &rejections{base: http.DefaultTransport}
	opts := []fincon.Option{fincon.WithBaseURL(url), fincon.WithTransport(stripemock.FillFixtures(ff)),
		fincon.WithMaxRetries(0), fincon.WithRateLimit(1000, 100),
		fincon.WithClock(&fakeClock{now: acceptance.AcceptedAt.Add(time.Hour)})}
	c, err := fincon.New("sk_test_123", append(opts, cfg.clientOpts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Close() })
	return &env{c: c, mock: ff}
}
