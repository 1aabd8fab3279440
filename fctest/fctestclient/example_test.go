package fctestclient_test

import (
	"context"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/fctest/fctestclient"
	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// One call wires a client to the simulator; RefreshAndWait then runs on
// simulated time and returns at once.
func ExampleNew() {
	ctx := context.Background()
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	client, err := fctestclient.New(sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	customer, err := client.CreateCustomer(ctx, fincon.CustomerParams{Name: "Jenny Rosen"})
	if err != nil {
		fmt.Println(err)
		return
	}
	perms, _ := permissions.NewSet(permissions.PaymentMethod, permissions.Balances)
	sess, err := client.CreateSession(ctx, fincon.SessionParams{
		Holder:      fincon.CustomerHolder(customer),
		Permissions: perms,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	ids, err := sim.LinkAccounts(sess.ID, fctest.InstitutionSuccess)
	if err != nil {
		fmt.Println(err)
		return
	}
	start := sim.Clock().Now()
	if _, err := client.RefreshAndWait(ctx, ids[0], permissions.RefreshBalance); err != nil {
		fmt.Println(err)
		return
	}
	bal, err := client.Balance(ctx, ids[0])
	if err != nil {
		fmt.Println(err)
		return
	}
	avail, _ := bal.Available("usd")
	fmt.Println("available:", avail)
	fmt.Println("simulated wait:", sim.Clock().Now().Sub(start))
	// Output:
	// available: 12512.89 USD
	// simulated wait: 8.125s
}
