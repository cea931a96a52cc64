package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/internal/schematest"
)

// schemaDir holds the shipped schemas.
var schemaDir = filepath.Join("..", "docs", "schema")

// negsim schema prints the shipped schemas (which the scenarios and cmd
// tests keep up to date with the types), and rejects an unknown name.
func TestSchemaCommand(t *testing.T) {
	for _, args := range [][]string{{"schema"}, {"schema", "scenario"}} {
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		want, err := os.ReadFile(filepath.Join(schemaDir, "scenario.schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%v does not print docs/schema/scenario.schema.json", args)
		}
	}
	if code, _, errOut := run(t, "schema", "scenarios"); code == 0 || !strings.Contains(errOut, `did you mean "scenario"`) {
		t.Errorf("schema scenarios: exit %d, %s; want an error that suggests scenario", code, errOut)
	}
}

// The template in the repository points editors at the shipped schema; the
// one negsim init writes has no such line (the path would not resolve
// beside it) and passes the schema.
func TestInitTemplateSchema(t *testing.T) {
	first, _, _ := strings.Cut(scenarioTemplate, "\n")
	if first != modeline+" $schema=../../docs/schema/scenario.schema.json" {
		t.Errorf("templates/scenario.yaml starts with %q, want the schema line", first)
	}
	if _, err := os.Stat(filepath.Join("templates", "../../docs/schema/scenario.schema.json")); err != nil {
		t.Errorf("the template's schema line points at no file: %v", err)
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, "init", "talks", "--dir", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	path := filepath.Join(dir, "talks.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(string(data), modeline) {
		t.Error("negsim init wrote the repository's schema line")
	}
	s := schematest.Compile(t, filepath.Join(schemaDir, "scenario.schema.json"))
	if err := schematest.Validate(s, path, nil); err != nil {
		t.Errorf("the schema rejects the template negsim init writes:\n%v", err)
	}
}
