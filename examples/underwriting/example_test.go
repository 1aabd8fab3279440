package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
)

// Run the program on the embedded simulator and keep each applicant's
// decision.
func Example() {
	var out bytes.Buffer
	code := run(context.Background(), nil, &out, io.Discard)
	fmt.Println("exit", code)
	for line := range strings.Lines(out.String()) {
		if line = strings.TrimSpace(line); strings.HasPrefix(line, "decision:") {
			fmt.Println(line)
		}
	}
	// Output:
	// exit 0
	// decision: approve
	// decision: decline (average daily balance below two payments)
}
