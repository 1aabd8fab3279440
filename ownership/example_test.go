package ownership_test

import (
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/ownership"
	"github.com/stripe/stripe-go/v82"
)

// Match a joint account's owner against the customer who linked it.
func ExampleMatch() {
	owners := []ownership.Owner{{
		ID:         "fcaowner_123",
		Name:       "JOHN & JANE DOE",
		Email:      "jdoe@example.com",
		Phone:      "+1 (415) 555-0123",
		RawAddress: "123 Main Street, Apt 4B, Springfield, IL 62701-1234, USA",
	}}
	rec := ownership.Record{
		Name:  "Jane Doe",
		Email: "JDoe@Example.com",
		Phone: "415.555.0123",
		Address: ownership.Address{
			Line1: "123 Main St", City: "Springfield", State: "IL", PostalCode: "62701",
		},
	}
	r := ownership.Match(owners, rec)
	fmt.Println(r.Verdict, r.Score, r.OwnerID)
	fmt.Println(r)
	// Output:
	// match 100 fcaowner_123
	// match 100 (name 100 exact, email 100 exact, phone 100 exact, address 100 exact) owner 0
}

// Nicknames, initials and "LAST, FIRST" order are recognized; a household
// member with the same family name is not the same person.
func ExampleMatch_names() {
	for _, c := range []struct{ owner, record string }{
		{"SMITH, ROBERT", "Bob Smith"},
		{"DOE JOHN", "John Doe"},
		{"J DOE", "John Doe"},
		{"Dr. José García-López Jr.", "Jose Garcia-Lopez"},
		{"JANE DOE", "John Doe"},
	} {
		r := ownership.Match([]ownership.Owner{{Name: c.owner}}, ownership.Record{Name: c.record})
		fmt.Printf("%-28q %-20q %-13s %3d %s\n", c.owner, c.record, r.Verdict, r.Name.Score, r.Name.Reason)
	}
	// Output:
	// "SMITH, ROBERT"              "Bob Smith"          match          90 nickname
	// "DOE JOHN"                   "John Doe"           match          90 reordered
	// "J DOE"                      "John Doe"           partial_match  80 initial
	// "Dr. José García-López Jr."  "Jose Garcia-Lopez"  match         100 exact
	// "JANE DOE"                   "John Doe"           no_match       30 surname
}

func ExampleNormalizePhone() {
	for _, s := range []string{"(415) 555-0123", "+44 20 7946 0958", "415-555-0123 ext. 9", "555-0123"} {
		p, err := ownership.NormalizePhone(s)
		fmt.Printf("%q %v\n", p, err)
	}
	// Output:
	// "+14155550123" <nil>
	// "+442079460958" <nil>
	// "+14155550123" <nil>
	// "" ownership: invalid phone number: too few digits
}

func ExampleSplitNames() {
	fmt.Println(ownership.SplitNames("JOHN & JANE DOE"))
	fmt.Println(ownership.SplitNames("Doe, John & Jane"))
	fmt.Println(ownership.SplitNames("Mr. and Mrs. John Doe"))
	// Output:
	// [JOHN DOE JANE DOE]
	// [JOHN DOE JANE DOE]
	// [JOHN DOE]
}

func ExampleParseAddress() {
	a := ownership.ParseAddress("500 N. Fifth Avenue Suite 200\nSaint Louis, Missouri 63101-1234")
	fmt.Printf("%q\n%q\n%q\n%q %q\n", a.Line1, a.Line2, a.City, a.State, a.PostalCode)
	fmt.Println(a)
	// Output:
	// "500 N 5TH AVE"
	// "STE 200"
	// "ST LOUIS"
	// "MO" "63101-1234"
	// 500 N 5TH AVE, STE 200, ST LOUIS, MO 63101-1234
}

// Owners print with their contact details redacted.
func ExampleOwner() {
	o, err := ownership.FromStripe(&stripe.FinancialConnectionsAccountOwner{
		ID:          "fcaowner_123",
		Object:      "financial_connections.account_owner",
		Name:        "Jane Doe",
		Email:       "jane.doe@example.com",
		Phone:       "+1 415-555-0123",
		RawAddress:  "742 Evergreen Terrace, Springfield",
		Ownership:   "fcaowns_456",
		RefreshedAt: 0, // JSON null
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(o)
	fmt.Println(o.Email, o.RefreshedAt.IsZero(), o.RefreshedAt.Equal(time.Time{}))
	// Output:
	// {ID:fcaowner_123 Name:"Jane Doe" Email:j***@example.com Phone:***23 RawAddress:[redacted 34 bytes] Ownership:fcaowns_456 RefreshedAt:zero}
	// jane.doe@example.com true true
}
