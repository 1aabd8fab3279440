package ownership

import "testing"

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
