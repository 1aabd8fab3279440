package ownership

import "testing"

// TestCompoundGivenNames is issue 10 §7: hyphenated, spaced and
// run-together compound given names, one word of a compound given name,
// and apostrophes in family names are judged as a careful person would;
// different people stay apart.
func TestCompoundGivenNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		record, bank string
		want         Verdict
	}{
		{"Mary Kate O'Brien", "OBRIEN MARY-KATE", VerdictMatch},
		{"Mary Kate O'Brien", "MARY-KATE O'BRIEN", VerdictMatch},
		{"MaryKate O'Brien", "MARY KATE OBRIEN", VerdictMatch},
		{"Mary-Kate OBrien", "MARYKATE OBRIEN", VerdictMatch},
		{"Jean-Luc Picard", "PICARD JEAN LUC", VerdictMatch},
		{"Sean O'Brien", "SEAN O BRIEN", VerdictMatch},
		{"Ana D'Angelo", "ANA D ANGELO", VerdictMatch},
		{"Mary-Kate O'Brien", "MARY OBRIEN", VerdictMatch},
		{"Mary O'Brien", "MARY-KATE OBRIEN", VerdictMatch},
		{"Kate O'Brien", "MARY-KATE OBRIEN", VerdictPartialMatch},
		// Different people stay apart.
		{"Mary-Kate Olsen", "ASHLEY OLSEN", VerdictNoMatch},
		{"Mary Kate O'Brien", "MARY KATE OBRIAN SMITH", VerdictNoMatch},
		{"Jean-Luc Picard", "JEAN-LUC GODARD", VerdictNoMatch},
	}
	for _, tt := range tests {
		t.Run(tt.record+" vs "+tt.bank, func(t *testing.T) {
			t.Parallel()
			res := Match([]Owner{{ID: "fcaowner_1", Name: tt.bank}}, Record{Name: tt.record})
			if res.Verdict != tt.want {
				t.Errorf("verdict %s (name %d %s), want %s", res.Verdict, res.Name.Score, res.Name.Reason, tt.want)
			}
		})
	}
}
