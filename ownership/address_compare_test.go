package ownership

import "testing"

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
