package spatial_test

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/negsim/negsim/spatial"
)

// benchIssue returns an issue of n actors drawn from rnd: positions and
// saliences uniform on [0,100], capabilities on [1,100]; with uncertain,
// every position is uniform ±5 around its draw and every salience
// triangular ±10.
func benchIssue(rnd *rand.Rand, n int, uncertain bool) spatial.Issue {
	is := spatial.Issue{Name: "bench", Outcome: math.NaN(), StatusQuo: math.NaN()}
	for i := range n {
		c, x, s := 1+99*rnd.Float64(), 100*rnd.Float64(), 100*rnd.Float64()
		in := spatial.Input{Name: string(rune('A' + i%26)), Capability: spatial.Num(c), Position: spatial.Num(x), Salience: spatial.Num(s)}
		if uncertain {
			in.Position = spatial.Value{Kind: spatial.Uniform, A: max(0, x-5), B: min(100, x+5)}
			in.Salience = spatial.Value{Kind: spatial.Triangular, A: max(0, s-10), B: s, C: min(100, s+10)}
		}
		is.Actors = append(is.Actors, in)
	}
	return is
}

func benchIssues(k, n int, uncertain bool) []spatial.Issue {
	rnd := rand.New(rand.NewPCG(1, 1))
	issues := make([]spatial.Issue, k)
	for i := range issues {
		issues[i] = benchIssue(rnd, n, uncertain)
	}
	return issues
}

// BenchmarkModel times one run of each model on one issue of 30 actors.
func BenchmarkModel(b *testing.B) {
	a := benchIssues(1, 30, false)[0].Nominal(nil)
	for _, name := range spatial.Names() {
		b.Run(name, func(b *testing.B) {
			m, _ := spatial.New(name)
			b.ReportAllocs()
			for b.Loop() {
				m.Predict(a, nil)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}

// BenchmarkBatchFixed times all four models on 300 issues of 30 actors
// with fixed inputs, one run per model and issue, on one worker.
func BenchmarkBatchFixed(b *testing.B) {
	issues := benchIssues(300, 30, false)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := spatial.Forecast(context.Background(), issues, spatial.Names(), &spatial.Settings{Workers: 1}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/batch")
}

// BenchmarkBatchMonteCarlo times the compromise and median models on 300
// issues of 30 uncertain actors, 1000 draws per issue, on one worker.
func BenchmarkBatchMonteCarlo(b *testing.B) {
	issues := benchIssues(300, 30, true)
	for _, name := range []string{"compromise", "median"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := spatial.Forecast(context.Background(), issues, []string{name}, &spatial.Settings{Runs: 1000, Workers: 1}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/batch")
			b.ReportMetric(300*1000*float64(b.N)/b.Elapsed().Seconds(), "draws/s")
		})
	}
}
