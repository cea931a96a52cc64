package cmd

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestHelperProcess is not a test: run as a subprocess by the tests below
// (NEGSIM_HELPER=1), it runs the command line after "--" and exits.
func TestHelperProcess(t *testing.T) {
	if os.Getenv("NEGSIM_HELPER") != "1" {
		return
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Run(context.Background(), args, io.Discard, os.Stderr))
}

// startHelper starts the command line in a subprocess.
func startHelper(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	c := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, args...)...)
	c.Env = append(os.Environ(), "NEGSIM_HELPER=1")
	c.Stderr = os.Stderr
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

// waitFor polls until cond holds, failing the test after a loose ceiling.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("still waiting for %s after 20 s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// staging returns the staging directories in dir.
func staging(dir string) []string {
	m, _ := filepath.Glob(filepath.Join(dir, stagingPrefix+"*"))
	return m
}

func readResultsFile(t *testing.T, dir string) *Results {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}
	var res Results
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	return &res
}

// A --force run killed while it writes leaves the previous results as
// they were, and the next run cleans up after it.
func TestKilledForceRunKeepsResults(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a subprocess")
	}
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := run(t, "run", "--runs", "600", "--seed", "5", "--out", out, "--save-runs", "--no-analysis"); code != 0 {
		t.Fatalf("first run: exit %d: %s", code, errOut)
	}
	before, err := os.ReadFile(filepath.Join(out, ResultsFile))
	if err != nil {
		t.Fatal(err)
	}

	// A long run, killed once it is streaming runs.csv.
	c := startHelper(t, "run", "--runs", "100000000", "--out", out, "--force", "--save-runs", "--no-analysis")
	waitFor(t, "the killed run to start writing", func() bool {
		for _, s := range staging(out) {
			if m, _ := filepath.Glob(filepath.Join(s, "."+RunsFile+".tmp*")); len(m) > 0 {
				return true
			}
		}
		return false
	})
	if err := c.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	c.Wait()

	after, err := os.ReadFile(filepath.Join(out, ResultsFile))
	if err != nil || string(after) != string(before) {
		t.Fatalf("results.json after the killed run: %v; want the previous results, unchanged", err)
	}
	if _, err := os.Stat(filepath.Join(out, RunsFile)); err != nil {
		t.Errorf("runs.csv of the previous run lost: %v", err)
	}

	// The next run replaces them, and removes what the killed one left.
	if code, _, errOut := run(t, "run", "--runs", "300", "--out", out, "--force", "--no-analysis"); code != 0 {
		t.Fatalf("run after the killed one: exit %d: %s", code, errOut)
	}
	if res := readResultsFile(t, out); res.Runs != 300 {
		t.Errorf("results.json has %d runs, want the new run's 300", res.Runs)
	}
	if s := staging(out); len(s) > 0 {
		t.Errorf("staging directories left: %v", s)
	}
	if _, err := os.Stat(filepath.Join(out, RunsFile)); err == nil {
		t.Errorf("runs.csv of an earlier run left beside results without --save-runs")
	}
}

// A temporary file left by an older negsim, killed while writing, does not
// make an otherwise empty directory "not empty", and is removed.
func TestStaleTemporaryRemoved(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, "."+RunsFile+".tmp123456")
	if err := os.WriteFile(stale, []byte("run,agreement\n0,tr"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, _, errOut := run(t, "run", "--runs", "200", "--out", out, "--no-analysis"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("stale %s left", filepath.Base(stale))
	}
	// A file of the user's that merely looks alike is kept.
	mine := filepath.Join(out, ".runs.csv.tmp-notes")
	os.WriteFile(mine, []byte("mine"), 0o644)
	if code, _, errOut := run(t, "run", "--runs", "200", "--out", out, "--force", "--no-analysis"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Errorf("a file of the user's was removed: %v", err)
	}
}

// A second writer to the same --out is refused while the first holds it.
func TestConcurrentWritersRefused(t *testing.T) {
	out := t.TempDir()
	od, err := openOut(out, false)
	if err != nil {
		t.Fatal(err)
	}
	defer od.close()
	code, _, errOut := run(t, "run", "--runs", "200", "--out", out, "--force", "--no-analysis")
	if code == 0 || !strings.Contains(errOut, "another negsim command is writing into this directory") {
		t.Errorf("second writer: exit %d, stderr %q; want it refused", code, errOut)
	}
	od.close()
	if code, _, errOut := run(t, "run", "--runs", "200", "--out", out, "--force", "--no-analysis"); code != 0 {
		t.Errorf("after the first writer is done: exit %d: %s", code, errOut)
	}
}

func TestOutPathErrors(t *testing.T) {
	dir := t.TempDir()
	dangling := filepath.Join(dir, "link")
	if err := os.Symlink(filepath.Join(dir, "gone"), dangling); err != nil {
		t.Skipf("no symbolic links: %v", err)
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	for _, tt := range []struct {
		out  string
		want string
	}{
		{"", `--out "": give the directory`},
		{dangling, "a symbolic link to " + filepath.Join(dir, "gone") + ", which does not exist"},
		{file, "not a directory"},
	} {
		code, _, errOut := run(t, "run", "--runs", "100", "--out", tt.out)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("--out %q: exit %d, stderr %q; want an error mentioning %q", tt.out, code, errOut, tt.want)
		}
	}
}
