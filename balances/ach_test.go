package balances_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/fcsdk/fcsdk/ach"
	"github.com/fcsdk/fcsdk/balances"
)

// ValidateACH agrees with ach.ValidateAmount on every boundary and
// currency, and ParseUSD with ach.ParseAmount on every input.
func TestMoneyACHMatchesAch(t *testing.T) {
	t.Parallel()
	for _, cur := range []balances.Currency{balances.USD, "USD", "eur", ""} {
		for _, amt := range []int64{-1, 0, 1, ach.MinAmount - 1, ach.MinAmount, 1234, ach.MaxAmount, ach.MaxAmount + 1} {
			got := balances.Money{Amount: amt, Currency: cur}.ValidateACH()
			want := ach.ValidateAmount(amt, string(cur))
			if (got == nil) != (want == nil) || fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("%d %q: ValidateACH %v, ach.ValidateAmount %v", amt, cur, got, want)
			}
		}
	}
	for _, s := range []string{"12.34", "0.5", "12", "", "$1", "1,000", "1.234", "-1", "01", "1e3", "99999999999999999999"} {
		m, err := balances.ParseUSD(s)
		cents, want := ach.ParseAmount(s)
		if (err == nil) != (want == nil) {
			t.Errorf("%q: ParseUSD err %v, ach.ParseAmount err %v", s, err, want)
			continue
		}
		if err != nil {
			if !errors.Is(err, ach.ErrInvalidAmount) {
				t.Errorf("%q: err %v does not match ach.ErrInvalidAmount", s, err)
			}
			continue
		}
		if m != (balances.Money{Amount: cents, Currency: balances.USD}) {
			t.Errorf("%q: %v, want %d cents USD", s, m, cents)
		}
	}
}

func ExampleParseUSD() {
	m, err := balances.ParseUSD("12.34")
	fmt.Println(m, err, m.ValidateACH())
	_, err = balances.ParseUSD("12.345")
	fmt.Println(err)
	fmt.Println(balances.Money{Amount: 10, Currency: balances.USD}.ValidateACH())
	// Output:
	// 12.34 USD <nil> <nil>
	// ach: invalid amount "12.345": more than 2 decimal places
	// ach: invalid amount of 10 cents: below the minimum of 50 cents
}
