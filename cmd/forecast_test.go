package cmd

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/spatial"
)

const (
	soeFile   = "../spatial/testdata/ktab-SOE-Policy.csv"
	batchFile = "../spatial/testdata/illustrative-batch.csv"
)

func TestForecastGolden(t *testing.T) {
	code, out, errOut := run(t, "forecast", soeFile, "--model", "all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "forecast_soe_all.golden", out)
}

func TestForecastJSONScores(t *testing.T) {
	code, out, errOut := run(t, "forecast", batchFile, "--json", "--runs", "300")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Issues []struct {
			Issue     string              `json:"issue"`
			Predicted map[string]*float64 `json:"predicted"`
			Intervals map[string][2]float64
		} `json:"issues"`
		Scores map[string]map[string]float64 `json:"scores"`
		Versus map[string]map[string]map[string]float64
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
	if len(rep.Issues) != 8 {
		t.Fatalf("%d issues, want 8", len(rep.Issues))
	}
	models := []string{"compromise", "eu", "ktab", "median"}
	for _, is := range rep.Issues {
		for _, m := range models {
			if p := is.Predicted[m]; p == nil || *p < 0 || *p > 100 {
				t.Errorf("issue %s: predicted[%s] = %v, want a number in [0,100]", is.Issue, m, p)
			}
		}
	}
	if iv := rep.Issues[2].Intervals["compromise"]; !(iv[0] < iv[1]) {
		t.Errorf("issue-3 (uncertain) compromise interval = %v, want lo < hi", iv)
	}
	for _, m := range append(models, "status_quo") {
		s, ok := rep.Scores[m]
		if !ok {
			t.Errorf("scores lack %q", m)
			continue
		}
		for _, k := range []string{"mae", "rmse", "within10", "mae_lo", "mae_hi", "n"} {
			if _, ok := s[k]; !ok {
				t.Errorf("scores[%s] lacks %q", m, k)
			}
		}
		if !(s["mae_lo"] <= s["mae"] && s["mae"] <= s["mae_hi"]) || s["n"] != 8 {
			t.Errorf("scores[%s] = %v, want MAE within its interval on 8 issues", m, s)
		}
	}
	if _, ok := rep.Versus["eu"]["compromise"]; !ok {
		t.Errorf("versus[eu] lacks the compromise baseline: %v", rep.Versus["eu"])
	}
}

// Text output and JSON are the same for any number of workers.
func TestForecastWorkersIdentical(t *testing.T) {
	var outs []string
	for _, w := range []string{"1", "3"} {
		code, out, errOut := run(t, "forecast", batchFile, "--json", "--runs", "400", "--seed", "5", "--workers", w)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		outs = append(outs, out)
	}
	if outs[0] != outs[1] {
		t.Error("forecasts with 1 and 3 workers differ")
	}
}

func TestForecastTraceAndOut(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := run(t, "forecast", soeFile, "--model", "eu,median", "--trace", "--out", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "eu: positions by round") || strings.Contains(out, "median: positions by round") {
		t.Errorf("--trace output lacks the eu positions by round, or shows the median's:\n%s", out)
	}
	for _, f := range []string{"forecast.json", "forecast_001_policy.svg", "forecast_001_policy.png", "forecast_001_policy_eu_rounds.svg", "forecast_001_policy_eu_rounds.png"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("--out did not write %s: %v", f, err)
		}
	}
	// The plots are titled with the input's name (issue #13).
	if svg, err := os.ReadFile(filepath.Join(dir, "forecast_001_policy.svg")); err != nil || !strings.Contains(string(svg), "China Policy") {
		t.Errorf("forecast_001_policy.svg is not titled with the KTAB scenario's name, China Policy (%v)", err)
	}
	// Again with --force: the outputs are replaced.
	if code, _, errOut := run(t, "forecast", soeFile, "--model", "median", "--out", dir, "--force"); code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "forecast_001_policy_eu_rounds.svg")); err == nil {
		t.Error("--force left the eu plot of an earlier forecast")
	}
}

func TestForecastErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.csv")
	if err := os.WriteFile(bad, []byte("Actor,Capability,Position,Salience\nA,1,20,50\nB,x,20,50\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"forecast", soeFile, "--model", "nash"}, `--model: unknown model "nash"`},
		{[]string{"forecast", bad}, "bad.csv:3: capability: not a number"},
		{[]string{"forecast", filepath.Join(dir, "none.csv")}, "no such file"},
		{[]string{"forecast", dir}, "not a regular file"},
		{[]string{"forecast", soeFile, "--runs", "0"}, "--runs: want at least 1"},
		{[]string{"forecast", soeFile, "--eu-q", "1.5"}, "--eu-q: want a probability in [0,1], got 1.5"},
		{[]string{"forecast", soeFile, "--eu-center", "mode"}, `--eu-center: want median or mean, got "mode"`},
		{[]string{"forecast", soeFile, "--ktab-rule", "cubic"}, `--ktab-rule: want linear, square, quartic or binary, got "cubic"`},
	}
	for _, tt := range tests {
		code, _, errOut := run(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error containing %q", tt.args, code, errOut, tt.want)
		}
	}
}

// The models' parameters reach the models: Q = T = 0.5 moves eu's
// forecast of the third dimension of the dummy KTAB file from 0.1 to 62.3.
func TestForecastModelParameters(t *testing.T) {
	dummy := "../spatial/testdata/ktab-dummyData_3Dim.csv"
	get := func(args ...string) ForecastReport {
		t.Helper()
		code, out, errOut := run(t, append([]string{"forecast", dummy, "--model", "eu", "--json"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var rep ForecastReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatal(err)
		}
		return rep
	}
	def, half := get(), get("--eu-q", "0.5", "--eu-t", "0.5")
	if d, h := *def.Issues[2].Predicted["eu"], *half.Issues[2].Predicted["eu"]; d > 1 || h < 60 {
		t.Errorf("eu on Pstn3: %.1f with Q = T = 1, %.1f with 0.5; want about 0.1 and 62.3", d, h)
	}
	if half.Parameters["eu_q"] != 0.5 || def.Parameters["ktab_rule"] != "linear" {
		t.Errorf("parameters = %v, %v; want eu_q 0.5 recorded, ktab_rule linear", half.Parameters, def.Parameters)
	}
}

// The README shows the real output of the forecast example.
func TestREADMEForecastExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Skip(err)
	}
	code, out, errOut := run(t, "forecast", soeFile, "--model", "all")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(string(readme), "```\n"+out+"```\n") {
		t.Errorf("README.md does not show the output of negsim forecast ktab-SOE-Policy.csv --model all:\n%s", out)
	}
}

// TestForecastScenario forecasts the spatial issue of a scenario file,
// with fixed inputs so that the compromise model is checked by hand:
// union (capability 30, salience 80, position 60), employer (50, 60, 20),
// state (1, 30, 40): Σ c·s·x / Σ c·s = 205200 / 5430.
func TestForecastScenario(t *testing.T) {
	data, err := os.ReadFile("../scenarios/testdata/valid/spatial.yaml")
	if err != nil {
		t.Fatal(err)
	}
	text := strings.NewReplacer(`{dist: "uniform(10, 30)", assumption: unsure}`, "20", `"uniform(20, 40)"`, "30").Replace(string(data))
	p := filepath.Join(t.TempDir(), "spatial.yaml")
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := run(t, "forecast", p, "--json", "--model", "compromise,median")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep struct {
		Format string `json:"format"`
		Issues []struct {
			Issue     string              `json:"issue"`
			Predicted map[string]*float64 `json:"predicted"`
			StatusQuo *float64            `json:"status_quo"`
			Uncertain bool                `json:"uncertain"`
		} `json:"issues"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
	if rep.Format != "scenario" || len(rep.Issues) != 1 || rep.Issues[0].Issue != "quota" {
		t.Fatalf("forecast of %s = %s", p, out)
	}
	is := rep.Issues[0]
	if is.Uncertain {
		t.Errorf("issue quota uncertain, want fixed inputs")
	}
	if c, want := is.Predicted["compromise"], 205200.0/5430; c == nil || math.Abs(*c-want) > 1e-9 {
		t.Errorf("compromise = %v, want %g", c, want)
	}
	// Weights 2400, 3000, 30 of 5430: the employer's 20 is the median.
	if m := is.Predicted["median"]; m == nil || *m != 20 {
		t.Errorf("median = %v, want 20", m)
	}
	if is.StatusQuo == nil || *is.StatusQuo != 25 {
		t.Errorf("status quo = %v, want 25 (the point status_quo)", is.StatusQuo)
	}
}

// TestForecastName: a forecast's plots name a scenario file by its title
// (its id if it has none), a KTAB file by its scenario's name, and a BDM
// CSV not at all.
func TestForecastName(t *testing.T) {
	tests := []struct {
		set  spatial.Set
		want string
	}{
		{spatial.Set{Format: formatScenario, Name: "wages", Description: "Wage talks, 2025"}, "\nWage talks, 2025"},
		{spatial.Set{Format: formatScenario, Name: "wages"}, "\nwages"},
		{spatial.Set{Format: "ktab", Name: "China Policy", Description: "Appetite for reform"}, "\nChina Policy"},
		{spatial.Set{Format: "bdm"}, ""},
	}
	for _, tt := range tests {
		if got := forecastName(&tt.set); got != tt.want {
			t.Errorf("forecastName(%+v) = %q, want %q", tt.set, got, tt.want)
		}
	}
}
