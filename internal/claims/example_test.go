package claims_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/claims"
)

func ExampleTokens() {
	var ts claims.Tokens
	ts.Put("evt_1", claims.NewToken())
	fmt.Println(len(ts.Take("evt_1")), ts.Take("evt_1") == "")
	// Output: 32 true
}
