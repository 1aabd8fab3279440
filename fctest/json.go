package fctest

import "time"

// Stripe writes null for an unset string or time and [] for an empty
// list; these helpers give the JSON encoder those values.

func strPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func unixPtr(t time.Time) *int64 {
	if t.IsZero() {
		return nil
	}
	u := t.Unix()
	return &u
}

func nonNil(v []string) []string {
	if v == nil {
		return []string{}
	}
	return v
}
