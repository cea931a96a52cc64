package cmd

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnalyzeGolden(t *testing.T) {
	code, out, errOut := run(t, "analyze")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "analyze_default.golden", out)
}

func TestAnalyze(t *testing.T) {
	// JSON with the frontier; the utility-space plot in --out.
	dir := filepath.Join(t.TempDir(), "an")
	code, out, errOut := run(t, "analyze", "--json", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep AnalysisReport
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Packages != 256 || !rep.Enumerated || !rep.ZOPA.Exists || rep.Frontier == nil || len(rep.Frontier.Points) != rep.Frontier.Vectors || len(rep.Solutions) != 5 {
		t.Errorf("analyze --json: %+v", rep)
	}
	for _, f := range []string{"analysis.json", UtilityPlot + ".png", UtilityPlot + ".svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// An empty zone names who empties it.
	code, out, errOut = run(t, "analyze", "--set", "parties.russia.reservation=0.95")
	if code != 0 || !strings.Contains(out, "EMPTY") || !strings.Contains(out, "russia: its reservation value alone empties it") {
		t.Errorf("analyze with an impossible Russian reservation: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	// A run's draw.
	code, out, _ = run(t, "analyze", "--run", "3", "--seed", "1")
	if code != 0 || !strings.Contains(out, "as drawn for run 3 with seed 1") {
		t.Errorf("analyze --run 3: exit %d, stdout:\n%s", code, out)
	}
	// A GENIUS domain.
	d := "../scenarios/testdata/genius/anac/Laptop/"
	code, out, errOut = run(t, "analyze", d+"Laptop-C-domain.xml", "--profile", d+"Laptop-C-prof1.xml", "--profile", d+"Laptop-C-prof2.xml")
	if code != 0 || !strings.Contains(out, "Outcome space: 27 packages") {
		t.Errorf("analyze of a GENIUS domain: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
}
