package ownership

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v82"
)

// Run longer with, for example:
//
//	go test ./ownership -run '^$' -fuzz FuzzFromStripe -fuzztime 60s
//	go test ./ownership -run '^$' -fuzz FuzzOwnersFromStripe -fuzztime 60s
//	go test ./ownership -run '^$' -fuzz FuzzOwnershipFromStripe -fuzztime 60s

// addStripeSeeds adds the recorded Stripe responses of testdata and
// hand-written edge cases.
func addStripeSeeds(f *testing.F) {
	f.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil {
		f.Fatal(err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{
		`{"id":"fcaowner_1","object":"financial_connections.account_owner","name":"Jane Doe","email":"jane@example.com","phone":"+14155550123","raw_address":"1 Main St","ownership":"fcaowns_1","refreshed_at":1693526400}`,
		`{"id":"fcaowner_1","object":"financial_connections.account_owner","refreshed_at":null}`,
		`{"id":"fcaowner_1","object":"Jane Doe","name":"Jane Doe"}`,
		`{"object":"financial_connections.account_ownership","id":"fcaowns_1","created":0,"owners":{"data":[null]}}`,
		`{"object":"financial_connections.account_ownership","owners":{"data":[{"object":"charge","email":"a@b.c"}]}}`,
		`{"object":"list","data":[{"id":"o1"},null,{"object":"x","phone":"555"}],"has_more":true}`,
		`"fcaowns_123"`, `null`, `{}`, `[]`, `{"data":{}}`, `{"refreshed_at":-62135596800}`, `{"created":9223372036854775807}`,
	} {
		f.Add([]byte(s))
	}
}

// blankOwner clears the personal data of o, so that converting it again
// shows whether an error's text depends on it.
func blankOwner(o *stripe.FinancialConnectionsAccountOwner) {
	if o != nil {
		o.Name, o.Email, o.Phone, o.RawAddress = "", "", "", ""
	}
}

// checkConvErr checks that err is one of the documented errors and that
// its text does not depend on personal data: blanked is the error of the
// same input with names, e-mails, phones and addresses cleared.
func checkConvErr(t *testing.T, err, blanked error) {
	t.Helper()
	if !errors.Is(err, ErrNil) && !errors.Is(err, ErrWrongObject) {
		t.Fatalf("undocumented error %v", err)
	}
	if blanked == nil || err.Error() != blanked.Error() {
		t.Fatalf("error text depends on personal data: %q, blanked %v", err, blanked)
	}
}

// checkOwner checks a converted owner against its source.
func checkOwner(t *testing.T, got Owner, src *stripe.FinancialConnectionsAccountOwner) {
	t.Helper()
	if got.ID != src.ID || got.Name != src.Name || got.Email != src.Email || got.Phone != src.Phone ||
		got.RawAddress != src.RawAddress || got.Ownership != src.Ownership {
		t.Fatalf("fields not copied: %#v from %+v", got, src)
	}
	checkTime(t, "refreshed_at", src.RefreshedAt, got.RefreshedAt)
}

// checkTime checks a converted Stripe timestamp: 0 (JSON null) is the zero
// time.Time, anything else that instant in UTC.
func checkTime(t *testing.T, field string, sec int64, got time.Time) {
	t.Helper()
	want := time.Time{}
	if sec != 0 {
		want = time.Unix(sec, 0).UTC()
	}
	if !got.Equal(want) || got.Location() != time.UTC && !got.IsZero() {
		t.Fatalf("%s %d converted to %v, want %v", field, sec, got, want)
	}
}

func FuzzFromStripe(f *testing.F) {
	addStripeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var o stripe.FinancialConnectionsAccountOwner
		if json.Unmarshal(data, &o) != nil {
			return
		}
		got, err := FromStripe(&o)
		if err != nil {
			if got != (Owner{}) {
				t.Fatalf("non-zero owner with error %v", err)
			}
			blankOwner(&o)
			_, blanked := FromStripe(&o)
			checkConvErr(t, err, blanked)
			return
		}
		checkOwner(t, got, &o)
	})
}

func FuzzOwnersFromStripe(f *testing.F) {
	addStripeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var list stripe.FinancialConnectionsAccountOwnerList
		if json.Unmarshal(data, &list) != nil {
			return
		}
		got, err := OwnersFromStripe(list.Data)
		if err != nil {
			if got != nil {
				t.Fatalf("owners %v with error %v", got, err)
			}
			for _, o := range list.Data {
				blankOwner(o)
			}
			_, blanked := OwnersFromStripe(list.Data)
			checkConvErr(t, err, blanked)
			return
		}
		if len(got) != len(list.Data) {
			t.Fatalf("%d owners from %d", len(got), len(list.Data))
		}
		for i, o := range got {
			checkOwner(t, o, list.Data[i])
		}
	})
}

func FuzzOwnershipFromStripe(f *testing.F) {
	addStripeSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var o stripe.FinancialConnectionsAccountOwnership
		if json.Unmarshal(data, &o) != nil {
			return
		}
		got, err := OwnershipFromStripe(&o)
		if err != nil {
			if got.ID != "" || got.Owners != nil {
				t.Fatalf("ownership %+v with error %v", got, err)
			}
			if o.Owners != nil {
				for _, ow := range o.Owners.Data {
					blankOwner(ow)
				}
			}
			_, blanked := OwnershipFromStripe(&o)
			checkConvErr(t, err, blanked)
			return
		}
		if got.ID != o.ID {
			t.Fatalf("ownership %+v from id %q", got, o.ID)
		}
		checkTime(t, "created", o.Created, got.Created)
		if o.Owners == nil {
			if got.Owners != nil || got.HasMore {
				t.Fatalf("owners %v, has more %v without an owners list", got.Owners, got.HasMore)
			}
			return
		}
		if len(got.Owners) != len(o.Owners.Data) || got.HasMore != o.Owners.HasMore {
			t.Fatalf("%d owners (has more %v) from %d (%v)", len(got.Owners), got.HasMore, len(o.Owners.Data), o.Owners.HasMore)
		}
		for i, ow := range got.Owners {
			checkOwner(t, ow, o.Owners.Data[i])
		}
	})
}
