package ownership

import (
	"reflect"
	"testing"
)

func TestNormalizeName(t *testing.T) {
	t.Parallel()
	tests := []struct{ in, want string }{
		{"John Doe", "JOHN DOE"},
		{"  john   DOE  ", "JOHN DOE"},
		{"José Álvarez", "JOSE ALVAREZ"},
		{"Zoë Brontë", "ZOE BRONTE"},
		{"Łukasz Wałęsa", "LUKASZ WALESA"},
		{"Jürgen Strauß", "JURGEN STRAUSS"},
		{"Øystein Ærø", "OYSTEIN AERO"},
		{"ＪＯＨＮ　ＤＯＥ", "JOHN DOE"}, // full-width
		{"Nguyễn Văn Đức", "NGUYEN VAN DUC"},
		{"O'Brien, Patrick", "PATRICK OBRIEN"},
		{"Mary Smith-Jones", "MARY SMITH-JONES"},
		{"Mary Smith - Jones", "MARY SMITH JONES"},
		{"Dr. John Q. Public, Jr.", "JOHN Q PUBLIC"},
		{"MR JOHN DOE III", "JOHN DOE"},
		{"Doe, John", "JOHN DOE"},
		{"DOE, JOHN Q", "JOHN Q DOE"},
		{"Doe Jr., John", "JOHN DOE"},
		{"Doe, Mr. John", "JOHN DOE"},
		{"John Doe, Esq.", "JOHN DOE"},
		{"Sr. José García", "JOSE GARCIA"},
		{"Robert Smith Sr", "ROBERT SMITH"},
		{"Dr", "DR"},
		{"Mr. Jr.", "MR JR"},
		{"John & Jane Doe", "JOHN JANE DOE"},
		{"", ""},
		{"!!! ,,, ---", ""},
		{"\xff\xfeJohn\x00Doe", "JOHN DOE"},
		{"John\u200bDoe", "JOHN DOE"},            // zero-width space separates words
		{"Jo\u200dhn\u202eDoe\ufeff", "JOHNDOE"}, // other format runes are dropped
		{"Иван Петров", "ИВАН ПЕТРОВ"},
		{"иван", "ИВАН"},
	}
	for _, tt := range tests {
		got := NormalizeName(tt.in)
		if got != tt.want {
			t.Errorf("NormalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if again := NormalizeName(got); again != got {
			t.Errorf("NormalizeName not idempotent on %q: %q -> %q", tt.in, got, again)
		}
	}
}

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
