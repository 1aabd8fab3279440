package transactions

import "time"

// Calendar reports whether a date is a banking business day, when ACH
// credits settle and employers' payroll lands. The date is given as
// midnight UTC of the calendar day.
type Calendar func(date time.Time) bool

// USBankingDay is the default [Calendar]: Monday to Friday except the
// Federal Reserve holidays (New Year's Day, Martin Luther King Jr. Day,
// Washington's Birthday, Memorial Day, Juneteenth from 2022, Independence
// Day, Labor Day, Columbus Day, Veterans Day, Thanksgiving, Christmas).
// A holiday falling on a Sunday is observed the Monday after; one falling
// on a Saturday is not moved, as at the Federal Reserve.
func USBankingDay(date time.Time) bool {
	switch date.Weekday() {
	case time.Saturday, time.Sunday:
		return false
	}
	return !USBankHoliday(date)
}

// USBankHoliday reports whether date is an observed Federal Reserve
// holiday (see [USBankingDay]).
func USBankHoliday(date time.Time) bool {
	y, m, d := date.Date()
	wd := date.Weekday()
	nth := (d-1)/7 + 1 // 1st, 2nd, … weekday of the month
	last := d+7 > daysIn(y, m)
	fixed := func(fm time.Month, fd int) bool {
		if m == fm && d == fd {
			return true
		}
		// A Sunday holiday is observed on Monday.
		return wd == time.Monday && m == fm && d == fd+1
	}
	switch {
	case fixed(time.January, 1), fixed(time.July, 4), fixed(time.November, 11), fixed(time.December, 25):
		return true
	case y >= 2022 && fixed(time.June, 19):
		return true
	}
	switch {
	case m == time.January && wd == time.Monday && nth == 3, // Martin Luther King Jr. Day
		m == time.February && wd == time.Monday && nth == 3,   // Washington's Birthday
		m == time.May && wd == time.Monday && last,            // Memorial Day
		m == time.September && wd == time.Monday && nth == 1,  // Labor Day
		m == time.October && wd == time.Monday && nth == 2,    // Columbus Day
		m == time.November && wd == time.Thursday && nth == 4: // Thanksgiving
		return true
	}
	return false
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}
