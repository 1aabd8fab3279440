package option_test

import (
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/internal/option"
)

func ExampleNew() {
	errSim := errors.New("fctest: invalid option")
	err := error(option.New(errSim, "WithSettlementDays", "%d is negative", -1))
	var oe *option.Error
	fmt.Println(errors.As(err, &oe), oe.Option, errors.Is(err, errSim), errors.Is(err, option.ErrInvalid))
	fmt.Println(err)
	fmt.Println(option.New(nil, "WithMaxRetries", "must be between 0 and %d", 20))
	// Output:
	// true WithSettlementDays true true
	// fctest: invalid option WithSettlementDays: -1 is negative
	// fincon: invalid option WithMaxRetries: must be between 0 and 20
}
