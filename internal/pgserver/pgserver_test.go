package pgserver_test

import (
	"context"
	"database/sql"
	"net"
	"os"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/internal/pgserver"
)

func TestStartQueryStop(t *testing.T) {
	srv := pgserver.Start(t)
	if srv == nil {
		return // skipped: PostgreSQL is not installed
	}
	ctx := context.Background()
	dsn, err := srv.CreateDatabase(ctx, "fcsdk_test")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var name string
	var sum int64
	if err := db.QueryRowContext(ctx, "SELECT current_database(), $1::bigint + 1", int64(41)).Scan(&name, &sum); err != nil {
		t.Fatal(err)
	}
	if name != "fcsdk_test" || sum != 42 {
		t.Fatalf("got %q, %d", name, sum)
	}
	srv.Stop()
	srv.Stop() // idempotent
	if c, err := net.Dial("tcp", srv.Addr); err == nil {
		c.Close()
		t.Fatalf("%s still accepts connections after Stop", srv.Addr)
	}
}

func TestFindHonoursEnv(t *testing.T) {
	t.Setenv(pgserver.EnvBin, "/nonexistent/postgres")
	if _, err := pgserver.Find(); err == nil {
		t.Fatal("Find accepted a missing binary")
	}
	// The Debian package keeps its binaries off PATH, in
	// /usr/lib/postgresql/<major>/bin: Find must look there by itself.
	t.Setenv(pgserver.EnvBin, "")
	t.Setenv("PATH", "")
	p, err := pgserver.Find()
	switch {
	case err == nil && !strings.HasPrefix(p, "/usr/lib/postgresql/"):
		t.Fatalf("Find without PATH = %s, want a /usr/lib/postgresql/*/bin binary", p)
	case err != nil && os.Getenv("CI") != "":
		t.Fatalf("CI machine without PostgreSQL: %v", err)
	}
}
