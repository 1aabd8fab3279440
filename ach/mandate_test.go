package ach

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
	"github.com/stripe/stripe-go/v82/form"
)

var now = time.Date(2025, 3, 16, 12, 0, 0, 0, time.UTC)

const ua = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"

func TestCustomerAcceptanceValidate(t *testing.T) {
	t.Parallel()
	online := CustomerAcceptance{Type: AcceptanceOnline, IPAddress: "71.183.194.54", UserAgent: ua, AcceptedAt: now.Add(-time.Minute)}
	with := func(f func(*CustomerAcceptance)) CustomerAcceptance {
		c := online
		f(&c)
		return c
	}
	tests := []struct {
		name  string
		c     CustomerAcceptance
		field string // "" = valid
	}{
		{"online", online, ""},
		{"online ipv6", with(func(c *CustomerAcceptance) { c.IPAddress = "2001:db8::1" }), ""},
		{"online ipv4-mapped", with(func(c *CustomerAcceptance) { c.IPAddress = "::ffff:10.0.0.1" }), ""},
		{"accepted exactly now", with(func(c *CustomerAcceptance) { c.AcceptedAt = now }), ""},
		{"within skew", with(func(c *CustomerAcceptance) { c.AcceptedAt = now.Add(MaxClockSkew) }), ""},
		{"ua at limit", with(func(c *CustomerAcceptance) { c.UserAgent = strings.Repeat("a", MaxUserAgentLen) }), ""},
		{"offline", CustomerAcceptance{Type: AcceptanceOffline, AcceptedAt: now.Add(-time.Hour)}, ""},
		{"zero value", CustomerAcceptance{}, "type"},
		{"unknown type", with(func(c *CustomerAcceptance) { c.Type = "ONLINE" }), "type"},
		{"zero accepted_at", with(func(c *CustomerAcceptance) { c.AcceptedAt = time.Time{} }), "accepted_at"},
		{"epoch", with(func(c *CustomerAcceptance) { c.AcceptedAt = time.Unix(0, 0) }), "accepted_at"},
		{"future", with(func(c *CustomerAcceptance) { c.AcceptedAt = now.Add(MaxClockSkew + time.Second) }), "accepted_at"},
		{"missing ip", with(func(c *CustomerAcceptance) { c.IPAddress = "" }), "ip_address"},
		{"bad ip", with(func(c *CustomerAcceptance) { c.IPAddress = "999.1.1.1" }), "ip_address"},
		{"host name", with(func(c *CustomerAcceptance) { c.IPAddress = "example.com" }), "ip_address"},
		{"ip with port", with(func(c *CustomerAcceptance) { c.IPAddress = "1.2.3.4:80" }), "ip_address"},
		{"ip with zone", with(func(c *CustomerAcceptance) { c.IPAddress = "fe80::1%eth0" }), "ip_address"},
		{"unspecified ip", with(func(c *CustomerAcceptance) { c.IPAddress = "0.0.0.0" }), "ip_address"},
		{"missing ua", with(func(c *CustomerAcceptance) { c.UserAgent = "" }), "user_agent"},
		{"blank ua", with(func(c *CustomerAcceptance) { c.UserAgent = " \t" }), "user_agent"},
		{"long ua", with(func(c *CustomerAcceptance) { c.UserAgent = strings.Repeat("a", MaxUserAgentLen+1) }), "user_agent"},
		{"ua newline", with(func(c *CustomerAcceptance) { c.UserAgent = "Mozilla\r\nX-Evil: 1" }), "user_agent"},
		{"ua bad utf8", with(func(c *CustomerAcceptance) { c.UserAgent = "Mozilla\xff" }), "user_agent"},
		{"offline with ip", CustomerAcceptance{Type: AcceptanceOffline, IPAddress: "1.2.3.4", AcceptedAt: now}, "type"},
		{"offline with ua", CustomerAcceptance{Type: AcceptanceOffline, UserAgent: ua, AcceptedAt: now}, "type"},
		{"offline future", CustomerAcceptance{Type: AcceptanceOffline, AcceptedAt: now.Add(time.Hour)}, "accepted_at"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate(now)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v", err)
				}
				return
			}
			var ae *AcceptanceError
			if !errors.As(err, &ae) || !errors.Is(err, ErrInvalidAcceptance) {
				t.Fatalf("Validate() = %v, want *AcceptanceError", err)
			}
			if ae.Field != tt.field {
				t.Errorf("Field = %q, want %q (%v)", ae.Field, tt.field, err)
			}
			if tt.c.IPAddress != "" && strings.Contains(err.Error(), tt.c.IPAddress) {
				t.Errorf("error leaks the IP address: %v", err)
			}
			if tt.c.UserAgent != "" && strings.Contains(err.Error(), tt.c.UserAgent) {
				t.Errorf("error leaks the user agent: %v", err)
			}
		})
	}
}

// TestAcceptedAtInTheFutureNamesBothTimes: a future accepted_at (usually
// a wall-clock time checked against a simulator's clock) says both times,
// so the caller can see which clock is off.
func TestAcceptedAtInTheFutureNamesBothTimes(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 9, 1, 15, 0, 0, 0, time.UTC)
	c := CustomerAcceptance{Type: AcceptanceOnline, IPAddress: "203.0.113.7", UserAgent: "Mozilla/5.0", AcceptedAt: time.Date(2026, 11, 30, 16, 31, 0, 0, time.UTC)}
	err := c.Validate(now)
	if !errors.Is(err, ErrInvalidAcceptance) {
		t.Fatalf("Validate() = %v, want ErrInvalidAcceptance", err)
	}
	for _, want := range []string{"2026-11-30T16:31:00Z", "2025-09-01T15:00:00Z", "clock"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Validate() = %q, want it to contain %q", err, want)
		}
	}
}

// encode renders params the way stripe-go sends them.
func encode(t *testing.T, v any) url.Values {
	t.Helper()
	f := &form.Values{}
	form.AppendTo(f, v)
	vals, err := url.ParseQuery(f.Encode())
	if err != nil {
		t.Fatal(err)
	}
	return vals
}

func TestMandateDataConverters(t *testing.T) {
	t.Parallel()
	online := CustomerAcceptance{Type: AcceptanceOnline, IPAddress: "71.183.194.54", UserAgent: ua, AcceptedAt: time.Unix(1647448692, 500)}
	offline := CustomerAcceptance{Type: AcceptanceOffline, AcceptedAt: time.Unix(1647448692, 0)}
	wantOnline := map[string]string{
		"mandate_data[customer_acceptance][type]":               "online",
		"mandate_data[customer_acceptance][accepted_at]":        "1647448692",
		"mandate_data[customer_acceptance][online][ip_address]": "71.183.194.54",
		"mandate_data[customer_acceptance][online][user_agent]": ua,
	}
	wantOffline := map[string]string{
		"mandate_data[customer_acceptance][type]":        "offline",
		"mandate_data[customer_acceptance][accepted_at]": "1647448692",
	}
	build := map[string]func(c CustomerAcceptance) any{
		"PaymentIntentCreate": func(c CustomerAcceptance) any {
			return &stripe.PaymentIntentCreateParams{MandateData: c.PaymentIntentCreateMandateData()}
		},
		"PaymentIntentConfirm": func(c CustomerAcceptance) any {
			return &stripe.PaymentIntentConfirmParams{MandateData: c.PaymentIntentMandateData()}
		},
		"SetupIntentCreate": func(c CustomerAcceptance) any {
			return &stripe.SetupIntentCreateParams{MandateData: c.SetupIntentCreateMandateData()}
		},
		"SetupIntentConfirm": func(c CustomerAcceptance) any {
			return &stripe.SetupIntentConfirmParams{MandateData: c.SetupIntentMandateData()}
		},
	}
	for name, fn := range build {
		for _, tc := range []struct {
			c    CustomerAcceptance
			want map[string]string
		}{{online, wantOnline}, {offline, wantOffline}} {
			got := encode(t, fn(tc.c))
			for k, v := range tc.want {
				if got.Get(k) != v {
					t.Errorf("%s %s: %s = %q, want %q", name, tc.c.Type, k, got.Get(k), v)
				}
			}
			n := 0
			for k := range got {
				if strings.HasPrefix(k, "mandate_data") {
					n++
				}
			}
			if n != len(tc.want) {
				t.Errorf("%s %s: %d mandate_data fields, want %d: %v", name, tc.c.Type, n, len(tc.want), got)
			}
		}
	}
}

func TestMandateDataOfflineHash(t *testing.T) {
	t.Parallel()
	c := CustomerAcceptance{Type: AcceptanceOffline, AcceptedAt: now}
	if c.PaymentIntentCreateMandateData().CustomerAcceptance.Offline == nil ||
		c.PaymentIntentMandateData().CustomerAcceptance.Offline == nil ||
		c.SetupIntentCreateMandateData().CustomerAcceptance.Offline == nil ||
		c.SetupIntentMandateData().CustomerAcceptance.Offline == nil {
		t.Error("offline hash missing")
	}
	if c.PaymentIntentMandateData().CustomerAcceptance.Online != nil {
		t.Error("online hash set for offline acceptance")
	}
}

func TestMandateDataNeverSendsEpoch(t *testing.T) {
	t.Parallel()
	for _, at := range []time.Time{{}, time.Unix(0, 0), time.Unix(-5, 0)} {
		c := CustomerAcceptance{Type: AcceptanceOnline, IPAddress: "1.2.3.4", UserAgent: ua, AcceptedAt: at}
		if c.PaymentIntentMandateData().CustomerAcceptance.AcceptedAt != nil ||
			c.PaymentIntentCreateMandateData().CustomerAcceptance.AcceptedAt != nil ||
			c.SetupIntentMandateData().CustomerAcceptance.AcceptedAt != nil ||
			c.SetupIntentCreateMandateData().CustomerAcceptance.AcceptedAt != nil {
			t.Errorf("AcceptedAt %v sent", at)
		}
	}
}
