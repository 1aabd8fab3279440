package leakcheck_test

import (
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/internal/leakcheck"
)

const (
	apiKey        = "sk_test_51SafetyQuickstartK3yZq9XwVu"
	clientSecret  = "seti_1Abc_secret_QwErTyUiOp0987654321"
	accountNumber = "000123456789"
)

func planted() *leakcheck.Secrets {
	var sec leakcheck.Secrets
	sec.Add("api key", apiKey)
	sec.Add("client_secret", clientSecret)
	sec.Add("account number", accountNumber)
	return &sec
}

// TestFindsPlantedSecrets proves the detector and the log capture can
// fail: a secret planted in a log attribute, an error and a struct is
// found, in whole or in part.
func TestFindsPlantedSecrets(t *testing.T) {
	t.Parallel()
	sec := planted()
	logs := leakcheck.NewLogs()
	slog.New(logs).Debug("planted", "auth", "Bearer "+apiKey)
	tests := []struct {
		name, text string
		want       string
	}{
		{"log line", logs.String(), "api key"},
		{"error", fmt.Errorf("call failed: %w", errors.New("token QwErTyUiOp0987654321")).Error(), "client_secret (secret part)"},
		{"struct", fmt.Sprintf("%+v", struct{ Number string }{accountNumber}), "account number"},
		{"key tail only", "…" + apiKey[len(apiKey)-16:], "api key (tail)"},
		{"clean", "fincon: get account fca_123: [redacted]", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found := sec.Find(tt.text)
			if tt.want == "" {
				if len(found) > 0 {
					t.Errorf("found %v in a clean text", found)
				}
				return
			}
			if !slices.Contains(found, tt.want) {
				t.Errorf("found %v, want %s", found, tt.want)
			}
		})
	}
}

// TestScanCannotPassVacuously: looking for nothing, or in nothing, is an
// error rather than a pass.
func TestScanCannotPassVacuously(t *testing.T) {
	t.Parallel()
	var empty leakcheck.Secrets
	empty.Add("api key", "") // ignored
	some := []leakcheck.Exhibit{{Where: "log lines", Text: "msg=hello " + apiKey}}
	tests := []struct {
		name string
		sec  *leakcheck.Secrets
		ex   []leakcheck.Exhibit
		want error
	}{
		{"zero secrets", &leakcheck.Secrets{}, some, leakcheck.ErrNoSecrets},
		{"only empty values", &empty, some, leakcheck.ErrNoSecrets},
		{"no exhibits", planted(), nil, leakcheck.ErrNoExhibits},
		{"both", planted(), some, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			leaks, err := tt.sec.Scan(tt.ex)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Scan error = %v, want %v", err, tt.want)
			}
			if tt.want == nil && len(leaks) != 1 {
				t.Errorf("leaks = %v, want the planted api key", leaks)
			}
		})
	}
	if err := (&leakcheck.Secrets{}).SelfCheck(); !errors.Is(err, leakcheck.ErrNoSecrets) {
		t.Errorf("SelfCheck of no secrets = %v, want ErrNoSecrets", err)
	}
}

// TestScanReports checks what a leak report holds: the exhibits with a
// secret, in order, the names found and an excerpt that masks every value.
func TestScanReports(t *testing.T) {
	t.Parallel()
	sec := planted()
	ex := []leakcheck.Exhibit{
		{Where: "clean", Text: "fincon: get account fca_123: [redacted]"},
		{Where: "error", Text: strings.Repeat("x", 100) + " key=" + apiKey + " secret=" + clientSecret + strings.Repeat("y", 100)},
		{Where: "account", Text: "number " + accountNumber},
	}
	ex = append(ex, leakcheck.Dump("struct", struct{ Secret string }{clientSecret})...)
	leaks, err := sec.Scan(ex)
	if err != nil {
		t.Fatal(err)
	}
	var where []string
	for _, l := range leaks {
		where = append(where, l.Where)
		for _, v := range []string{apiKey, clientSecret, accountNumber, apiKey[len(apiKey)-16:], "QwErTyUiOp0987654321"} {
			if strings.Contains(l.String(), v) {
				t.Errorf("report %q prints a secret", l)
			}
		}
	}
	if want := []string{"error", "account", "struct %v", "struct %+v", "struct %#v"}; !slices.Equal(where, want) {
		t.Errorf("leaks in %v, want %v", where, want)
	}
	if len(leaks) < 2 {
		t.FailNow()
	}
	if want := []string{"api key", "api key (tail)", "client_secret", "client_secret (secret part)"}; !slices.Equal(leaks[0].Names, want) {
		t.Errorf("names = %v, want %v", leaks[0].Names, want)
	}
	if want := "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx key=[leak: api key] secret=[leak: client_secret]yyyyyyyyyyyyyyyy"; leaks[0].Excerpt != want {
		t.Errorf("excerpt = %q, want %q", leaks[0].Excerpt, want)
	}
	if want := "account contains account number: …number [leak: account number]…"; leaks[1].String() != want {
		t.Errorf("String() = %q, want %q", leaks[1].String(), want)
	}
}

func TestAddFindsUnderscoreTail(t *testing.T) {
	t.Parallel()
	var sec leakcheck.Secrets
	sec.Add("api key", "sk_test_51Safety_Key_wire")
	if got := sec.Find("Bearer [redacted]_wire"); !slices.Equal(got, []string{"api key (tail)"}) {
		t.Errorf("Find = %v, want the key's tail", got)
	}
}

func TestAdd(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		want        []string // sorted names Find reports for the value alone
		len         int
	}{
		{"api key", apiKey, []string{"api key", "api key (tail)"}, 2},
		{"webhook secret", "whsec_SafetyW3bhookS3cretQp7Lm2Nx", []string{"webhook secret", "webhook secret (tail)"}, 2},
		{"client_secret", clientSecret, []string{"client_secret", "client_secret (secret part)"}, 2},
		{"client_secret", "pi_1_secret_abc", []string{"client_secret"}, 1},
		{"api key", "sk_test_short", []string{"api key"}, 1},
		// "_Key_wire" and "_wire" too: 4 values, 3 of them tails.
		{"api key", "sk_test_51Safety_Key_wire", []string{"api key", "api key (tail)", "api key (tail)", "api key (tail)"}, 4},
		{"account number", accountNumber, []string{"account number"}, 1},
		{"empty", "", nil, 0},
	}
	t.Run("several values", func(t *testing.T) {
		var sec leakcheck.Secrets
		sec.Add("account number", accountNumber, "", "000111111116")
		if got, want := sec.Values("account number"), []string{"000111111116", accountNumber}; !slices.Equal(got, want) {
			t.Errorf("Values = %v, want %v", got, want)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name+" "+tt.value, func(t *testing.T) {
			var sec leakcheck.Secrets
			sec.Add(tt.name, tt.value)
			if sec.Len() != tt.len {
				t.Errorf("Len = %d, want %d", sec.Len(), tt.len)
			}
			if got := sec.Find("<" + tt.value + ">"); !slices.Equal(got, tt.want) {
				t.Errorf("Find = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestHarvest(t *testing.T) {
	t.Parallel()
	bodies := []string{
		`{"id":"fcsess_1","client_secret": "fcsess_client_secret_AbCdEfGhIjKlMnOp"}`,
		`{"us_bank_account":{"routing_number":"110000000","account_number":"000123456789"}}`,
		`{"data":[{"client_secret":"pi_1_secret_ZyXwVuTsRqPoNmLk"},{"client_secret":"pi_2_secret_ZyXwVuTsRqPoNmLk2"}]}`,
		`not json "client_secret": 12`,
	}
	var sec leakcheck.Secrets
	sec.Add("api key", apiKey)
	if got, want := sec.Missing("api key", "client_secret", "routing_number", "webhook secret"), []string{"client_secret", "routing_number", "webhook secret"}; !slices.Equal(got, want) {
		t.Errorf("Missing before = %v, want %v", got, want)
	}
	if n := sec.Harvest(bodies...); n != 5 {
		t.Errorf("Harvest = %d, want 5", n)
	}
	if got, want := sec.Missing("api key", "client_secret", "routing_number", "account_number", "webhook secret"), []string{"webhook secret"}; !slices.Equal(got, want) {
		t.Errorf("Missing after = %v, want %v", got, want)
	}
	if got, want := sec.Values("client_secret"), []string{"fcsess_client_secret_AbCdEfGhIjKlMnOp", "pi_1_secret_ZyXwVuTsRqPoNmLk", "pi_2_secret_ZyXwVuTsRqPoNmLk2"}; !slices.Equal(got, want) {
		t.Errorf("Values(client_secret) = %v, want %v", got, want)
	}
	if got := sec.Find("echo ZyXwVuTsRqPoNmLk2"); !slices.Equal(got, []string{"client_secret (secret part)", "client_secret (secret part)"}) {
		t.Errorf("Find of a secret part = %v", got)
	}
}

// TestSelfCheck: SelfCheck passes for ordinary secrets and fails, naming
// but never printing them, for those the log handlers would escape.
func TestSelfCheck(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, value string
		wantErr     bool
	}{
		{"api key", apiKey, false},
		{"client_secret", clientSecret, false},
		{"account number", accountNumber, false},
		{"quoted", `abc"def`, true},
		{"newline", "abc\ndef", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sec leakcheck.Secrets
			sec.Add(tt.name, tt.value)
			err := sec.SelfCheck()
			if (err != nil) != tt.wantErr {
				t.Fatalf("SelfCheck = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				if strings.Contains(err.Error(), tt.value) || !strings.Contains(err.Error(), tt.name+" in a planted log line") {
					t.Errorf("error %q: want the name and the log line, not the value", err)
				}
			}
		})
	}
}

func FuzzHarvest(f *testing.F) {
	f.Add(`{"client_secret":"pi_1_secret_ZyXwVuTsRqPoNmLk"}`)
	f.Add(`{"routing_number": "110000000", "account_number":"000123456789"}`)
	f.Add(`"client_secret":""`)
	f.Add(`"client_secret":"sk_x"` + "\x00\xff")
	f.Fuzz(func(t *testing.T, body string) {
		var sec leakcheck.Secrets
		n := sec.Harvest(body)
		if n > 0 && sec.Len() == 0 {
			t.Fatalf("harvested %d values but looks for none", n)
		}
		if n > 0 && len(sec.Find(body)) == 0 {
			t.Fatalf("harvested %d values from a body it finds none in", n)
		}
	})
}
