package analysis_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/negsim/negsim/analysis"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// bundled returns the bundled scenario's problem as drawn for run i with
// seed 1, and its Runner (whose parties Problem.Parties is).
func bundled(tb testing.TB, i int) (*analysis.Problem, *sim.Runner) {
	tb.Helper()
	sc, err := scenarios.Load("", nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := sim.NewRunner(sc.Sim)
	return &analysis.Problem{
		Issues:  sc.Sim.Issues,
		Parties: r.Draw(1, i),
		Consent: r.Consenters(),
		Table:   r.Table(),
	}, r
}

// TestBundled analyses the bundled scenario for 20 runs with both
// algorithms: 256 packages, the same results from both, every frontier
// point allowed, every solution in the ZOPA and on the frontier (the
// coalition's consent never binds in this scenario, so Pareto optimality within the
// ZOPA is optimality among all allowed packages).
func TestBundled(t *testing.T) {
	p, runner := bundled(t, 0)
	for i := range 20 {
		runner.Draw(1, i)
		r := analyze(t, p, nil)
		if r.Packages != 256 || !r.Enumerated || r.Approximate || r.Frontier == nil {
			t.Fatalf("run %d: Packages %v, Enumerated %v, Approximate %v, frontier %v; want 256, true, false, set",
				i, r.Packages, r.Enumerated, r.Approximate, r.Frontier != nil)
		}
		b := analyze(t, p, bnb)
		if b.ZOPA.Exists != r.ZOPA.Exists || b.ZOPA.Size != r.ZOPA.Size || !slices.Equal(b.ZOPA.Ideal, r.ZOPA.Ideal) ||
			!slices.Equal(b.ZOPA.Blockers, r.ZOPA.Blockers) || b.Approximate {
			t.Errorf("run %d: branch and bound ZOPA %+v, enumeration %+v", i, b.ZOPA, r.ZOPA)
		}
		onFrontier := map[string]bool{}
		for _, pt := range r.Frontier.Points {
			for _, j := range p.Consent {
				if p.Parties[j].Breaks(pt.Package) {
					t.Errorf("run %d: frontier package %v breaks party %d's red lines", i, pt.Package, j)
				}
			}
			onFrontier[key(pt.Utility)] = true
		}
		for n, s := range r.Solutions {
			if !slices.Equal(s.Package, b.Solutions[n].Package) {
				t.Errorf("run %d: %s = %v by enumeration, %v by branch and bound", i, s.Name, s.Package, b.Solutions[n].Package)
			}
			if s.Found != r.ZOPA.Exists {
				t.Errorf("run %d: %s found = %v with ZOPA.Exists = %v", i, s.Name, s.Found, r.ZOPA.Exists)
			}
			if !s.Found {
				continue
			}
			tu := make([]float64, len(p.Table))
			for t2, j := range p.Table {
				tu[t2] = s.Utility[j]
			}
			if !onFrontier[key(tu)] {
				t.Errorf("run %d: %s %v (table utilities %v) is not on the frontier", i, s.Name, s.Package, tu)
			}
			for _, j := range p.Consent {
				pt := &p.Parties[j]
				if pt.Breaks(s.Package) || pt.ConsentUtility(s.Package) < pt.Reservation {
					t.Errorf("run %d: %s %v is not acceptable to party %d", i, s.Name, s.Package, j)
				}
			}
		}
	}
}

// key identifies a utility vector exactly (%v prints the shortest
// representation that reads back to the same float64).
func key(u []float64) string { return fmt.Sprint(u) }
