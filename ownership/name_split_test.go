package ownership

import (
	"reflect"
	"testing"
)

func TestSplitNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"JOHN & JANE DOE", []string{"JOHN DOE", "JANE DOE"}},
		{"John Doe and Jane Doe", []string{"JOHN DOE", "JANE DOE"}},
		{"John Doe or Jane Smith", []string{"JOHN DOE", "JANE SMITH"}},
		{"JOHN Q & JANE DOE", []string{"JOHN Q DOE", "JANE DOE"}},
		{"Doe, John & Jane", []string{"JOHN DOE", "JANE DOE"}},
		{"Mr and Mrs John Doe", []string{"JOHN DOE"}},
		{"MR & MRS JOHN DOE", []string{"JOHN DOE"}},
		{"John Doe / Jane Doe", []string{"JOHN DOE", "JANE DOE"}},
		{"John Doe + John Doe", []string{"JOHN DOE"}},
		{"Doe, John", []string{"JOHN DOE"}},
		{"John Doe", []string{"JOHN DOE"}},
		{"&", nil},
		{"and or and", nil},
		{"", nil},
		{"Mr", []string{"MR"}},
	}
	for _, tt := range tests {
		got := SplitNames(tt.in)
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("SplitNames(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
