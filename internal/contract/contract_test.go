package contract_test

import (
	"context"
	"testing"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/contract"
	"github.com/fcsdk/fcsdk/internal/stripemock"
	"github.com/fcsdk/fcsdk/permissions"
)

func TestMain(m *testing.M) { stripemock.Main(m) }

// TestContract runs every call of the suite against each backend, as
// subtests named backend/call. A failed call ends its backend's run, since
// later calls use the ids it should have produced.
func TestContract(t *testing.T) {
	t.Parallel()
	backends := []struct {
		name string
		env  func(t *testing.T) *contract.Env
	}{
		{"fctest", func(t *testing.T) *contract.Env {
			sim, err := fctest.New()
			if err != nil {
				t.Fatal(err)
			}
			e, err := contract.NewSimEnv(sim)
			if err != nil {
				t.Fatal(err)
			}
			return e
		}},
		{"stripe-mock", func(t *testing.T) *contract.Env {
			e, err := contract.NewStripeMockEnv(stripemock.Start(t)) // skips, naming the install command, without stripe-mock
			if err != nil {
				t.Fatal(err)
			}
			return e
		}},
	}
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			e := b.env(t)
			for _, c := range contract.Calls() {
				if !t.Run(c.Name, func(t *testing.T) {
					if err := c.Run(t.Context(), e); err != nil {
						t.Fatal(err)
					}
				}) {
					t.Fatalf("%s failed; the calls after it depend on it", c.Name)
				}
			}
		})
	}
}

// TestContractCatchesStateDrift checks that the stateful checks can fail:
// each case changes the simulator's state behind the client's back just
// before one call, which must then report an error.
func TestContractCatchesStateDrift(t *testing.T) {
	t.Parallel()
	tests := []struct {
		call   string
		tamper func(sim *fctest.Sim, e *contract.Env) error
	}{
		{"list_accounts", func(sim *fctest.Sim, e *contract.Env) error {
			e.Link = func(session string) error { // the user links two accounts
				_, err := sim.LinkAccounts(session, fctest.InstitutionSuccess, fctest.InstitutionSavings)
				return err
			}
			return nil
		}},
		{"refresh", func(sim *fctest.Sim, e *contract.Env) error {
			return sim.FailRefreshes(e.Account, fctest.FeatureOwnership)
		}},
		{"subscribe", func(sim *fctest.Sim, e *contract.Env) error {
			return sim.DeactivateAccount(e.Account)
		}},
		{"payment_intent", func(sim *fctest.Sim, e *contract.Env) error {
			return sim.DisconnectAccount(e.Account)
		}},
		{"refund", func(sim *fctest.Sim, e *contract.Env) error {
			return sim.FailRefunds(e.Account)
		}},
		{"connect_set_default", func(sim *fctest.Sim, e *contract.Env) error {
			// The browser hands back a token collected for another
			// connected account: attaching it must fail.
			other, err := sim.CreateConnectedAccount(fctest.ConnectedAccountSpec{Type: fctest.ConnectCustom})
			if err != nil {
				return err
			}
			e.Connect.CollectToken = func(string) (string, error) {
				s, err := e.Client.CreateSession(context.Background(), fincon.SessionParams{Holder: fincon.ConnectHolder(other), Permissions: permissions.Set{}.Add(permissions.PaymentMethod)})
				if err != nil {
					return "", err
				}
				t, err := sim.CollectBankAccountToken(s.ID)
				return t.Token, err
			}
			return nil
		}},
		{"connect_owner_check", func(sim *fctest.Sim, e *contract.Env) error {
			return sim.DisconnectAccount(e.Connect.FinancialConnectionsAccount)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.call, func(t *testing.T) {
			sim, err := fctest.New()
			if err != nil {
				t.Fatal(err)
			}
			e, err := contract.NewSimEnv(sim)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range contract.Calls() {
				if c.Name == tt.call {
					if err := tt.tamper(sim, e); err != nil {
						t.Fatal(err)
					}
					if err := c.Run(t.Context(), e); err == nil {
						t.Fatalf("%s passed the contract after the state changed", c.Name)
					}
					return
				}
				if err := c.Run(t.Context(), e); err != nil {
					t.Fatalf("%s: %v", c.Name, err)
				}
			}
			t.Fatalf("no call %s in the suite", tt.call)
		})
	}
}
