package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// run runs the command line in-process and returns its status and output.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test ./cmd -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

func TestRunSummaryGolden(t *testing.T) {
	code, out, errOut := run(t, "run", "--runs", "2000", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "run_default.golden", out)
}

func TestTraceGolden(t *testing.T) {
	code, out, errOut := run(t, "trace", "--seed", "1", "--run", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "trace_seed1_run3.golden", out)
}

func TestRunJSON(t *testing.T) {
	code, out, errOut := run(t, "run", "--runs", "1500", "--seed", "9", "--json", "--set", "protocol.format=shuttle")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
	for _, k := range []string{"scenario", "runs", "seed", "p_agreement", "ci_low", "ci_high", "by_round", "packages", "breakdown", "pivotal", "provenance"} {
		if _, ok := m[k]; !ok {
			t.Errorf("--json output lacks %q", k)
		}
	}
	prov, _ := m["provenance"].(map[string]any)
	for _, k := range []string{"negsim_version", "origin", "scenario_sha256", "overrides", "seed", "runs_requested", "workers", "go_version", "platform"} {
		if _, ok := prov[k]; !ok {
			t.Errorf("--json provenance lacks %q", k)
		}
	}
	if ov, _ := prov["overrides"].([]any); len(ov) != 1 || ov[0] != "protocol.format=shuttle" {
		t.Errorf("provenance overrides = %v, want [protocol.format=shuttle]", prov["overrides"])
	}
	if m["runs"] != 1500.0 || m["seed"] != 9.0 || m["format"] != "shuttle" {
		t.Errorf("runs, seed, format = %v, %v, %v; want 1500, 9, shuttle", m["runs"], m["seed"], m["format"])
	}
	p, lo, hi := m["p_agreement"].(float64), m["ci_low"].(float64), m["ci_high"].(float64)
	if !(lo <= p && p <= hi) {
		t.Errorf("p_agreement %v outside its interval [%v, %v]", p, lo, hi)
	}
}

// The same scenario, seed and runs give byte-identical JSON (apart from
// the recorded worker count) for any number of workers.
func TestRunWorkersIdentical(t *testing.T) {
	var outs []string
	for _, w := range []string{"1", "4"} {
		code, out, errOut := run(t, "run", "--runs", "3000", "--workers", w, "--json")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		outs = append(outs, strings.Replace(out, `"workers": `+w, `"workers": N`, 1))
	}
	if outs[0] != outs[1] {
		t.Errorf("results with 1 and 4 workers differ")
	}
}

func TestEnvironment(t *testing.T) {
	t.Setenv("NEGSIM_RUNS", "700")
	t.Setenv("NEGSIM_SEED", "5")
	code, out, errOut := run(t, "run", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, `"runs": 700,`) || !strings.Contains(out, `"seed": 5,`) {
		t.Errorf("NEGSIM_RUNS/NEGSIM_SEED not applied:\n%.300s", out)
	}
	// A flag beats the environment.
	code, out, _ = run(t, "run", "--json", "--runs", "600")
	if code != 0 || !strings.Contains(out, `"runs": 600,`) {
		t.Errorf("--runs 600 with NEGSIM_RUNS=700: exit %d, output %.200s", code, out)
	}
}

func TestOutDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results")
	code, _, errOut := run(t, "run", "--runs", "1200", "--out", dir, "--save-runs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{ResultsFile, RunsFile, ByRoundPlot + ".png", ByRoundPlot + ".svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	fh, err := os.Open(filepath.Join(dir, RunsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1201 {
		t.Errorf("runs.csv has %d rows, want header + 1200", len(rows))
	}
	for i, r := range rows[1:] {
		if r[0] != strconv.Itoa(i) {
			t.Fatalf("runs.csv row %d is run %s; want runs in order", i, r[0])
		}
	}
	var res Results
	data, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	agreed := 0
	for _, r := range rows[1:] {
		if r[1] == "true" {
			agreed++
		}
	}
	if res.Summary == nil || res.Agreements != agreed {
		t.Errorf("results.json agreements = %v, runs.csv has %d", res.Agreements, agreed)
	}
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// Every bad input exits non-zero with one message naming the file or flag,
// the field, and what is allowed, writes nothing, and never panics.
func TestBadInput(t *testing.T) {
	good, err := os.ReadFile("../scenarios/bundled/ukraine-2025-03.yaml")
	if err != nil {
		t.Fatal(err)
	}
	bad := func(old, new string) string {
		if !strings.Contains(string(good), old) {
			t.Fatalf("bundled scenario has no %q", old)
		}
		return strings.Replace(string(good), old, new, 1)
	}
	tests := []struct {
		name string
		file string // scenario content; "" runs the bundled scenario
		args []string
		want []string // substrings the message must contain
	}{
		{"malformed yaml", "issues: [a, b\nparties: {", nil, []string{"bad.yaml", "malformed YAML"}},
		{"unknown key", bad("deadline:", "dedline: 3\ndeadline:"), nil, []string{"bad.yaml:", "dedline", `did you mean "deadline"`}},
		{"negative weight", bad("value: 0.35", "value: -0.35"), nil, []string{"parties.us.weights.ceasefire", "[0, 1e+300]"}},
		{"value outside [0,1]", bad("energy_civilian: 0.85", "energy_civilian: 1.85"), nil, []string{"parties.us.values.ceasefire.energy_civilian", "[0, 1]"}},
		{"missing option", bad("energy_civilian: 0.85", "energy_civil: 0.85"), nil, []string{"energy_civil", `did you mean "energy_civilian"`}},
		{"unknown party", bad("mediator: us", "mediator: usa"), nil, []string{"protocol.mediator", `unknown party "usa"`}},
		{"impossible distribution", bad("uniform(0.1, 0.35)", "uniform(0.35, 0.1)"), nil, []string{"parties.us.reservation", "min < max"}},
		{"bad --set key", "", []string{"--set", "parties.rusia.reservation=0.6"}, []string{"--set parties.rusia.reservation=0.6", `did you mean "russia"`}},
		{"bad --set value", "", []string{"--set", "parties.russia.reservation=1.6"}, []string{"parties.russia.reservation", "[0, 1]"}},
		{"bad --set syntax", "", []string{"--set", "protocol.format"}, []string{"key=value"}},
		{"bad runs", "", []string{"--runs", "0"}, []string{"--runs", "at least 1"}},
		{"missing file", "", []string{"no/such/file.yaml"}, []string{"no/such/file.yaml", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := []string{"run", "--runs", "100", "--out", out}
			if tt.file != "" {
				args = append(args, writeFile(t, "bad.yaml", tt.file))
			}
			args = append(args, tt.args...)
			code, stdout, stderr := run(t, args...)
			if code == 0 {
				t.Fatalf("exit 0, want non-zero; stdout:\n%s", stdout)
			}
			for _, w := range tt.want {
				if !strings.Contains(stderr, w) {
					t.Errorf("message %q lacks %q", stderr, w)
				}
			}
			if strings.Contains(stderr, "goroutine") || strings.Contains(stderr, "panic") {
				t.Errorf("message looks like a crash: %s", stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Errorf("--out directory created despite bad input")
			}
		})
	}
}

func TestValidateAndList(t *testing.T) {
	code, out, errOut := run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml")
	if code != 0 || !strings.Contains(out, "valid: 7 issues, 5 parties (3 at the table)") {
		t.Errorf("validate: exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.Contains(out, "carry no source") {
		t.Errorf("bundled scenario lacks evidence: %s", out)
	}
	code, out, _ = run(t, "scenarios")
	if code != 0 || !strings.Contains(out, "ukraine-2025-03 (default)") {
		t.Errorf("scenarios: exit %d, out %q", code, out)
	}
	code, _, errOut = run(t, "validate", writeFile(t, "x.yaml", "name: x\n"))
	if code == 0 || !strings.Contains(errOut, "x.yaml") {
		t.Errorf("validate of an empty scenario: exit %d, err %q", code, errOut)
	}
}

// An interrupted run writes the results of the runs it completed, marked
// partial, and exits with 130. The context is cancelled before the start,
// so that the test does not depend on timing: no run completes.
func TestInterruptedRunWritesPartial(t *testing.T) {
	// Interrupted once the scenario is loaded, before any run completes.
	ctx, cancel := context.WithCancel(context.Background())
	afterLoad = cancel
	defer func() { afterLoad = nil }()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	code := Run(ctx, []string{"run", "--runs", "100000", "--out", out, "--save-runs"}, &stdout, &stderr)
	if code != exitInterrupted {
		t.Errorf("exit %d, want %d; stderr %s", code, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "partial results written") {
		t.Errorf("stderr %q does not say partial results were written", stderr.String())
	}
	var res Results
	data, err := os.ReadFile(filepath.Join(out, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	if !res.Partial || res.Runs != 0 || res.Provenance.Runs != 100000 {
		t.Errorf("partial, runs, runs_requested = %v, %d, %d; want true, 0, 100000", res.Partial, res.Runs, res.Provenance.Runs)
	}
	csvData, err := os.ReadFile(filepath.Join(out, RunsFile))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(csvData), "\n"); n != 1 {
		t.Errorf("runs.csv has %d lines, want the header only", n)
	}
}

func TestOutNotOverwrittenSilently(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, RunsFile)
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "run", "--runs", "200", "--out", out)
	if code == 0 || !strings.Contains(errOut, "--force") {
		t.Fatalf("run into a non-empty --out: exit %d, stderr %q; want an error suggesting --force", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, ResultsFile)); err == nil {
		t.Errorf("results.json written without --force")
	}
	code, _, errOut = run(t, "run", "--runs", "200", "--out", out, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("--force left a stale runs.csv from an earlier run")
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

func TestGeniusCommandLine(t *testing.T) {
	d := "../scenarios/testdata/genius/anac/Laptop/"
	domain, p1, p2 := d+"Laptop-C-domain.xml", d+"Laptop-C-prof1.xml", d+"Laptop-C-prof2.xml"
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := run(t, "run", domain, "--profile", p1, "--profile", p2, "--runs", "600", "--out", out)
	if code != 0 || !strings.Contains(stdout, "every 9 rounds") || !strings.Contains(stdout, "r100") {
		t.Fatalf("run on a GENIUS domain: exit %d, stderr %q, stdout:\n%s", code, errOut, stdout)
	}
	code, stdout, errOut = run(t, "run", "--replay", filepath.Join(out, ResultsFile))
	if code != 0 || !strings.Contains(stdout, "identical") {
		t.Errorf("replay of a GENIUS run: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", domain}, "give a --profile for each party"},
		{[]string{"run", domain, "--profile", p1}, "at least two"},
		{[]string{"run", "--profile", p1}, "--profile goes with a GENIUS domain"},
		{[]string{"validate", domain, "--profile", p1, "--profile", d + "missing.xml"}, "missing.xml"},
	} {
		code, _, errOut := run(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error mentioning %q", tt.args, code, errOut, tt.want)
		}
	}
}

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

// Exporting a GENIUS domain (here imported from GENIUS files) and
// analysing the export gives the same outcome space and zone of agreement.
func TestExportGenius(t *testing.T) {
	d := "../scenarios/testdata/genius/anac/ItexvsCypress/"
	src := []string{d + "ItexvsCypress_domain.xml", "--profile", d + "Itex.xml", "--profile", d + "Cypress.xml"}
	code, orig, errOut := run(t, append([]string{"analyze"}, src...)...)
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, errOut)
	}
	dir := filepath.Join(t.TempDir(), "g")
	code, out, errOut := run(t, append([]string{"export", "--out", dir}, src...)...)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	lines := strings.Fields(out)
	var args []string
	for i := 0; i+1 < len(lines); i += 2 {
		switch lines[i] {
		case "domain":
			args = append([]string{"analyze", lines[i+1]}, args...)
		case "profile":
			args = append(args, "--profile", lines[i+1])
		}
	}
	if len(args) != 6 {
		t.Fatalf("export printed %q; want a domain and two profiles", out)
	}
	code, again, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("analyze of the export: exit %d: %s", code, errOut)
	}
	zone := func(s string) string {
		var z []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "Zone of possible agreement") || strings.HasPrefix(l, "Outcome space") {
				z = append(z, l)
			}
		}
		return strings.Join(z, "; ")
	}
	if zone(orig) == "" || zone(orig) != zone(again) {
		t.Errorf("zone before export %q, after %q", zone(orig), zone(again))
	}
}

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

func TestExploreCommands(t *testing.T) {
	dir := t.TempDir()
	// compare: A against itself differs by exactly 0.
	code, out, errOut := run(t, "compare", "--runs", "800", "--json")
	if code != 0 || !strings.Contains(out, `"diff": 0,`) || !strings.Contains(out, `"diff_ci_high": 0,`) {
		t.Errorf("compare A A: exit %d, stderr %q, out %.300s", code, errOut, out)
	}
	code, out, _ = run(t, "compare", "--variant-b", "alternating", "--runs", "800", "--out", filepath.Join(dir, "c"))
	if code != 0 || !strings.Contains(out, "B: ukraine-2025-03 variant alternating") {
		t.Errorf("compare with a variant: exit %d, out %q", code, out)
	}
	// sweep: a table, sweep.json and the plot.
	sw := filepath.Join(dir, "s")
	code, out, errOut = run(t, "sweep", "--param", "parties.russia.reservation", "--from", "0.3", "--to", "0.6", "--steps", "4", "--runs", "500", "--out", sw)
	if code != 0 || strings.Count(out, "%") < 8 {
		t.Errorf("sweep: exit %d, stderr %q, out %q", code, errOut, out)
	}
	for _, f := range []string{"sweep.json", "sweep.png", "sweep.svg"} {
		if _, err := os.Stat(filepath.Join(sw, f)); err != nil {
			t.Errorf("sweep did not write %s", f)
		}
	}
	code, _, errOut = run(t, "sweep", "--param", "parties.russia.reservaton", "--runs", "100")
	if code == 0 || !strings.Contains(errOut, `did you mean "parties.russia.reservation"`) {
		t.Errorf("sweep of a misspelt parameter: exit %d, stderr %q", code, errOut)
	}
	// A 2-D sweep makes a heat map.
	code, _, errOut = run(t, "sweep", "--param", "parties.russia.reservation", "--param", "parties.ukraine.reservation", "--from", "0.3", "--to", "0.5", "--steps", "2", "--runs", "300", "--out", filepath.Join(dir, "s2"))
	if code != 0 {
		t.Errorf("2-D sweep: exit %d: %s", code, errOut)
	}
	// sensitivity: rankings and plots. The deadline is fixed: one at a
	// time cannot yet fix an uncertain deadline (it would set it to a
	// quantile that is not a whole number of rounds).
	se := filepath.Join(dir, "se")
	code, out, errOut = run(t, "sensitivity", "--set", "deadline=12", "--runs", "400", "--samples", "64", "--bootstrap", "50", "--out", se)
	if code != 0 || !strings.Contains(out, "One at a time") || !strings.Contains(out, "Sobol indices") {
		t.Errorf("sensitivity: exit %d, stderr %q, out %q", code, errOut, out)
	}
	for _, f := range []string{"sensitivity.json", "tornado.png", "sobol.svg"} {
		if _, err := os.Stat(filepath.Join(se, f)); err != nil {
			t.Errorf("sensitivity did not write %s", f)
		}
	}
}

// A scenario in which no run can reach agreement is legal, with a warning.
func TestInfeasibleWarning(t *testing.T) {
	code, out, _ := run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml", "--set", "parties.russia.reservation=0.95")
	if code != 0 || !strings.Contains(out, "warning:") || !strings.Contains(out, "no run can reach agreement") {
		t.Errorf("validate with an impossible reservation: exit %d, out %q", code, out)
	}
	code, out, _ = run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml")
	if code != 0 || strings.Contains(out, "no run can reach agreement") {
		t.Errorf("validate of the bundled scenario warns: %q", out)
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

// Every command that loads a scenario says what its warnings are
// (cmd/testdata/numbers.yaml's weights do not sum to 1).
func TestCommandsPrintWarnings(t *testing.T) {
	const f = "testdata/numbers.yaml"
	for _, args := range [][]string{
		{"run", f, "--runs", "300"},
		{"analyze", f},
		{"trace", f},
		{"sweep", f, "--param", "deadline", "--from", "4", "--to", "6", "--steps", "2", "--runs", "300"},
		{"sensitivity", f, "--runs", "300", "--samples", "16", "--bootstrap", "10"},
		{"compare", f, "--runs", "300"},
	} {
		code, _, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if !strings.Contains(errOut, "warning:") || !strings.Contains(errOut, "normalised") {
			t.Errorf("%v: no warning on stderr: %q", args, errOut)
		}
	}
}
