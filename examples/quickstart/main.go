// Command quickstart walks through a Financial Connections integration:
// link bank accounts, refresh and read balances, check ACH eligibility and
// ownership, debit an account with a mandate and summarise its transactions.
//
//	go run ./examples/quickstart
//
// Without STRIPE_SECRET_KEY it runs on the embedded simulator (package
// fctest): no account, no network, the same output every time. With an
// sk_test_ key it runs the server-side half against Stripe test mode and
// explains what the browser half needs. Live keys are refused.
//
// Flags:
//
//	-v     log every HTTP attempt (debug level) to stderr
//	-seed  seed of the simulator (default 1)
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"

	"github.com/fcsdk/fcsdk/internal/demo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv("STRIPE_SECRET_KEY"), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags).
func run(ctx context.Context, args []string, key string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "log every HTTP attempt to stderr")
	seed := fs.Uint64("seed", 1, "seed of the embedded simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg := demo.Config{Out: stdout, APIKey: key, Seed: *seed}
	if *verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if _, err := demo.Run(ctx, cfg); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	return 0
}
