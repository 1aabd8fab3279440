package stripetime_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/fcsdk/fcsdk/internal/stripetime"
)

func TestTime(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		sec  int64
		want time.Time
	}{
		{0, time.Time{}},
		{1, time.Date(1970, 1, 1, 0, 0, 1, 0, time.UTC)},
		{-1, time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC)},
		{1756738800, time.Date(2025, 9, 1, 15, 0, 0, 0, time.UTC)},
	} {
		got := stripetime.Time(tt.sec)
		if !got.Equal(tt.want) || got.IsZero() != tt.want.IsZero() || (!got.IsZero() && got.Location() != time.UTC) {
			t.Errorf("Time(%d) = %v, want %v in UTC", tt.sec, got, tt.want)
		}
	}
}

func ExampleTime() {
	fmt.Println(stripetime.Time(1756738800))
	fmt.Println(stripetime.Time(0).IsZero()) // null, not 1970
	// Output:
	// 2025-09-01 15:00:00 +0000 UTC
	// true
}
