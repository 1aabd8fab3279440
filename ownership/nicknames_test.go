package ownership

import "testing"

func TestNicknameTable(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"BOB", "ROBERT", true},
		{"ROBERT", "BOB", true},
		{"BILL", "WILLIAM", true},
		{"LIZ", "ELIZABETH", true},
		{"LIZ", "BETH", true}, // both short for ELIZABETH
		{"AL", "ALBERT", true},
		{"AL", "ALAN", true},
		{"ALAN", "ALBERT", false},
		{"JOHN", "JOAN", false},
		{"BOB", "BILL", false},
		{"ZZZ", "ROBERT", false},
	}
	for _, tt := range tests {
		if got := isNickname(tt.a, tt.b); got != tt.want {
			t.Errorf("isNickname(%s, %s) = %v", tt.a, tt.b, got)
		}
	}
	// Every table entry is already folded.
	for _, g := range nicknameGroups {
		for _, n := range g {
			if NormalizeName(n) != n {
				t.Errorf("table entry %q not normalized", n)
			}
		}
	}
}
