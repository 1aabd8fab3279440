package ownership

import "testing"

func TestCompareNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b   string
		score  int
		reason string
	}{
		{"John Doe", "JOHN DOE", 100, ReasonExact},
		{"Bob Smith", "Robert Smith", 90, ReasonNickname},
		{"Liz Taylor", "Elizabeth Taylor", 90, ReasonNickname},
		{"Bill Gates", "William H Gates", 86, ReasonNickname},
		{"J Doe", "John Doe", 80, ReasonInitial},
		{"John Doe", "John Q Doe", 95, ReasonMiddle},
		{"John Q Doe", "John Quincy Doe", 100, ReasonExact},
		{"John Q Doe", "John R Doe", 75, ReasonPartial},
		{"Doe John", "John Doe", 90, ReasonReordered},
		{"Doe, John", "John Doe", 100, ReasonExact},
		{"Jane Doe", "John Doe", 30, ReasonSurname},
		{"John Doe", "John Smith", 25, ReasonPartial},
		{"Alice Walker", "Bob Marley", 8, ReasonDifferent},
		{"Mary Smith", "Mary Smith-Jones", 90, ReasonPartial},
		{"Jonathan Doe", "Johnathan Doe", 70, ReasonTypo},
		{"Steven Johnson", "Steven Jonhson", 85, ReasonTypo},
		{"John Doe", "Joan Doe", 30, ReasonSurname},
		{"Madonna", "Madonna", 100, ReasonExact},
		{"Doe", "John Doe", 50, ReasonPartial},
		{"Cher", "John Doe", 0, ReasonDifferent},
		{"", "John Doe", 0, ReasonMissing},
	}
	for _, tt := range tests {
		a := personTokens(nameTokens(tt.a))
		b := personTokens(nameTokens(tt.b))
		if tt.a == "" {
			a = nil
		}
		got := compareNames(a, b)
		if got.score != tt.score || got.reason != tt.reason {
			t.Errorf("compareNames(%q, %q) = %d %s, want %d %s", tt.a, tt.b, got.score, got.reason, tt.score, tt.reason)
		}
		// Symmetric.
		if rev := compareNames(b, a); rev.score != got.score && tt.a != "Doe John" {
			t.Errorf("compareNames(%q, %q) = %d, reverse %d", tt.a, tt.b, got.score, rev.score)
		}
	}
}

func TestEditDistance(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"", "", 1, 0},
		{"ABC", "ABC", 1, 0},
		{"JOHNSON", "JONHSON", 1, 1}, // transposition
		{"SMITH", "SMYTH", 1, 1},
		{"SMITH", "SMITHE", 1, 1},
		{"SMITH", "JONES", 1, 2},
		{"A", "ABCDEF", 1, 2},
		{string(make([]byte, 80)), string(make([]byte, 80)), 1, 0},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b, tt.max); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
