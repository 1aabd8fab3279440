package contract_test

import (
	"context"
	"fmt"

	"github.com/fcsdk/fcsdk/fctest"
	"github.com/fcsdk/fcsdk/internal/contract"
)

// Run the suite against the simulator.
func ExampleCalls() {
	sim, err := fctest.New()
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := contract.NewSimEnv(sim)
	if err != nil {
		fmt.Println(err)
		return
	}
	passed := 0
	for _, c := range contract.Calls() {
		if err := c.Run(context.Background(), e); err != nil {
			fmt.Println(c.Name, "failed:", err)
			return
		}
		passed++
	}
	fmt.Println(passed, "calls passed on", e.Name)
	// Output:
	// 41 calls passed on fctest
}
