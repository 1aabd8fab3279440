package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Getenv("STRIPE_SECRET_KEY"), os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the command without the process: it returns the exit status
// (0 done, 1 failed, 2 bad flags, or -seed with STRIPE_SECRET_KEY set).
// The error of a failed run is printed once, on stderr.
func run(ctx context.Context, args []string, key string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("quickstart", flag.ContinueOnError)
	fs.SetOutput(stderr)
	verbose := fs.Bool("v", false, "log every HTTP attempt to stderr")
	seed := fs.Uint64("seed", 1, "seed of the embedded simulator")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	seedSet := false
	fs.Visit(func(f *flag.Flag) { seedSet = seedSet || f.Name == "seed" })
	if seedSet && key != "" {
		fmt.Fprintln(stderr, "quickstart:", errSeedWithKey)
		return 2
	}
	cfg := config{Out: stdout, APIKey: key, Seed: *seed}
	if *verbose {
		cfg.Logger = slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	if _, err := quickstart(ctx, cfg); err != nil {
		fmt.Fprintln(stderr, "quickstart:", err)
		return 1
	}
	return 0
}
