package cmd

import (
	"bytes"
	"strings"
	"testing"

	"github.com/negsim/negsim/explore"
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
