package fcsdk_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadmeOneCommandPerUseCase: the README names one runnable program per
// use case of the source documents, each an existing main package, and
// keeps exactly two set-up commands.
func TestReadmeOneCommandPerUseCase(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	i := strings.Index(readme, "## One program per use case")
	if i < 0 {
		t.Fatal("README.md has no use-case section")
	}
	section := readme[i:]
	if j := strings.Index(section[3:], "\n## "); j >= 0 {
		section = section[:j+3]
	}
	rows := regexp.MustCompile("(?m)^\\| ([^|]+?) \\| `go run \\./examples/([a-z]+)` \\|").FindAllStringSubmatch(section, -1)
	want := map[string]bool{"ACH Direct Debit payments": true, "Connect payouts": true, "Data-powered products": true}
	for _, r := range rows {
		if !want[r[1]] {
			t.Errorf("unexpected or repeated use case %q", r[1])
		}
		delete(want, r[1])
		if src, err := os.ReadFile("examples/" + r[2] + "/main.go"); err != nil || !strings.Contains(string(src), "package main") {
			t.Errorf("use case %q: examples/%s is not a program (%v)", r[1], r[2], err)
		}
	}
	for uc := range want {
		t.Errorf("README lists no command for use case %q", uc)
	}
	setup := readme[strings.Index(readme, "## Two commands"):]
	block := setup[strings.Index(setup, "```sh")+5:]
	block = block[:strings.Index(block, "```")]
	if cmds := strings.Count(strings.TrimSpace(block), "\n") + 1; cmds != 2 {
		t.Errorf("set-up block has %d commands, want 2:\n%s", cmds, block)
	}
}
