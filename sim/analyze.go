package sim

import (
	"context"
	"errors"
	"fmt"

	"github.com/negsim/negsim/analysis"
)

// analyser answers the per-run outcome-space questions (Runner.Analyze).
// When the utilities of every party whose consent is needed are the same
// in every run, an analysis.Archive, built once, answers them for each
// run's reservation values; otherwise, or when the space is too large to
// archive, a Searcher searches anew in every run, with a cache of Pareto
// gaps by package when utilities are fixed (a gap does not depend on
// reservation values).
type analyser struct {
	q        questions
	searcher *analysis.Searcher // the Searcher q is, or nil
	nash     []float64
	gaps     map[uint64]float64
	strides  []uint64
	// searchOnly makes q a Searcher even when an Archive would do (tests
	// compare the two).
	searchOnly bool
}

// questions are what Analyze asks, of an Archive or a Searcher.
type questions interface {
	ZOPAExists() (exists, exact bool)
	Solve(c analysis.Concept, pkg []int, u []float64) (found, exact bool)
	ParetoGap(pkg []int) (gap float64, exact bool)
	NashDistance(pkg []int, nash []float64) float64
}

// Analyze answers, for the run just simulated, whether a zone of possible
// agreement existed and, for an agreement, its distance to the Pareto
// frontier and to the Nash solution (see Outcome). It reads the parties as
// the run left them. When the utilities of the parties whose consent is
// needed are not uncertain, the first call builds an analysis.Archive and
// every run is answered from it (the same answers as a search, to the
// bit); otherwise each call searches.
func (r *Runner) Analyze(o *Outcome) error {
	if r.ag != nil {
		// The outcome-space analysis is of one comprehensive package; an
		// agenda run is not one (docs/model.md).
		o.Analysed = false
		return nil
	}
	if r.an.q == nil {
		if err := r.newAnalyser(); err != nil {
			return err
		}
	}
	q := r.an.q
	o.Analysed, o.Exact = true, true
	o.ParetoGap, o.NashDistance = 0, 0
	if o.Agreement {
		// The agreed package is in the zone at the agreement round.
		o.ZOPA = true
		found, exact := q.Solve(analysis.Nash, nil, r.an.nash)
		o.Exact = o.Exact && exact
		if found {
			o.NashDistance = q.NashDistance(o.Package, r.an.nash)
		}
		o.ParetoGap, exact = r.paretoGap(o.Package)
		o.Exact = o.Exact && exact
		return nil
	}
	// No agreement: a zone at the last round's reservation values, or else
	// at the first round's.
	exists, exact := q.ZOPAExists()
	o.Exact = exact
	if !exists {
		for i := range r.d.parties {
			r.d.parties[i].Reservation, r.d.startRes[i] = r.d.startRes[i], r.d.parties[i].Reservation
		}
		exists, exact = q.ZOPAExists()
		o.Exact = o.Exact && exact
		for i := range r.d.parties {
			r.d.parties[i].Reservation, r.d.startRes[i] = r.d.startRes[i], r.d.parties[i].Reservation
		}
	}
	o.ZOPA = exists
	return nil
}

// newAnalyser sets up r.an over the parties as drawn for the current run.
func (r *Runner) newAnalyser() error {
	p := &analysis.Problem{Issues: r.sc.Issues, Parties: r.d.parties, Consent: r.tk.consenters, Table: r.tk.order}
	r.an.nash = make([]float64, len(r.tk.order))
	// Only the consenting parties' utilities enter the analysis.
	fixed := true
	for _, i := range r.tk.consenters {
		fixed = fixed && r.d.fixed[i]
	}
	if fixed && !r.an.searchOnly {
		a, err := analysis.NewArchive(context.Background(), p, nil)
		switch {
		case err == nil:
			r.an.q = a
			return nil
		case !errors.Is(err, analysis.ErrTooLarge):
			return fmt.Errorf("sim: analysing runs: %w", err)
		}
	}
	sr, err := analysis.NewSearcher(p, nil)
	if err != nil {
		return fmt.Errorf("sim: analysing runs: %w", err)
	}
	r.an.q, r.an.searcher = sr, sr
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
	return nil
}

// paretoGap is the Pareto gap of pkg, cached by package when a Searcher
// answers and the parties' utilities are the same in every run.
func (r *Runner) paretoGap(pkg []int) (float64, bool) {
	if r.an.gaps == nil {
		return r.an.q.ParetoGap(pkg)
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
