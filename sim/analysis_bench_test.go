package sim_test

import (
	"context"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// BenchmarkAnalysis runs the same Monte Carlo (4,096 runs, seed 1, one
// worker) with the per-run outcome-space analysis on ("negsim run") and
// off ("negsim run --no-analysis"): the ratio of the two runs/s is what the
// analysis costs. The bundled scenario is an agenda scenario, which is not
// analysed run by run; grand-bargain is its variant of one comprehensive
// package ("negsim run --variant grand-bargain"), which is.
func BenchmarkAnalysis(b *testing.B) {
	const runs = 4096
	for _, v := range []struct{ name, scenario, variant string }{
		{"bundled", scenarios.DefaultName, ""},
		{"grand-bargain", scenarios.DefaultName, "grand-bargain"},
		{"w1", "w1", ""},
	} {
		s := loadVariant(b, v.scenario, v.variant)
		for _, on := range []bool{true, false} {
			name := v.name + "/off"
			if on {
				name = v.name + "/on"
			}
			b.Run(name, func(b *testing.B) {
				b.ReportAllocs()
				n := 0
				for b.Loop() {
					if _, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: runs, Seed: 1, Workers: 1, Analyze: on}); err != nil {
						b.Fatal(err)
					}
					n++
				}
				b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "runs/s")
			})
		}
	}
}
