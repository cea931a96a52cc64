package sim

import (
	"fmt"

	"github.com/negsim/negsim/analysis"
)

// analyser answers the per-run outcome-space questions (Runner.Analyze):
// a searcher over the run's drawn parties, scratch for the Nash solution,
// and a cache of Pareto gaps by package when utilities are fixed.
type analyser struct {
	searcher *analysis.Searcher
	nash     []float64
	gaps     map[uint64]float64
	strides  []uint64
}

// Analyze answers, for the run just simulated, whether a zone of possible
// agreement existed and, for an agreement, its distance to the Pareto
// frontier and to the Nash solution (see Outcome). It reads the parties as
// the run left them.
func (r *Runner) Analyze(o *Outcome) error {
	if r.an.searcher == nil {
		p := &analysis.Problem{Issues: r.sc.Issues, Parties: r.d.parties, Consent: r.tk.consenters, Table: r.tk.order}
		sr, err := analysis.NewSearcher(p, nil)
		if err != nil {
			return fmt.Errorf("sim: analysing runs: %w", err)
		}
		r.an.searcher = sr
		r.an.nash = make([]float64, len(r.tk.order))
		fixed := true
		for _, f := range r.d.fixed {
			fixed = fixed && f
		}
		if fixed {
			r.an.gaps = map[uint64]float64{}
			r.an.strides = make([]uint64, len(r.tk.sizes))
			st := uint64(1)
			for k := len(r.tk.sizes) - 1; k >= 0; k-- {
				r.an.strides[k] = st
				if st > (1<<62)/uint64(r.tk.sizes[k]) {
					r.an.gaps = nil // too large to index
					break
				}
				st *= uint64(r.tk.sizes[k])
			}
		}
	}
	if r.ag != nil {
		// The outcome-space analysis is of one comprehensive package; an
		// agenda run is not one (docs/model.md).
		o.Analysed = false
		return nil
	}
	o.Analysed, o.Exact = true, true
	o.ParetoGap, o.NashDistance = 0, 0
	if o.Agreement {
		// The agreed package is in the zone at the agreement round.
		o.ZOPA = true
		found, exact := r.an.searcher.Solve(analysis.Nash, nil, r.an.nash)
		o.Exact = o.Exact && exact
		if found {
			o.NashDistance = r.an.searcher.NashDistance(o.Package, r.an.nash)
		}
		o.ParetoGap, exact = r.paretoGap(o.Package)
		o.Exact = o.Exact && exact
		return nil
	}
	// No agreement: a zone at the last round's reservation values, or else
	// at the first round's.
	exists, exact := r.an.searcher.ZOPAExists()
	o.Exact = exact
	if !exists {
		for i := range r.d.parties {
			r.d.parties[i].Reservation, r.d.startRes[i] = r.d.startRes[i], r.d.parties[i].Reservation
		}
		exists, exact = r.an.searcher.ZOPAExists()
		o.Exact = o.Exact && exact
		for i := range r.d.parties {
			r.d.parties[i].Reservation, r.d.startRes[i] = r.d.startRes[i], r.d.parties[i].Reservation
		}
	}
	o.ZOPA = exists
	return nil
}

// paretoGap is Searcher.ParetoGap, cached by package when the parties'
// utilities are the same in every run (it does not depend on reservation
// values).
func (r *Runner) paretoGap(pkg []int) (float64, bool) {
	if r.an.gaps == nil {
		return r.an.searcher.ParetoGap(pkg)
	}
	var key uint64
	for k, o := range pkg {
		key += uint64(o) * r.an.strides[k]
	}
	if g, ok := r.an.gaps[key]; ok {
		return g, true
	}
	g, exact := r.an.searcher.ParetoGap(pkg)
	if exact {
		r.an.gaps[key] = g
	}
	return g, exact
}

// ZOPAShare draws the parameters of runs 0..n-1 with the given seed and
// returns the share of them in which a zone of possible agreement exists
// at the start of the talks (before drift and shocks), and whether every
// search was exact. A share of 0 means that, barring drift and shocks that
// lower reservation values, no run can reach agreement.
func ZOPAShare(s *Scenario, seed uint64, n int) (float64, bool, error) {
	r := NewRunner(s)
	r.Draw(seed, 0) // the searcher checks drawn parties
	p := &analysis.Problem{Issues: s.Issues, Parties: r.d.parties, Consent: r.tk.consenters, Table: r.tk.order}
	sr, err := analysis.NewSearcher(p, &analysis.Options{NodeBudget: 100000})
	if err != nil {
		return 0, false, err
	}
	found, exact := 0, true
	for i := range n {
		r.Draw(seed, i)
		ok, ex := sr.ZOPAExists()
		exact = exact && ex
		if ok {
			found++
		}
	}
	return float64(found) / float64(n), exact, nil
}
