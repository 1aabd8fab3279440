package balances_test

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/fcsdk/fcsdk/balances"
	"github.com/stripe/stripe-go/v82"
)

func ExampleFromStripe() {
	// A balance as Stripe sends it inside a financial_connections.account.
	raw := `{"as_of": 1735732800, "type": "cash",
		"current": {"usd": 645099}, "cash": {"available": {"usd": 612034}}, "credit": null}`
	var sb stripe.FinancialConnectionsAccountBalance
	if err := json.Unmarshal([]byte(raw), &sb); err != nil {
		panic(err)
	}
	b, err := balances.FromStripe(&sb)
	if err != nil {
		panic(err)
	}
	cur, _ := b.Current(balances.USD)
	av, _ := b.Available(balances.USD)
	_, hasUsed := b.Used(balances.USD)
	fmt.Println(b.Type, b.AsOf.Format("2006-01-02 15:04"))
	fmt.Println("current:", cur)
	fmt.Println("available:", av)
	fmt.Println("used reported:", hasUsed)
	// Output:
	// cash 2025-01-01 12:00
	// current: 6450.99 USD
	// available: 6120.34 USD
	// used reported: false
}

func ExampleMoney_Sub() {
	a := balances.Money{Amount: 1000, Currency: balances.USD}
	b := balances.Money{Amount: 2234, Currency: balances.USD}
	d, _ := a.Sub(b)
	fmt.Println(d)

	_, err := a.Add(balances.Money{Amount: 1, Currency: balances.EUR})
	fmt.Println(err)

	fmt.Println(balances.Money{Amount: 1234, Currency: balances.JPY})
	// Output:
	// -12.34 USD
	// balances: add USD and EUR: currency mismatch
	// 1234 JPY
}

func ExampleCheck() {
	asOf := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	b, _ := balances.NewCash(asOf,
		[]balances.Money{{Amount: 52000, Currency: balances.USD}}, // current: 520.00
		[]balances.Money{{Amount: 48000, Currency: balances.USD}}) // available: 480.00

	debit := balances.Money{Amount: 45000, Currency: balances.USD}
	opts := balances.CheckOptions{
		Now:    asOf.Add(2 * time.Hour),
		MaxAge: 6 * time.Hour,
		Margin: 2500, // keep 25.00 after the debit
	}
	fmt.Println(balances.Check(b, debit, opts))

	opts.MarginBps = 200 // and 2% of the amount on top
	s := balances.Check(b, debit, opts)
	fmt.Println(s, "short by", s.Shortfall())

	opts.Now = asOf.Add(7 * time.Hour)
	fmt.Println(balances.Check(b, debit, opts))
	// Output:
	// sufficient (covered): need 475.00 USD, have 480.00 USD
	// insufficient (shortfall): need 484.00 USD, have 480.00 USD short by 4.00 USD
	// unknown (stale): balance is 7h0m0s old at Now
}
