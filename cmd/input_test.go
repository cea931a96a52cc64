package cmd

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/negsim/negsim/scenarios"
)

// runWithin runs the command line like run, failing the test if it has
// not returned within a loose ceiling (it must never block).
func runWithin(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code        int
		out, errOut string
	}
	done := make(chan result, 1)
	go func() {
		code, out, errOut := run(t, args...)
		done <- result{code, out, errOut}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.errOut
	case <-time.After(10 * time.Second):
		t.Fatalf("%v still running after 10 s", args)
		return 0, "", ""
	}
}

// Every file the command line reads must be a regular file of bounded
// size: a pipe or a device named by mistake is an error at once, naming
// the file and what is allowed.
func TestInputsMustBeRegularFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.yaml")
	if err := mkfifo(fifo); err != nil {
		t.Skipf("no named pipes: %v", err)
	}
	fifoXML := filepath.Join(dir, "pipe.xml")
	if err := mkfifo(fifoXML); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.json")
	if err := os.WriteFile(big, make([]byte, maxResultsFile+1), 0o644); err != nil {
		t.Fatal(err)
	}
	d := "../scenarios/testdata/genius/anac/Laptop/"
	domain, p1 := d+"Laptop-C-domain.xml", d+"Laptop-C-prof1.xml"
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"endless device as the scenario", []string{"validate", "/dev/zero"}, []string{"/dev/zero", "not a regular file (a device)"}},
		{"pipe as the scenario", []string{"run", "--runs", "10", fifo}, []string{fifo, "not a regular file (a named pipe)"}},
		{"pipe as a profile", []string{"validate", domain, "--profile", p1, "--profile", fifoXML}, []string{fifoXML, "not a regular file (a named pipe)"}},
		{"pipe as the domain", []string{"validate", fifoXML, "--profile", p1, "--profile", p1}, []string{fifoXML, "not a regular file (a named pipe)"}},
		{"pipe as results to replay", []string{"run", "--replay", fifo}, []string{"--replay " + fifo, "not a regular file"}},
		{"device as results to plot", []string{"plot", "/dev/zero"}, []string{"/dev/zero", "not a regular file"}},
		{"oversize results to replay", []string{"run", "--replay", big}, []string{"--replay " + big, "at most 67108864"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runWithin(t, tt.args...)
			if code == 0 {
				t.Fatalf("%v: exit 0, want an error", tt.args)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut, w) {
					t.Errorf("%v: stderr %q, want it to mention %q", tt.args, errOut, w)
				}
			}
		})
	}
}

// Flag values that are not numbers in range are errors, NaN included
// (every comparison with NaN is false, so it passed a range check).
func TestBadFlagValues(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--runs", "100", "--precision", "NaN"}, "--precision: want a half-width in (0, 0.5)"},
		{[]string{"run", "--runs", "100", "--precision", "-0.1"}, "--precision: want a half-width in (0, 0.5)"},
		{[]string{"run", "--runs", "100", "--precision", "+Inf"}, "--precision: want a half-width in (0, 0.5)"},
		{[]string{"run", "--runs", "100", "--set", "protocol.order="}, "empty value"},
	} {
		code, _, errOut := runWithin(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error mentioning %q", tt.args, code, errOut, tt.want)
		}
	}
}

// The first interrupt during a slow load is obeyed at once: nothing has
// been written, so there is nothing to wait for.
func TestInterruptDuringLoad(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	started := make(chan struct{})
	defer func(f func(string, string, []string, []string) (*scenarios.Scenario, error)) { loadScenarioFunc = f }(loadScenarioFunc)
	loadScenarioFunc = func(ref, variant string, profiles, sets []string) (*scenarios.Scenario, error) {
		close(started)
		<-release
		return loadScenario(ref, variant, profiles, sets)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		<-started
		cancel()
	}()
	out := filepath.Join(t.TempDir(), "out")
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() { done <- Run(ctx, []string{"run", "--out", out}, io.Discard, &stderr) }()
	select {
	case code := <-done:
		if code != exitInterrupted || !strings.Contains(stderr.String(), "interrupted while loading the scenario") {
			t.Errorf("exit %d, stderr %q; want %d and a message saying the load was interrupted", code, stderr.String(), exitInterrupted)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run still waiting for the load 10 s after the interrupt")
	}
	if _, err := os.Stat(out); err == nil {
		t.Errorf("--out created by an interrupted load")
	}
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
