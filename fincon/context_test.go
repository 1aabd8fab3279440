package fincon_test

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"testing/synctest"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// blockRoute passes every request to next except those of route
// ("METHOD /path"), which wait until their context ends.
type blockRoute struct {
	next    http.RoundTripper
	route   string
	once    sync.Once
	arrived chan struct{}
}

func (b *blockRoute) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method+" "+req.URL.Path != b.route {
		return b.next.RoundTrip(req)
	}
	b.once.Do(func() { close(b.arrived) })
	<-req.Context().Done()
	return nil, req.Context().Err()
}

// TestCancelStopsEveryCallKind: the caller's context reaches the request
// of every kind of call — retrieve, create and action calls (stripe-go's
// Backend.Call), list pages (CallRaw), and a create that follows a read.
// The client never sets the params' Context itself: stripe-go's v82 client
// methods set it from their ctx argument. A request that does not carry
// the caller's context is not cancelled: it ends only when the attempt
// times out, and the call fails without matching context.Canceled.
func TestCancelStopsEveryCallKind(t *testing.T) {
	const (
		accounts = "/v1/financial_connections/accounts"
		fca      = accounts + "/" // + the linked account's id
	)
	type env2 struct {
		*env
		ctx context.Context
	}
	tests := []struct {
		name  string
		route func(e *env) string
		call  func(e env2) error
	}{
		{"get account", func(e *env) string { return "GET " + fca + e.account }, func(e env2) error {
			_, err := e.c.GetAccount(e.ctx, e.account)
			return err
		}},
		{"disconnect", func(e *env) string { return "POST " + fca + e.account + "/disconnect" }, func(e env2) error {
			_, err := e.c.DisconnectAccount(e.ctx, e.account)
			return err
		}},
		{"subscribe", func(e *env) string { return "POST " + fca + e.account + "/subscribe" }, func(e env2) error {
			_, err := e.c.SubscribeTransactions(e.ctx, e.account)
			return err
		}},
		{"unsubscribe", func(e *env) string { return "POST " + fca + e.account + "/unsubscribe" }, func(e env2) error {
			_, err := e.c.UnsubscribeTransactions(e.ctx, e.account)
			return err
		}},
		{"refresh", func(e *env) string { return "POST " + fca + e.account + "/refresh" }, func(e env2) error {
			_, err := e.c.Refresh(e.ctx, e.account, permissions.RefreshBalance)
			return err
		}},
		{"list accounts", func(*env) string { return "GET " + accounts }, func(e env2) error {
			_, err := drainSeq(e.c.ListAccounts(e.ctx, fincon.ListAccountsParams{Holder: fincon.CustomerHolder(e.customer)}))
			return err
		}},
		{"list transactions", func(*env) string { return "GET /v1/financial_connections/transactions" }, func(e env2) error {
			_, err := drainSeq(e.c.Transactions(e.ctx, e.account, fincon.TransactionListOptions{}))
			return err
		}},
		{"list payment methods", func(*env) string { return "GET /v1/payment_methods" }, func(e env2) error {
			_, err := drainSeq(e.c.ListPaymentMethods(e.ctx, e.customer))
			return err
		}},
		{"create customer", func(*env) string { return "POST /v1/customers" }, func(e env2) error {
			_, err := e.c.CreateCustomer(e.ctx, fincon.CustomerParams{Name: "Jenny Rosen", IdempotencyKey: "cus-1"})
			return err
		}},
		{"create session", func(*env) string { return "POST /v1/financial_connections/sessions" }, func(e env2) error {
			_, err := e.c.CreateSession(e.ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(e.customer), Permissions: mustSet(t, permissions.Balances)})
			return err
		}},
		{"get session", func(*env) string { return "GET /v1/financial_connections/sessions/fcsess_1" }, func(e env2) error {
			_, err := e.c.GetSession(e.ctx, "fcsess_1")
			return err
		}},
		{"get payment intent", func(*env) string { return "GET /v1/payment_intents/pi_1" }, func(e env2) error {
			_, err := e.c.GetPaymentIntent(e.ctx, "pi_1")
			return err
		}},
		{"account of payment intent", func(*env) string { return "GET /v1/payment_intents/pi_1" }, func(e env2) error {
			_, err := e.c.FinancialConnectionsAccountOf(e.ctx, "pi_1")
			return err
		}},
		{"get setup intent", func(*env) string { return "GET /v1/setup_intents/seti_1" }, func(e env2) error {
			_, err := e.c.GetSetupIntent(e.ctx, "seti_1")
			return err
		}},
		{"get checkout session", func(*env) string { return "GET /v1/checkout/sessions/cs_test_1" }, func(e env2) error {
			_, err := e.c.GetCheckoutSession(e.ctx, "cs_test_1")
			return err
		}},
		{"get mandate", func(*env) string { return "GET /v1/mandates/mandate_1" }, func(e env2) error {
			_, err := e.c.GetMandate(e.ctx, "mandate_1")
			return err
		}},
		{"get payment method", func(*env) string { return "GET /v1/payment_methods/pm_1" }, func(e env2) error {
			_, err := e.c.GetPaymentMethod(e.ctx, "pm_1")
			return err
		}},
		{"create payment intent after the account read", func(*env) string { return "POST /v1/payment_intents" }, func(e env2) error {
			_, err := e.c.CreatePaymentIntent(e.ctx, fincon.PaymentIntentParams{Account: e.account, Customer: e.customer,
				Amount: balances.Money{Amount: 100, Currency: balances.USD}, BillingName: "Jenny Rosen", IdempotencyKey: "order-1"})
			return err
		}},
	}
	all := mustSet(t, permissions.PaymentMethod, permissions.Balances, permissions.Transactions, permissions.Ownership)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				var block *blockRoute
				e := setup(t, linked(all, fctest.InstitutionSuccess), wrapTransport(func(_ *fctest.Sim, next http.RoundTripper) http.RoundTripper {
					block = &blockRoute{next: next, arrived: make(chan struct{})}
					return block
				}))
				block.route = tt.route(e)
				ctx, cancel := context.WithCancel(t.Context())
				defer cancel()
				done := make(chan error, 1)
				go func() { done <- tt.call(env2{e, ctx}) }()
				synctest.Wait()
				select {
				case <-block.arrived:
				default:
					t.Fatalf("no request to %s", block.route)
				}
				cancel()
				err := <-done
				var fe *fincon.Error
				if !errors.Is(err, context.Canceled) || !errors.As(err, &fe) {
					t.Errorf("err = %v, want an *Error matching context.Canceled", err)
				}
			})
		})
	}
}
