package ownership

import (
	"testing"
)

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
