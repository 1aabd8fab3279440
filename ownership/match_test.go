package ownership

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

var jointOwner = Owner{
	ID:         "fcaowner_joint",
	Name:       "JOHN & JANE DOE",
	Email:      "jdoe@example.com",
	Phone:      "+1 (415) 555-0123",
	RawAddress: "123 Main Street, Apt 4B, Springfield, IL 62701-1234, USA",
}

var janeRecord = Record{
	Name:    "Jane Doe",
	Email:   "JDoe@Example.com",
	Phone:   "415.555.0123",
	Address: Address{Line1: "123 Main St", Line2: "Apartment 4B", City: "Springfield", State: "IL", PostalCode: "62701"},
}

func TestMatch(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		owners  []Owner
		rec     Record
		verdict Verdict
		score   int
		owner   int
		fields  string // "name/email/phone/address" scores, "-" when not compared
	}{
		{
			name: "joint owner, every field", owners: []Owner{jointOwner}, rec: janeRecord,
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/100/100/100",
		},
		{
			name: "nickname and missing line 2",
			owners: []Owner{{ID: "o1", Name: "ROBERT J SMITH", Phone: "4155550100",
				RawAddress: "55 West Elm Avenue Unit 3, Austin, TX 78701"}},
			rec: Record{Name: "Bob Smith", Phone: "+1 415-555-0100",
				Address: Address{Line1: "55 W Elm Ave", City: "Austin", State: "Texas", PostalCode: "78701-0001"}},
			verdict: VerdictMatch, score: 92, owner: 0, fields: "86/-/100/100",
		},
		{
			name:    "LAST, FIRST order with honorific and suffix",
			owners:  []Owner{{ID: "o1", Name: "DOE JR, MR. JOHN"}},
			rec:     Record{Name: "John Doe"},
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/-/-/-",
		},
		{
			name:    "swapped order without comma",
			owners:  []Owner{{ID: "o1", Name: "DOE JOHN"}},
			rec:     Record{Name: "John Doe"},
			verdict: VerdictMatch, score: 90, owner: 0, fields: "90/-/-/-",
		},
		{
			name:    "initial only",
			owners:  []Owner{{ID: "o1", Name: "J DOE", RawAddress: "123 Main St, Springfield, IL 62701"}},
			rec:     Record{Name: "John Doe", Address: janeRecord.Address},
			verdict: VerdictPartialMatch, score: 87, owner: 0, fields: "80/-/-/100",
		},
		{
			name: "different person, same surname and address",
			owners: []Owner{{ID: "o1", Name: "JANE DOE", Email: "jane@example.com",
				RawAddress: "123 Main St, Springfield, IL 62701"}},
			rec:     Record{Name: "John Doe", Email: "john@example.com", Address: janeRecord.Address},
			verdict: VerdictNoMatch, score: 44, owner: 0, fields: "30/0/-/100",
		},
		{
			name: "household member sharing contact details",
			owners: []Owner{{ID: "o1", Name: "JANE DOE", Email: "doe.family@example.com", Phone: "4155550123",
				RawAddress: "123 Main St, Springfield, IL 62701"}},
			rec: Record{Name: "John Doe", Email: "Doe.Family@example.com", Phone: "415-555-0123",
				Address: janeRecord.Address},
			verdict: VerdictPartialMatch, score: 65, owner: 0, fields: "30/100/100/100",
		},
		{
			name:    "different person, same surname, nothing else",
			owners:  []Owner{{ID: "o1", Name: "JANE DOE"}},
			rec:     Record{Name: "John Doe"},
			verdict: VerdictNoMatch, score: 30, owner: 0, fields: "30/-/-/-",
		},
		{
			name: "right name, everything else different",
			owners: []Owner{{ID: "o1", Name: "JOHN DOE", Email: "other@example.net", Phone: "2125550199",
				RawAddress: "9 Elm Rd, Portland, OR 97201"}},
			rec:     Record{Name: "John Doe", Email: "john@example.com", Phone: "4155550123", Address: janeRecord.Address},
			verdict: VerdictPartialMatch, score: 50, owner: 0, fields: "100/0/0/0",
		},
		{
			name:    "stranger",
			owners:  []Owner{{ID: "o1", Name: "ALICE WALKER", RawAddress: "9 Elm Rd, Portland, OR 97201"}},
			rec:     Record{Name: "Bob Marley", Address: janeRecord.Address},
			verdict: VerdictNoMatch, score: 5, owner: 0, fields: "8/-/-/0",
		},
		{
			name: "best of several owners",
			owners: []Owner{
				{ID: "o1", Name: "ACME HOLDINGS LLC"},
				{ID: "o2", Name: "Jane Doe"},
				{ID: "o3", Name: "J DOE"},
			},
			rec:     Record{Name: "Jane Doe"},
			verdict: VerdictMatch, score: 100, owner: 1, fields: "100/-/-/-",
		},
		{
			name:    "no owners",
			rec:     janeRecord,
			verdict: VerdictInsufficient, score: 0, owner: -1, fields: "-/-/-/-",
		},
		{
			name:    "empty owner data",
			owners:  []Owner{{ID: "o1"}},
			rec:     janeRecord,
			verdict: VerdictInsufficient, score: 0, owner: 0, fields: "-/-/-/-",
		},
		{
			name:    "empty record",
			owners:  []Owner{jointOwner},
			verdict: VerdictInsufficient, score: 0, owner: 0, fields: "-/-/-/-",
		},
		{
			name:    "no names, contact details agree",
			owners:  []Owner{{ID: "o1", Email: "jdoe@example.com", Phone: "4155550123"}},
			rec:     Record{Email: "jdoe@example.com", Phone: "(415) 555-0123"},
			verdict: VerdictPartialMatch, score: 100, owner: 0, fields: "-/100/100/-",
		},
		{
			name:    "no names, one field only",
			owners:  []Owner{{ID: "o1", Email: "jdoe@example.com"}},
			rec:     Record{Email: "jdoe@example.com"},
			verdict: VerdictInsufficient, score: 100, owner: 0, fields: "-/100/-/-",
		},
		{
			name:    "invalid contact data is not compared",
			owners:  []Owner{{ID: "o1", Name: "Jane Doe", Email: "not-an-email", Phone: "555"}},
			rec:     Record{Name: "Jane Doe", Email: "jane@example.com", Phone: "4155550123"},
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/-/-/-",
		},
		{
			name:    "unicode junk",
			owners:  []Owner{{ID: "o1", Name: "\u202e\u200b\x00\xff😀 ＪＡＮＥ  ＤＯＥ\u0301", Email: "\xff", Phone: "☎", RawAddress: "\u202e\x00"}},
			rec:     Record{Name: "jane doe"},
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/-/-/-",
		},
		{
			name:    "accents and punctuation",
			owners:  []Owner{{ID: "o1", Name: "JOSE GARCIA-LOPEZ"}},
			rec:     Record{Name: "José García-López"},
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/-/-/-",
		},
		{
			name:    "joint record vs single owner",
			owners:  []Owner{{ID: "o1", Name: "JANE DOE"}},
			rec:     Record{Name: "John and Jane Doe"},
			verdict: VerdictMatch, score: 100, owner: 0, fields: "100/-/-/-",
		},
		{
			name:    "plus address",
			owners:  []Owner{{ID: "o1", Name: "Jane Doe", Email: "nobody+janedoe@stripe.com"}},
			rec:     Record{Name: "Jane Doe", Email: "nobody@stripe.com"},
			verdict: VerdictMatch, score: 98, owner: 0, fields: "100/90/-/-",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			owners := append([]Owner(nil), tt.owners...)
			got := Match(tt.owners, tt.rec)
			if got.Verdict != tt.verdict || got.Score != tt.score || got.Owner != tt.owner || fieldSummary(got) != tt.fields {
				t.Errorf("got %s [%s], want %s %d [%s] owner %d", got, fieldSummary(got), tt.verdict, tt.score, tt.fields, tt.owner)
			}
			if got.Owner >= 0 && got.OwnerID != tt.owners[got.Owner].ID {
				t.Errorf("OwnerID = %q", got.OwnerID)
			}
			if !reflect.DeepEqual(owners, tt.owners) {
				t.Error("Match modified its input")
			}
			if !got.Verdict.Valid() {
				t.Errorf("invalid verdict %q", got.Verdict)
			}
		})
	}
}

func fieldSummary(r Result) string {
	var parts []string
	for _, f := range []FieldScore{r.Name, r.Email, r.Phone, r.Address} {
		if f.Compared {
			parts = append(parts, fmt.Sprint(f.Score))
		} else {
			parts = append(parts, "-")
		}
	}
	return strings.Join(parts, "/")
}

func TestResultStringHasNoPersonalData(t *testing.T) {
	t.Parallel()
	got := Match([]Owner{jointOwner}, janeRecord).String()
	want := "match 100 (name 100 exact, email 100 exact, phone 100 exact, address 100 exact) owner 0"
	if got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}

func TestVerdictParse(t *testing.T) {
	t.Parallel()
	for _, v := range []Verdict{VerdictMatch, VerdictPartialMatch, VerdictNoMatch, VerdictInsufficient} {
		got, err := ParseVerdict(string(v))
		if err != nil || got != v {
			t.Errorf("ParseVerdict(%q) = %q, %v", v, got, err)
		}
	}
	if _, err := ParseVerdict("maybe"); !errors.Is(err, ErrUnknownVerdict) || err.Error() != `ownership: unknown verdict "maybe"` {
		t.Errorf("ParseVerdict(maybe) err = %v", err)
	}
	if Verdict("").Valid() {
		t.Error("empty verdict is valid")
	}
}

func BenchmarkMatch(b *testing.B) {
	owners := []Owner{
		jointOwner,
		{ID: "o2", Name: "SMITH, ROBERT J JR", Email: "bob@example.org", Phone: "2125550100",
			RawAddress: "55 West Elm Avenue Unit 3, Austin, TX 78701"},
	}
	b.ReportAllocs()
	for b.Loop() {
		Match(owners, janeRecord)
	}
}

// Huge inputs must not make matching quadratic: this runs in well under a
// second when every step is linear.
func TestMatchLargeInput(t *testing.T) {
	t.Parallel()
	big := strings.Repeat("JOHN DOE & ", 50000) + strings.Repeat("X ", 50000) + "DOE, " + strings.Repeat("A & ", 50000)
	addr := strings.Repeat("1 MAIN ST ", 50000) + ", " + strings.Repeat("SPRINGFIELD ", 50000) + ", IL 62701"
	owners := []Owner{{ID: "o1", Name: big, Email: strings.Repeat("a", 100000) + "@x.com", Phone: strings.Repeat("1", 100000), RawAddress: addr}}
	rec := Record{Name: big, Address: Address{Line1: strings.Repeat("1 MAIN ST ", 50000), City: strings.Repeat("SPRINGFIELD ", 50000)}}
	r := Match(owners, rec)
	if !r.Verdict.Valid() {
		t.Fatalf("verdict %q", r.Verdict)
	}
	if n := NormalizeName(big); NormalizeName(n) != n {
		t.Fatal("not idempotent on large input")
	}
}
