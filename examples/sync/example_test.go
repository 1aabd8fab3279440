package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
)

// Run the program on the embedded simulator and keep the lines that show
// exactly-once delivery: the totals of the daily syncs and the two syncs
// that must yield nothing.
func Example() {
	var out bytes.Buffer
	code := run(context.Background(), nil, &out, io.Discard)
	fmt.Println("exit", code)
	for line := range strings.Lines(out.String()) {
		line = strings.TrimSpace(line)
		for _, prefix := range []string{"daily syncs:", "sync again:", "replay of"} {
			if strings.HasPrefix(line, prefix) {
				fmt.Println(line)
			}
		}
	}
	// Output:
	// exit 0
	// daily syncs: 2 added, 3 updated, 1 voided
	// sync again: 0 listed, 0 events
	// replay of the 3 days: 5 listed, 5 unchanged, 0 events
}
