package contract

import (
	"net/http"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/internal/stripemock"
)

// NewSimEnv returns the stateful environment: a client on the simulator's
// in-memory transport and clock, linking InstitutionSuccess accounts.
func NewSimEnv(sim *fctest.Sim) (*Env, error) {
	c, err := fctestclient.New(sim)
	if err != nil {
		return nil, err
	}
	return &Env{
		Name: "fctest", Client: c, State: sim,
		Link: func(session string) error {
			_, err := sim.LinkAccounts(session, fctest.InstitutionSuccess)
			return err
		},
		Collect: func(intent string) error {
			_, err := sim.CollectBankAccount(intent, fctest.InstitutionSuccess)
			return err
		},
		CollectManually: func(intent string) error {
			_, err := sim.CollectBankAccountManually(intent)
			return err
		},
		CompleteCheckout: func(session string) error {
			_, err := sim.CompleteCheckoutSession(session, fctest.InstitutionSuccess)
			return err
		},
		Advance: sim.Clock().Advance,
		Now:     sim.Clock().Now,
		Connect: ConnectEnv{CollectToken: func(session string) (string, error) {
			t, err := sim.CollectBankAccountToken(session)
			return t.Token, err
		}},
	}, nil
}

// NewStripeMockEnv returns the stateless environment: a client on the
// stripe-mock at baseURL, without retries, whose responses go through
// stripemock.FillFixtures and settledPayments.
func NewStripeMockEnv(baseURL string) (*Env, error) {
	c, err := fincon.New("sk_test_contract",
		fincon.WithBaseURL(baseURL), fincon.WithTransport(settledPayments{stripemock.FillFixtures(http.DefaultTransport)}),
		fincon.WithMaxRetries(0), fincon.WithRateLimit(1000, 100))
	if err != nil {
		return nil, err
	}
	return &Env{Name: "stripe-mock", Client: c, Now: time.Now}, nil
}
