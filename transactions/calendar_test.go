package transactions

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestUSBankingDay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		day  time.Time
		biz  bool
		what string
	}{
		{date(2025, 1, 1), false, "New Year's Day"},
		{date(2025, 1, 20), false, "MLK Day (3rd Monday)"},
		{date(2025, 1, 13), true, "2nd Monday of January"},
		{date(2025, 2, 17), false, "Washington's Birthday"},
		{date(2025, 5, 26), false, "Memorial Day (last Monday)"},
		{date(2025, 5, 19), true, "second-to-last Monday of May"},
		{date(2025, 6, 19), false, "Juneteenth"},
		{date(2021, 6, 18), true, "before Juneteenth was a holiday"},
		{date(2025, 7, 4), false, "Independence Day"},
		{date(2026, 7, 4), false, "Saturday"},
		{date(2026, 7, 3), true, "Saturday holiday is not moved to Friday"},
		{date(2027, 7, 5), false, "Sunday July 4th observed Monday"},
		{date(2025, 9, 1), false, "Labor Day"},
		{date(2025, 10, 13), false, "Columbus Day"},
		{date(2025, 11, 11), false, "Veterans Day"},
		{date(2025, 11, 27), false, "Thanksgiving (4th Thursday)"},
		{date(2025, 11, 28), true, "day after Thanksgiving"},
		{date(2025, 12, 25), false, "Christmas"},
		{date(2022, 12, 26), false, "Sunday Christmas observed Monday"},
		{date(2023, 1, 2), false, "Sunday New Year observed Monday"},
		{date(2025, 6, 18), true, "ordinary Wednesday"},
		{date(2025, 6, 21), false, "Saturday"},
		{date(2025, 6, 22), false, "Sunday"},
	}
	for _, tt := range tests {
		if got := USBankingDay(tt.day); got != tt.biz {
			t.Errorf("%s %s (%s): business day %v, want %v", tt.day.Format("2006-01-02"), tt.day.Weekday(), tt.what, got, tt.biz)
		}
	}
	// Ten holidays a year (eleven from 2022), observed on weekdays.
	for _, y := range []int{2021, 2024, 2025, 2026} {
		n := 0
		for d := date(y, 1, 1); d.Year() == y; d = d.AddDate(0, 0, 1) {
			if USBankHoliday(d) && d.Weekday() != time.Saturday {
				n++
			}
		}
		want := 11
		if y < 2022 {
			want = 10
		}
		if y == 2026 { // July 4th 2026 is a Saturday, not observed
			want--
		}
		if n != want {
			t.Errorf("%d: %d weekday holidays, want %d", y, n, want)
		}
	}
}

func TestDescKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		same bool
	}{
		{"ACME CORP PAYROLL PPD ID: 1234", "Acme Corp Payroll PPD ID 5678", true},
		{"STARBUCKS STORE #1037", "STARBUCKS STORE #12", true},
		{"MCDONALD'S F123", "MCDONALDS F9", true},
		{"ACME CORP PAYROLL", "GLOBEX CORP PAYROLL", false},
		{"NETFLIX.COM", "SPOTIFY USA", false},
		{"", "123", true},
	}
	for _, tt := range tests {
		if got := descKey(tt.a, true) == descKey(tt.b, true); got != tt.same {
			t.Errorf("descKey(%q) == descKey(%q): %v, want %v", tt.a, tt.b, got, tt.same)
		}
	}
	if descKey("REFUND", true) == descKey("REFUND", false) {
		t.Error("credit and debit keys collide")
	}
}

func TestKindOf(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		want Kind
	}{
		{"OAKWOOD APARTMENTS RENT WEB PMT", KindRent},
		{"CITY OF AUSTIN UTILITIES", KindUtility},
		{"COMCAST CABLE COMM 800-266-2278", KindUtility},
		{"NETFLIX.COM 866-579-7172 CA", KindSubscription},
		{"GEICO AUTO", KindInsurance},
		{"NAVIENT STUDENT LOAN", KindLoan},
		{"SOMETHING ELSE", KindOther},
		{"PARENTAL CONTROLS", KindOther}, // "rent" only as a whole word
	}
	for _, tt := range tests {
		if got := kindOf(tt.desc); got != tt.want {
			t.Errorf("kindOf(%q) = %s, want %s", tt.desc, got, tt.want)
		}
	}
}

// TestGigIncomeSeeds: over many random histories, irregular gig payouts
// never form an income stream, and a salary next to them is always found.
func TestGigIncomeSeeds(t *testing.T) {
	t.Parallel()
	now := date(2025, 6, 18).Add(17 * time.Hour)
	start := now.AddDate(0, 0, -180)
	for seed := range uint64(100) {
		r := rand.New(rand.NewPCG(seed, 1))
		a, _ := NewAnalyzer(Options{Now: now})
		for _, tx := range gig("INSTACART SHOPPER PAY", start, now, r) {
			a.Add(tx)
		}
		for _, tx := range pay("ACME CORP PAYROLL", 180000, 5000, every(date(2024, 12, 27), now, 14), r) {
			a.Add(tx)
		}
		rep := a.Report()
		if len(rep.Income) != 1 || rep.Income[0].Description != "ACME CORP PAYROLL" {
			for _, s := range rep.Income {
				t.Logf("%q %s occ=%d missed=%d extra=%d var=%d", s.Description, s.Cadence, s.Occurrences, s.Missed, s.Extra, s.Variation)
			}
			t.Fatalf("seed %d: %d income streams", seed, len(rep.Income))
		}
	}
}

func FuzzAnalyzer(f *testing.F) {
	f.Add("ACME PAYROLL", int64(100), int64(1735732800), int64(0), uint8(1))
	f.Add("", int64(-1<<63), int64(-62135596800), int64(1<<40), uint8(0))
	f.Add("ÜBER *TRIP", int64(1<<62), int64(1<<40), int64(-5), uint8(2))
	f.Fuzz(func(t *testing.T, desc string, amount, at, posted int64, status uint8) {
		now := date(2025, 6, 18)
		a, err := NewAnalyzer(Options{Now: now, IncludePending: true, MaxDescriptions: 4})
		if err != nil {
			t.Fatal(err)
		}
		st := []Status{Pending, Posted, Void, "x"}[status%4]
		for i := range 5 {
			a.Add(Transaction{
				Amount: usd(amount), Description: desc, Status: st,
				TransactedAt: time.Unix(at, 0).AddDate(0, 0, -14*i), PostedAt: time.Unix(posted, 0),
			})
		}
		rep := a.Report()
		if rep.Counts.Added != 5 {
			t.Fatalf("counts %+v", rep.Counts)
		}
	})
}
