package analysis_test

import (
	"context"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/negsim/negsim/analysis"
)

// TestNodeBudget runs a problem of 30 issues × 5 options (9.3e20
// packages, 5 parties, seed 1) with tiny node budgets: the results are
// marked approximate, nothing panics, and whatever is found is consistent.
func TestNodeBudget(t *testing.T) {
	p := largeProblem(1, 30, 5, 5, 0.2)
	for _, budget := range []int64{1, 10, 100, 1000} {
		opt := &analysis.Options{NodeBudget: budget}
		r := analyze(t, p, opt)
		if !r.Approximate || r.Enumerated || r.Frontier != nil || len(r.Notes) < 2 {
			t.Errorf("budget %d: Approximate %v, Enumerated %v, Notes %q; want approximate, searched, notes",
				budget, r.Approximate, r.Enumerated, r.Notes)
		}
		if r.ZOPA.Exists && (r.ZOPA.Size < 1 || r.ZOPA.SizeExact) {
			t.Errorf("budget %d: ZOPA %+v: want a lower bound ≥ 1", budget, r.ZOPA)
		}
		for _, s := range r.Solutions {
			if s.Found != r.ZOPA.Exists {
				t.Errorf("budget %d: %s found = %v with ZOPA.Exists = %v", budget, s.Name, s.Found, r.ZOPA.Exists)
			}
			if s.Found && !inZOPA(p, s.Package) {
				t.Errorf("budget %d: %s %v is not in the ZOPA", budget, s.Name, s.Package)
			}
		}
		s, err := analysis.NewSearcher(p, opt)
		if err != nil {
			t.Fatal(err)
		}
		exists, exact := s.ZOPAExists()
		if !exists && exact {
			t.Errorf("budget %d: ZOPAExists() = false, true: unproven emptiness reported exact", budget)
		}
		pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
		for _, c := range analysis.Concepts {
			found, exact := s.Solve(c, pkg, u)
			if found && !inZOPA(p, pkg) {
				t.Errorf("budget %d: Solve(%v) = %v, not in the ZOPA", budget, c, pkg)
			}
			if budget <= 10 && exact {
				t.Errorf("budget %d: Solve(%v) exact", budget, c)
			}
		}
		if gap, exact := s.ParetoGap(make([]int, len(p.Issues))); gap < 0 || (budget <= 10 && exact) {
			t.Errorf("budget %d: ParetoGap = %v, %v", budget, gap, exact)
		}
	}
}

func inZOPA(p *analysis.Problem, pkg []int) bool {
	for _, j := range p.Consent {
		pt := &p.Parties[j]
		if pt.Breaks(pkg) || pt.ConsentUtility(pkg) < pt.Reservation {
			return false
		}
	}
	return true
}

// TestLarge analyses the benchmark's problems, 20 × 6 and 30 × 5, with the
// default budget: every solution is proven optimal, and lies in the ZOPA.
func TestLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large searches")
	}
	for _, tt := range []struct{ nI, nO int }{{20, 6}, {30, 5}} {
		p := largeProblem(1, tt.nI, tt.nO, 5, 0.2)
		r := analyze(t, p, nil)
		if !r.ZOPA.Exists {
			t.Fatalf("%d×%d: no ZOPA", tt.nI, tt.nO)
		}
		// The first note says the frontier was not computed; the count
		// may be a lower bound; everything else must be proven.
		for _, n := range r.Notes[1:] {
			if n != "ZOPA size is a lower bound: an exact count would exceed the node budget" {
				t.Errorf("%d×%d: note %q: a solution or an ideal point was not proven", tt.nI, tt.nO, n)
			}
		}
		for _, s := range r.Solutions {
			if !s.Found || !inZOPA(p, s.Package) {
				t.Errorf("%d×%d: %s = %v, want a package of the ZOPA", tt.nI, tt.nO, s.Name, s.Package)
			}
		}
		t.Logf("%d×%d: %d nodes, ZOPA ≥ %d (exact %v), notes %q", tt.nI, tt.nO, r.Nodes, r.ZOPA.Size, r.ZOPA.SizeExact, r.Notes)
	}
}

// TestSaturatedCount: with every reservation at 0, all 9.3e20 packages of
// a 30 × 5 problem are in the ZOPA; the count saturates, without the node
// budget being involved.
func TestSaturatedCount(t *testing.T) {
	p := largeProblem(1, 30, 5, 3, 0.2)
	for i := range p.Parties {
		p.Parties[i].Reservation = 0
	}
	r := analyze(t, p, nil)
	if r.ZOPA.Size != math.MaxInt64 || r.ZOPA.SizeExact || r.Approximate {
		t.Errorf("ZOPA %+v, Approximate %v: want a saturated, inexact size, not approximate", r.ZOPA, r.Approximate)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for _, p := range []*analysis.Problem{twoByThree(), largeProblem(1, 20, 6, 5, 0.2)} {
		if r, err := analysis.Analyze(ctx, p, nil); !errors.Is(err, context.Canceled) || r != nil {
			t.Errorf("Analyze(cancelled) = %v, %v; want nil, context.Canceled", r, err)
		}
	}
}

// TestSearcherRedraw keeps one Searcher on the bundled scenario's parties
// while the Runner redraws them for 30 runs, and checks its answers against
// a fresh Analyze of each run.
func TestSearcherRedraw(t *testing.T) {
	p, runner := bundled(t, 0)
	for _, alg := range algorithms {
		s, err := analysis.NewSearcher(p, alg.opt)
		if err != nil {
			t.Fatal(err)
		}
		pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
		for i := range 30 {
			runner.Draw(7, i)
			r := analyze(t, p, nil)
			if exists, exact := s.ZOPAExists(); exists != r.ZOPA.Exists || !exact {
				t.Errorf("%s run %d: ZOPAExists() = %v, %v, want %v, true", alg.name, i, exists, exact, r.ZOPA.Exists)
			}
			for n, c := range analysis.Concepts {
				found, _ := s.Solve(c, pkg, u)
				if want := r.Solutions[n]; found != want.Found || (found && !slices.Equal(pkg, want.Package)) {
					t.Errorf("%s run %d: Solve(%v) = %v, %v; want %v", alg.name, i, c, pkg, found, want.Package)
				}
			}
			if !r.ZOPA.Exists {
				continue
			}
			s.Solve(analysis.Nash, pkg, u)
			if gap, _ := s.ParetoGap(pkg); gap != 0 {
				t.Errorf("%s run %d: ParetoGap(Nash) = %v, want 0", alg.name, i, gap)
			}
			if d := s.NashDistance(pkg, u); d != 0 {
				t.Errorf("%s run %d: NashDistance(Nash) = %v, want 0", alg.name, i, d)
			}
			util := r.Solutions[analysis.Utilitarian].Package
			var d2 float64
			for t2, j := range p.Table {
				x := p.Parties[j].Utility(util) - u[t2]
				d2 += x * x
			}
			if d := s.NashDistance(util, u); math.Abs(d-math.Sqrt(d2)) > 1e-12 {
				t.Errorf("%s run %d: NashDistance(utilitarian) = %v, want %v", alg.name, i, d, math.Sqrt(d2))
			}
		}
	}
}

// TestSearcherAllocs checks that the per-run questions allocate nothing,
// by enumeration and by branch and bound.
func TestSearcherAllocs(t *testing.T) {
	p, runner := bundled(t, 0)
	for _, alg := range algorithms {
		s, err := analysis.NewSearcher(p, alg.opt)
		if err != nil {
			t.Fatal(err)
		}
		pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
		i := 0
		allocs := testing.AllocsPerRun(50, func() {
			runner.Draw(1, i)
			i++
			s.ZOPAExists()
			for _, c := range analysis.Concepts {
				s.Solve(c, pkg, u)
			}
			s.ParetoGap(pkg)
			s.NashDistance(pkg, u)
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocations per run, want 0", alg.name, allocs)
		}
	}
}

func TestSearcherPanics(t *testing.T) {
	s, err := analysis.NewSearcher(twoByThree(), nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		call func()
	}{
		{"short package", func() { s.ParetoGap([]int{0}) }},
		{"option out of range", func() { s.ParetoGap([]int{0, 3}) }},
		{"short pkg for Solve", func() { s.Solve(analysis.Nash, []int{0}, nil) }},
		{"unknown concept", func() { s.Solve(analysis.Concept(9), nil, nil) }},
		{"short nash vector", func() { s.NashDistance([]int{0, 0}, []float64{1}) }},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", tt.name)
				}
			}()
			tt.call()
		}()
	}
}
