package safety_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

const (
	suiteCalls = 1000
	faultRate  = 0.2
	faultSeed  = 6
)

// suiteKinds are the faults the suites inject: 500 before and after the
// change is committed, dropped connections before and after commit, 429
// rate_limit with Retry-After, 429 lock_timeout, 409
// idempotency_key_in_use, and responses slower than the per-attempt
// timeout (the request took effect; the client gave up waiting).
var suiteKinds = []fctest.FaultKind{
	fctest.FaultServerErrorBeforeCommit, fctest.FaultServerErrorAfterCommit,
	fctest.FaultDropBeforeCommit, fctest.FaultDropAfterCommit,
	fctest.FaultRateLimit, fctest.FaultLockTimeout, fctest.FaultIdempotencyKeyInUse,
	fctest.FaultSlowResponse,
}

func faultPlan() fctest.FaultPlan {
	return fctest.FaultPlan{Seed: faultSeed, Probability: faultRate, Kinds: suiteKinds, Latency: slowLatency}
}

// faultDelta is the faults injected between two Stats snapshots.
func faultDelta(before, after fctest.Stats) map[fctest.FaultKind]int {
	d := map[fctest.FaultKind]int{}
	for k, v := range after.Faults {
		if n := v - before.Faults[k]; n > 0 {
			d[k] = n
		}
	}
	return d
}

// checkFaultMix fails unless every suite kind fired and the share of
// faulted requests is close to faultRate.
func checkFaultMix(t *testing.T, requests int, faults map[fctest.FaultKind]int) int {
	t.Helper()
	total := 0
	for _, k := range suiteKinds {
		if faults[k] == 0 {
			t.Errorf("fault %s never injected", k)
		}
		total += faults[k]
	}
	if share := float64(total) / float64(requests); share < faultRate-0.03 || share > faultRate+0.03 {
		t.Errorf("faulted %d of %d requests (%.1f%%), want about %.0f%%", total, requests, 100*share, 100*faultRate)
	}
	return total
}

// TestPaymentIntentsExactlyOnceUnderFaults creates 1,000 confirmed ACH
// PaymentIntents, each with its order id as idempotency key, while 20% of
// all requests (account reads included) are faulted, and accounts for
// every call:
//
//   - a call that returned success has exactly its PaymentIntent on the
//     server (lost 0);
//   - no order has two PaymentIntents (duplicates 0);
//   - a call that failed returned a *fincon.Error of a documented kind and
//     either left no PaymentIntent, or — when its last attempt failed after
//     the server had committed — left exactly one, which a re-run with the
//     same idempotency key returns (replayed, not created again);
//   - PaymentIntents on the server = successful calls + failed-but-committed
//     calls, and after the re-runs = orders.
//
// It runs in a testing/synctest bubble: backoff, Retry-After, the rate
// limiter and the slow responses run on fake time, so it never sleeps and
// draws the same faults every run.
func TestPaymentIntentsExactlyOnceUnderFaults(t *testing.T) {
	t.Parallel() // own simulator or bubble each; TestCancellationLatency, timed, stays serial
	synctest.Test(t, func(t *testing.T) {
		ctx := t.Context()
		r := newRig(t, []permissions.Permission{permissions.PaymentMethod}, nil,
			fctest.InstitutionSuccess, fctest.InstitutionSavings)
		var attempts atomic.Int64
		c := newClient(t, r.sim, &attempts)
		base := r.sim.Stats()
		r.sim.InjectFaults(faultPlan())

		type outcome struct {
			order, pi string
			err       error
		}
		outs := make([]outcome, suiteCalls)
		for i := range suiteCalls {
			order := fmt.Sprintf("order_%04d", i)
			p := r.debit(i, order)
			p.IdempotencyKey = order
			pi, err := c.CreatePaymentIntent(ctx, p)
			outs[i] = outcome{order: order, err: err}
			if err == nil {
				outs[i].pi = pi.ID
			}
		}
		r.sim.ClearFaults()
		after := r.sim.Stats()
		requests := after.Requests - base.Requests
		if sent := int(attempts.Load()); sent != requests {
			t.Errorf("client sent %d attempts, server saw %d", sent, requests)
		}
		faults := faultDelta(base, after)
		injected := checkFaultMix(t, requests, faults)

		byOrder := piByOrder(r.sim)
		var succeeded, committedFailures, lost, duplicates int
		var errs tally
		var failed []outcome
		for _, o := range outs {
			pis := byOrder[o.order]
			if len(pis) > 1 {
				duplicates++
				t.Errorf("%s: %d PaymentIntents %v", o.order, len(pis), pis)
			}
			if o.err == nil {
				succeeded++
				if len(pis) != 1 || pis[0] != o.pi {
					lost++
					t.Errorf("%s: call returned %s, server has %v", o.order, o.pi, pis)
				}
				continue
			}
			class, ok := errorClass(o.err)
			errs.add(class)
			if !ok {
				t.Errorf("%s: undocumented error %v", o.order, o.err)
			}
			if len(pis) == 1 {
				committedFailures++
			}
			failed = append(failed, o)
		}
		onServer := len(r.sim.PaymentIntents())
		if onServer != succeeded+committedFailures {
			t.Errorf("PaymentIntents on the server = %d, want successful calls %d + committed failures %d",
				onServer, succeeded, committedFailures)
		}

		// Re-run every failed order with its idempotency key, faults off.
		var recovered, replayed int
		for _, o := range failed {
			i := 0
			fmt.Sscanf(o.order, "order_%d", &i)
			p := r.debit(i, o.order)
			p.IdempotencyKey = o.order
			before := byOrder[o.order]
			pi, err := c.CreatePaymentIntent(ctx, p)
			if err != nil {
				t.Errorf("%s: re-run failed: %v", o.order, err)
				continue
			}
			recovered++
			if len(before) == 1 {
				if pi.ID != before[0] {
					t.Errorf("%s: re-run returned %s, want the committed %s", o.order, pi.ID, before[0])
				}
				replayed++
			}
		}
		final := piByOrder(r.sim)
		for i := range suiteCalls {
			if n := len(final[fmt.Sprintf("order_%04d", i)]); n != 1 {
				t.Errorf("order_%04d: %d PaymentIntents after re-runs, want 1", i, n)
			}
		}
		if n := len(r.sim.PaymentIntents()); n != suiteCalls {
			t.Errorf("PaymentIntents after re-runs = %d, want %d", n, suiteCalls)
		}

		t.Logf("requests sent: %d; faults injected: %d (%s)", requests, injected, formatCounts(faults))
		t.Logf("idempotent replays served: %d; ACH PaymentIntent calls: %d, succeeded %d, failed %d (%s)",
			after.IdempotentReplays-base.IdempotentReplays, suiteCalls, succeeded, len(failed), errs.String())
		t.Logf("failed calls that had committed: %d; re-run with the order id: %d recovered, %d of them the committed PaymentIntent",
			committedFailures, recovered, replayed)
		t.Logf("SUMMARY payment intents: requests=%d faults=%d calls=%d succeeded=%d on_server=%d (=succeeded+%d committed failures) duplicates=%d lost=%d typed_errors=%d/%d after_rerun=%d",
			requests, injected, suiteCalls, succeeded, onServer, committedFailures, duplicates, lost,
			errs.total(), len(failed), len(r.sim.PaymentIntents()))
	})
}

// TestRefreshesExactlyOnceUnderFaults runs 1,000 RefreshAndWait calls (100
// rounds over 10 accounts) while 20% of requests are faulted. The refresh
// POST carries one Idempotency-Key across its retries, so each call starts
// at most one refresh on the server:
//
//   - a call that returned success started exactly one refresh, and it
//     succeeded (lost 0);
//   - no call started two (duplicates 0);
//   - a failed call returned a *fincon.Error of a documented kind; it
//     either started no refresh, or started one (the POST committed and
//     the wait or the answer failed) which finishes on the server anyway —
//     calling again later refreshes again, which is harmless for a read;
//   - refreshes started on the server = successful calls + failed calls
//     that committed.
func TestRefreshesExactlyOnceUnderFaults(t *testing.T) {
	t.Parallel() // own simulator or bubble each; TestCancellationLatency, timed, stays serial
	synctest.Test(t, func(t *testing.T) {
		const accounts = 10
		ctx := t.Context()
		insts := make([]fctest.Institution, accounts)
		for i := range insts {
			insts[i] = fctest.InstitutionSuccess
		}
		r := newRig(t, []permissions.Permission{permissions.PaymentMethod, permissions.Balances}, nil, insts...)
		var attempts atomic.Int64
		c := newClient(t, r.sim, &attempts)
		base := r.sim.Stats()
		r.sim.InjectFaults(faultPlan())

		var succeeded, failed, committedFailures, lost, duplicates int
		var errs tally
		for round := range suiteCalls / accounts {
			for _, id := range r.accounts {
				before := r.sim.Stats().RefreshesStarted
				a, err := c.RefreshAndWait(ctx, id, permissions.RefreshBalance)
				started := r.sim.Stats().RefreshesStarted - before
				if started > 1 {
					duplicates++
					t.Errorf("round %d %s: one call started %d refreshes", round, id, started)
				}
				if err == nil {
					succeeded++
					if started != 1 || a.BalanceRefresh.Status != fincon.RefreshSucceeded {
						lost++
						t.Errorf("round %d %s: success but %d refreshes started, status %q", round, id, started, a.BalanceRefresh.Status)
					}
					continue
				}
				failed++
				class, ok := errorClass(err)
				errs.add(class)
				if !ok {
					t.Errorf("round %d %s: undocumented error %v", round, id, err)
				}
				if started == 1 {
					committedFailures++
				}
			}
			// Let pending refreshes finish and the cooldown pass.
			r.sim.Clock().Advance(fctest.DefaultRefreshDelay + fctest.DefaultRefreshCooldown)
		}
		r.sim.ClearFaults()
		after := r.sim.Stats()
		requests := after.Requests - base.Requests
		if sent := int(attempts.Load()); sent != requests {
			t.Errorf("client sent %d attempts, server saw %d", sent, requests)
		}
		faults := faultDelta(base, after)
		injected := checkFaultMix(t, requests, faults)
		started := after.RefreshesStarted - base.RefreshesStarted
		if started != succeeded+committedFailures {
			t.Errorf("refreshes started = %d, want successful calls %d + committed failures %d", started, succeeded, committedFailures)
		}
		t.Logf("requests sent: %d; faults injected: %d (%s)", requests, injected, formatCounts(faults))
		t.Logf("RefreshAndWait calls: %d, succeeded %d, failed %d (%s); failed calls whose refresh had started: %d",
			suiteCalls, succeeded, failed, errs.String(), committedFailures)
		t.Logf("SUMMARY refreshes: requests=%d faults=%d calls=%d succeeded=%d started_on_server=%d (=succeeded+%d committed failures) duplicates=%d lost=%d typed_errors=%d/%d",
			requests, injected, suiteCalls, succeeded, started, committedFailures, duplicates, lost, errs.total(), failed)
	})
}

// storedOrder is what the first process saved with the order before
// calling Stripe: everything CreatePaymentIntent sends, the customer's
// mandate acceptance included. A restarted process has only this (here
// round-tripped through JSON, as through a database row).
type storedOrder struct {
	ID          string
	Account     string
	Customer    string
	Amount      int64
	Currency    string
	BillingName string
	Key         string
	Mandate     struct {
		AcceptedAt time.Time
		IPAddress  string
		UserAgent  string
	}
}

func storeOrder(t *testing.T, order string, p fincon.PaymentIntentParams) []byte {
	t.Helper()
	var o storedOrder
	o.ID, o.Account, o.Customer = order, p.Account, p.Customer
	o.Amount, o.Currency, o.BillingName, o.Key = p.Amount.Amount, string(p.Amount.Currency), p.BillingName, p.IdempotencyKey
	o.Mandate.AcceptedAt, o.Mandate.IPAddress, o.Mandate.UserAgent = p.Mandate.AcceptedAt, p.Mandate.IPAddress, p.Mandate.UserAgent
	b, err := json.Marshal(o)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// paramsFromStore rebuilds the params of an order from its stored row, as
// a restarted process does.
func paramsFromStore(t *testing.T, row []byte) fincon.PaymentIntentParams {
	t.Helper()
	var o storedOrder
	if err := json.Unmarshal(row, &o); err != nil {
		t.Fatal(err)
	}
	return fincon.PaymentIntentParams{
		Account: o.Account, Customer: o.Customer,
		Amount:      balances.Money{Amount: o.Amount, Currency: balances.Currency(o.Currency)},
		BillingName: o.BillingName, Confirm: true, IdempotencyKey: o.Key,
		Mandate: &ach.CustomerAcceptance{Type: ach.AcceptanceOnline, AcceptedAt: o.Mandate.AcceptedAt,
			IPAddress: o.Mandate.IPAddress, UserAgent: o.Mandate.UserAgent},
		Metadata: map[string]string{"order_id": o.ID},
	}
}

// TestOrderRetryAcrossRestart: the first process's call fails although the
// server committed the PaymentIntent (every attempt faulted after commit, or
// the caller's deadline passed while the answer was delayed); the process
// "restarts" (a new fincon.Client on the same simulator) and retries the
// whole operation with params rebuilt from the stored order, mandate
// included. With the order id as idempotency key there is still exactly
// one PaymentIntent, and the retry returns it. Without a caller key each
// call gets a fresh key, and the retry charges twice — the hazard the key
// exists for, shown so that this test can fail. A retry that re-records
// the mandate (AcceptedAt = now instead of the stored time) sends other
// parameters under the same key: Stripe answers 400 idempotency_error, and
// nothing is charged twice.
func TestOrderRetryAcrossRestart(t *testing.T) {
	t.Parallel() // own simulator or bubble each; TestCancellationLatency, timed, stays serial
	afterCommit := []fctest.FaultKind{
		fctest.FaultServerErrorAfterCommit, fctest.FaultDropAfterCommit,
		fctest.FaultUnavailableAfterCommit, fctest.FaultServerErrorAfterCommit,
	}
	tests := []struct {
		name      string
		key       string
		faults    []fctest.FaultKind
		deadline  time.Duration // caller's deadline for the first call, 0 = none
		remandate bool          // the retry records a new AcceptedAt instead of the stored one
		wantFirst error
		wantRetry string // Stripe error type of the retry, "" = success
		wantPIs   int
	}{
		{name: "order id, retries exhausted after commit", key: "order_42", faults: afterCommit, wantPIs: 1},
		{name: "order id, caller deadline during slow answer", key: "order_43",
			faults: []fctest.FaultKind{fctest.FaultSlowResponse}, deadline: attemptTimeout / 2,
			wantFirst: context.DeadlineExceeded, wantPIs: 1},
		{name: "no caller key: the retry creates a second one", key: "", faults: afterCommit, wantPIs: 2},
		{name: "order id, mandate not replayed: idempotency_error", key: "order_44", faults: afterCommit,
			remandate: true, wantRetry: "idempotency_error", wantPIs: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				r := newRig(t, []permissions.Permission{permissions.PaymentMethod}, nil, fctest.InstitutionSuccess)
				r.sim.InjectFaults(fctest.FaultPlan{Sequence: tt.faults, Latency: slowLatency,
					Match: fctest.MatchPath("POST", "/v1/payment_intents")})
				p := r.debit(0, "order_x")
				p.IdempotencyKey = tt.key
				row := storeOrder(t, "order_x", p)

				first := newClient(t, r.sim, nil)
				ctx := t.Context()
				if tt.deadline > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tt.deadline)
					defer cancel()
				}
				_, firstErr := first.CreatePaymentIntent(ctx, p)
				var fe *fincon.Error
				if !errors.As(firstErr, &fe) {
					t.Fatalf("first call: err = %v, want *fincon.Error", firstErr)
				}
				if tt.wantFirst != nil && !errors.Is(firstErr, tt.wantFirst) {
					t.Fatalf("first call: err = %v, want %v", firstErr, tt.wantFirst)
				}
				committed := r.sim.PaymentIntents()
				if len(committed) != 1 {
					t.Fatalf("after the failed call the server has %d PaymentIntents, want 1 (committed)", len(committed))
				}

				// Restart: a new client, nothing shared but the server and
				// the stored order.
				r.sim.ClearFaults()
				r.sim.Clock().Advance(time.Minute)
				retryParams := paramsFromStore(t, row)
				if tt.remandate {
					retryParams.Mandate.AcceptedAt = r.sim.Clock().Now()
				}
				second := newClient(t, r.sim, nil)
				pi, err := second.CreatePaymentIntent(t.Context(), retryParams)
				got := len(r.sim.PaymentIntents())
				if tt.wantRetry != "" {
					var re *fincon.Error
					if !errors.As(err, &re) || re.Type != tt.wantRetry || re.Code != "" && re.Code != tt.wantRetry {
						t.Fatalf("retry after restart: err = %v, want a *fincon.Error of type %s", err, tt.wantRetry)
					}
					if re.HTTPStatus != http.StatusBadRequest || re.Op != "create payment intent" {
						t.Errorf("retry: status %d op %q, want 400 create payment intent", re.HTTPStatus, re.Op)
					}
					t.Logf("first call: %v; retry with a re-recorded mandate: %v; PaymentIntents on the server: %d", firstErr, err, got)
				} else {
					if err != nil {
						t.Fatalf("retry after restart: %v", err)
					}
					t.Logf("first call: %v; retry after restart returned %s; PaymentIntents on the server: %d", firstErr, pi.ID, got)
				}
				if got != tt.wantPIs {
					t.Errorf("PaymentIntents = %d, want %d", got, tt.wantPIs)
				}
				if tt.wantPIs == 1 && tt.wantRetry == "" && pi.ID != committed[0].ID {
					t.Errorf("retry returned %s, want the committed %s", pi.ID, committed[0].ID)
				}
			})
		})
	}
}
