package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
)

// TestInit: negsim init writes a template that loads without warnings,
// carries evidence for every parameter, has an agenda and a variant, and
// runs; it refuses to overwrite without --force and rejects a bad name.
func TestInit(t *testing.T) {
	dir := t.TempDir()
	if code, _, errOut := run(t, "init", "talks", "--dir", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	path := filepath.Join(dir, "talks.yaml")
	sc, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatalf("the template does not load: %v", err)
	}
	if sc.Sim.Name != "talks" || len(sc.Warnings) > 0 {
		t.Errorf("name %q, warnings %q; want talks and none", sc.Sim.Name, sc.Warnings)
	}
	if m := scenarios.MissingEvidence(sc.File); len(m) > 0 {
		t.Errorf("the template lacks evidence for %v", m)
	}
	if sc.Sim.Agenda == nil || len(sc.VariantNames) == 0 || !sc.Sim.DeadlineDist.Uncertain() {
		t.Errorf("the template does not show the agenda, a variant and an uncertain deadline")
	}
	code, out, errOut := run(t, "run", path, "--runs", "1000")
	if code != 0 || !strings.Contains(out, "Any agreement") {
		t.Fatalf("run on the template: exit %d: %s%s", code, out, errOut)
	}
	if code, _, _ := run(t, "run", path, "--runs", "500", "--variant", "all-at-once"); code != 0 {
		t.Errorf("the template's variant does not run")
	}
	before, _ := os.ReadFile(path)
	if code, _, errOut := run(t, "init", "talks", "--dir", dir); code == 0 || !strings.Contains(errOut, "--force") {
		t.Errorf("init over an existing file: exit %d, %s; want a refusal naming --force", code, errOut)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("a refused init changed the file")
	}
	if code, _, errOut := run(t, "init", "Bad Name", "--dir", dir); code == 0 || !strings.Contains(errOut, "not valid") {
		t.Errorf("init with a bad name: exit %d, %s", code, errOut)
	}
}
