package ownership

import (
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
