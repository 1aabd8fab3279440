package main

import (
	"context"
	"fmt"
)

// Run the whole quickstart on the embedded simulator and look at what it
// did instead of what it printed.
func Example() {
	sum, err := quickstart(context.Background(), config{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sum.Mode, "-", sum.Eligible, "of", len(sum.Accounts), "accounts eligible")
	for _, p := range sum.Payments {
		if p.FailureCode != "" {
			fmt.Println(p.Amount, p.Status, "code", p.FailureCode, "return", p.Return)
			continue
		}
		fmt.Println(p.Amount, p.Status)
	}
	next, _ := sum.Insights.NextPayday()
	fmt.Println("next payday:", next.Next.Format("2006-01-02"), next.Amount)
	// Output:
	// simulator - 3 of 4 accounts eligible
	// 125.00 USD succeeded
	// 125.00 USD requires_payment_method code insufficient_funds return R01
	// next payday: 2025-09-12 2450.00 USD
}

// A live key is refused before anything is sent.
func Example_liveKey() {
	_, err := quickstart(context.Background(), config{APIKey: "sk_live_0000"})
	fmt.Println(err)
	// Output:
	// refusing a live-mode api key: the quickstart only runs in test mode (set STRIPE_SECRET_KEY to an sk_test_ key, or unset it to run on the embedded simulator)
}
