package sim_test

import (
	"context"
	"fmt"
	"strings"
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
// one goroutine: runs/s is the per-core throughput, with silent rounds
// skipped (skip=on, the default) and played round by round (skip=off).
func BenchmarkW1(b *testing.B) {
	s := loadBundledName(b, "w1")
	for _, on := range []bool{true, false} {
		b.Run(skipName(on), func(b *testing.B) { benchRunsSkip(b, s, on) })
	}
}

func skipName(on bool) string {
	if on {
		return "skip=on"
	}
	return "skip=off"
}

// BenchmarkScaling runs the same Monte Carlo with 1 and 2 workers; the
// ratio of their runs/s is the parallel speed-up: the bundled scenario
// (trilateral) on 20,000 runs, W1 on 20,000 and on 200,000 (its runs are
// so short that 20,000 take 9 ms, in which starting the workers and the
// last batch weigh). The summaries are identical (see TestWorkersIdentical
// and the golden tests).
func BenchmarkScaling(b *testing.B) {
	for _, v := range []struct {
		name string
		runs int
		sets []string
	}{{"ukraine-trilateral", 20000, nil}, {"w1", 20000, nil}, {"w1-200k", 200000, nil}} {
		name, runs := "ukraine-2025-03", v.runs
		if strings.HasPrefix(v.name, "w1") {
			name = "w1"
		}
		s := loadBundledName(b, name, v.sets...)
		for _, w := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/workers=%d", v.name, w), func(b *testing.B) {
				n := 0
				for b.Loop() {
					if _, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: runs, Seed: 1, Workers: w}); err != nil {
						b.Fatal(err)
					}
					n++
				}
				b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "runs/s")
			})
		}
	}
}

// w2 loads issue #5's workload W2: the GENIUS party domain (3,072
// packages) with the first n profiles, stacked alternating offers, Boulware
// (the GENIUS import's defaults), 100 rounds, reservation values U(0, 0.5).
func w2(b testing.TB, n int) *sim.Scenario {
	b.Helper()
	const dir = "../scenarios/testdata/genius/anac/party/"
	var profiles, sets []string
	for i := 1; i <= n; i++ {
		profiles = append(profiles, fmt.Sprintf("%sparty%d_utility.xml", dir, i))
		sets = append(sets, fmt.Sprintf("parties.party%d_utility.reservation=uniform(0, 0.5)", i))
	}
	sc, err := scenarios.LoadGenius(dir+"party_domain.xml", profiles, sets)
	if err != nil {
		b.Fatal(err)
	}
	if sc.Sim.Deadline != 100 || sc.Sim.Protocol.Kind != sim.Alternating {
		b.Fatalf("W2 is not the workload: deadline %d, protocol %v", sc.Sim.Deadline, sc.Sim.Protocol.Kind)
	}
	return sc.Sim
}

// BenchmarkW2 is workload W2 with two and with three parties, on one
// goroutine (runs/s per core).
func BenchmarkW2(b *testing.B) {
	for _, n := range []int{2, 3} {
		s := w2(b, n)
		for _, on := range []bool{true, false} {
			b.Run(fmt.Sprintf("parties=%d/%s", n, skipName(on)), func(b *testing.B) { benchRunsSkip(b, s, on) })
		}
	}
}

// benchRuns simulates consecutive runs of s on one goroutine and reports
// runs/s: the per-core throughput.
func benchRuns(b *testing.B, s *sim.Scenario) { benchRunsSkip(b, s, true) }

// benchRunsSkip is benchRuns with the skipping of silent rounds on or off.
func benchRunsSkip(b *testing.B, s *sim.Scenario, skip bool) {
	r := sim.NewRunner(s)
	sim.SetSkipSilent(r, skip)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Run(1, i, nil)
		i++
	}
	b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "runs/s")
}
