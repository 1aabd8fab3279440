package fincon

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

func FuzzRedact(f *testing.F) {
	f.Add("Invalid API Key provided: sk_test_****1234")
	f.Add("client secret pi_3Abc_secret_XyZ and fcsess_1_secret_2")
	f.Add("account 000123456789 routing 110000000")
	f.Add("No such account: 'fca_1Pgc76B7WZ01zgkW'")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		r := redact(s)
		if reAPIKey.MatchString(r) || reClientSecret.MatchString(r) || reWebhookSecret.MatchString(r) {
			t.Fatalf("redact(%q) = %q still holds a secret", s, r)
		}
		for _, m := range reLongDigits.FindAllString(r, -1) {
			if m[0] != '$' && isDigit(m[len(m)-1]) {
				t.Fatalf("redact(%q) = %q still holds a digit run %q", s, r, m)
			}
		}
		if redact(r) != r {
			t.Fatalf("redact not idempotent on %q", s)
		}
	})
}

func TestRedact(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"Invalid API Key provided: sk_test_****1234", "Invalid API Key provided: [redacted]"},
		{"key rk_live_abcDEF123 used", "key [redacted] used"},
		{"secret pi_3Abc_secret_XyZ.", "secret [redacted]."},
		{"account 000123456789", "account [redacted]"},
		{"No such account: 'fca_1Pgc76B7WZ01zgkW'", "No such account: 'fca_1Pgc76B7WZ01zgkW'"},
		{"Amount must be at least 50 cents", "Amount must be at least 50 cents"},
		{"above the maximum of 99999999 cents", "above the maximum of 99999999 cents"},
		{"larger than 8388608 bytes", "larger than 8388608 bytes"},
		{"no more than $999999.99", "no more than $999999.99"},
		{"account 123456 said no", "account [redacted] said no"},
		{"number 000123456789s", "number 000123456789s"},
		{"Invalid API Key provided: Bearer sk_test_51Safety_Key_wire", "Invalid API Key provided: Bearer [redacted]"},
		{"key sk_test_abc_def_ghi.", "key [redacted]."},
		{"key sk_org_live_abc_123", "key [redacted]"},
		{"ephemeral ek_test_YWNjdF8x_abc", "ephemeral [redacted]"},
		{"Authorization: Basic c2tfdGVzdF8xMjM6", "Authorization: Basic [redacted]"},
		{"secret whsec_abc_DEF+/=123 leaked", "secret [redacted] leaked"},
		{"seti_1Abc_secret_Xy_Z", "[redacted]"},
		{"fcsess_1Pq_secret_abc", "[redacted]"},
		{"No such account: fca_1234567890", "No such account: fca_1234567890"},
		{"request req_123456789", "request req_123456789"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzAccountFromStripe decodes arbitrary JSON as an account and converts
// it: no panic, no 1970 timestamps.
func FuzzAccountFromStripe(f *testing.F) {
	f.Add(`{"id":"fca_1","permissions":["balances","nope"],"balance_refresh":{"status":"pending","last_attempted_at":0,"next_refresh_available_at":null}}`)
	f.Add(`{"id":"fca_2","account_holder":{"type":"account","account":"acct_1"},"subscriptions":["transactions"],"created":1700000000}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		var sa stripe.FinancialConnectionsAccount
		if json.Unmarshal([]byte(s), &sa) != nil {
			return
		}
		a := accountFromStripe(&sa)
		for _, ts := range []time.Time{a.Created, a.BalanceRefresh.LastAttemptedAt, a.BalanceRefresh.NextRefreshAvailableAt,
			a.OwnershipRefresh.LastAttemptedAt, a.TransactionRefresh.NextRefreshAvailableAt} {
			if !ts.IsZero() && ts.Unix() == 0 {
				t.Fatalf("epoch timestamp from %q", s)
			}
		}
		for _, p := range a.Permissions.Permissions() {
			if !p.Valid() {
				t.Fatalf("invalid permission %q kept", p)
			}
		}
	})
}
