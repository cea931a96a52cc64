package analysis

import "math"

// Searcher answers single questions about a Problem's outcome space without
// allocating: whether the ZOPA is empty, where a bargaining solution lies,
// how far a package is from the Pareto frontier. It is meant for the Monte
// Carlo, which asks them once or twice per run.
//
// A Searcher rereads the parties' parameters at every call, so the caller
// may change them between calls (draw a new run into the same
// agents.Party values and call SetConsent), but not their shapes: the
// issues, options, Consent and Table must stay as they were at NewSearcher
// (the number of interaction terms may change; growing it allocates once).
// A Searcher holds scratch space and must not be used by two goroutines at
// once; use one per worker.
//
// Spaces of at most Options.MaxEnumerate packages are enumerated, larger
// ones searched by branch and bound; both give the same answers. The exact
// results are false when a search reached Options.NodeBudget (see the
// package documentation, Fallbacks).
type Searcher struct {
	sp    *space
	s     *search
	enum  bool
	ideal []float64
}

// NewSearcher returns a Searcher for p, or p.Check's error.
func NewSearcher(p *Problem, opt *Options) (*Searcher, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	maxEnum, budget := opt.values()
	sp := newSpace(p)
	return &Searcher{
		sp: sp, s: newSearch(sp, budget),
		enum:  maxEnum >= 0 && sp.packages <= float64(maxEnum),
		ideal: make([]float64, sp.nT),
	}, nil
}

// ZOPAExists reports whether some allowed package gives every consenting
// party at least its reservation value. exact is false when the search
// reached the node budget without finding one (exists is then false,
// unproven).
func (s *Searcher) ZOPAExists() (exists, exact bool) {
	s.sp.refresh()
	return s.s.feasible(-1, -1, s.enum)
}

// Solve finds the solution of concept c over the ZOPA (see the package
// documentation for the definitions and tie-breaks). It writes the package
// into pkg (one option index per issue) and the table parties' utilities
// for it, in Table order, into u; either may be nil, else it must have that
// length. found is false when the ZOPA is empty (or no package of it was
// found within the budget). exact is false when a search reached the node
// budget: the result is then the best package found, not proven optimal
// (for Kalai–Smorodinsky, also when an ideal point is approximate).
func (s *Searcher) Solve(c Concept, pkg []int, u []float64) (found, exact bool) {
	if c < Nash || c > Egalitarian {
		panic("analysis: unknown concept")
	}
	if (pkg != nil && len(pkg) != s.sp.nI) || (u != nil && len(u) != s.sp.nT) {
		panic("analysis: Solve: pkg or u of the wrong length")
	}
	s.sp.refresh()
	var seed []int
	if !s.enum {
		// Branch and bound starts from a package of the ZOPA: its bounds
		// aim at it.
		ok, ex := s.s.feasible(-1, -1, false)
		if !ok {
			return false, ex
		}
		seed = s.s.seed
		copy(seed, s.s.inc.pkg)
	}
	exact = true
	if c == KalaiSmorodinsky {
		ok, ex := s.s.ideals(s.enum, seed, s.ideal)
		exact = ex
		if !ok {
			return false, exact
		}
	}
	s.s.obj.set(s.sp, c, s.ideal)
	found, ex := s.s.maximize(s.enum, seed)
	exact = exact && ex
	if found {
		if pkg != nil {
			copy(pkg, s.s.inc.pkg)
		}
		if u != nil {
			copy(u, s.s.inc.u)
		}
	}
	return found, exact
}

// ParetoGap returns the largest δ ≥ 0 such that some allowed package gives
// every table party at least its utility for pkg plus δ: 0 exactly when pkg
// is weakly Pareto optimal among the allowed packages. pkg need not be
// allowed. exact is false when the search reached the node budget; gap is
// then a lower bound. It panics if pkg does not have one valid option per
// issue.
func (s *Searcher) ParetoGap(pkg []int) (gap float64, exact bool) {
	checkPkg(s.sp, pkg)
	s.sp.refresh()
	return s.s.paretoGap(pkg, s.enum)
}

// NashDistance returns the Euclidean distance between the table parties'
// utilities for pkg and the vector nash (in Table order, as Solve writes
// it). It panics if pkg does not have one valid option per issue or nash
// has the wrong length.
func (s *Searcher) NashDistance(pkg []int, nash []float64) float64 {
	s.sp.refresh()
	return nashDistance(s.sp, pkg, nash)
}

// nashDistance is NashDistance over the space's current values.
func nashDistance(sp *space, pkg []int, nash []float64) float64 {
	checkPkg(sp, pkg)
	if len(nash) != sp.nT {
		panic("analysis: NashDistance: nash of the wrong length")
	}
	var d2 float64
	for t, r := range sp.tableRow {
		x := sp.eval(r, pkg) - nash[t]
		// float64(…) keeps a compiler from fusing the product into the
		// add (arm64 would), so the distance is the same on every
		// machine (docs/model.md, Reproducibility).
		d2 += float64(x * x)
	}
	return math.Sqrt(d2)
}

func checkPkg(sp *space, pkg []int) {
	if len(pkg) != sp.nI {
		panic("analysis: package of the wrong length")
	}
	for k, o := range pkg {
		if o < 0 || o >= sp.sizes[k] {
			panic("analysis: package option out of range")
		}
	}
}

// feasible reports whether some package meets the constraints, with row
// skipRes's reservation and row skipRed's red lines dropped (-1: none),
// and whether the answer is proven; the package is in s.inc.pkg.
func (s *search) feasible(skipRes, skipRed int, enum bool) (found, exact bool) {
	if !s.begin(modeFeasible, true, skipRes, skipRed) {
		return false, true
	}
	if enum {
		s.enumerate(false, s.visitFn)
		return s.inc.found, s.err == nil
	}
	if s.prepMu() {
		return false, true
	}
	s.node(0)
	return s.inc.found, s.inc.found || (!s.hit && s.err == nil)
}

// visitFn is enumerate's callback for the single-question searches.
func (s *search) visitFn(int, int) bool {
	s.visit()
	return !s.stopped
}

// maximize finds the incumbent of s.obj over the ZOPA, starting from seed
// (if not nil and in the ZOPA).
func (s *search) maximize(enum bool, seed []int) (found, exact bool) {
	if !s.begin(modeMax, true, -1, -1) {
		return false, true
	}
	if enum {
		s.enumerate(false, s.visitFn)
		return s.inc.found, s.err == nil
	}
	if s.prepMu() {
		return false, true
	}
	if seed != nil {
		s.offerSeed(seed)
	}
	s.prepLam()
	s.node(0)
	return s.inc.found, !s.hit && s.err == nil
}

// ideals sets ideal[t] to the highest utility table party t gets in the
// ZOPA. found is false when the ZOPA is empty.
func (s *search) ideals(enum bool, seed []int, ideal []float64) (found, exact bool) {
	exact = true
	for t := range ideal {
		s.obj.kind, s.obj.t, s.obj.tie = objOne, t, false
		f, ex := s.maximize(enum, seed)
		exact = exact && ex
		if !f {
			return false, exact
		}
		ideal[t] = s.inc.u[t]
	}
	return true, exact
}

// countZOPA counts the ZOPA by iterative deepening: pass L expands the
// nodes above depth L, adds the subtrees whose every completion is proven
// feasible, and leaves the others undecided, so every pass yields a lower
// bound, and the pass that leaves nothing undecided the exact count. After
// each pass, the undecided subtrees two levels down are projected from
// their growth since the previous pass; when they alone would exceed what
// is left of the budget, counting stops with the lower bound rather than
// spend the budget on a count it cannot finish (any exact count, depth
// first or not, expands every undecided node). exact is
// false then, when the budget or context stopped a pass, or when the count
// saturated at math.MaxInt64.
func (s *search) countZOPA() (n int64, exact bool) {
	if !s.begin(modeCount, true, -1, -1) {
		return 0, true
	}
	if s.prepMu() {
		return 0, true
	}
	var lower int64
	prev := 1.0 // the root, undecided before the first pass
	for L := 1; ; L++ {
		s.limit, s.count, s.undecided, s.countSat = L, 0, 0, false
		s.node(0)
		if s.stopped {
			return max(lower, s.count), false
		}
		if s.undecided == 0 {
			return s.count, !s.countSat
		}
		lower = s.count
		u := float64(s.undecided)
		if g := max(u/prev, 1); u*g*g > float64(s.budget-s.nodes) {
			return lower, false
		}
		prev = u
	}
}

// paretoGap is Searcher.ParetoGap after refresh.
func (s *search) paretoGap(pkg []int, enum bool) (float64, bool) {
	s.obj.setGap(s.sp, pkg)
	if !s.begin(modeMax, false, -1, -1) {
		return 0, true
	}
	// δ ≥ 0: the search need only beat 0.
	s.inc.found, s.inc.val = true, 0
	if enum {
		s.enumerate(false, s.visitFn)
		return s.inc.val, s.err == nil
	}
	s.prepLam()
	s.node(0)
	return s.inc.val, !s.hit && s.err == nil
}
