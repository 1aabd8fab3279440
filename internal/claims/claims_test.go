package claims

import "testing"

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
