package sim_test

import (
	"context"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// protocolVariants are the bundled scenario (with its agenda) under each
// protocol, and as one comprehensive package ("grand-bargain", the model
// before agendas): the agenda's cost per run is trilateral against
// grand-bargain, side by side in one benchmark run.
var protocolVariants = []struct {
	name string
	sets []string
}{
	{"trilateral", nil},
	{"shuttle", []string{"protocol.format=shuttle"}},
	{"alternating", []string{"protocol.type=alternating"}},
	{"grand-bargain", []string{"agenda.comprehensive=true"}},
}

// BenchmarkBundledRun measures single runs of the bundled scenario on one
// goroutine: runs/s here is the per-core throughput.
func BenchmarkBundledRun(b *testing.B) {
	for _, v := range protocolVariants {
		b.Run(v.name, func(b *testing.B) {
			benchRuns(b, loadBundledName(b, scenarios.DefaultName, v.sets...))
		})
	}
}

// BenchmarkBundledMonteCarlo measures a default-sized estimate (10,000 runs)
// of the bundled scenario on all cores, without the per-run analysis:
// "negsim run --no-analysis" (plain "negsim run" also analyses every run's
// outcome space, Options.Analyze, which this leaves out).
func BenchmarkBundledMonteCarlo(b *testing.B) {
	const runs = sim.DefaultRuns
	for _, v := range protocolVariants {
		b.Run(v.name, func(b *testing.B) {
			s := loadBundledName(b, scenarios.DefaultName, v.sets...)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				if _, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: runs, Seed: 1}); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n*runs)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// BenchmarkAgendaRun measures single runs of the agenda example
// (scenarios/testdata/valid/agenda.yaml: three items, one in force at the
// start with a hazard, a condition, an uncertain deadline) on one
// goroutine: runs are allocation-free with an agenda too.
func BenchmarkAgendaRun(b *testing.B) {
	benchRuns(b, loadBundledName(b, "../scenarios/testdata/valid/agenda.yaml"))
}
