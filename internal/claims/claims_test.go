package claims

import (
	"testing"
	"time"
)

func TestTokens(t *testing.T) {
	t.Parallel()
	var ts Tokens
	a, b := NewToken(), NewToken()
	if len(a) != 32 || a == b {
		t.Fatalf("tokens %q, %q: want 32 hex digits, distinct", a, b)
	}
	ts.Put("evt_1", a)
	if got := ts.Take("evt_1"); got != a {
		t.Fatalf("Take = %q, want %q", got, a)
	}
	if got := ts.Take("evt_1"); got != "" {
		t.Fatalf("second Take = %q, want empty", got)
	}
}

func TestCheckDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		ok   bool
		want string
	}{
		{MinDuration, true, ""},
		{DefaultLease, true, ""},
		{0, false, "lease 0s below 1ms"},
		{-time.Second, false, "lease -1s below 1ms"},
		{time.Microsecond, false, "lease 1µs below 1ms"},
	} {
		err := CheckDuration("lease", tc.d)
		if (err == nil) != tc.ok || (err != nil && err.Error() != tc.want) {
			t.Errorf("CheckDuration(lease, %v) = %v, want ok=%v %q", tc.d, err, tc.ok, tc.want)
		}
	}
}
