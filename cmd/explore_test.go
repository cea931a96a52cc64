package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// The sensitivity report explains Sobol estimates that theory rules out
// (first order above total, values outside [0, 1]) when, and only when,
// one shows.
func TestWriteSensitivitySamplingNote(t *testing.T) {
	ok := explore.SobolIndex{Param: "a", First: 0.3, FirstLo: 0.2, FirstHi: 0.4, Total: 0.5, TotalLo: 0.4, TotalHi: 0.6}
	for _, tt := range []struct {
		name string
		idx  []explore.SobolIndex
		note bool
	}{
		{"consistent", []explore.SobolIndex{ok}, false},
		{"first above total", []explore.SobolIndex{ok, {Param: "b", First: 0.45, FirstLo: 0.4, FirstHi: 0.5, Total: 0.44, TotalLo: 0.42, TotalHi: 0.46}}, true},
		{"negative bound", []explore.SobolIndex{ok, {Param: "b", First: 0.01, FirstLo: -0.02, FirstHi: 0.04, Total: 0.1, TotalLo: 0.05, TotalHi: 0.15}}, true},
	} {
		var buf bytes.Buffer
		res := &SensitivityResult{Scenario: "s", Base: &sim.Summary{}, Sobol: tt.idx, SobolRuns: 10, Samples: 2}
		writeSensitivity(&buf, res, runSettings{runs: 10, seed: 1})
		if got := strings.Contains(buf.String(), "sampling error"); got != tt.note {
			t.Errorf("%s: note printed %v, want %v:\n%s", tt.name, got, tt.note, buf.String())
		}
	}
}

// TestMetricFlag: sweep, sensitivity and compare report a per-item figure
// with --metric, labelled, and reject an unknown item with its list.
func TestMetricFlag(t *testing.T) {
	const sc = "../scenarios/testdata/valid/agenda.yaml"
	code, out, errOut := run(t, "sweep", sc, "--param", "parties.russia.reservation", "--from", "0.2", "--to", "0.8", "--steps", "2", "--runs", "600", "--metric", "item:ceasefire:in_force")
	if code != 0 || !strings.Contains(out, "P(ceasefire in force at the end of the talks)") {
		t.Errorf("sweep --metric: exit %d, output:\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "compare", sc, "--set-b", "agenda.items.energy_truce.hazard=0.2", "--runs", "600", "--metric", "item:energy_truce:in_force_horizon")
	if code != 0 || !strings.Contains(out, "P(energy_truce in force at the horizon)") {
		t.Errorf("compare --metric: exit %d, output:\n%s%s", code, out, errOut)
	}
	code, out, errOut = run(t, "sensitivity", sc, "--runs", "300", "--samples", "32", "--bootstrap", "20", "--metric", "comprehensive")
	if code != 0 || !strings.Contains(out, "P(comprehensive deal)") {
		t.Errorf("sensitivity --metric: exit %d, output:\n%s%s", code, out, errOut)
	}
	code, _, errOut = run(t, "sweep", sc, "--param", "parties.russia.reservation", "--metric", "item:truce:agreed")
	if code == 0 || !strings.Contains(errOut, "items: minerals, energy_truce, ceasefire") {
		t.Errorf("sweep --metric item:truce: exit %d, stderr %s; want an error listing the items", code, errOut)
	}
}

// TestCompareNames: the compare plot names the scenario by its title and
// each side by what sets it apart, not "A and B" with ids (issue #13).
func TestCompareNames(t *testing.T) {
	mk := func(id, title, variant string, overrides ...string) *scenarios.Scenario {
		return &scenarios.Scenario{Sim: &sim.Scenario{Name: id}, File: &scenarios.File{Title: title}, Variant: variant, Overrides: overrides}
	}
	tests := []struct {
		a, b                  *scenarios.Scenario
		which, labelA, labelB string
	}{
		{mk("u", "Talks", ""), mk("u", "Talks", "shuttle"), "Talks", "A: no variant", "B: variant shuttle"},
		{mk("u", "Talks", ""), mk("u", "Talks", "", "deadline=9"), "Talks", "A: as written", "B: with deadline=9"},
		{mk("u", "Talks", "x"), mk("w", "", ""), "Talks against w", "A: u, variant x", "B: w, no variant"},
	}
	for _, tt := range tests {
		which, la, lb := compareNames(tt.a, tt.b)
		if which != tt.which || la != tt.labelA || lb != tt.labelB {
			t.Errorf("compareNames = %q, %q, %q, want %q, %q, %q", which, la, lb, tt.which, tt.labelA, tt.labelB)
		}
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

// compare's plot shows the compared figure round by round where it has a
// series, and says when it shows the chance of agreement instead.
func TestComparePlotFollowsMetric(t *testing.T) {
	for _, tt := range []struct {
		metric, want string
	}{
		{"item:minerals:agreed", "P(minerals agreed by the round), A against B"},
		{"comprehensive", "has no by-round series"},
		{"agreement", "Chance of agreement by round, A against B"},
	} {
		dir := filepath.Join(t.TempDir(), "out")
		code, _, errOut := run(t, "compare", "--variant-b", "shuttle", "--metric", tt.metric, "--runs", "600", "--out", dir)
		if code != 0 {
			t.Fatalf("compare --metric %s: exit %d: %s", tt.metric, code, errOut)
		}
		svg, err := os.ReadFile(filepath.Join(dir, compareFig.Name+".svg"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(svg), tt.want) {
			t.Errorf("compare --metric %s: the plot does not say %q", tt.metric, tt.want)
		}
	}
}
