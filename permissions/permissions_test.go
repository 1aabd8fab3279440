package permissions

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/internal/quote"
)

func strs(ps []*string) []string {
	if ps == nil {
		return nil
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

func TestParse(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    Permission
		wantErr bool
	}{
		{"payment_method", PaymentMethod, false},
		{"balances", Balances, false},
		{"ownership", Ownership, false},
		{"transactions", Transactions, false},
		{"balance", "", true},
		{"Balances", "", true},
		{" balances", "", true},
		{"", "", true},
		{"payment-method", "", true},
	}
	for _, tt := range tests {
		got, err := Parse(tt.in)
		if got != tt.want || (err != nil) != tt.wantErr {
			t.Errorf("Parse(%q) = %q, %v; want %q, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
		if err != nil {
			if !isUnknown(err, kindPermission, tt.in) {
				t.Errorf("Parse(%q) error %v: want an unknown permission %q matching ErrUnknown", tt.in, err, tt.in)
			}
		}
		if tt.want.Valid() == tt.wantErr {
			t.Errorf("Permission(%q).Valid() = %v", tt.want, tt.want.Valid())
		}
	}
}

func TestUnknownErrorMessage(t *testing.T) {
	t.Parallel()
	_, err := Parse("x")
	if got, want := err.Error(), `permissions: unknown permission "x" (valid: payment_method, balances, ownership, transactions)`; got != want {
		t.Errorf("error = %q, want %q", got, want)
	}
	// The balance/balances mix-up says which name belongs where, in every
	// direction it can happen.
	hints := []struct {
		parse func(string) error
		in    string
		want  string
	}{
		{func(s string) error { _, err := Parse(s); return err }, "balance", `the permission is "balances"`},
		{func(s string) error { _, err := ParsePrefetchFeature(s); return err }, "balance", `the prefetch feature is "balances"`},
		{func(s string) error { _, err := ParseRefreshFeature(s); return err }, "balances", `the refresh feature is "balance"`},
	}
	for _, h := range hints {
		if err := h.parse(h.in); err == nil || !strings.Contains(err.Error(), h.want) {
			t.Errorf("parsing %q: error = %v, want it to say %s", h.in, err, h.want)
		}
	}
	long := strings.Repeat("é", 1000)
	_, err = Parse(long)
	if !isUnknown(err, kindPermission, long) {
		t.Fatalf("not an unknown permission: %v", err)
	}
	// The name is cut to at most 64 bytes, quotes included, marked with
	// "…", on a UTF-8 boundary.
	msg := err.Error()
	name := msg[len(`permissions: unknown permission `):strings.Index(msg, " (valid")]
	if len(name) > 64 || !strings.HasSuffix(name, `…"`) {
		t.Errorf("name not truncated: %d bytes: %s", len(name), name)
	}
	if len(msg) > 200 {
		t.Errorf("error string too long: %d bytes", len(msg))
	}
	if !strings.HasPrefix(name, `"éé`) || strings.ContainsRune(msg, '\uFFFD') {
		t.Errorf("truncation split a rune: %s", name)
	}
}

// isUnknown reports whether err is the error for the unknown name of kind:
// it matches ErrUnknown and its message starts with
// `permissions: unknown <kind> "<name>"`, the name bounded by quote.Text.
func isUnknown(err error, kind, name string) bool {
	return errors.Is(err, ErrUnknown) && strings.HasPrefix(err.Error(), "permissions: unknown "+kind+" "+quote.Text(name))
}

func TestNewSet(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		in      []Permission
		want    string
		wantErr error
	}{
		{"one", []Permission{Balances}, "balances", nil},
		{"canonical order", []Permission{Transactions, PaymentMethod, Ownership, Balances}, "payment_method,balances,ownership,transactions", nil},
		{"dedup", []Permission{Ownership, Ownership, PaymentMethod}, "payment_method,ownership", nil},
		{"empty", nil, "", ErrEmptySet},
		{"unknown", []Permission{Balances, "balance"}, "", ErrUnknown},
		{"zero permission", []Permission{""}, "", ErrUnknown},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := NewSet(tt.in...)
			if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) {
				t.Fatalf("err = %v, want %v", err, tt.wantErr)
			}
			if s.String() != tt.want {
				t.Errorf("String() = %q, want %q", s.String(), tt.want)
			}
		})
	}
}

func TestParseSetAndList(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		names    []string
		csv      string
		want     string
		wantErr  error
		wantName string
	}{
		{name: "pair", names: []string{"balances", "payment_method"}, csv: "balances,payment_method", want: "payment_method,balances"},
		{name: "all", names: []string{"transactions", "ownership", "balances", "payment_method"}, csv: "transactions, ownership ,\tbalances,payment_method", want: "payment_method,balances,ownership,transactions"},
		{name: "dup", names: []string{"ownership", "ownership"}, csv: "ownership,ownership", want: "ownership"},
		{name: "empty", names: nil, csv: "  ", wantErr: ErrEmptySet},
		{name: "refresh name", names: []string{"balance"}, csv: "balance", wantErr: ErrUnknown, wantName: "balance"},
		{name: "upper", names: []string{"OWNERSHIP"}, csv: "OWNERSHIP", wantErr: ErrUnknown, wantName: "OWNERSHIP"},
		{name: "empty element", names: []string{"balances", ""}, csv: "balances,", wantErr: ErrUnknown, wantName: ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, f := range []struct {
				name string
				fn   func() (Set, error)
			}{
				{"ParseSet", func() (Set, error) { return ParseSet(tt.names...) }},
				{"ParseList", func() (Set, error) { return ParseList(tt.csv) }},
			} {
				s, err := f.fn()
				if tt.wantErr != nil {
					if !errors.Is(err, tt.wantErr) {
						t.Fatalf("%s: err = %v, want %v", f.name, err, tt.wantErr)
					}
					if errors.Is(err, ErrUnknown) && !isUnknown(err, kindPermission, tt.wantName) {
						t.Errorf("%s: err = %v, want it to name %q", f.name, err, tt.wantName)
					}
					if s != (Set{}) {
						t.Errorf("%s: non-zero set on error: %v", f.name, s)
					}
					continue
				}
				if err != nil || s.String() != tt.want {
					t.Errorf("%s = %q, %v; want %q", f.name, s, err, tt.want)
				}
			}
		})
	}
}

func TestSetOperations(t *testing.T) {
	t.Parallel()
	var zero Set
	if zero.Len() != 0 || !zero.IsEmpty() || zero.Permissions() != nil || zero.String() != "" || zero.StripeParams() != nil {
		t.Errorf("zero Set not empty: %v", zero)
	}
	if !errors.Is(zero.Validate(), ErrEmptySet) {
		t.Errorf("zero.Validate() = %v", zero.Validate())
	}
	s := zero.Add(Transactions).Add(Balances).Add(Balances).Add("bogus")
	if s.Len() != 2 || !s.Has(Balances) || !s.Has(Transactions) || s.Has(PaymentMethod) || s.Has("bogus") {
		t.Errorf("after Add: %v", s)
	}
	if zero.Len() != 0 {
		t.Errorf("Add mutated receiver copy")
	}
	if got := s.Permissions(); !reflect.DeepEqual(got, []Permission{Balances, Transactions}) {
		t.Errorf("Permissions() = %v", got)
	}
	if got := strs(s.StripeParams()); !reflect.DeepEqual(got, []string{"balances", "transactions"}) {
		t.Errorf("StripeParams() = %v", got)
	}
	if s.Remove(Balances).String() != "transactions" || s.Remove("x") != s {
		t.Errorf("Remove wrong")
	}
	pm, _ := NewSet(PaymentMethod)
	u := s.Union(pm)
	if u.String() != "payment_method,balances,transactions" || !u.Contains(s) || s.Contains(u) {
		t.Errorf("Union/Contains wrong: %v", u)
	}
	if got := s.Missing(u); got != pm {
		t.Errorf("Missing = %v, want %v", got, pm)
	}
	if s.Validate() != nil {
		t.Errorf("Validate non-empty = %v", s.Validate())
	}
	other, _ := ParseSet("transactions", "balances")
	if other != s {
		t.Errorf("sets with same members not ==")
	}
	if got := All(); len(got) != 4 || got[0] != PaymentMethod || got[3] != Transactions {
		t.Errorf("All() = %v", got)
	}
}

func TestSetText(t *testing.T) {
	t.Parallel()
	s, _ := NewSet(Ownership, PaymentMethod)
	b, err := json.Marshal(struct{ P Set }{s})
	if err != nil || string(b) != `{"P":"payment_method,ownership"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var v struct{ P Set }
	if err := json.Unmarshal(b, &v); err != nil || v.P != s {
		t.Fatalf("Unmarshal = %v, %v", v.P, err)
	}
	if err := json.Unmarshal([]byte(`{"P":"balance"}`), &v); !errors.Is(err, ErrUnknown) {
		t.Errorf("Unmarshal bad = %v", err)
	}
	if err := json.Unmarshal([]byte(`{"P":""}`), &v); !errors.Is(err, ErrEmptySet) {
		t.Errorf("Unmarshal empty = %v", err)
	}
}

// TestUnknownNamesFromCaller: the same lists given by the caller are
// rejected whole (the rule on SetFromStripe), every unknown name reported.
func TestUnknownNamesFromCaller(t *testing.T) {
	const want = `permissions: unknown permissions "account_numbers", "statements" (valid: payment_method, balances, ownership, transactions)`
	for name, parse := range map[string]func() (Set, error){
		"NewSet":    func() (Set, error) { return NewSet("account_numbers", Balances, "statements") },
		"ParseSet":  func() (Set, error) { return ParseSet("account_numbers", "balances", "statements") },
		"ParseList": func() (Set, error) { return ParseList("account_numbers,balances,statements") },
	} {
		s, err := parse()
		if s != (Set{}) || !errors.Is(err, ErrUnknown) || err.Error() != want {
			t.Errorf("%s = %q, %v; want the empty set and %s", name, s, err, want)
		}
	}
}

// TestSetFromStripe: names read from Stripe keep the known ones when Stripe
// reports a permission this package does not know, and report every
// unknown name (the rule on SetFromStripe).
func TestSetFromStripe(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      []stripe.FinancialConnectionsAccountPermission
		want    string
		wantErr error
		wantMsg string
	}{
		{[]stripe.FinancialConnectionsAccountPermission{stripe.FinancialConnectionsAccountPermissionTransactions, stripe.FinancialConnectionsAccountPermissionPaymentMethod}, "payment_method,transactions", nil, ""},
		{[]stripe.FinancialConnectionsAccountPermission{stripe.FinancialConnectionsAccountPermissionBalances, stripe.FinancialConnectionsAccountPermissionOwnership}, "balances,ownership", nil, ""},
		{nil, "", ErrEmptySet, ""},
		{[]stripe.FinancialConnectionsAccountPermission{"payment_method", "account_numbers"}, "payment_method", ErrUnknown,
			`permissions: unknown permission "account_numbers" (valid: payment_method, balances, ownership, transactions)`},
		{[]stripe.FinancialConnectionsAccountPermission{"account_numbers", "balances", "statements"}, "balances", ErrUnknown,
			`permissions: unknown permissions "account_numbers", "statements" (valid: payment_method, balances, ownership, transactions)`},
		{[]stripe.FinancialConnectionsAccountPermission{"account_numbers"}, "", ErrUnknown, ""},
	}
	for _, tt := range tests {
		s, err := SetFromStripe(tt.in)
		if !errors.Is(err, tt.wantErr) || (err == nil) != (tt.wantErr == nil) || s.String() != tt.want {
			t.Errorf("SetFromStripe(%v) = %q, %v; want %q, %v", tt.in, s, err, tt.want, tt.wantErr)
		}
		if tt.wantMsg != "" && (err == nil || err.Error() != tt.wantMsg) {
			t.Errorf("SetFromStripe(%v) error %v, want %s", tt.in, err, tt.wantMsg)
		}
	}
	s, err := SetFromStripe([]stripe.FinancialConnectionsSessionPermission{stripe.FinancialConnectionsSessionPermissionOwnership})
	if err != nil || s.String() != "ownership" {
		t.Errorf("SetFromStripe(session permissions) = %q, %v", s, err)
	}
}
