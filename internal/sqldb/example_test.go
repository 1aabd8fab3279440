package sqldb_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/sqldb"
)

// Queries are written once with PostgreSQL placeholders.
func ExampleDialect_Rebind() {
	q := `SELECT state FROM t WHERE id = $1 AND n > $2`
	fmt.Println(sqldb.PostgreSQL.Rebind(q))
	fmt.Println(sqldb.SQLite.Rebind(q))
	// Output:
	// SELECT state FROM t WHERE id = $1 AND n > $2
	// SELECT state FROM t WHERE id = ?1 AND n > ?2
}
