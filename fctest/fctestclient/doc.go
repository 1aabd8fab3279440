// Package fctestclient wires a fincon.Client to an fctest simulator in one
// call:
//
//	sim, err := fctest.New() // fails only on an invalid fctest.Option
//	client := fctestclient.ForTest(t, sim) // in a test
//	client, err := fctestclient.New(sim)   // in an Example or a demo
//
// The client gets the simulator's in-memory transport ([fctest.Sim.Transport])
// and base URL ([fctest.DefaultURL]), its simulated clock ([fctest.Sim.Clock],
// so that RefreshAndWait drives the simulation instead of sleeping) and no
// client-side rate limit (fctest enforces one only when told to, with
// fctest.WithRateLimit). Further fincon options are applied after these, so
// they override them: fincon.WithTransport(record(sim.Transport())) to
// observe requests, fincon.WithLimiter(rate.NewLimiter(r, burst)) to test
// pacing.
//
// # Why a package of its own
//
// fctest is a simulator of Stripe's API, usable from any HTTP client
// (stripe-go included), and depends on stripe-go's types only; fincon is
// the SDK client and does not link test code. This package is the one
// place that imports both, so neither has to import the other, and programs
// that do not test against the simulator do not link it.
//
// # Forgetting the clock
//
// A fincon.Client built by hand for the simulator without
// fincon.WithClock(sim.Clock()) fails its first call with
// fincon.ErrSimulatorClock, whose message says what to add, instead of
// polling a refresh on the wall clock until its context ends.
package fctestclient
