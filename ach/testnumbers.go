package ach

// Stripe's documented test-mode values for ACH Direct Debit. They work only
// with test API keys (sk_test_…); in live mode they are ordinary, invalid
// bank details. All test account numbers use TestRoutingNumber.
const (
	// TestRoutingNumber is the routing number of Stripe's test bank
	// ("STRIPE TEST BANK"); it passes ValidateRoutingNumber.
	TestRoutingNumber = "110000000"

	// TestAccountNumberSuccess: the payment succeeds.
	TestAccountNumberSuccess = "000123456789"
	// TestAccountNumberAccountClosed: the payment fails because the
	// account is closed.
	TestAccountNumberAccountClosed = "000111111113"
	// TestAccountNumberNoAccount: the payment fails because no account is
	// found.
	TestAccountNumberNoAccount = "000111111116"
	// TestAccountNumberInsufficientFunds: the payment fails with
	// insufficient funds (ACH return R01).
	TestAccountNumberInsufficientFunds = "000222222227"
	// TestAccountNumberDebitNotAuthorized: the payment fails because
	// debits are not authorized on the account.
	TestAccountNumberDebitNotAuthorized = "000333333335"

	// TestPaymentMethodSuccess and the following test PaymentMethod IDs
	// behave like the account numbers of the same name.
	TestPaymentMethodSuccess            = "pm_usBankAccount_success"
	TestPaymentMethodAccountClosed      = "pm_usBankAccount_accountClosed"
	TestPaymentMethodNoAccount          = "pm_usBankAccount_noAccount"
	TestPaymentMethodInsufficientFunds  = "pm_usBankAccount_insufficientFunds"
	TestPaymentMethodDebitNotAuthorized = "pm_usBankAccount_debitNotAuthorized"

	// TestMicrodepositAmount1 and TestMicrodepositAmount2 (in cents)
	// verify an account in test mode when it is verified with two amount
	// microdeposits.
	TestMicrodepositAmount1 int64 = 32
	TestMicrodepositAmount2 int64 = 45
	// TestDescriptorCode verifies an account in test mode when it is
	// verified with a descriptor-code microdeposit.
	TestDescriptorCode = "SM11AA"
)
