package balances

import "github.com/fcsdk/fcsdk/ach"

// ValidateACH checks m as the amount of an ACH Direct Debit, by
// ach.ValidateAmount's rules: the currency must be USD (the error matches
// ach.ErrUnsupportedCurrency), the amount between ach.MinAmount and
// ach.MaxAmount cents (the error matches ach.ErrInvalidAmount).
// It lets a caller that holds Money, as the rest of the SDK does, check an
// amount without splitting it into cents and a currency string.
func (m Money) ValidateACH() error {
	return ach.ValidateAmount(m.Amount, string(m.Currency))
}

// ParseUSD parses decimal dollars ("12.34", "0.5", "12") into USD Money,
// by ach.ParseAmount's strict syntax (no sign, "$", separators or more
// than two decimal places; errors match ach.ErrInvalidAmount). It checks
// syntax only: validate the result with Money.ValidateACH.
func ParseUSD(s string) (Money, error) {
	cents, err := ach.ParseAmount(s)
	if err != nil {
		return Money{}, err
	}
	return Money{Amount: cents, Currency: USD}, nil
}
