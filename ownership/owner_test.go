package ownership

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

func readFixture(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
}

func TestOwnershipFromStripeFixture(t *testing.T) {
	t.Parallel()
	var so stripe.FinancialConnectionsAccountOwnership
	readFixture(t, "ownership.json", &so)
	got, err := OwnershipFromStripe(&so)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "fcaowns_1MwVG0LkdIwHu7ixF2g7Rpfz" {
		t.Errorf("ID = %q", got.ID)
	}
	if want := time.Unix(1680287808, 0).UTC(); !got.Created.Equal(want) {
		t.Errorf("Created = %v, want %v", got.Created, want)
	}
	if got.HasMore {
		t.Error("HasMore = true")
	}
	if len(got.Owners) != 2 {
		t.Fatalf("len(Owners) = %d", len(got.Owners))
	}
	want0 := Owner{
		ID:          "fcaowner_1MwVG0LkdIwHu7ixg8tX2fXq",
		Name:        "JANE & JOHN SMITH",
		Email:       "nobody+janesmith@stripe.com",
		Phone:       "+1 555-555-5555",
		RawAddress:  "123 Main Street, Apt 4B, Everytown, CA 94111-2233, USA",
		Ownership:   "fcaowns_1MwVG0LkdIwHu7ixF2g7Rpfz",
		RefreshedAt: time.Unix(1680287808, 0).UTC(),
	}
	if got.Owners[0] != want0 {
		t.Errorf("Owners[0] = %#v\nwant        %#v", got.Owners[0], want0)
	}
	o1 := got.Owners[1]
	if !o1.RefreshedAt.IsZero() {
		t.Errorf("null refreshed_at = %v, want zero time", o1.RefreshedAt)
	}
	if o1.Email != "" || o1.Phone != "" || o1.RawAddress != "" {
		t.Errorf("null fields not empty: %q %q %q", o1.Email, o1.Phone, o1.RawAddress)
	}
}

func TestOwnershipFromStripeUnexpanded(t *testing.T) {
	t.Parallel()
	var so stripe.FinancialConnectionsAccountOwnership
	readFixture(t, "ownership_unexpanded.json", &so)
	got, err := OwnershipFromStripe(&so)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "fcaowns_1MwVG0LkdIwHu7ixF2g7Rpfz" || got.Owners != nil || !got.Created.IsZero() {
		t.Errorf("got %+v", got)
	}
}

func TestOwnersFromStripeList(t *testing.T) {
	t.Parallel()
	var list stripe.FinancialConnectionsAccountOwnerList
	readFixture(t, "owners_list.json", &list)
	if !list.HasMore {
		t.Error("fixture has_more not decoded")
	}
	owners, err := OwnersFromStripe(list.Data)
	if err != nil {
		t.Fatal(err)
	}
	if len(owners) != 1 {
		t.Fatalf("len = %d", len(owners))
	}
	o := owners[0]
	if o.Name != "Sr. José García-López" || !o.RefreshedAt.Equal(time.Unix(1693526400, 0)) {
		t.Errorf("got %#v", o)
	}
	if n := NormalizeName(o.Name); n != "JOSE GARCIA-LOPEZ" {
		t.Errorf("NormalizeName = %q", n)
	}
	if p, err := NormalizePhone(o.Phone); err != nil || p != "+14155550123" {
		t.Errorf("NormalizePhone = %q, %v", p, err)
	}
	if e, err := NormalizeEmail(o.Email); err != nil || e != "josé.garcía@example.com" {
		t.Errorf("NormalizeEmail = %q, %v", e, err)
	}
	wantAddr := Address{Line1: "500 N 5TH AVE", Line2: "STE 200", City: "ST LOUIS", State: "MO", PostalCode: "63101"}
	if a := ParseAddress(o.RawAddress); a != wantAddr {
		t.Errorf("ParseAddress = %+v, want %+v", a, wantAddr)
	}
}

func TestFromStripeErrors(t *testing.T) {
	t.Parallel()
	var wrong stripe.FinancialConnectionsAccountOwner
	readFixture(t, "owner_wrong_object.json", &wrong)
	tests := []struct {
		name string
		in   *stripe.FinancialConnectionsAccountOwner
		want error
	}{
		{"nil", nil, ErrNil},
		{"wrong object", &wrong, ErrWrongObject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := FromStripe(tt.in)
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "ownership: ") {
				t.Errorf("error %q lacks package prefix", err)
			}
		})
	}
	_, err := FromStripe(&wrong)
	if want := `ownership: wrong object type: "financial_connections.account", want "financial_connections.account_owner"`; !errors.Is(err, ErrWrongObject) || err.Error() != want {
		t.Errorf("err = %v, want %s", err, want)
	}
	// A bad element in a list names its index.
	_, err = OwnersFromStripe([]*stripe.FinancialConnectionsAccountOwner{{ID: "fcaowner_1"}, nil})
	if !errors.Is(err, ErrNil) || !strings.Contains(err.Error(), "owner 1") {
		t.Errorf("OwnersFromStripe err = %v", err)
	}
	if _, err := OwnershipFromStripe(nil); !errors.Is(err, ErrNil) {
		t.Errorf("OwnershipFromStripe(nil) = %v", err)
	}
	if _, err := OwnershipFromStripe(&stripe.FinancialConnectionsAccountOwnership{Object: "list"}); !errors.Is(err, ErrWrongObject) {
		t.Errorf("OwnershipFromStripe(list) = %v", err)
	}
	bad := &stripe.FinancialConnectionsAccountOwnership{Owners: &stripe.FinancialConnectionsAccountOwnerList{
		Data: []*stripe.FinancialConnectionsAccountOwner{nil}}}
	if _, err := OwnershipFromStripe(bad); !errors.Is(err, ErrNil) {
		t.Errorf("OwnershipFromStripe(nil owner) = %v", err)
	}
}

func TestOwnerRedaction(t *testing.T) {
	t.Parallel()
	o := Owner{
		ID:          "fcaowner_123",
		Name:        "Jane Doe",
		Email:       "jane.doe@example.com",
		Phone:       "+1 (415) 555-0123",
		RawAddress:  "742 Evergreen Terrace, Springfield, OR 97403",
		Ownership:   "fcaowns_1",
		RefreshedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
	}
	secrets := []string{"jane.doe", "555-0123", "5550123", "Evergreen", "97403", "0123"}
	var buf bytes.Buffer
	forms := map[string]string{
		"%v":     fmt.Sprintf("%v", o),
		"%+v":    fmt.Sprintf("%+v", o),
		"%s":     fmt.Sprintf("%s", o),
		"%q":     fmt.Sprintf("%q", o),
		"%#v":    fmt.Sprintf("%#v", o),
		"%d":     fmt.Sprintf("%d", o),
		"ptr %v": fmt.Sprintf("%v", &o),
		"slice":  fmt.Sprintf("%+v", []Owner{o}),
		"struct": fmt.Sprintf("%+v", struct{ O Owner }{o}),
	}
	slog.New(slog.NewJSONHandler(&buf, nil)).Info("x", "owner", o)
	forms["slog json"] = buf.String()
	buf.Reset()
	slog.New(slog.NewTextHandler(&buf, nil)).Info("x", "owner", o)
	forms["slog text"] = buf.String()
	for name, s := range forms {
		for _, secret := range secrets {
			if strings.Contains(s, secret) {
				t.Errorf("%s leaks %q: %s", name, secret, s)
			}
		}
		if !strings.Contains(s, "fcaowner_123") {
			t.Errorf("%s lost the id: %s", name, s)
		}
	}
	if got := fmt.Sprint(o); !strings.Contains(got, "j***@example.com") || !strings.Contains(got, "***23") ||
		!strings.Contains(got, "[redacted 44 bytes]") {
		t.Errorf("String() = %s", got)
	}
	// The fields keep the data.
	if o.Email != "jane.doe@example.com" {
		t.Error("field modified")
	}
	// Empty fields stay visibly empty.
	if got := fmt.Sprint(Owner{ID: "fcaowner_2"}); got != `{ID:fcaowner_2 Name:"" Email: Phone: RawAddress: Ownership: RefreshedAt:zero}` {
		t.Errorf("empty owner = %s", got)
	}
}

func TestRedactHelpers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		fn       func(string) string
		in, want string
	}{
		{redactEmail, "", ""},
		{redactEmail, "noat", "***"},
		{redactEmail, "@x.com", "***"},
		{redactEmail, "élodie@x.fr", "é***@x.fr"},
		{redactPhone, "", ""},
		{redactPhone, "5", "***5"},
		{redactPhone, "abc", "***"},
		{redactAddress, "", ""},
		{redactAddress, "abc", "[redacted 3 bytes]"},
	}
	for _, tt := range tests {
		if got := tt.fn(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
