package main

import (
	"context"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
)

// linked are the test institutions the simulated user links: a healthy
// checking account, one that will bounce a debit, a credit card and an
// account whose owner is someone else.
var linked = []fctest.Institution{
	fctest.InstitutionSuccess,
	fctest.InstitutionInsufficientFunds,
	fctest.InstitutionCreditCard,
	fctest.InstitutionOwnerMismatch,
}

// runSimulator runs the whole flow (flow.go) on the embedded simulator: an
// in-memory transport and a simulated clock, so it needs no account, no
// network and no real time, and prints the same walkthrough for the same
// seed.
func runSimulator(ctx context.Context, cfg config, key string) (summary, error) {
	seed := cfg.Seed
	if seed == 0 {
		seed = fctest.DefaultSeed
	}
	p := &printer{w: cfg.Out}
	sim, err := fctest.New(fctest.WithSeed(seed))
	if err != nil {
		return summary{}, err
	}
	clk := &progressClock{Clock: sim.Clock(), p: p}
	rt := sim.Transport()
	if cfg.WrapTransport != nil {
		rt = cfg.WrapTransport(rt)
	}
	// The simulator has no rate limit of its own, so the client's limiter
	// is off: the flow then takes no real time at all.
	client, err := fincon.New(key, append(fctestclient.Options(sim),
		fincon.WithTransport(rt),
		fincon.WithClock(clk),
		fincon.WithLogger(cfg.Logger))...)
	if err != nil {
		return summary{Mode: modeSimulator}, err
	}
	f := &flow{ctx: ctx, cfg: cfg, p: p, sim: sim, clk: clk, client: client,
		sum: summary{Mode: modeSimulator}, start: sim.Clock().Now()}
	err = f.run(seed)
	f.sum.Elapsed = sim.Clock().Now().Sub(f.start)
	if err != nil {
		p.printf("\nquickstart failed (the error follows)\n")
		return f.sum, err
	}
	return f.sum, p.err
}

// progressClock is the client's clock: it delegates to the simulated clock
// and prints each pause of a refresh wait, so the output shows the polling.
type progressClock struct {
	fincon.Clock
	p *printer
}

func (c *progressClock) Sleep(ctx context.Context, d time.Duration) error {
	c.p.printf(" +%s", d)
	return c.Clock.Sleep(ctx, d)
}
