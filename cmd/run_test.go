package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunSummaryGolden(t *testing.T) {
	code, out, errOut := run(t, "run", "--runs", "2000", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "run_default.golden", out)
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
