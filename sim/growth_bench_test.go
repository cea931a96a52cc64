package sim

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/negsim/negsim/agents"
	"gonum.org/v1/gonum/stat/distuv"
)

// synthetic returns a scenario of nP parties at the table, nI issues of nO
// options, random fixed additive utilities (seeded), reservation values
// U(0, 0.5), Boulware strategies, stacked alternating offers and a deadline
// of T rounds.
func synthetic(tb testing.TB, nP, nI, nO, T int) *Scenario {
	tb.Helper()
	rng := rand.New(rand.NewPCG(uint64(nP*1000+nI), uint64(nO)))
	s := &Scenario{Name: "synthetic", Deadline: T, Protocol: ProtocolConfig{Kind: Alternating, Step: Fixed(0.5)}}
	for k := range nI {
		is := agents.Issue{ID: fmt.Sprintf("i%d", k)}
		for o := range nO {
			is.Options = append(is.Options, agents.Option{ID: fmt.Sprintf("o%d", o)})
		}
		s.Issues = append(s.Issues, is)
	}
	res, err := Random(distuv.Uniform{Min: 0, Max: 0.5}, 0, 1)
	if err != nil {
		tb.Fatal(err)
	}
	for j := range nP {
		p := Party{ID: fmt.Sprintf("p%d", j), Reservation: res,
			Strategy: strategy(tb, "boulware")}
		for range nI {
			p.Weights = append(p.Weights, Fixed(rng.Float64()))
			row := make([]Param, nO)
			for o := range row {
				row[o] = Fixed(rng.Float64())
			}
			// Every party has a best option worth 1 on each issue.
			row[rng.IntN(nO)] = Fixed(1)
			p.Values = append(p.Values, row)
			p.RedLines = append(p.RedLines, make([]bool, nO))
		}
		s.Parties = append(s.Parties, p)
	}
	if err := s.Check(); err != nil {
		tb.Fatal(err)
	}
	return s
}

// BenchmarkGrowth measures a run's cost as scenarios grow, in parties,
// issues and options (stacked alternating offers, 20 rounds). ns/PIR is
// the time per party × issue × round: roughly constant means the cost
// grows linearly in them. Outcome spaces above ExactPackages use the
// heuristic drafter, whose cost does not depend on the number of packages;
// smaller ones are drafted exactly (bounded by ExactPackages).
func BenchmarkGrowth(b *testing.B) {
	const T = 20
	type size struct{ p, i, o int }
	var sizes []size
	for _, p := range []int{2, 5, 10, 20} {
		sizes = append(sizes, size{p, 10, 5})
	}
	for _, i := range []int{3, 10, 20, 30} {
		sizes = append(sizes, size{3, i, 5})
	}
	for _, o := range []int{2, 5, 10} {
		sizes = append(sizes, size{3, 10, o})
	}
	sizes = append(sizes, size{20, 30, 10})
	for _, sz := range sizes {
		b.Run(fmt.Sprintf("parties=%d/issues=%d/options=%d", sz.p, sz.i, sz.o), func(b *testing.B) {
			r := NewRunner(synthetic(b, sz.p, sz.i, sz.o, T))
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				r.Run(1, n, nil)
				n++
			}
			perRun := b.Elapsed().Seconds() / float64(n)
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "runs/s")
			b.ReportMetric(perRun*1e9/float64(sz.p*sz.i*T), "ns/PIR")
		})
	}
}

// BenchmarkGrowthMediated is BenchmarkGrowth's party series under the
// trilateral single negotiating text, where only the mediator drafts, once
// per round: the cost per party × issue × round stays about flat.
func BenchmarkGrowthMediated(b *testing.B) {
	const T = 20
	for _, p := range []int{2, 5, 10, 20} {
		b.Run(fmt.Sprintf("parties=%d/issues=10/options=5", p), func(b *testing.B) {
			s := synthetic(b, p, 10, 5, T)
			s.Protocol = ProtocolConfig{Kind: Mediated, Format: Trilateral, Mediator: 0, Step: Fixed(0.5)}
			r := NewRunner(s)
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				r.Run(1, n, nil)
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "runs/s")
			b.ReportMetric(b.Elapsed().Seconds()/float64(n)*1e9/float64(p*10*T), "ns/PIR")
		})
	}
}

// A scenario of 20 parties and 30 issues of 10 options (10^30 packages)
// runs: no enumeration in the protocol's hot path.
func TestLargeScenarioRuns(t *testing.T) {
	s := synthetic(t, 20, 30, 10, 20)
	r := NewRunner(s)
	if r.d.space != nil {
		t.Fatalf("a 10^30-package space was enumerated")
	}
	for i := range 3 {
		o := r.Run(1, i, nil)
		if o.Round < 1 || o.Round > s.Deadline {
			t.Errorf("run %d: Round = %d", i, o.Round)
		}
	}
}
