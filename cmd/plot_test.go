package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// run --out writes every plot and the report; plot results.json redraws
// the same files from the saved results, byte for byte.
func TestPlotReproducesRun(t *testing.T) {
	dir := t.TempDir()
	a, b := filepath.Join(dir, "a"), filepath.Join(dir, "b")
	// One package of every issue (the variant grand-bargain), in shuttle
	// format: the report of a scenario without an agenda.
	code, _, errOut := run(t, "run", "--runs", "1500", "--variant", "grand-bargain", "--set", "protocol.format=shuttle", "--out", a)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	code, _, errOut = run(t, "plot", filepath.Join(a, ResultsFile), "--out", b)
	if code != 0 {
		t.Fatalf("plot: exit %d: %s", code, errOut)
	}
	names := []string{ReportFile}
	for _, p := range []string{ByRoundPlot, ConvergencePlot, PackagesPlot, OptionSharesPlot, UtilityBoxesPlot, UtilityPlot} {
		names = append(names, p+".svg")
		if _, err := os.Stat(filepath.Join(a, p+".png")); err != nil {
			t.Errorf("run --out did not write %s.png", p)
		}
	}
	for _, n := range names {
		x, err1 := os.ReadFile(filepath.Join(a, n))
		y, err2 := os.ReadFile(filepath.Join(b, n))
		if err1 != nil || err2 != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: plot results.json does not reproduce run's file (%v, %v)", n, err1, err2)
		}
	}
	report, _ := os.ReadFile(filepath.Join(a, ReportFile))
	for _, want := range []string{"Chance of agreement", "utility_space.png", "variant <code>grand-bargain</code>", "<code>--set protocol.format=shuttle</code>", "Zone of possible agreement"} {
		if !bytes.Contains(report, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// The variant is recorded, so replay reloads it.
	code, stdout, errOut := run(t, "run", "--replay", filepath.Join(a, ResultsFile))
	if code != 0 || !strings.Contains(stdout, "identical") {
		t.Errorf("replay of a variant run: exit %d, %q, %q", code, stdout, errOut)
	}
}

// plot --out into the results' own folder with --force redraws the plots
// and keeps the data it redraws from: results.json and the per-run files.
func TestPlotForceKeepsData(t *testing.T) {
	for _, format := range []string{"csv", "parquet"} {
		t.Run(format, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "out")
			code, _, errOut := run(t, "run", "--runs", "600", "--no-analysis", "--save-runs", "--format", format, "--out", dir)
			if code != 0 {
				t.Fatalf("run: exit %d: %s", code, errOut)
			}
			runs := RunsFile
			if format == "parquet" {
				runs = RunsParquetFile
			}
			before := map[string][]byte{}
			for _, n := range []string{ResultsFile, runs} {
				b, err := os.ReadFile(filepath.Join(dir, n))
				if err != nil {
					t.Fatal(err)
				}
				before[n] = b
			}
			code, _, errOut = run(t, "plot", filepath.Join(dir, ResultsFile), "--out", dir, "--force")
			if code != 0 {
				t.Fatalf("plot: exit %d: %s", code, errOut)
			}
			for n, b := range before {
				after, err := os.ReadFile(filepath.Join(dir, n))
				if err != nil || !bytes.Equal(after, b) {
					t.Errorf("plot --out (its own folder) --force: %s lost or changed (%v)", n, err)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, ByRoundPlot+".png")); err != nil {
				t.Errorf("plot did not redraw: %v", err)
			}
		})
	}
}
