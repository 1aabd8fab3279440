package quote_test

import (
	"fmt"

	"github.com/fcsdk/fcsdk/internal/quote"
)

func ExampleBounded() {
	fmt.Println(quote.Bounded("usd", 16))
	fmt.Println(quote.Bounded("000000\"\xf7\xf7\xf7\xf7\xf7\xf7", 20))
	// Output:
	// "usd"
	// "000000\"\xf7…"
}
