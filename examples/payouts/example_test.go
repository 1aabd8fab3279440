package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
)

// Run the program on the embedded simulator and keep the verdicts and what
// happened to each bank.
func Example() {
	var out bytes.Buffer
	code := run(context.Background(), nil, &out, io.Discard)
	fmt.Println("exit", code)
	for line := range strings.Lines(out.String()) {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"bank owners", "held for review", "retry with", "balances for"} {
			if strings.HasPrefix(line, prefix) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// exit 0
	// bank owners ["Jenny Rosen"] vs "Jenny Rosen": verdict match (score 100)
	// retry with the same key: same external account true; 1 external account(s) on file
	// bank owners ["Morgan Different"] vs "Riley Rocket": verdict no_match (score 8)
	// held for review: the bank is not attached
	// balances for a Standard account: refused=true, requests sent=0
}
