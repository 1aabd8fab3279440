package balances

import (
	"math"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/ach"
)

func TestCheck(t *testing.T) {
	t.Parallel()
	now := asOf.Add(time.Hour)
	cash := func(cur, av []Money) Balance {
		b, err := NewCash(asOf, cur, av)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	std := cash([]Money{usd(20000)}, []Money{usd(15000)})
	credit, _ := NewCredit(asOf, []Money{usd(-5000)}, []Money{usd(5000)})
	noAsOf, _ := NewCash(time.Time{}, []Money{usd(20000)}, []Money{usd(15000)})
	old, _ := NewCash(asOf.Add(-48*time.Hour), []Money{usd(20000)}, []Money{usd(15000)})
	overdrawn := cash([]Money{usd(-100)}, []Money{usd(-2500)})
	base := CheckOptions{Now: now}

	tests := []struct {
		name        string
		b           Balance
		amount      Money
		opts        CheckOptions
		verdict     Verdict
		reason      Reason
		required    int64
		usedCurrent bool
	}{
		{"covered", std, usd(10000), base, Sufficient, ReasonCovered, 10000, false},
		{"covered exactly", std, usd(15000), base, Sufficient, ReasonCovered, 15000, false},
		{"short by a cent", std, usd(15001), base, Insufficient, ReasonShortfall, 15001, false},
		{"absolute margin tips over", std, usd(14000), CheckOptions{Now: now, Margin: 1001}, Insufficient, ReasonShortfall, 15001, false},
		{"absolute margin fits", std, usd(14000), CheckOptions{Now: now, Margin: 1000}, Sufficient, ReasonCovered, 15000, false},
		{"bps margin rounds up", std, usd(14852), CheckOptions{Now: now, MarginBps: 100}, Insufficient, ReasonShortfall, 14852 + 149, false},
		{"bps margin", std, usd(14850), CheckOptions{Now: now, MarginBps: 100}, Sufficient, ReasonCovered, 14850 + 149, false},
		{"both margins add", std, usd(10000), CheckOptions{Now: now, Margin: 4000, MarginBps: 1000}, Sufficient, ReasonCovered, 15000, false},
		{"both margins add, short", std, usd(10001), CheckOptions{Now: now, Margin: 4000, MarginBps: 1000}, Insufficient, ReasonShortfall, 15002, false},
		{"overdrawn account", overdrawn, usd(1), base, Insufficient, ReasonShortfall, 1, false},
		{"zero amount", std, usd(0), base, Unknown, ReasonInvalidAmount, 0, false},
		{"negative amount", std, usd(-5), base, Unknown, ReasonInvalidAmount, 0, false},
		{"amount without currency", std, Money{Amount: 5}, base, Unknown, ReasonInvalidAmount, 0, false},
		{"uppercase currency is invalid", std, Money{Amount: 5, Currency: "USD"}, base, Unknown, ReasonInvalidAmount, 0, false},
		{"margin overflow", std, usd(math.MaxInt64), CheckOptions{Now: now, Margin: 1}, Unknown, ReasonInvalidAmount, 0, false},
		{"bps overflow", std, usd(math.MaxInt64 / 2), CheckOptions{Now: now, MarginBps: 20000}, Unknown, ReasonInvalidAmount, 0, false},
		{"huge bps product", std, usd(math.MaxInt64), CheckOptions{Now: now, MarginBps: math.MaxInt64}, Unknown, ReasonInvalidAmount, 0, false},
		{"negative margin", std, usd(1), CheckOptions{Now: now, Margin: -1}, Unknown, ReasonInvalidOptions, 0, false},
		{"negative bps", std, usd(1), CheckOptions{Now: now, MarginBps: -1}, Unknown, ReasonInvalidOptions, 0, false},
		{"no now", std, usd(1), CheckOptions{}, Unknown, ReasonInvalidOptions, 0, false},
		{"no now, age check off", std, usd(1), CheckOptions{MaxAge: -1}, Sufficient, ReasonCovered, 1, false},
		{"zero balance", Balance{}, usd(1), base, Unknown, ReasonNoBalance, 1, false},
		{"credit account", credit, usd(1), base, Unknown, ReasonCreditAccount, 1, false},
		{"as_of unknown", noAsOf, usd(1), base, Unknown, ReasonAsOfUnknown, 1, false},
		{"as_of unknown, age check off", noAsOf, usd(1), CheckOptions{MaxAge: -1}, Sufficient, ReasonCovered, 1, false},
		{"stale by default max age", old, usd(1), base, Unknown, ReasonStale, 1, false},
		{"stale by caller max age", std, usd(1), CheckOptions{Now: now, MaxAge: 30 * time.Minute}, Unknown, ReasonStale, 1, false},
		{"old but allowed", old, usd(1), CheckOptions{Now: now, MaxAge: 72 * time.Hour}, Sufficient, ReasonCovered, 1, false},
		{"no available", cash([]Money{usd(20000)}, nil), usd(1), base, Unknown, ReasonNoAvailable, 1, false},
		{"no available, use current", cash([]Money{usd(20000)}, nil), usd(1), CheckOptions{Now: now, UseCurrent: true}, Sufficient, ReasonCovered, 1, true},
		{"no available, use current, short", cash([]Money{usd(200)}, nil), usd(201), CheckOptions{Now: now, UseCurrent: true}, Insufficient, ReasonShortfall, 201, true},
		{"nothing at all, use current", cash(nil, nil), usd(1), CheckOptions{Now: now, UseCurrent: true}, Unknown, ReasonNoAvailable, 1, false},
		{"current in other currency, use current", cash([]Money{{100, CAD}}, nil), usd(1), CheckOptions{Now: now, UseCurrent: true}, Unknown, ReasonCurrencyMissing, 1, false},
		{"available in other currency", cash([]Money{{100, CAD}, usd(500)}, []Money{{100, CAD}}), usd(1), base, Unknown, ReasonCurrencyMissing, 1, false},
		{"available elsewhere, use current does not mix", cash([]Money{usd(500)}, []Money{{100, CAD}}), usd(1), CheckOptions{Now: now, UseCurrent: true}, Unknown, ReasonCurrencyMissing, 1, false},
		{"jpy", cash([]Money{{5000, JPY}}, []Money{{5000, JPY}}), Money{4999, JPY}, base, Sufficient, ReasonCovered, 4999, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := Check(tt.b, tt.amount, tt.opts)
			if s.Verdict != tt.verdict || s.Reason != tt.reason {
				t.Fatalf("Check = %s/%s, want %s/%s (%v)", s.Verdict, s.Reason, tt.verdict, tt.reason, s)
			}
			if s.Required.Amount != tt.required {
				t.Errorf("Required = %d, want %d", s.Required.Amount, tt.required)
			}
			if s.UsedCurrent != tt.usedCurrent {
				t.Errorf("UsedCurrent = %v", s.UsedCurrent)
			}
			if s.OK() != (tt.verdict == Sufficient) {
				t.Errorf("OK = %v", s.OK())
			}
			if sf := s.Shortfall(); (tt.verdict == Insufficient) != (sf.Amount > 0) {
				t.Errorf("Shortfall = %v", sf)
			}
			if want := map[bool]ach.ReturnCode{true: ach.R01}[tt.verdict == Insufficient]; s.Return != want {
				t.Errorf("Return = %q, want %q", s.Return, want)
			}
		})
	}
}

func TestSufficiencyString(t *testing.T) {
	t.Parallel()
	b, _ := NewCash(asOf, []Money{usd(9000)}, []Money{usd(8000)})
	s := Check(b, usd(12500), CheckOptions{Now: asOf})
	if got, want := s.String(), "insufficient (shortfall): need 125.00 USD, have 80.00 USD"; got != want {
		t.Errorf("String = %q, want %q", got, want)
	}
	if got := s.Shortfall().String(); got != "45.00 USD" {
		t.Errorf("Shortfall = %s", got)
	}
	if got := Check(Balance{}, usd(1), CheckOptions{Now: asOf}).String(); got != "unknown (no_balance)" {
		t.Errorf("String = %q", got)
	}
}

func FuzzCheck(f *testing.F) {
	f.Add(int64(100), int64(50), int64(10), int64(100), int64(3600))
	f.Add(int64(math.MaxInt64), int64(math.MinInt64), int64(math.MaxInt64), int64(math.MaxInt64), int64(-1))
	f.Fuzz(func(t *testing.T, avail, amount, margin, bps, ageSec int64) {
		b, _ := NewCash(asOf, []Money{usd(avail)}, []Money{usd(avail)})
		s := Check(b, usd(amount), CheckOptions{Now: asOf.Add(time.Duration(ageSec) * time.Second), Margin: margin, MarginBps: bps})
		switch s.Verdict {
		case Sufficient:
			if s.Funds.Amount < s.Required.Amount || s.Required.Amount < amount || amount <= 0 {
				t.Fatalf("sufficient but %v", s)
			}
		case Insufficient:
			if s.Funds.Amount >= s.Required.Amount {
				t.Fatalf("insufficient but %v", s)
			}
		case Unknown:
		default:
			t.Fatalf("verdict %q", s.Verdict)
		}
	})
}
