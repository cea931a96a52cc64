package cmd

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// forbidden are patterns that must not appear in any text a command prints
// for people (issue #13): float tails, %f's six zeros, and a plural after 1.
var forbidden = []struct {
	name string
	re   *regexp.Regexp
}{
	{"a float tail", regexp.MustCompile(`\d\.\d{9,}`)},
	{"six zeros", regexp.MustCompile(`0\.000000`)},
	{"not a number", regexp.MustCompile(`\b(NaN|[+-]?Inf)\b`)},
	{"a plural after 1", regexp.MustCompile(`(^|[^.\d])\b1 (shocks|runs|parties|items|issues|points|rounds|actors|samples|packages|parameters|draws|agreements|workers|lines|vectors|nodes|options|solutions|actual outcomes)\b`)},
}

// scanPrinted fails the test for every line of out with a forbidden
// pattern.
func scanPrinted(t *testing.T, what, out string) {
	t.Helper()
	for _, line := range strings.Split(out, "\n") {
		for _, f := range forbidden {
			if m := f.re.FindString(line); m != "" {
				t.Errorf("%s prints %s, %q, in the line\n  %s", what, f.name, m, line)
			}
		}
	}
}

// TestForbiddenPatterns: the patterns catch what they must and pass what
// is fine, so that TestNumbersPrinted can fail.
func TestForbiddenPatterns(t *testing.T) {
	tests := []struct {
		text string
		bad  bool
	}{
		{"weights sum to 0.44999999999999996; normalised", true},
		{"weights sum to 1.1500000000000001", true},
		{"first order 0.000000 [0.000000, 0.000000]", true},
		{"Agenda    1 items, each agreed on its own", true},
		{"valid: 7 issues, 5 parties, 1 shocks", true},
		{"horizon 1 rounds after the talks", true},
		{"P NaN%", true},
		{"weights sum to 0.45; normalised", false},
		{"first order 0.000 [0.000, 0.000]", false},
		{"valid: 1 issue, 11 parties, 21 shocks, 1 shock", false},
		{"13.3% (12.6%–14.0%) of 2000 runs", false},
		{"0.1 runs", false},
	}
	for _, tt := range tests {
		bad := false
		for _, f := range forbidden {
			bad = bad || f.re.MatchString(tt.text)
		}
		if bad != tt.bad {
			t.Errorf("forbidden patterns match %q: %v, want %v", tt.text, bad, tt.bad)
		}
	}
}

// TestNumbersPrinted runs the text output of every command on the bundled
// scenario, its variant grand-bargain and testdata scenarios (one of them,
// testdata/numbers.yaml, with numbers that are awkward to print and one of
// everything that has a plural), and scans stdout and stderr for float
// tails, six zeros and wrong plurals.
func TestNumbersPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("runs every command")
	}
	const bundled = "../scenarios/bundled/ukraine-2025-03.yaml"
	numbers := filepath.Join("testdata", "numbers.yaml")
	agenda := "../scenarios/testdata/valid/agenda.yaml"
	scenarios := []struct {
		name  string
		args  []string // the scenario, as run, trace, ... take it
		file  string   // its file, for validate
		param string   // a parameter to sweep, from 0.15 to 0.45
		setB  string   // an override for compare's B
	}{
		{"bundled", nil, bundled, "parties.russia.reservation", "parties.russia.reservation=0.45"},
		{"grand-bargain", []string{"--variant", "grand-bargain"}, bundled, "parties.russia.reservation", "parties.russia.reservation=0.45"},
		{"numbers", []string{numbers}, numbers, "parties.a.reservation", "parties.b.reservation=0.35"},
		{"agenda", []string{agenda}, agenda, "parties.russia.reservation", "parties.russia.reservation=0.45"},
	}
	for _, s := range scenarios {
		fast := []string{"--runs", "300"}
		commands := [][]string{
			append(append([]string{"run"}, s.args...), fast...),
			append(append([]string{"run"}, s.args...), "--runs", "1", "--no-analysis"),
			append(append([]string{"trace"}, s.args...), "--seed", "1", "--run", "2"),
			append([]string{"analyze"}, s.args...),
			{"validate", s.file},
			append(append([]string{"sweep"}, s.args...), "--param", s.param, "--from", "0.15", "--to", "0.45", "--steps", "4", "--runs", "200"),
			append(append([]string{"sensitivity"}, s.args...), "--runs", "200", "--samples", "16", "--bootstrap", "10", "--range-all", "10"),
			append(append([]string{"compare"}, s.args...), "--set-b", s.setB, "--runs", "300"),
		}
		if s.name == "grand-bargain" {
			// compare takes a variant per side.
			commands[len(commands)-1] = []string{"compare", "--variant-a", "grand-bargain", "--variant-b", "alternating", "--runs", "300"}
			commands[4] = []string{"validate", s.file, "--variant", "grand-bargain"}
		}
		for _, args := range commands {
			code, out, errOut := run(t, args...)
			what := "negsim " + strings.Join(args, " ")
			if code != 0 {
				t.Errorf("%s: exit %d: %s", what, code, errOut)
				continue
			}
			scanPrinted(t, what, out+errOut)
		}
	}
	dir := t.TempDir()
	for _, args := range [][]string{
		{"forecast", "../spatial/testdata/ktab-SOE-Policy.csv", "--model", "all"},
		{"forecast", "../spatial/testdata/illustrative-batch.csv", "--runs", "200"},
		{"forecast", "../scenarios/testdata/valid/spatial.yaml", "--runs", "200"},
		{"init", "talks", "--dir", dir},
		{"validate", filepath.Join(dir, "talks.yaml")},
		{"scenarios"},
	} {
		code, out, errOut := run(t, args...)
		what := "negsim " + strings.Join(args, " ")
		if code != 0 {
			t.Errorf("%s: exit %d: %s", what, code, errOut)
			continue
		}
		scanPrinted(t, what, out+errOut)
	}
}
