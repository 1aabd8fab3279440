package transactions_test

import (
	"encoding/json"
	"fmt"

	"github.com/fcsdk/fcsdk/transactions"
	"github.com/stripe/stripe-go/v82"
)

func ExampleFromStripe() {
	raw := `{"id": "fctxn_123", "object": "financial_connections.transaction",
		"account": "fca_123", "amount": -1899, "currency": "usd",
		"description": "NETFLIX.COM", "status": "posted",
		"status_transitions": {"posted_at": 1735819200, "void_at": null},
		"transacted_at": 1735732800, "transaction_refresh": "fctxnref_1", "updated": 1735822800}`
	var st stripe.FinancialConnectionsTransaction
	if err := json.Unmarshal([]byte(raw), &st); err != nil {
		panic(err)
	}
	tx, err := transactions.FromStripe(&st)
	if err != nil {
		panic(err)
	}
	fmt.Println(tx.Status, tx.Amount, tx.Description)
	fmt.Println("posted:", tx.PostedAt.Format("2006-01-02"))
	fmt.Println("void time known:", !tx.VoidAt.IsZero())
	// Output:
	// posted -18.99 USD NETFLIX.COM
	// posted: 2025-01-02
	// void time known: false
}
