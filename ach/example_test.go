package ach_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/stripe/stripe-go/v82"

	"github.com/fcsdk/fcsdk/ach"
)

func Example() {
	acct := &stripe.FinancialConnectionsAccount{
		ID:          "fca_123",
		Category:    stripe.FinancialConnectionsAccountCategoryCredit,
		Subcategory: stripe.FinancialConnectionsAccountSubcategoryCreditCard,
		Status:      stripe.FinancialConnectionsAccountStatusActive,
		Permissions: []stripe.FinancialConnectionsAccountPermission{stripe.FinancialConnectionsAccountPermissionBalances},
	}
	e := ach.Check(acct)
	fmt.Println("eligible:", e.OK())
	for _, r := range e.Reasons {
		fmt.Println("-", r.Description())
	}
	fmt.Println(errors.Is(e.Err(), ach.ErrIneligible))
	// Output:
	// eligible: false
	// - us_bank_account is not among the supported payment method types
	// - category is not cash
	// - subcategory is not checking or savings
	// - payment_method permission not granted
	// true
}

func ExampleCustomerAcceptance() {
	now := time.Date(2022, 3, 16, 16, 38, 12, 0, time.UTC)
	c := ach.CustomerAcceptance{
		Type:       ach.AcceptanceOnline,
		IPAddress:  "71.183.194.54",
		UserAgent:  "Mozilla/5.0",
		AcceptedAt: now,
	}
	if err := c.Validate(now); err != nil {
		panic(err)
	}
	params := &stripe.PaymentIntentConfirmParams{MandateData: c.PaymentIntentMandateData()}
	ca := params.MandateData.CustomerAcceptance
	fmt.Println(*ca.Type, *ca.AcceptedAt, *ca.Online.IPAddress)

	c.IPAddress = "not-an-ip"
	fmt.Println(c.Validate(now))
	// Output:
	// online 1647448692 71.183.194.54
	// ach: invalid customer acceptance: ip_address: not an IP address
}

func ExampleParseAmount() {
	cents, err := ach.ParseAmount("12.34")
	fmt.Println(cents, err, ach.ValidateAmount(cents, "usd"))

	_, err = ach.ParseAmount("12.345")
	fmt.Println(err)

	fmt.Println(ach.ValidateAmount(25, "usd"))
	// Output:
	// 1234 <nil> <nil>
	// ach: invalid amount "12.345": more than 2 decimal places
	// ach: invalid amount of 25 cents: below the minimum of 50 cents
}

func ExampleValidateRoutingNumber() {
	fmt.Println(ach.ValidateRoutingNumber(ach.TestRoutingNumber))
	fmt.Println(ach.ValidateRoutingNumber("110000001"))
	// Output:
	// <nil>
	// ach: invalid routing number "110000001": checksum mismatch
}

func ExampleVerificationMethod() {
	for _, v := range []ach.VerificationMethod{"", ach.Instant, ach.Microdeposits} {
		fmt.Println(v, v.AllowsManualEntry(), v.ProvidesAccountData())
	}
	// Output:
	// automatic true true
	// instant false true
	// microdeposits true false
}

func ExampleReturnFromPaymentIntent() {
	// A PaymentIntent whose ACH debit came back, as Stripe reports it.
	pi := &stripe.PaymentIntent{
		Status:           stripe.PaymentIntentStatusRequiresPaymentMethod,
		LastPaymentError: &stripe.Error{Code: stripe.ErrorCodeInsufficientFunds},
	}
	r, ok := ach.ReturnFromPaymentIntent(pi)
	fmt.Println(ok, r)
	fmt.Println("re-present:", r.MayRepresent(), "stop debits:", r.StopDebits())
	settled := time.Date(2026, 1, 5, 0, 0, 0, 0, time.UTC)
	fmt.Println(r.Code.CheckRepresentment(0, settled, settled.AddDate(0, 0, 3)))
	fmt.Println(r.Code.CheckRepresentment(2, settled, settled.AddDate(0, 0, 3)))
	fmt.Println(ach.R02.CheckRepresentment(0, settled, settled.AddDate(0, 0, 3)))
	// Output:
	// true R01 (insufficient funds)
	// re-present: true stop debits: false
	// <nil>
	// ach: re-presentment limit reached (return R01, 2 prior re-presentments)
	// ach: return code does not allow re-presentment (return R02, 0 prior re-presentments)
}

// CheckSaved tells why a saved payment method and its mandate cannot fund
// another debit: here Stripe blocked the payment method after an R02
// return, and the mandate became inactive.
func ExampleCheckSaved() {
	pm := &stripe.PaymentMethod{ID: "pm_123", Type: stripe.PaymentMethodTypeUSBankAccount,
		USBankAccount: &stripe.PaymentMethodUSBankAccount{StatusDetails: &stripe.PaymentMethodUSBankAccountStatusDetails{
			Blocked: &stripe.PaymentMethodUSBankAccountStatusDetailsBlocked{NetworkCode: "R02", Reason: "bank_account_closed"}}}}
	m := &stripe.Mandate{ID: "mandate_123", Status: stripe.MandateStatusInactive, Type: stripe.MandateTypeMultiUse,
		PaymentMethod: &stripe.PaymentMethod{ID: "pm_123"}}
	e := ach.CheckSaved(pm, m)
	fmt.Println(e.OK(), e.Reasons)
	fmt.Println(e.Blocked.NetworkCode, e.Blocked.NetworkCode.Meaning())
	err := e.Err()
	fmt.Println(errors.Is(err, ach.ErrPaymentMethodBlocked), errors.Is(err, ach.ErrMandateInactive))
	fmt.Println(err)
	// Output:
	// false [payment_method_blocked mandate_inactive]
	// R02 account closed
	// true true
	// ach: payment method pm_123 (mandate mandate_123) cannot be debited: payment_method_blocked (R02 bank_account_closed), mandate_inactive
}
