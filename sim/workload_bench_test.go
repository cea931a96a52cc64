package sim_test

import (
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

func loadBundledName(b *testing.B, name string, sets ...string) *sim.Scenario {
	b.Helper()
	sc, err := scenarios.Load(name, sets)
	if err != nil {
		b.Fatal(err)
	}
	return sc.Sim
}

// BenchmarkW1 is issue #5's standard workload W1 (bundled scenario w1) on
// one goroutine: runs/s is the per-core throughput.
func BenchmarkW1(b *testing.B) {
	r := sim.NewRunner(loadBundledName(b, "w1"))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Run(1, i, nil)
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "runs/s")
}
