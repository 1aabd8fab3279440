package fincon_test

import (
	"context"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/ownership"
	"github.com/fcsdk/fcsdk/permissions"
)

// Owner match: refresh ownership, collect the owners into a slice with
// Collect, and match them against the customer as your records have them.
func Example_ownerMatch() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim) // in production: fincon.New(os.Getenv("STRIPE_SECRET_KEY"))
	if err != nil {
		fmt.Println(err)
		return
	}
	customer, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		fmt.Println(err)
		return
	}
	perms, _ := permissions.NewSet(permissions.PaymentMethod, permissions.Ownership)
	sess, err := client.CreateSession(ctx, fincon.SessionParams{Holder: fincon.CustomerHolder(customer), Permissions: perms})
	if err != nil {
		fmt.Println(err)
		return
	}
	// The user links two accounts; the second belongs to someone else.
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess, fctest.InstitutionOwnerMismatch)
	if err != nil {
		fmt.Println(err)
		return
	}
	mine := ownership.Record{
		Name:    "Jenny Rosen",
		Email:   "Jenny.Rosen@example.com",
		Address: ownership.ParseAddress("510 Townsend Street, San Francisco CA 94103"),
	}
	for _, id := range ids {
		if _, err := client.RefreshAndWait(ctx, id, permissions.RefreshOwnership); err != nil {
			fmt.Println(err)
			return
		}
		owners, err := fincon.Collect(client.Owners(ctx, id))
		if err != nil {
			fmt.Println(err)
			return
		}
		r := ownership.Match(owners, mine)
		fmt.Printf("%d owner(s): %s (name %d, email %d, address %d)\n", len(owners), r.Verdict, r.Name.Score, r.Email.Score, r.Address.Score)
	}
	// Output:
	// 1 owner(s): match (name 100, email 100, address 100)
	// 1 owner(s): no_match (name 8, email 0, address 0)
}
