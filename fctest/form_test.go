package fctest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestParseForm(t *testing.T) {
	t.Parallel()
	tests := []struct {
		raw     string
		path    []string
		wantStr string
		wantArr []string
		wantErr bool
	}{
		{raw: "a=1", path: []string{"a"}, wantStr: "1", wantArr: []string{"1"}},
		{raw: "a[b][c]=x", path: []string{"a", "b", "c"}, wantStr: "x"},
		{raw: "f[]=balance&f[]=ownership", path: []string{"f"}, wantArr: []string{"balance", "ownership"}},
		{raw: "f[1]=b&f[0]=a&f[10]=c", path: []string{"f"}, wantArr: []string{"a", "b", "c"}},
		{raw: "p[x][]=1&p[x][]=2", path: []string{"p", "x"}, wantArr: []string{"1", "2"}},
		{raw: "a%5Bb%5D=enc", path: []string{"a", "b"}, wantStr: "enc"},
		{raw: "a[b=1", wantErr: true},
		{raw: "[a]=1", wantErr: true},
		{raw: "a]=1", wantErr: true},
		{raw: "a[b]c=1", wantErr: true},
		{raw: "a[[b]]=1", wantErr: true},
		{raw: "a=%zz", wantErr: true},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			f, err := parseForm(tt.raw)
			if tt.wantErr {
				if !errors.Is(err, errFormSyntax) {
					t.Fatalf("err = %v, want errFormSyntax", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tt.wantStr != "" {
				if got, _ := f.str(tt.path...); got != tt.wantStr {
					t.Fatalf("str = %q, want %q", got, tt.wantStr)
				}
			}
			if tt.wantArr != nil {
				if got := f.strs(tt.path...); !reflect.DeepEqual(got, tt.wantArr) {
					t.Fatalf("strs = %q, want %q", got, tt.wantArr)
				}
			}
		})
	}
}

func FuzzParseForm(f *testing.F) {
	for _, s := range []string{"a=1", "a[b][c]=x&a[b][d]=y", "f[]=1&f[0]=2&f=3", "a[=1", "%ff=%00", "a[b]][=1", strings.Repeat("a[", 50) + "=1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		fm, err := parseForm(raw)
		if err != nil {
			return
		}
		for _, k := range fm.keys() {
			_ = fm.strs(k)
			_, _ = fm.str(k)
			_ = fm.keys(k)
		}
	})
}

// FuzzHandle sends arbitrary requests to the simulator: it must answer
// every one with a JSON body and a Request-Id, and never panic.
func FuzzHandle(f *testing.F) {
	f.Add("POST", "/v1/financial_connections/sessions", "account_holder[type]=customer&permissions[]=balances")
	f.Add("POST", "/v1/payment_intents", "amount=100&currency=usd&confirm=true&mandate_data[customer_acceptance][type]=online")
	f.Add("GET", "/v1/financial_connections/transactions", "account=fca_1&transacted_at[gte]=x")
	f.Add("POST", "/v1/financial_connections/accounts/fca_1/refresh", "features[]=balances")
	f.Add("GET", "/v1//", "")
	f.Add("POST", "/v1/setup_intents", "payment_method_data[type]=us_bank_account&confirm=maybe")
	s, err := New()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, path, body string) {
		if method != http.MethodGet && method != http.MethodPost {
			method = http.MethodPost
		}
		if !strings.HasPrefix(path, "/") {
			path = "/" + path
		}
		u, err := url.Parse("http://fctest.invalid" + path)
		if err != nil {
			return
		}
		if method == http.MethodGet {
			u.RawQuery = body
		}
		req, err := http.NewRequest(method, u.String(), strings.NewReader(body))
		if err != nil {
			return
		}
		req.Header.Set("Authorization", "Bearer sk_test_fuzz")
		resp := s.handle(req, []byte(body), nil)
		if resp == nil || resp.header.Get("Request-Id") == "" || !json.Valid(resp.body) {
			t.Fatalf("bad response to %s %s %q: %+v", method, path, body, resp)
		}
	})
}
