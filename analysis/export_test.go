package analysis

import "context"

// FrontierByArchive computes the Pareto frontier as Analyze did before
// ParetoFrontier: every allowed package offered to a frontierBuilder, in
// lexicographic order. Tests compare the two.
func FrontierByArchive(ctx context.Context, p *Problem) (*Frontier, error) {
	sp := newSpace(p)
	s := newSearch(sp, DefaultNodeBudget)
	s.ctx = ctx
	fb := newFrontierBuilder(sp.nT)
	uT := make([]float64, sp.nT)
	if s.begin(modeMax, false, -1, -1) {
		s.enumerate(false, func(int, int) bool {
			for t, c := range sp.tableRow {
				uT[t] = s.u[c]
			}
			fb.add(uT, rankOf(sp, s.pkg))
			return true
		})
	}
	return fb.finish(sp), s.err
}
