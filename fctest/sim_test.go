package fctest_test

import (
	"errors"
	"math"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fincon"
)

// TestNewRefusesInvalidOptions: every option refuses its invalid values
// (which it used to drop silently) and a nil Option, and New returns the
// one option error of the module, *fincon.OptionError, naming the option
// and matching fctest.ErrInvalidOption (not fincon's sentinel).
func TestNewRefusesInvalidOptions(t *testing.T) {
	t.Parallel()
	h := http.NotFoundHandler()
	tests := []struct {
		option string
		opt    fctest.Option
	}{
		{"Option", nil},
		{"WithStart", fctest.WithStart(time.Time{})},
		{"WithRefreshDelay", fctest.WithRefreshDelay(-time.Nanosecond)},
		{"WithRefreshCooldown", fctest.WithRefreshCooldown(-time.Second)},
		{"WithSettlementDays", fctest.WithSettlementDays(-1)},
		{"WithRateLimit", fctest.WithRateLimit(fctest.RateLimit{})},
		{"WithRateLimit", fctest.WithRateLimit(fctest.RateLimit{Rate: -1})},
		{"WithRateLimit", fctest.WithRateLimit(fctest.RateLimit{Rate: math.NaN()})},
		{"WithRateLimit", fctest.WithRateLimit(fctest.RateLimit{Rate: math.Inf(1)})},
		{"WithRateLimit", fctest.WithRateLimit(fctest.RateLimit{Rate: 25, Burst: -1})},
		{"WithWebhookHandler", fctest.WithWebhookHandler(nil, "whsec_test")},
		{"WithWebhookHandler", fctest.WithWebhookHandler(h, "")},
		{"WithWebhookURL", fctest.WithWebhookURL("", "whsec_test")},
		{"WithWebhookURL", fctest.WithWebhookURL("/hooks", "whsec_test")},
		{"WithWebhookURL", fctest.WithWebhookURL("ftp://127.0.0.1/hooks", "whsec_test")},
		{"WithWebhookURL", fctest.WithWebhookURL("http://[::1", "whsec_test")},
		{"WithWebhookURL", fctest.WithWebhookURL("http://127.0.0.1/hooks", "")},
		{"WithWebhookAPIVersion", fctest.WithWebhookAPIVersion("")},
		{"WithSignatureTime", fctest.WithSignatureTime(nil)},
		{"WithMicrodepositType", fctest.WithMicrodepositType("")},
		{"WithMicrodepositType", fctest.WithMicrodepositType("Amounts")},
		{"WithRequestLogSize", fctest.WithRequestLogSize(0)},
		{"WithRequestLogSize", fctest.WithRequestLogSize(-1)},
	}
	for i, tt := range tests {
		// A valid option first: the invalid one is refused wherever it is.
		sim, err := fctest.New(fctest.WithSeed(7), tt.opt)
		var oe *fincon.OptionError
		if sim != nil || !errors.As(err, &oe) || oe.Option != tt.option {
			t.Errorf("%d: New(%s) = %v, %v; want a nil Sim and an *OptionError for %s", i, tt.option, sim, err, tt.option)
			continue
		}
		// One option error in the module: fctest's matches its own
		// sentinel and fincon's, so one check covers both packages.
		if !errors.Is(err, fctest.ErrInvalidOption) || !errors.Is(err, fincon.ErrInvalidOption) {
			t.Errorf("%d: %v: want it to match fctest.ErrInvalidOption and fincon.ErrInvalidOption", i, err)
		}
		if oe.Reason == "" || !strings.HasPrefix(err.Error(), "fctest: invalid option "+tt.option+": ") {
			t.Errorf("%d: error %q: want a reason and the prefix %q", i, err, "fctest: invalid option "+tt.option+": ")
		}
	}
}

// TestNewAcceptsBoundaryOptions: the least valid value of each option
// that has a range is accepted; WithStart takes effect in UTC.
func TestNewAcceptsBoundaryOptions(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, time.January, 5, 9, 0, 0, 0, time.FixedZone("EST", -5*3600))
	sim, err := fctest.New(
		fctest.WithStart(start),
		fctest.WithRefreshDelay(0),
		fctest.WithRefreshCooldown(0),
		fctest.WithSettlementDays(0),
		fctest.WithRateLimit(fctest.RateLimit{Rate: 25}),
		fctest.WithWebhookHandler(http.NotFoundHandler(), "whsec_test"),
		fctest.WithWebhookURL("http://127.0.0.1:1/hooks", "whsec_test"),
		fctest.WithWebhookAPIVersion("2024-06-20"),
		fctest.WithMicrodepositType(fctest.MicrodepositTypeAmounts),
		fctest.WithRequestLogSize(1),
	)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if got := sim.Clock().Now(); !got.Equal(start) || got.Location() != time.UTC {
		t.Errorf("clock starts at %v, want %v in UTC", got, start)
	}
}
