// Package option holds the one error shape of every Option in the module:
// [Error], exported by package fincon as fincon.OptionError.
//
// Every package whose constructor takes options (fincon, fincon/webhooks,
// its replay stores and notifier, fincon/redislimit, fincon/otelobserver,
// fctest) builds the errors of its options, and of its constructor's
// arguments, with [New]. Packages that import fincon match
// fincon.ErrInvalidOption ([ErrInvalid]); fctest, which must not import
// fincon, passes its own sentinel, fctest.ErrInvalidOption, and its errors
// match both. Either way a caller finds the failing option with errors.As
// and a *fincon.OptionError.
package option
