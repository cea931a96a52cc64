package sim_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Golden results for fixed seeds: an optimisation must leave every number
// of these summaries unchanged (go test ./sim -update rewrites them when
// the model itself changes on purpose).
func TestGoldenSummaries(t *testing.T) {
	tests := []struct {
		name, scenario string
		sets           []string
		runs           int
		geniusParties  int // > 0: workload W2 with this many parties
	}{
		{"ukraine-trilateral", "ukraine-2025-03", nil, 3000, 0},
		{"ukraine-shuttle", "ukraine-2025-03", []string{"protocol.format=shuttle"}, 3000, 0},
		{"ukraine-alternating", "ukraine-2025-03", []string{"protocol.type=alternating"}, 3000, 0},
		{"ukraine-heuristic-mix", "ukraine-2025-03", []string{"parties.russia.strategy.type=tit-for-tat", "parties.ukraine.strategy.type=hard-liner", "parties.ukraine.strategy.target=0.3"}, 2000, 0},
		// The bundled scenario negotiated as one package (its variant
		// grand-bargain), without an agenda.
		{"ukraine-grand-bargain", "ukraine-2025-03", []string{"agenda.comprehensive=true"}, 3000, 0},
		{"w1", "w1", nil, 5000, 0},
		// Above sim.ExactPackages: the heuristic drafter.
		{"large-heuristic", "testdata/large-heuristic.yaml", nil, 400, 0},
		{"large-heuristic-alternating", "testdata/large-heuristic.yaml", []string{"protocol.type=alternating"}, 200, 0},
		{"w2-2", "", nil, 3000, 2},
		{"w2-3", "", nil, 2000, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var s *sim.Scenario
			if tt.geniusParties > 0 {
				s = w2(t, tt.geniusParties)
			} else {
				sc, err := scenarios.Load(tt.scenario, tt.sets)
				if err != nil {
					t.Fatal(err)
				}
				s = sc.Sim
			}
			sum, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: tt.runs, Seed: 2026, Workers: 2})
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(sum, "", " ")
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tt.name+".json")
			if *update {
				if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (go test ./sim -update creates it)", err)
			}
			if string(want) != string(got)+"\n" {
				t.Errorf("summary differs from %s (an optimisation must not change results; -update if the model changed on purpose)", path)
			}
		})
	}
}
