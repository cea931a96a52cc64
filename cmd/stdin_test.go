package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestRunFromStdin: "-" reads the scenario from standard input (YAML, or
// JSON), gives the same numbers as the file, and its results replay from
// the copy they embed.
func TestRunFromStdin(t *testing.T) {
	data, err := os.ReadFile("../scenarios/testdata/valid/minimal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fromStdin := func(in string, args ...string) (int, string, string) {
		t.Helper()
		old := stdin
		stdin = strings.NewReader(in)
		stdinData.once, stdinData.data, stdinData.err = sync.Once{}, nil, nil
		defer func() { stdin = old }()
		return run(t, args...)
	}
	_, want, _ := run(t, "run", "../scenarios/testdata/valid/minimal.yaml", "--runs", "500", "--json", "--no-analysis")
	code, got, errOut := fromStdin(string(data), "run", "-", "--runs", "500", "--json", "--no-analysis")
	if code != 0 {
		t.Fatalf("run -: exit %d: %s", code, errOut)
	}
	p := func(s string) string { i := strings.Index(s, `"p_agreement"`); return s[i : i+40] }
	if p(got) != p(want) {
		t.Errorf("run - gives %s, the file %s", p(got), p(want))
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := fromStdin(string(data), "run", "-", "--runs", "300", "--out", out); code != 0 {
		t.Fatalf("run - --out: %s", errOut)
	}
	if code, stdout, errOut := run(t, "run", "--replay", filepath.Join(out, "results.json")); code != 0 || !strings.Contains(stdout, "identical") {
		t.Errorf("replay of a run from standard input: exit %d, %s%s", code, stdout, errOut)
	}
	if code, _, errOut := fromStdin("  \n", "run", "-"); code == 0 || !strings.Contains(errOut, "standard input is empty") {
		t.Errorf("run - with nothing on standard input: exit %d, %s", code, errOut)
	}
}
