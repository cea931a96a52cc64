package cmd

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// readCSV reads a CSV file written by a command.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestTidyCSV: sweep, sensitivity and compare write tidy CSV beside their
// JSON, one row per point and figure, with the same numbers.
func TestTidyCSV(t *testing.T) {
	dir := t.TempDir()
	sw := filepath.Join(dir, "sweep")
	if code, _, errOut := run(t, "sweep", "--param", "parties.russia.reservation", "--from", "0.3", "--to", "0.6", "--steps", "3", "--runs", "400", "--out", sw); code != 0 {
		t.Fatalf("sweep: %s", errOut)
	}
	var res struct {
		Points []struct {
			Summary struct {
				P float64 `json:"p_agreement"`
			} `json:"summary"`
		} `json:"points"`
	}
	data, err := os.ReadFile(filepath.Join(sw, "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	rows := readCSV(t, filepath.Join(sw, "sweep.csv"))
	if len(rows) != len(res.Points)+1 || rows[0][0] != "parties.russia.reservation" || rows[0][2] != "p" {
		t.Fatalf("sweep.csv: %v", rows)
	}
	for i, pt := range res.Points {
		if p, _ := strconv.ParseFloat(rows[i+1][2], 64); p != pt.Summary.P {
			t.Errorf("sweep.csv row %d: p %s, sweep.json %v", i+1, rows[i+1][2], pt.Summary.P)
		}
	}

	cmp := filepath.Join(dir, "compare")
	if code, _, errOut := run(t, "compare", "--variant-a", "grand-bargain", "--variant-b", "grand-bargain", "--set-b", "protocol.type=alternating", "--runs", "500", "--out", cmp); code != 0 {
		t.Fatalf("compare: %s", errOut)
	}
	rows = readCSV(t, filepath.Join(cmp, "compare.csv"))
	if len(rows) < 3 || rows[1][0] != "agreement" || rows[2][0] != "option_agreed" {
		t.Errorf("compare.csv: %v", rows[:min(len(rows), 3)])
	}

	sens := filepath.Join(dir, "sens")
	if code, _, errOut := run(t, "sensitivity", "--variant", "grand-bargain", "--set", "deadline=12", "--runs", "200", "--samples", "16", "--bootstrap", "10", "--out", sens); code != 0 {
		t.Fatalf("sensitivity: %s", errOut)
	}
	rows = readCSV(t, filepath.Join(sens, "sensitivity.csv"))
	methods := map[string]int{}
	for _, r := range rows[1:] {
		methods[r[1]]++
	}
	if methods["one_at_a_time"] == 0 || methods["sobol"] == 0 {
		t.Errorf("sensitivity.csv lacks a method: %v", methods)
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n          int
		noun, want string
	}{{0, "shock", "0 shocks"}, {1, "shock", "1 shock"}, {2, "party", "2 parties"}, {1, "party", "1 party"}, {7, "issue", "7 issues"}}
	for _, tt := range tests {
		if got := count(tt.n, tt.noun); got != tt.want {
			t.Errorf("count(%d, %q) = %q, want %q", tt.n, tt.noun, got, tt.want)
		}
	}
}

// TestPlotRedrawsSweepAndSensitivity: negsim plot takes a sweep.json or a
// sensitivity.json and redraws their plots and tidy CSV, the same as the
// commands wrote them (issue #13: plot rejected them).
func TestPlotRedrawsSweepAndSensitivity(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		args []string
		file string
		csv  string
		plot string
	}{
		{"sweep", []string{"sweep", "--variant", "us-pressure", "--param", "parties.russia.reservation", "--from", "0.3", "--to", "0.6", "--steps", "3", "--runs", "300", "--metric", "item:energy_truce:in_force"}, "sweep.json", "sweep.csv", "sweep.svg"},
		{"sensitivity", []string{"sensitivity", "--variant", "grand-bargain", "--set", "deadline=12", "--runs", "200", "--samples", "16", "--bootstrap", "10"}, "sensitivity.json", "sensitivity.csv", "tornado.svg"},
	}
	for _, c := range cases {
		first := filepath.Join(dir, c.name+"-first")
		if code, _, errOut := run(t, append(c.args, "--out", first)...); code != 0 {
			t.Fatalf("%s: %s", c.name, errOut)
		}
		again := filepath.Join(dir, c.name+"-again")
		if code, _, errOut := run(t, "plot", filepath.Join(first, c.file), "--out", again); code != 0 {
			t.Fatalf("plot %s: %s", c.file, errOut)
		}
		a, _ := os.ReadFile(filepath.Join(first, c.csv))
		b, err := os.ReadFile(filepath.Join(again, c.csv))
		if err != nil || string(a) != string(b) {
			t.Errorf("plot %s: %s differs from the command's (%v)", c.file, c.csv, err)
		}
		// The redrawn plot is the first one: the same title (the
		// scenario's, with its variant) and base value, from the JSON.
		a, _ = os.ReadFile(filepath.Join(first, c.plot))
		b, err = os.ReadFile(filepath.Join(again, c.plot))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("plot %s: %s differs from the command's (%v)", c.file, c.plot, err)
		}
		if !bytes.Contains(b, []byte("Ukraine ceasefire talks")) || !bytes.Contains(b, []byte("(variant ")) {
			t.Errorf("plot %s: %s is not titled with the scenario's title and variant", c.file, c.plot)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "sweep-first", "sweep.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sw SweepResult
	if err := json.Unmarshal(data, &sw); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sw.Title, "Ukraine ceasefire talks") || sw.Variant != "us-pressure" || sw.Base == nil || !(*sw.Base > 0 && *sw.Base < 1) {
		t.Errorf("sweep.json: title %q, variant %q, base %v; want the scenario's title, its variant and Russia's reservation", sw.Title, sw.Variant, sw.Base)
	}
}

// TestSensitivityRanges: --range puts a fixed parameter in the
// one-at-a-time ranking at the given values, --range-all every fixed one
// at ±PCT%, and bad ranges are errors naming what is allowed.
func TestSensitivityRanges(t *testing.T) {
	base := []string{"sensitivity", "--variant", "grand-bargain", "--set", "deadline=12", "--runs", "200", "--samples", "8", "--bootstrap", "5", "--json"}
	code, out, errOut := run(t, append(base, "--range", "parties.us.reservation=0.1:0.5", "--range", "deadline=8:16")...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res SensitivityResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatal(err)
	}
	found := map[string][2]float64{}
	for _, o := range res.OAT {
		found[o.Param] = [2]float64{o.Low, o.High}
	}
	if found["parties.us.reservation"] != [2]float64{0.1, 0.5} || found["deadline"] != [2]float64{8, 16} {
		t.Errorf("one-at-a-time rows for the ranges: %v", found)
	}
	code, out, _ = run(t, append(base, "--range-all", "20")...)
	if code != 0 || !strings.Contains(out, "parties.us.weights.ceasefire") {
		t.Errorf("--range-all 20: exit %d; want every fixed parameter, e.g. the US ceasefire weight, ranked", code)
	}
	for _, bad := range []struct{ flag, want string }{
		{"parties.us.reservation=0.5:0.1", "LOW must be below HIGH"},
		{"parties.us.reservaton=0.1:0.5", `did you mean "parties.us.reservation"`},
		{"parties.us.reservation=0.1", "KEY=LOW:HIGH"},
		{"parties.us.reservation=0.1:2", "must stay in [0, 1]"},
	} {
		if code, _, errOut := run(t, append(base, "--range", bad.flag)...); code == 0 || !strings.Contains(errOut, bad.want) {
			t.Errorf("--range %s: exit %d, %s; want %q", bad.flag, code, errOut, bad.want)
		}
	}
}

// TestSweepChoicesAndRounds: sweep takes a choice as an axis (--values,
// applied as overrides and shown by name) and sweeps the deadline in whole
// rounds; a bad choice is an error naming what is allowed.
func TestSweepChoicesAndRounds(t *testing.T) {
	code, out, errOut := run(t, "sweep", "--variant", "grand-bargain", "--param", "protocol.type", "--values", "mediated,alternating", "--runs", "300")
	if code != 0 || !strings.Contains(out, "mediated ") || !strings.Contains(out, "alternating ") {
		t.Errorf("sweep over protocol.type: exit %d\n%s%s", code, out, errOut)
	}
	// The alternating point is what run gives for that choice.
	_, want, _ := run(t, "run", "--variant", "grand-bargain", "--set", "protocol.type=alternating", "--runs", "300", "--no-analysis")
	line := func(s, prefix string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, prefix) {
				return l
			}
		}
		return ""
	}
	p := strings.Fields(line(out, "alternating"))
	if len(p) < 2 || !strings.Contains(want, "Chance of agreement: "+p[1]) {
		t.Errorf("sweep's alternating point %v is not run's %q", p, line(want, "Chance of agreement"))
	}
	code, out, errOut = run(t, "sweep", "--variant", "grand-bargain", "--param", "deadline", "--from", "6", "--to", "9", "--steps", "7", "--runs", "200")
	if code != 0 || strings.Contains(out, "6.5") || !strings.Contains(out, "\n7 ") {
		t.Errorf("sweep over the deadline: exit %d; want whole rounds 6 to 9 once each:\n%s%s", code, out, errOut)
	}
	if code, _, errOut := run(t, "sweep", "--param", "protocol.type", "--values", "mediated,alternatin", "--runs", "100"); code == 0 || !strings.Contains(errOut, "alternating") {
		t.Errorf("sweep with a bad choice: exit %d, %s", code, errOut)
	}
}

// TestNumberFormats: given drops float tails and keeps what people write;
// pointsDiff shows a difference and its interval in percentage points with
// one decimal, or two where one would show a value that is not 0 as 0.0.
func TestNumberFormats(t *testing.T) {
	givens := []struct {
		x    float64
		want string
	}{{0.15 + 0.3, "0.45"}, {0.6 + 0.55, "1.15"}, {100 * 0.007, "0.7"}, {0.333333, "0.333333"}, {12, "12"}, {-0.017, "-0.017"}}
	for _, tt := range givens {
		if got := given(tt.x); got != tt.want {
			t.Errorf("given(%v) = %q, want %q", tt.x, got, tt.want)
		}
	}
	pts := []struct {
		x, lo, hi      float64
		diff, interval string
	}{
		{0, 0, 0, "0.0 points", "0.0 to 0.0"},
		{-0.0703, -0.0753, -0.0653, "-7.0 points", "-7.5 to -6.5"},
		{0.0052, 0.0038, 0.0066, "+0.5 points", "+0.4 to +0.7"},
		{-0.0005, -0.0009, -0.0001, "-0.05 points", "-0.09 to -0.01"},
		{0.001, 0.000009, 0.002, "+0.10 points", "0.00 to +0.20"},
	}
	for _, tt := range pts {
		diff, interval := pointsDiff(tt.x, tt.lo, tt.hi)
		if diff != tt.diff || interval != tt.interval {
			t.Errorf("pointsDiff(%v, %v, %v) = %q, %q; want %q, %q", tt.x, tt.lo, tt.hi, diff, interval, tt.diff, tt.interval)
		}
	}
}
