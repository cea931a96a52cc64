package cmd

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeResults runs the command line (which must write --out dir) and
// returns the results file.
func writeResults(t *testing.T, dir string, args ...string) string {
	t.Helper()
	out := filepath.Join(dir, "out")
	code, _, errOut := run(t, append(args, "--out", out)...)
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errOut)
	}
	return filepath.Join(out, ResultsFile)
}

// tamper writes a copy of the results file with each old string replaced
// by its new one.
func tamper(t *testing.T, results string, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(results)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("%s has no %q", results, oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), "tampered.json")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Replay compares every field that describes the result, partial
// included, and checks the settings as the command line does.
func TestReplayComparesEverything(t *testing.T) {
	complete := writeResults(t, t.TempDir(), "run", "--runs", "700", "--seed", "2", "--no-analysis")

	// A partial result: interrupted once the scenario is loaded.
	ctx, cancel := context.WithCancel(context.Background())
	afterLoad = cancel
	partialOut := filepath.Join(t.TempDir(), "out")
	var sink strings.Builder
	code := Run(ctx, []string{"run", "--runs", "700", "--seed", "2", "--no-analysis", "--out", partialOut}, &sink, &sink)
	afterLoad = nil
	if code != exitInterrupted {
		t.Fatalf("interrupted run: exit %d: %s", code, sink.String())
	}
	partial := filepath.Join(partialOut, ResultsFile)

	// 700 runs done of 1400 requested, as an interrupted run records them.
	halfDone := tamper(t, complete, `"runs_requested": 700`, `"runs_requested": 1400`, `"runs": 700,`, `"runs": 700, "partial": true,`)

	for _, tt := range []struct {
		name    string
		results string
		want    string // "" for an identical replay
	}{
		{"complete", complete, ""},
		{"partial as recorded", partial, ""},
		{"without analysis, adaptive", writeResults(t, t.TempDir(), "run", "--runs", "5000", "--precision", "0.1", "--no-analysis"), ""},
		{"with analysis", writeResults(t, t.TempDir(), "run", "--runs", "300"), ""},
		{"partial added", tamper(t, complete, `"runs": 700,`, `"runs": 700, "partial": true,`), "marked partial, but has every one of the 700 runs"},
		{"partial, 700 runs of 1400", halfDone, ""},
		{"partial removed", tamper(t, halfDone, `"partial": true,`, ""), "the numbers differ"},
		{"partial removed, no run done", tamper(t, partial, `"partial": true,`, ""), "the numbers differ"},
		{"title changed", tamper(t, complete, `"title": "`, `"title": "X`), "the numbers differ"},
		{"runs above the limit", tamper(t, complete, `"runs_requested": 700`, `"runs_requested": 2000000000`), "runs_requested: want 1 to 1000000000, got 2000000000"},
		{"precision NaN-like", tamper(t, complete, `"runs": 700,`, `"runs": 700, "precision": 0.7,`), "precision: want a half-width in [0, 0.5), got 0.7"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, errOut := run(t, "run", "--replay", tt.results)
			if tt.want == "" {
				if code != 0 || !strings.Contains(stdout, "identical") {
					t.Errorf("replay: exit %d, stdout %q, stderr %q; want identical", code, stdout, errOut)
				}
				return
			}
			if code == 0 || !strings.Contains(errOut, tt.want) {
				t.Errorf("replay: exit %d, stderr %q; want an error mentioning %q", code, errOut, tt.want)
			}
		})
	}
}

// Results record the scenario's path so that a replay works from any
// directory, the run's having been given a relative path.
func TestReplayFromAnotherDirectory(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	good, err := os.ReadFile("../scenarios/testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(a, "s.yaml"), good, 0o644); err != nil {
		t.Fatal(err)
	}
	laptop, err := filepath.Abs("../scenarios/testdata/genius/anac/Laptop")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(a)
	scenario := writeResults(t, a, "run", "s.yaml", "--runs", "300", "--no-analysis")
	t.Chdir(laptop)
	genius := writeResults(t, t.TempDir(), "run", "Laptop-C-domain.xml", "--profile", "Laptop-C-prof1.xml", "--profile", "Laptop-C-prof2.xml", "--runs", "300", "--no-analysis")
	t.Chdir(b)
	for _, results := range []string{scenario, genius} {
		code, stdout, errOut := run(t, "run", "--replay", results)
		if code != 0 || !strings.Contains(stdout, "identical") {
			t.Errorf("replay of %s from another directory: exit %d, stdout %q, stderr %q", results, code, stdout, errOut)
		}
	}
}

func TestReplay(t *testing.T) {
	dir := t.TempDir()
	scen := filepath.Join(dir, "s.yaml")
	good, err := os.ReadFile("../scenarios/bundled/ukraine-2025-03.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(scen, good, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, errOut := run(t, "run", scen, "--runs", "1500", "--seed", "4", "--workers", "1", "--set", "protocol.format=shuttle", "--out", out)
	if code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	results := filepath.Join(out, ResultsFile)
	code, stdout, errOut := run(t, "run", "--replay", results)
	if code != 0 || !strings.Contains(stdout, "identical") {
		t.Fatalf("replay: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}

	// Tampered numbers are caught.
	data, _ := os.ReadFile(results)
	tampered := strings.Replace(string(data), `"agreements": `, `"agreements": 1`, 1)
	bad := filepath.Join(dir, "tampered.json")
	os.WriteFile(bad, []byte(tampered), 0o644)
	code, _, errOut = run(t, "run", "--replay", bad)
	if code == 0 || !strings.Contains(errOut, "numbers differ") {
		t.Errorf("replay of tampered results: exit %d, stderr %q; want the numbers to differ", code, errOut)
	}

	// A changed scenario file is reported, and the results replay the
	// copy they embed (issue #13: results travel).
	os.WriteFile(scen, []byte(strings.Replace(string(good), "value: 12", "value: 13", 1)), 0o644)
	code, stdout, errOut = run(t, "run", "--replay", results)
	if code != 0 || !strings.Contains(errOut, "has changed") || !strings.Contains(stdout, "identical") {
		t.Errorf("replay after the scenario changed: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}

	// An embedded copy edited by hand no longer matches the recorded
	// sha256: caught before anything runs.
	var raw map[string]any
	json.Unmarshal(data, &raw)
	emb := raw["resolved_scenario"].(map[string]any)["file"].(map[string]any)
	emb["Title"] = "edited"
	edited, _ := json.Marshal(raw)
	os.WriteFile(bad, edited, 0o644)
	code, _, errOut = run(t, "run", "--replay", bad)
	if code == 0 || !strings.Contains(errOut, "does not match the recorded sha256") {
		t.Errorf("replay of an edited embedded scenario: exit %d, stderr %q", code, errOut)
	}
}
