package analysis_test

import (
	"math/rand/v2"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// largeProblem returns a synthetic problem too large to enumerate: nI
// issues of nO options, nP parties at the table with random additive
// utilities (weights and values uniform, weights normalised), seeded with
// seed. Each party's reservation value is frac of the way from its mean
// utility over all packages to its best, moderately high at frac ≈ 0.2:
// every party wants more than an average package.
func largeProblem(seed uint64, nI, nO, nP int, frac float64) *analysis.Problem {
	rng := rand.New(rand.NewPCG(seed, seed))
	sizes := make([]int, nI)
	for k := range sizes {
		sizes[k] = nO
	}
	p := &analysis.Problem{Issues: issues(sizes...)}
	for i := range nP {
		pt := agents.Party{Role: agents.AtTable, Power: 1}
		var sum float64
		for range nI {
			w := rng.Float64()
			pt.Weights = append(pt.Weights, w)
			sum += w
		}
		var mean, best float64
		for k := range nI {
			pt.Weights[k] /= sum
			row := make([]float64, nO)
			m := 0.0
			for o := range row {
				row[o] = pt.Weights[k] * rng.Float64()
				mean += row[o] / float64(nO)
				m = max(m, row[o])
			}
			best += m
			pt.Utils = append(pt.Utils, row)
			pt.RedLine = append(pt.RedLine, make([]bool, nO))
		}
		pt.Reservation = mean + frac*(best-mean)
		pt.SetConsent()
		p.Parties = append(p.Parties, pt)
		p.Consent = append(p.Consent, i)
		p.Table = append(p.Table, i)
	}
	return p
}

// BenchmarkAnalyzeBundled is a full analysis (enumeration of 576 packages)
// of the bundled scenario as drawn for run 0 with seed 1.
func BenchmarkAnalyzeBundled(b *testing.B) {
	p, _ := bundled(b, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := analysis.Analyze(b.Context(), p, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnalyzeLarge is a full analysis, by branch and bound, of a
// synthetic problem of 20 issues × 6 options (3.7e15 packages) and 5
// parties (seed 1, reservations 0.2 of the way from mean to best).
func BenchmarkAnalyzeLarge(b *testing.B) {
	p := largeProblem(1, 20, 6, 5, 0.2)
	b.ReportAllocs()
	var r *analysis.Report
	for b.Loop() {
		var err error
		if r, err = analysis.Analyze(b.Context(), p, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(r.Nodes), "nodes/op")
	b.Logf("ZOPA %+v; approximate %v; notes %q", r.ZOPA, r.Approximate, r.Notes)
}

// BenchmarkSearcherZOPA is the Monte Carlo's per-run check that a ZOPA
// exists, on the bundled scenario, drawing a new run before each check.
func BenchmarkSearcherZOPA(b *testing.B) {
	p, r := bundled(b, 0)
	s, err := analysis.NewSearcher(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Draw(1, i%64)
		s.ZOPAExists()
		i++
	}
}

// BenchmarkSearcherRun is what the Monte Carlo would ask per run of the
// bundled scenario: ZOPA existence, the Nash solution, and the Pareto gap
// and distance to Nash of a package (here the utilitarian solution of run
// 0).
func BenchmarkSearcherRun(b *testing.B) {
	p, r := bundled(b, 0)
	s, err := analysis.NewSearcher(p, nil)
	if err != nil {
		b.Fatal(err)
	}
	agreed := make([]int, len(p.Issues))
	s.Solve(analysis.Utilitarian, agreed, nil)
	pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		r.Draw(1, i%64)
		if ok, _ := s.ZOPAExists(); ok {
			s.Solve(analysis.Nash, pkg, u)
			s.ParetoGap(agreed)
			s.NashDistance(agreed, u)
		}
		i++
	}
}
