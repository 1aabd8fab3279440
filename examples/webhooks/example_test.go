package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
)

// Run the program on the embedded simulator and keep the lines that show
// the payment outcomes arriving as webhooks and the redelivery being
// acknowledged without a second dispatch.
func Example() {
	var out bytes.Buffer
	code := run(context.Background(), nil, &out, io.Discard)
	fmt.Println("exit", code)
	for line := range strings.Lines(out.String()) {
		fields := strings.Fields(line)
		switch {
		case len(fields) > 3 && fields[0] == "webhook" && strings.HasPrefix(fields[3], "payment_intent.") && fields[3] != "payment_intent.processing":
			fmt.Println("event:", fields[3])
		case len(fields) > 3 && fields[0] == "redelivery":
			// Drop the event id: "redelivery of evt_… answered …".
			fmt.Println("redelivery", strings.Join(fields[3:], " "))
		case len(fields) > 0 && fields[0] == "Done:":
			fmt.Println(strings.TrimSpace(line))
		}
	}
	// Output:
	// exit 0
	// event: payment_intent.succeeded
	// event: payment_intent.payment_failed
	// redelivery answered 200, dispatched 0 more times
	// Done: 8 deliveries, 5 dispatched to callbacks, 0 rejected.
}
