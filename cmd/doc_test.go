package cmd

import (
	"os"
	"strings"
	"testing"
)

// The package comment lists every command, so that it cannot go stale
// again when one is added.
func TestDocListsEveryCommand(t *testing.T) {
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range newRoot().Commands() {
		name := c.Name()
		if name == "help" || name == "completion" {
			continue // added by cobra
		}
		if !strings.Contains(string(doc), "//\t"+name+" ") {
			t.Errorf("cmd/doc.go does not list the command %q", name)
		}
	}
}
