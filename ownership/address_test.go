package ownership

import (
	"testing"
)

func TestParseAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want Address
	}{
		{"123 Main Street, Apt 4B, Everytown, CA 94111-2233, USA",
			Address{"123 MAIN ST", "APT 4B", "EVERYTOWN", "CA", "94111-2233", "US"}},
		{"123 Main Street, Everytown USA",
			Address{Line1: "123 MAIN ST", City: "EVERYTOWN", Country: "US"}},
		{"123 Main St Apt 4 Springfield IL 62701",
			Address{"123 MAIN ST", "APT 4", "SPRINGFIELD", "IL", "62701", ""}},
		{"123 N. Main St. #4, Springfield, Illinois 62701 1234",
			Address{"123 N MAIN ST", "# 4", "SPRINGFIELD", "IL", "62701-1234", ""}},
		{"500 N. Fifth Avenue Suite 200\nSaint Louis, Missouri 63101",
			Address{"500 N 5TH AVE", "STE 200", "ST LOUIS", "MO", "63101", ""}},
		{"PO Box 42, Austin, TX 78701",
			Address{Line1: "PO BOX 42", City: "AUSTIN", State: "TX", PostalCode: "78701"}},
		{"P.O. Box 42 Austin TX 78701",
			Address{Line1: "PO BOX 42 AUSTIN", State: "TX", PostalCode: "78701"}},
		{"1600 Pennsylvania Avenue NW, Washington, DC 20500",
			Address{Line1: "1600 PENNSYLVANIA AVE NW", City: "WASHINGTON", State: "DC", PostalCode: "20500"}},
		{"1600 Pennsylvania Ave NW Washington DC 20500",
			Address{Line1: "1600 PENNSYLVANIA AVE NW", City: "WASHINGTON", State: "DC", PostalCode: "20500"}},
		{"742 Evergreen Terrace, Springfield, OR 97403, United States of America",
			Address{Line1: "742 EVERGREEN TER", City: "SPRINGFIELD", State: "OR", PostalCode: "97403", Country: "US"}},
		{"350 Fifth Avenue, Floor 21, New York, New York 10118",
			Address{"350 5TH AVE", "FL 21", "NEW YORK", "NY", "10118", ""}},
		{"12 Oak Ct", Address{Line1: "12 OAK CT"}}, // CT is a suffix, not Connecticut
		{"12 Oak Ct Hartford CT 06103",
			Address{Line1: "12 OAK CT", City: "HARTFORD", State: "CT", PostalCode: "06103"}},
		{"Acme Tower, 1 Market St, San Francisco, CA 94105",
			Address{Line1: "1 MARKET ST", City: "SAN FRANCISCO", State: "CA", PostalCode: "94105"}},
		{"Main Street, Everytown", Address{Line1: "MAIN ST", City: "EVERYTOWN"}},
		{"Everytown", Address{Line1: "EVERYTOWN"}},
		{"", Address{}},
		{" , ,, \n ", Address{}},
		{"USA", Address{Line1: "USA"}},
		{"94111", Address{Line1: "94111"}},
		{"\x00\xff\u202e123 Main St", Address{Line1: "123 MAIN ST"}},
	}
	for _, tt := range tests {
		got := ParseAddress(tt.in)
		if got != tt.want {
			t.Errorf("ParseAddress(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
		if n := NormalizeAddress(got); n != got {
			t.Errorf("ParseAddress(%q) not normalized: %+v", tt.in, n)
		}
		if rt := ParseAddress(got.String()); rt != got && got.City != "" && got.Line1 != "" {
			t.Errorf("ParseAddress(String()) of %q\n got %+v\nwant %+v", tt.in, rt, got)
		}
	}
}

func TestNormalizeAddress(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in, want Address
	}{
		{Address{"123 North Main Street Apartment 4", "", "Springfield", "Illinois", "627011234", "United States"},
			Address{"123 N MAIN ST", "APT 4", "SPRINGFIELD", "IL", "62701-1234", "US"}},
		{Address{Line1: "123 Main St", Line2: "Apt. #4"}, Address{Line1: "123 MAIN ST", Line2: "APT 4"}},
		{Address{Line1: "123 Main St", Line2: "4B"}, Address{Line1: "123 MAIN ST", Line2: "# 4B"}},
		{Address{Line1: "123 Main St Ste 5", Line2: "Bldg C"}, Address{Line1: "123 MAIN ST STE 5", Line2: "BLDG C"}},
		{Address{Line1: "9 Rear"}, Address{Line1: "9 REAR"}},
		{Address{Line1: "9 Elm St Rear"}, Address{Line1: "9 ELM ST", Line2: "REAR"}},
		{Address{Line1: "One Second Place"}, Address{Line1: "ONE 2ND PL"}},
		{Address{Line1: "P O Box 7"}, Address{Line1: "PO BOX 7"}},
		{Address{Line1: "Post Office Box 7"}, Address{Line1: "PO BOX 7"}},
		{Address{City: "Fort Worth", State: "tx", PostalCode: " 76102 "}, Address{City: "FT WORTH", State: "TX", PostalCode: "76102"}},
		{Address{City: "Winston-Salem", PostalCode: "M5V 2T6", Country: "Canada"},
			Address{City: "WINSTON-SALEM", PostalCode: "M5V 2T6", Country: "CANADA"}},
		{Address{City: "São Paulo #"}, Address{City: "SAO PAULO"}},
	}
	for _, tt := range tests {
		got := NormalizeAddress(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeAddress(%+v)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
		if again := NormalizeAddress(got); again != got {
			t.Errorf("not idempotent: %+v -> %+v", got, again)
		}
	}
}

// The word tables must be fixpoints: a standard form maps to itself, so
// that normalizing twice equals normalizing once.
func TestAddressTablesAreFixpoints(t *testing.T) {
	t.Parallel()
	for k, v := range streetSuffixes {
		if streetWord(v) != v {
			t.Errorf("suffix %s -> %s -> %s", k, v, streetWord(v))
		}
		if _, ok := unitDesignators[v]; ok {
			t.Errorf("suffix abbreviation %s is also a unit designator", v)
		}
	}
	for k, v := range directionals {
		if streetWord(v) != v {
			t.Errorf("directional %s -> %s -> %s", k, v, streetWord(v))
		}
	}
	for _, m := range []map[string]string{unitDesignators, bareDesignators} {
		for k, v := range m {
			if m[v] != v {
				t.Errorf("designator %s -> %s is not a fixpoint", k, v)
			}
		}
	}
	for k, v := range usStates {
		if _, ok := stateCodes[v]; !ok || normState(k) != v || normState(v) != v {
			t.Errorf("state %s -> %s", k, v)
		}
	}
}

func TestCompareAddresses(t *testing.T) {
	t.Parallel()
	rec := func(l1, l2, city, st, zip string) addrKey {
		return keyOf(NormalizeAddress(Address{l1, l2, city, st, zip, ""}))
	}
	raw := func(s string) addrKey { return keyOf(ParseAddress(s)) }
	tests := []struct {
		name   string
		a, b   addrKey
		score  int
		reason string
		ok     bool
	}{
		{"exact with abbreviations", rec("123 Main Street", "Apartment 4", "Springfield", "Illinois", "62701"),
			raw("123 MAIN ST APT 4, SPRINGFIELD, IL 62701-1234"), 100, ReasonExact, true},
		{"missing line 2", rec("123 Main St", "", "Springfield", "IL", "62701"),
			raw("123 Main St Apt 4, Springfield, IL 62701"), 100, ReasonExact, true},
		{"unit by another designator", rec("123 Main St", "#4", "Springfield", "IL", "62701"),
			raw("123 Main St Unit 4, Springfield, IL 62701"), 100, ReasonExact, true},
		{"different unit", rec("123 Main St", "Apt 5", "Springfield", "IL", "62701"),
			raw("123 Main St Apt 4, Springfield, IL 62701"), 90, ReasonPartial, true},
		{"directional missing", rec("123 Main St", "", "Springfield", "IL", "62701"),
			raw("123 North Main St, Springfield, IL 62701"), 95, ReasonPartial, true},
		{"different house number", rec("125 Main St", "", "Springfield", "IL", "62701"),
			raw("123 Main St, Springfield, IL 62701"), 40, ReasonDifferent, true},
		{"other city same street", rec("123 Main St", "", "Portland", "OR", "97201"),
			raw("123 Main St, Springfield, IL 62701"), 50, ReasonPartial, true},
		{"completely different", rec("9 Elm Rd", "", "Portland", "OR", "97201"),
			raw("123 Main St, Springfield, IL 62701"), 0, ReasonDifferent, true},
		{"zip only", rec("", "", "", "", "62701"), raw("Springfield IL 62701"), 100, ReasonExact, true},
		{"nothing shared", rec("", "", "Springfield", "IL", ""), raw("123 Main St"), 0, ReasonMissing, false},
		{"PO box", rec("P.O. Box 42", "", "Austin", "TX", "78701"), raw("PO BOX 42, AUSTIN, TX 78701"), 100, ReasonExact, true},
		{"city typo", rec("123 Main St", "", "Springfeld", "IL", "62701"),
			raw("123 Main St, Springfield, IL 62701"), 97, ReasonPartial, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, r, ok := compareAddresses(tt.a, tt.b)
			if s != tt.score || r != tt.reason || ok != tt.ok {
				t.Errorf("got %d %s %v, want %d %s %v\n a=%+v\n b=%+v", s, r, ok, tt.score, tt.reason, tt.ok, tt.a, tt.b)
			}
		})
	}
}
