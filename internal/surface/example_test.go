package surface_test

import (
	"fmt"
	"os"

	"github.com/fcsdk/fcsdk/internal/surface"
)

func Example() {
	rep, err := surface.Measure("testdata/mod", 3)
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = rep.WriteTable(os.Stdout)
	// Output:
	// package                       names methods error types sentinels
	// pkg                               6       2          1         2
	// total                             6       2          1         2
	// files over the line budget: 2
	//   internal/priv/priv.go (5 lines)
	//   pkg/pkg.go (35 lines)
}
