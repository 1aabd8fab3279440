// Package stripetime converts Stripe's Unix timestamps into time.Time.
//
// stripe-go decodes a JSON null timestamp into 0, so a plain time.Unix would
// turn "never" into 1970-01-01. Every package of this module converts
// timestamps through Time, which keeps null as the zero time.Time.
package stripetime
