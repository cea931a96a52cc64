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
