package pgserver_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/pgserver"
)

// A test gets its own cluster and connects to its DSN through pgx:
//
//	func TestStore(t *testing.T) {
//		srv := pgserver.Start(t) // skips, naming the install command, if absent
//		db, err := sql.Open("pgx", srv.DSN)
//		...
//	}
//
// When PostgreSQL is missing, the skip message names this command:
func Example() {
	fmt.Println(pgserver.InstallCommand)
	// Output: apt-get install postgresql
}
