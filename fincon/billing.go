package fincon

import (
	"github.com/stripe/stripe-go/v82"
)

// InvoicePaymentSettings builds an Invoice's payment_settings for ACH
// Direct Debit: payment_method_types=[us_bank_account] and
// payment_method_options[us_bank_account] with the verification method
// and the Financial Connections permissions and prefetch of o. Set it as
// stripe.InvoiceCreateParams.PaymentSettings. Invalid options are refused
// by the rules of BankAccountOptions.Validate: the error is a *ParamError
// (ErrInvalidParams), and for an unknown verification method also matches
// ach.ErrInvalidVerificationMethod.
func InvoicePaymentSettings(o BankAccountOptions) (*stripe.InvoiceCreatePaymentSettingsParams, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	ps := &stripe.InvoiceCreatePaymentSettingsParams{PaymentMethodTypes: []*string{stripe.String(usBankAccount)}}
	if vm, perms, prefetch := o.params(); vm != nil || perms != nil {
		usb := &stripe.InvoiceCreatePaymentSettingsPaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil {
			usb.FinancialConnections = &stripe.InvoiceCreatePaymentSettingsPaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: perms, Prefetch: prefetch}
		}
		ps.PaymentMethodOptions = &stripe.InvoiceCreatePaymentSettingsPaymentMethodOptionsParams{USBankAccount: usb}
	}
	return ps, nil
}

// SubscriptionPaymentSettings builds a Subscription's payment_settings for
// ACH Direct Debit, as InvoicePaymentSettings does for an Invoice (every
// invoice of the subscription uses them). Set it as
// stripe.SubscriptionCreateParams.PaymentSettings; its errors are
// InvoicePaymentSettings'.
func SubscriptionPaymentSettings(o BankAccountOptions) (*stripe.SubscriptionCreatePaymentSettingsParams, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	ps := &stripe.SubscriptionCreatePaymentSettingsParams{PaymentMethodTypes: []*string{stripe.String(usBankAccount)}}
	if vm, perms, prefetch := o.params(); vm != nil || perms != nil {
		usb := &stripe.SubscriptionCreatePaymentSettingsPaymentMethodOptionsUSBankAccountParams{VerificationMethod: vm}
		if perms != nil {
			usb.FinancialConnections = &stripe.SubscriptionCreatePaymentSettingsPaymentMethodOptionsUSBankAccountFinancialConnectionsParams{
				Permissions: perms, Prefetch: prefetch}
		}
		ps.PaymentMethodOptions = &stripe.SubscriptionCreatePaymentSettingsPaymentMethodOptionsParams{USBankAccount: usb}
	}
	return ps, nil
}
