package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestResultsTravel: a results folder moved elsewhere, with the scenario
// file edited and then deleted, still replays (identically) and redraws,
// from another working directory; the replay says the file on disk
// changed, then that it is gone.
func TestResultsTravel(t *testing.T) {
	src := t.TempDir()
	scen := filepath.Join(src, "talks.yaml")
	data, err := os.ReadFile("../scenarios/testdata/valid/agenda.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scen, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(src, "out")
	if code, _, errOut := run(t, "run", scen, "--runs", "600", "--seed", "4", "--set", "parties.russia.reservation=0.35", "--out", out); code != 0 {
		t.Fatalf("run: %s", errOut)
	}
	moved := filepath.Join(t.TempDir(), "sent")
	if err := os.Rename(out, moved); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scen, append(data, []byte("\ndescription: edited after the run\n")...), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	results := filepath.Join(moved, "results.json")
	code, outText, errOut := run(t, "run", "--replay", results)
	if code != 0 || !strings.Contains(outText, "identical") || !strings.Contains(errOut, "has changed since") {
		t.Fatalf("replay after an edit: exit %d\n%s%s", code, outText, errOut)
	}
	if err := os.Remove(scen); err != nil {
		t.Fatal(err)
	}
	code, outText, errOut = run(t, "run", "--replay", results)
	if code != 0 || !strings.Contains(outText, "identical") || !strings.Contains(errOut, "could not be read") {
		t.Fatalf("replay after a delete: exit %d\n%s%s", code, outText, errOut)
	}
	redraw := filepath.Join(t.TempDir(), "redraw")
	if code, _, errOut := run(t, "plot", results, "--out", redraw); code != 0 {
		t.Fatalf("plot: %s", errOut)
	}
	for _, f := range []string{"index.html", "agreement_by_round.svg", "items_in_force_by_round.svg"} {
		if _, err := os.Stat(filepath.Join(redraw, f)); err != nil {
			t.Errorf("plot did not write %s: %v", f, err)
		}
	}
}
