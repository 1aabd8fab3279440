package fcsdk_test

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeUsesTheExample: every line of Example_freshBalanceThenDebit
// between "// README: begin" and "// README: end" appears in README.md's
// Usage sample, in order (indentation and the example's own printing and
// error handling — fail, fmt.Println, return — aside: the README logs), so the README shows code that go test runs.
func TestReadmeUsesTheExample(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("readme_example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	usage := string(readme)
	if i := strings.Index(usage, "## Usage"); i >= 0 {
		usage = usage[i:]
	} else {
		t.Fatal("README.md has no Usage section")
	}
	var lines []string
	in := false
	for _, l := range strings.Split(string(src), "\n") {
		l = strings.TrimSpace(l)
		switch {
		case l == "// README: begin":
			in = true
		case l == "// README: end":
			in = false
		case in && l != "" && !strings.HasPrefix(l, "fail(err)") && !strings.HasPrefix(l, "return") && l != "}" &&
			!strings.HasPrefix(l, "fmt.Println"):
			lines = append(lines, l)
		}
	}
	if len(lines) < 20 {
		t.Fatalf("only %d marked lines in the example", len(lines))
	}
	rest := usage
	for _, l := range lines {
		i := strings.Index(rest, l)
		if i < 0 {
			t.Errorf("README.md's Usage lacks (in order) the example's line:\n\t%s", l)
			continue
		}
		rest = rest[i+len(l):]
	}
}
