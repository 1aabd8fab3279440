package fincon_test

import (
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
	"github.com/fcsdk/fcsdk/permissions"
)

// repeatedPhrase returns a run of three words that occurs twice in s
// (case and punctuation ignored), or "".
func repeatedPhrase(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '_')
	})
	seen := map[string]bool{}
	for i := 0; i+3 <= len(words); i++ {
		p := strings.Join(words[i:i+3], " ")
		if seen[p] {
			return p
		}
		seen[p] = true
	}
	return ""
}

// TestErrorsDoNotRepeatThemselves is issue 10 §8: errors of invalid input
// said the same thing twice ("at least one permission is required:
// permissions: empty permission set: stripe requires at least one
// permission").
func TestErrorsDoNotRepeatThemselves(t *testing.T) {
	t.Parallel()
	c := setup(t, onFake(newFake())).c
	var empty permissions.Set
	_, e1 := c.CreateSession(t.Context(), fincon.SessionParams{Holder: fincon.CustomerHolder("cus_1"), Permissions: empty})
	_, e2 := c.CreateSession(t.Context(), fincon.SessionParams{Holder: fincon.CustomerHolder("cus_1"),
		Permissions: mustSet(t, permissions.Balances), Prefetch: []permissions.PrefetchFeature{permissions.PrefetchOwnership}})
	_, e3 := fincon.New("pk_test_51FakePublishableKey0123456789")
	for _, err := range []error{e1, e2, e3} {
		if err == nil {
			t.Fatal("invalid input accepted")
		}
		if p := repeatedPhrase(err.Error()); p != "" {
			t.Errorf("%q says %q twice", err, p)
		}
	}
	if !strings.Contains(e1.Error(), "at least one permission") {
		t.Errorf("%q no longer says what is wrong", e1)
	}
	if !strings.Contains(e3.Error(), "publishable key") || !strings.Contains(e3.Error(), "API keys") {
		t.Errorf("%q does not name the publishable key and where the secret key is", e3)
	}
}
