package webhooks

import (
	"errors"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

func TestParseSignatureHeader(t *testing.T) {
	t.Parallel()
	sig := strings.Repeat("0a", 32)
	tests := []struct {
		header string
		ts     int64
		sigs   int
		err    error
	}{
		{header: "t=1700000000,v1=" + sig, ts: 1700000000, sigs: 1},
		{header: "t=1700000000,v1=" + sig + ",v1=" + strings.ToUpper(sig) + ",v0=" + sig, ts: 1700000000, sigs: 2},
		{header: "v1=" + sig + ",t=-5", ts: -5, sigs: 1},
		{header: "t=1,v1=" + sig + ",scheme=future", ts: 1, sigs: 1},
		{header: "", err: ErrNotSigned},
		{header: "t=1", err: ErrNoValidSignature},
		{header: "t=1,v1=abc", err: ErrNoValidSignature},                         // short
		{header: "t=1,v1=" + strings.Repeat("zz", 32), err: ErrNoValidSignature}, // not hex
		{header: "t=1,v0=" + sig, err: ErrNoValidSignature},
		{header: "v1=" + sig, err: ErrInvalidHeader},
		{header: "t=,v1=" + sig, err: ErrInvalidHeader},
		{header: "t=1.5,v1=" + sig, err: ErrInvalidHeader},
		{header: "t=99999999999999999999,v1=" + sig, err: ErrInvalidHeader},
		{header: "t=1,t=1,v1=" + sig, err: ErrInvalidHeader},
		{header: "t=1,v1=" + sig + "=", err: ErrInvalidHeader},
		{header: "t=1,v1", err: ErrInvalidHeader},
		{header: "t=1,,v1=" + sig, err: ErrInvalidHeader},
		{header: "t=1, v1=" + sig, err: ErrNoValidSignature}, // " v1" is an unknown key
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			sh, err := parseSignatureHeader(tt.header)
			if !errors.Is(err, tt.err) {
				t.Fatalf("err = %v, want %v", err, tt.err)
			}
			if err == nil && (sh.timestamp != tt.ts || len(sh.signatures) != tt.sigs) {
				t.Errorf("got t=%d with %d signatures, want t=%d with %d", sh.timestamp, len(sh.signatures), tt.ts, tt.sigs)
			}
		})
	}
}

func TestCompatibleAPIVersion(t *testing.T) {
	t.Parallel()
	tests := []struct {
		sdk, event string
		want       bool
	}{
		{stripe.APIVersion, stripe.APIVersion, true},
		{"2025-08-27.basil", "2025-03-31.basil", true},
		{"2025-08-27.basil", "2024-12-18.acacia", false},
		{"2025-08-27.basil", "2024-06-20", false},
		{"2025-08-27.basil", "", false},
		{"2025-08-27.basil", ".basil", true},
		{"2025-08-27.basil", "2025-08-27.basil.extra", true},
		{"2025-08-27.preview", "2025-08-27.preview", true},
		{"2025-08-27.preview", "2025-08-28.preview", false},
	}
	for _, tt := range tests {
		if got := compatibleAPIVersion(tt.sdk, tt.event); got != tt.want {
			t.Errorf("compatibleAPIVersion(%q, %q) = %v, want %v", tt.sdk, tt.event, got, tt.want)
		}
	}
}

func TestRefreshFeatureOf(t *testing.T) {
	t.Parallel()
	if f, ok := RefreshFeatureOf(stripe.EventTypeFinancialConnectionsAccountRefreshedTransactions); !ok || f != "transactions" {
		t.Errorf("refreshed_transactions: %q, %v", f, ok)
	}
	if f, ok := RefreshFeatureOf(stripe.EventTypeFinancialConnectionsAccountCreated); ok {
		t.Errorf("created: %q, %v; want no feature", f, ok)
	}
}
