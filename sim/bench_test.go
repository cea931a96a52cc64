package sim

import (
	"context"
	"testing"
)

// BenchmarkRun measures one run of the toy scenario, by protocol.
func BenchmarkRun(b *testing.B) {
	for _, p := range protocols {
		b.Run(p.name, func(b *testing.B) {
			r := NewRunner(toy(b, p.kind, p.format))
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				r.Run(1, i, nil)
				i++
			}
		})
	}
}

// BenchmarkMonteCarlo measures a 10,000-run estimate of the toy scenario,
// mediated trilateral, with the default number of workers.
func BenchmarkMonteCarlo(b *testing.B) {
	const runs = 10000
	s := toy(b, Mediated, Trilateral)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MonteCarlo(context.Background(), s, Options{Runs: runs, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
}

// BenchmarkShardedMonteCarlo is BenchmarkMonteCarlo as 4 shards run one
// after the other, then merged: the cost of sharding over one estimate
// (the per-batch sums and the merge), on the same machine.
func BenchmarkShardedMonteCarlo(b *testing.B) {
	const runs, n = 10000, 4
	s := toy(b, Mediated, Trilateral)
	b.ReportAllocs()
	parts := make([]*Partial, n)
	for b.Loop() {
		for k := range n {
			p, err := MonteCarloShard(context.Background(), s, Options{Runs: runs, Seed: 1}, Shard{k, n})
			if err != nil {
				b.Fatal(err)
			}
			parts[k] = p
		}
		if _, err := MergeShards(s, parts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(runs*b.N)/b.Elapsed().Seconds(), "runs/s")
}
