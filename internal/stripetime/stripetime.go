package stripetime

import "time"

// Time returns the instant sec seconds after the Unix epoch, in UTC, or the
// zero time.Time when sec is 0 (a JSON null decoded by stripe-go).
func Time(sec int64) time.Time {
	if sec == 0 {
		return time.Time{}
	}
	return time.Unix(sec, 0).UTC()
}
