package fincon_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/stripemock"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestMain(m *testing.M) { stripemock.Main(m) }

// rejections is a transport that records the requests stripe-mock
// rejects (4xx answers are spec violations), below
// stripemock.FillFixtures.
type rejections struct {
	base     http.RoundTripper
	rejected []string
}

func (f *rejections) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := f.base.RoundTrip(req)
	if err == nil && resp.StatusCode >= 300 {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		f.rejected = append(f.rejected, req.Method+" "+req.URL.Path+": "+string(b))
		resp.Body = io.NopCloser(bytes.NewReader(b))
	}
	return resp, err
}

// TestStripeMockWireFormat sends every Client method to stripe-mock, which
// rejects requests that do not match Stripe's OpenAPI specification.
func TestStripeMockWireFormat(t *testing.T) {
	t.Parallel()
	env := setup(t, onStripeMock())
	c, ff := env.c, env.mock
	all := mustSet(t, permissions.PaymentMethod, permissions.Balances, permissions.Ownership, permissions.Transactions)
	usd := balances.Money{Amount: 1099, Currency: balances.USD}
	tests := []struct {
		name string
		run  func(t *testing.T) error
	}{
		{"CreateSession customer", func(t *testing.T) error {
			s, err := c.CreateSession(t.Context(), fincon.SessionParams{
				Holder: fincon.CustomerHolder("cus_123"), Permissions: all,
				Prefetch:  []permissions.PrefetchFeature{permissions.PrefetchBalances, permissions.PrefetchOwnership},
				Countries: []string{"US"}, AccountSubcategories: []fincon.Subcategory{fincon.SubcategoryChecking, fincon.SubcategorySavings},
				ReturnURL: "https://example.com/return", IdempotencyKey: "sess-order-1",
			})
			if err == nil && (s.ID == "" || s.ClientSecret.IsZero()) {
				t.Errorf("session = %+v", s)
			}
			return err
		}},
		{"CreateSession customer_account (Accounts v2)", func(t *testing.T) error {
			_, err := c.CreateSession(t.Context(), fincon.SessionParams{Holder: fincon.CustomerAccountHolder("acct_123"), Permissions: all})
			return err
		}},
		{"CreateSession connect", func(t *testing.T) error {
			_, err := c.CreateSession(t.Context(), fincon.SessionParams{Holder: fincon.ConnectHolder("acct_123"), Permissions: mustSet(t, permissions.PaymentMethod)})
			return err
		}},
		{"GetSession", func(t *testing.T) error { _, err := c.GetSession(t.Context(), "fcsess_123"); return err }},
		{"ListAccounts by customer", func(t *testing.T) error {
			return drain(c.ListAccounts(t.Context(), fincon.ListAccountsParams{Holder: fincon.CustomerHolder("cus_123"), PageSize: 5}))
		}},
		{"ListAccounts by customer_account (Accounts v2)", func(t *testing.T) error {
			return drain(c.ListAccounts(t.Context(), fincon.ListAccountsParams{Holder: fincon.CustomerAccountHolder("acct_123")}))
		}},
		{"ListAccounts by connect account", func(t *testing.T) error {
			return drain(c.ListAccounts(t.Context(), fincon.ListAccountsParams{Holder: fincon.ConnectHolder("acct_123")}))
		}},
		{"ListAccounts by session", func(t *testing.T) error {
			return drain(c.ListAccounts(t.Context(), fincon.ListAccountsParams{Session: "fcsess_123"}))
		}},
		{"GetAccount", func(t *testing.T) error { _, err := c.GetAccount(t.Context(), "fca_123"); return err }},
		{"DisconnectAccount", func(t *testing.T) error { _, err := c.DisconnectAccount(t.Context(), "fca_123"); return err }},
		{"SubscribeTransactions", func(t *testing.T) error { _, err := c.SubscribeTransactions(t.Context(), "fca_123"); return err }},
		{"UnsubscribeTransactions", func(t *testing.T) error { _, err := c.UnsubscribeTransactions(t.Context(), "fca_123"); return err }},
		{"Refresh", func(t *testing.T) error {
			_, err := c.Refresh(t.Context(), "fca_123", permissions.RefreshBalance, permissions.RefreshOwnership, permissions.RefreshTransactions)
			return err
		}},
		{"WaitForRefresh (fixture: failed)", func(t *testing.T) error {
			_, err := c.WaitForRefresh(t.Context(), "fca_123", permissions.RefreshBalance)
			if errors.Is(err, fincon.ErrRefreshFailed) {
				return nil
			}
			return err
		}},
		{"RefreshAndWait (fixture: failed)", func(t *testing.T) error {
			_, err := c.RefreshAndWait(t.Context(), "fca_123", permissions.RefreshTransactions)
			if errors.Is(err, fincon.ErrRefreshFailed) {
				return nil
			}
			return err
		}},
		{"Balance", func(t *testing.T) error { _, err := c.Balance(t.Context(), "fca_123"); return err }},
		{"Owners", func(t *testing.T) error { return drain(c.Owners(t.Context(), "fca_123")) }},
		{"Transactions", func(t *testing.T) error {
			after := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
			return drain(c.Transactions(t.Context(), "fca_123", fincon.TransactionListOptions{
				TransactedAfter: after, TransactedBefore: after.AddDate(0, 3, 0), AfterRefresh: "fctxnref_123", PageSize: 100}))
		}},
		{"ListTransactions", func(t *testing.T) error {
			return drain(c.TransactionSource().ListTransactions(t.Context(), "fca_123", ""))
		}},
		{"LatestRefresh", func(t *testing.T) error {
			_, err := c.TransactionSource().LatestRefresh(t.Context(), "fca_123")
			return err
		}},
		{"CreatePaymentIntent confirm now", func(t *testing.T) error {
			_, err := c.CreatePaymentIntent(t.Context(), fincon.PaymentIntentParams{
				Account: "fca_123", Customer: "cus_123", Amount: usd, BillingName: "Jenny Rosen", BillingEmail: "jenny@example.com",
				VerificationMethod: ach.Instant, Permissions: all, Prefetch: []permissions.PrefetchFeature{permissions.PrefetchBalances},
				Confirm: true, Mandate: &acceptance, Description: "order 1", Metadata: map[string]string{"order": "1"}, IdempotencyKey: "order-1",
			})
			return err
		}},
		{"CreatePaymentIntent confirm later, customer_account", func(t *testing.T) error {
			_, err := c.CreatePaymentIntent(t.Context(), fincon.PaymentIntentParams{
				Account: "fca_123", CustomerAccount: "acct_123", Amount: usd, BillingName: "Jenny Rosen"})
			return err
		}},
		{"ConfirmPaymentIntent with acceptance", func(t *testing.T) error {
			_, err := c.ConfirmPaymentIntent(t.Context(), "pi_123", fincon.ConfirmParams{Mandate: &acceptance, IdempotencyKey: "confirm-1"})
			return err
		}},
		{"ConfirmPaymentIntent with mandate id", func(t *testing.T) error {
			_, err := c.ConfirmPaymentIntent(t.Context(), "pi_123", fincon.ConfirmParams{MandateID: "mandate_123"})
			return err
		}},
		{"CreateSetupIntent", func(t *testing.T) error {
			_, err := c.CreateSetupIntent(t.Context(), fincon.SetupIntentParams{
				Account: "fca_123", Customer: "cus_123", BillingName: "Jenny Rosen", VerificationMethod: ach.Automatic,
				Permissions: all, Confirm: true, Mandate: &acceptance, IdempotencyKey: "seti-1"})
			return err
		}},
		{"ConfirmSetupIntent", func(t *testing.T) error {
			_, err := c.ConfirmSetupIntent(t.Context(), "seti_123", fincon.ConfirmParams{Mandate: &acceptance})
			return err
		}},
		{"FinancialConnectionsAccountOf", func(t *testing.T) error {
			id, err := c.FinancialConnectionsAccountOf(t.Context(), "pi_123")
			if err == nil && id != "fca_mock" {
				t.Errorf("id = %q", id)
			}
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ff.rejected = nil
			if err := tt.run(t); err != nil {
				t.Errorf("%v", err)
			}
			for _, r := range ff.rejected {
				t.Errorf("stripe-mock rejected %s", r)
			}
		})
	}
}

// TestStripeMockErrorIsTyped checks that a request stripe-mock rejects comes
// back as a *fincon.Error carrying Stripe's fields and unwrapping to
// *stripe.Error.
func TestStripeMockErrorIsTyped(t *testing.T) {
	t.Parallel()
	c := setup(t, onStripeMock()).c
	_, err := c.GetAccount(t.Context(), "fca_123/unknown")
	var fe *fincon.Error
	var se *stripe.Error
	if !errors.As(err, &fe) || !errors.As(err, &se) || fe.HTTPStatus != 404 || fe.Type != "invalid_request_error" {
		t.Fatalf("err = %v (%#v)", err, fe)
	}
}

func drain[T any](seq func(func(T, error) bool)) error {
	for _, err := range seq {
		if err != nil {
			return err
		}
	}
	return nil
}
