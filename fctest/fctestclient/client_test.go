package fctestclient_test

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/stripefake"
	"github.com/fcsdk/fcsdk/permissions"
)

// linked returns a simulator with one linked account (balances granted).
func linked(t *testing.T) (*fctest.Sim, string) {
	t.Helper()
	sim, err := fctest.New()
	if err != nil {
		t.Fatal(err)
	}
	c := fctestclient.ForTest(t, sim)
	ctx := t.Context()
	cus, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		t.Fatal(err)
	}
	perms, err := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	if err != nil {
		t.Fatal(err)
	}
	sess, err := c.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(cus), Permissions: perms})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		t.Fatal(err)
	}
	return sim, ids[0]
}

func TestForTestDrivesSimulatedTime(t *testing.T) {
	t.Parallel()
	sim, id := linked(t)
	c := fctestclient.ForTest(t, sim)
	start := sim.Clock().Now()
	acct, err := c.RefreshAndWait(t.Context(), id, permissions.RefreshBalance)
	if err != nil {
		t.Fatal(err)
	}
	if got := sim.Clock().Now().Sub(start); got < fctest.DefaultRefreshDelay {
		t.Fatalf("simulated clock moved %v, want at least the refresh delay %v", got, fctest.DefaultRefreshDelay)
	}
	if acct.ID != id {
		t.Fatalf("account %q, want %q", acct.ID, id)
	}
}

// A client on the simulator without its clock fails its first call with
// ErrSimulatorClock, whatever the call, over the in-memory transport and
// over a loopback server, and the simulator sees no request when the base
// URL is its own.
func TestMissingClockFailsFast(t *testing.T) {
	t.Parallel()
	sim, id := linked(t)
	baseURL, stop := sim.Serve()
	t.Cleanup(stop)
	setups := map[string][]fincon.Option{
		"in-memory transport":           {fincon.WithTransport(sim.Transport()), fincon.WithBaseURL(sim.URL())},
		"wrapped transport, other host": {fincon.WithTransport(sim.Transport()), fincon.WithBaseURL("http://sim.example.invalid")},
		"loopback server":               {fincon.WithBaseURL(baseURL)},
	}
	calls := map[string]func(context.Context, *fincon.Client) error{
		"refresh and wait": func(ctx context.Context, c *fincon.Client) error {
			_, err := c.RefreshAndWait(ctx, id, permissions.RefreshBalance)
			return err
		},
		"get account": func(ctx context.Context, c *fincon.Client) error { _, err := c.GetAccount(ctx, id); return err },
		"create customer": func(ctx context.Context, c *fincon.Client) error {
			_, err := c.CreateCustomer(ctx, fincon.CustomerParams{Name: "X"})
			return err
		},
	}
	for sname, opts := range setups {
		for cname, call := range calls {
			t.Run(sname+"/"+cname, func(t *testing.T) {
				c, err := fincon.New(fctestclient.Key, append(opts, fincon.WithRateLimit(1000, 100))...)
				if err != nil {
					t.Fatal(err)
				}
				ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
				defer cancel()
				before := len(sim.Requests())
				err = call(ctx, c)
				sent := len(sim.Requests()) - before
				if !errors.Is(err, fincon.ErrSimulatorClock) {
					t.Fatalf("err = %v, want ErrSimulatorClock", err)
				}
				if ctx.Err() != nil {
					t.Fatal("the call ran until its deadline")
				}
				if msg := err.Error(); !strings.Contains(msg, "WithClock(sim.Clock())") || !strings.Contains(msg, "fctestclient") {
					t.Fatalf("message does not say what to add: %s", msg)
				}
				if sname == "in-memory transport" && sent != 0 {
					t.Fatalf("%d requests reached the simulator, want none", sent)
				}
			})
		}
	}
}

// An explicit fincon.SystemClock is the caller's choice and is not refused.
func TestExplicitClockNotChecked(t *testing.T) {
	t.Parallel()
	sim, id := linked(t)
	c, err := fincon.New(fctestclient.Key, append(fctestclient.Options(sim), fincon.WithClock(fincon.SystemClock{}))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetAccount(t.Context(), id); err != nil {
		t.Fatal(err)
	}
}

// Options given to New override the wiring.
func TestOptionsOverride(t *testing.T) {
	t.Parallel()
	sim, err := fctest.New()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fctestclient.New(sim, fincon.WithClock(nil)); !errors.Is(err, fincon.ErrInvalidOption) {
		t.Fatalf("err = %v, want ErrInvalidOption", err)
	}
	var seen int
	c := fctestclient.ForTest(t, sim, fincon.WithTransport(stripefake.RoundTripFunc(func(r *http.Request) (*http.Response, error) {
		seen++
		return sim.Transport().RoundTrip(r)
	})))
	if _, err := c.CreateCustomer(t.Context(), fincon.CustomerParams{Name: "Y"}); err != nil {
		t.Fatal(err)
	}
	if seen != 1 {
		t.Fatalf("wrapped transport saw %d requests, want 1", seen)
	}
}
