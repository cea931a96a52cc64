package analysis

import (
	"context"
	"math"
)

type mode int

const (
	modeFeasible mode = iota // stop at the first package that meets the constraints
	modeCount                // count the packages that meet them
	modeMax                  // maximise the objective over them
)

// cand is a child of a node: an option of the node's issue.
type cand struct {
	o    int
	pri  float64 // the objective's bound (modeMax); an optimistic slack otherwise
	full bool    // modeCount: every completion meets the constraints
}

// search holds the configuration and the scratch space of one search at a
// time. All its slices are sized by newSearch, so searches do not allocate.
type search struct {
	sp  *space
	ctx context.Context
	err error

	mode     mode
	obj      objective
	inc      incumbent
	active   []bool // per row: its reservation constraint applies
	allowed  []bool // per flat option
	nAllowed []int  // per issue
	budget   int64
	nodes    int64
	stopped  bool // by the budget, the context, or a package found (modeFeasible)
	hit      bool // the budget stopped the search
	count    int64
	countSat bool
	// modeCount: nodes at depth limit (< nI) are not expanded but counted
	// in undecided (iterative deepening).
	limit     int
	undecided int64

	order, pos       []int     // issues in search order; position of each issue
	spread           []float64 // per issue: Σ over rows of max − min, plus |interactions|
	maxA, minA       []float64 // [k*nC+c]: best and worst allowed contribution
	restMax, restMin []float64 // [d*nC+c]: sum over the issues at positions ≥ d
	restCnt          []int64   // [d]: allowed completions, saturating
	vS, vP, vPL      []float64 // [d*nC+c]: assigned sum; interaction upper and lower bound
	cu, cl           []float64 // [d*nC*maxOpt + c*maxOpt + o]: children's interaction bounds
	cands            []cand    // [d*maxOpt + i]
	pkg              []int
	ubB, loB         []float64 // per row: a node's bases for its children's bounds
	act              []int     // the active rows
	ubT, uT          []float64 // per table party: a child's bound; a leaf's utility
	u                []float64 // per row: a leaf's utility
	pre              []float64 // [k*nC+c]: enumeration prefix sums
	preRed           []int     // [k*nC+c]: enumeration prefix red-line counts

	useMu   bool
	mu      []float64 // per row: surrogate multipliers
	muA     []float64 // per option: Σ_c mu_c ab_c
	muRes   float64   // Σ mu_c res_c
	restMu  []float64 // [d]
	useLam  bool
	lam     []float64 // per row: Lagrangian coefficients of the objective bound
	lamRef  float64   // Σ lam_c ref_c
	restLam []float64 // [d]
	lamA    []float64 // per option: Σ_c lam_c ab_c
	lamK    float64   // objNash: log Π (w_t/λ_t)^{w_t}
	lamW    float64   // objNash: Σ w_t

	lmu, lmuBest []float64 // per row: the objective bound's constraint multipliers
	muOn         []bool    // per row: whether it gets one
	isTable      []bool    // per row: a table party's
	seed         []int

	// scratch for the bounds' multipliers
	drows, dtab           []int
	dref, dden, dl, dlAvg []float64
	dcoef, ustar          []float64
}

func newSearch(sp *space, budget int64) *search {
	nI, nC, nT, mo := sp.nI, sp.nC, sp.nT, sp.maxOpt
	f := func(n int) []float64 { return make([]float64, n) }
	s := &search{
		sp: sp, budget: budget,
		obj:      newObjective(nT),
		inc:      newIncumbent(nI, nT),
		active:   make([]bool, nC),
		allowed:  make([]bool, sp.nO),
		nAllowed: make([]int, nI),
		order:    make([]int, nI), pos: make([]int, nI), spread: f(nI),
		maxA: f(nI * nC), minA: f(nI * nC),
		restMax: f((nI + 1) * nC), restMin: f((nI + 1) * nC),
		restCnt: make([]int64, nI+1),
		vS:      f((nI + 1) * nC), vP: f((nI + 1) * nC), vPL: f((nI + 1) * nC),
		cu: f(nI * nC * mo), cl: f(nI * nC * mo),
		cands: make([]cand, nI*mo),
		pkg:   make([]int, nI),
		ubB:   f(nC), loB: f(nC), act: make([]int, 0, nC), ubT: f(nT), uT: f(nT), u: f(nC),
		pre: f(nI * nC), preRed: make([]int, nI*nC),
		mu: f(nC), restMu: f(nI + 1), lam: f(nC), restLam: f(nI + 1), muA: f(sp.nO), lamA: f(sp.nO),
		lmu: f(nC), lmuBest: f(nC), seed: make([]int, nI), muOn: make([]bool, nC), isTable: make([]bool, nC),
		drows: make([]int, nC), dtab: make([]int, nC), dref: f(nC), dden: f(nC), dl: f(nC), dlAvg: f(nC),
		dcoef: f(nC), ustar: f(nC),
	}
	for _, r := range sp.tableRow {
		s.isTable[r] = true
	}
	return s
}

// begin configures a search: the reservation constraints apply to every
// row but skipRes when constrained, and every row's red lines but skipRed's
// rule options out. It reports false when some issue has no allowed option
// (then no package qualifies).
func (s *search) begin(m mode, constrained bool, skipRes, skipRed int) bool {
	sp := s.sp
	nI, nC, nO := sp.nI, sp.nC, sp.nO
	s.mode, s.nodes, s.stopped, s.hit, s.err = m, 0, false, false, nil
	s.count, s.countSat = 0, false
	s.limit, s.undecided = nI, 0
	s.inc.found = false
	s.useMu, s.useLam = false, false
	s.act = s.act[:0]
	for c := range nC {
		s.active[c] = constrained && c != skipRes
		if s.active[c] {
			s.act = append(s.act, c)
		}
	}
	ok := true
	for k := range nI {
		s.nAllowed[k] = 0
		for j := sp.off[k]; j < sp.off[k+1]; j++ {
			a := true
			for c := range nC {
				if c != skipRed && sp.red[c*nO+j] {
					a = false
					break
				}
			}
			s.allowed[j] = a
			if a {
				s.nAllowed[k]++
			}
		}
		if s.nAllowed[k] == 0 {
			ok = false
		}
	}
	if !ok {
		return false
	}
	// Bounds per issue, and the issue order: largest spread first, so that
	// the bounds tighten fastest.
	for k := range nI {
		spread := 0.0
		for c := range nC {
			mx, mn := math.Inf(-1), math.Inf(1)
			for j := sp.off[k]; j < sp.off[k+1]; j++ {
				if s.allowed[j] {
					mx = max(mx, sp.ab[c*nO+j])
					mn = min(mn, sp.ab[c*nO+j])
				}
			}
			s.maxA[k*nC+c], s.minA[k*nC+c] = mx, mn
			spread += mx - mn
		}
		for _, n := range sp.bpIdx[sp.bpOff[k]:sp.bpOff[k+1]] {
			spread += math.Abs(sp.bp[n].u)
		}
		s.spread[k] = spread
		// Insertion sort by decreasing spread, ties by issue index.
		i := k
		for ; i > 0 && s.spread[s.order[i-1]] < spread; i-- {
			s.order[i] = s.order[i-1]
		}
		s.order[i] = k
	}
	for d, k := range s.order {
		s.pos[k] = d
	}
	for c := range nC {
		s.restMax[nI*nC+c], s.restMin[nI*nC+c] = 0, 0
	}
	s.restCnt[nI] = 1
	for d := nI - 1; d >= 0; d-- {
		k := s.order[d]
		for c := range nC {
			s.restMax[d*nC+c] = s.restMax[(d+1)*nC+c] + s.maxA[k*nC+c]
			s.restMin[d*nC+c] = s.restMin[(d+1)*nC+c] + s.minA[k*nC+c]
		}
		s.restCnt[d] = satMul(s.restCnt[d+1], int64(s.nAllowed[k]))
	}
	for c := range nC {
		s.vS[c], s.vP[c], s.vPL[c] = 0, 0, 0
	}
	for _, q := range sp.bp {
		if s.allowed[sp.off[q.k1]+q.o1] && s.allowed[sp.off[q.k2]+q.o2] {
			s.vP[q.c] += max(q.u, 0)
			s.vPL[q.c] += min(q.u, 0)
		}
	}
	return true
}

func satMul(a, b int64) int64 {
	if a == math.MaxInt64 || (b != 0 && a > math.MaxInt64/b) {
		return math.MaxInt64
	}
	return a * b
}

func (s *search) addCount(n int64) {
	if s.count > math.MaxInt64-n {
		s.count, s.countSat = math.MaxInt64, true
		return
	}
	s.count += n
	if n == math.MaxInt64 {
		s.countSat = true
	}
}

// worse reports whether a bound v cannot beat the incumbent.
func (s *search) worse(v float64) bool {
	if s.obj.tie {
		return v < s.inc.val
	}
	return v <= s.inc.val
}

// node expands the node at depth d, whose issues at positions < d are set
// in s.pkg.
func (s *search) node(d int) {
	if s.stopped {
		return
	}
	s.nodes++
	if s.nodes > s.budget {
		s.hit, s.stopped = true, true
		return
	}
	if s.nodes&4095 == 0 && s.ctx != nil {
		if err := s.ctx.Err(); err != nil {
			s.err, s.stopped = err, true
			return
		}
	}
	sp := s.sp
	nC, mo := sp.nC, sp.maxOpt
	k := s.order[d]
	S := s.vS[d*nC : d*nC+nC]
	P := s.vP[d*nC : d*nC+nC]
	PL := s.vPL[d*nC : d*nC+nC]
	rmx := s.restMax[(d+1)*nC : (d+2)*nC]
	rmn := s.restMin[(d+1)*nC : (d+2)*nC]
	hasPairs := sp.bpOff[k+1] > sp.bpOff[k]
	var cu, cl []float64
	if hasPairs {
		cu, cl = s.cu[d*nC*mo:(d+1)*nC*mo], s.cl[d*nC*mo:(d+1)*nC*mo]
		s.pairBounds(d, k, P, PL, cu, cl)
	}
	eps := sp.eps
	// A child's bounds are the node's bases plus the option's column (and,
	// with interaction terms on issue k, the child's own term bounds).
	ubB, loB := s.ubB, s.loB
	var surB, lamB float64
	if s.useMu {
		surB = s.restMu[d+1] - s.muRes
	}
	if s.useLam {
		lamB = s.restLam[d+1] - s.lamRef
	}
	for c := range nC {
		pu, pl := P[c], PL[c]
		if hasPairs {
			pu, pl = 0, 0
		}
		ubB[c] = S[c] + pu + rmx[c] + eps
		loB[c] = S[c] + pl + rmn[c] - eps - sp.res[c]
		if s.useMu {
			// float64(…) around a product, here and below, rounds it before
			// the add: the Go spec lets a compiler fuse the two into one
			// multiply-add, which arm64, ppc64le, s390x and riscv64 do and
			// amd64 does not, and which nodes are pruned would then depend on
			// the machine (docs/model.md, Reproducibility).
			surB += float64(s.mu[c] * (S[c] + pu + eps))
		}
		if s.useLam {
			lamB += float64(s.lam[c] * (S[c] + pu + eps))
		}
	}
	count, maxi := s.mode == modeCount, s.mode == modeMax
	cands := s.cands[d*mo : (d+1)*mo]
	n := 0
	for o := range sp.sizes[k] {
		j := sp.off[k] + o
		if !s.allowed[j] {
			continue
		}
		col := sp.abT[j*nC : (j+1)*nC]
		ok := true
		slack, low := math.Inf(1), math.Inf(1)
		for _, c := range s.act {
			x := col[c]
			if hasPairs {
				x += cu[c*mo+o]
			}
			sl := ubB[c] + x - sp.res[c]
			if sl < 0 {
				ok = false
				break
			}
			if sl < slack {
				slack = sl
			}
			if count {
				y := col[c]
				if hasPairs {
					y += cl[c*mo+o]
				}
				if l := loB[c] + y; l < low {
					low = l
				}
			}
		}
		if !ok {
			continue
		}
		if s.useMu {
			sur := surB + s.muA[j]
			if hasPairs {
				for c, m := range s.mu {
					sur += float64(m * cu[c*mo+o])
				}
			}
			if sur < 0 {
				continue
			}
		}
		pri, full := slack, false
		switch {
		case count:
			pri, full = low, low >= 0
		case maxi:
			for t, r := range sp.tableRow {
				x := col[r]
				if hasPairs {
					x += cu[r*mo+o]
				}
				s.ubT[t] = ubB[r] + x
			}
			pri = s.obj.value(s.ubT)
			if s.useLam {
				L := lamB + s.lamA[j]
				if hasPairs {
					for c, l := range s.lam {
						L += float64(l * cu[c*mo+o])
					}
				}
				if b := s.lamBound(L); b < pri {
					pri = b
				}
			}
			if s.inc.found && s.worse(pri) {
				continue
			}
		}
		i := n
		for ; i > 0 && cands[i-1].pri < pri; i-- {
			cands[i] = cands[i-1]
		}
		cands[i] = cand{o, pri, full}
		n++
	}
	last := d+1 == sp.nI
	S1 := s.vS[(d+1)*nC : (d+2)*nC]
	P1 := s.vP[(d+1)*nC : (d+2)*nC]
	PL1 := s.vPL[(d+1)*nC : (d+2)*nC]
	for i := range n {
		cd := cands[i]
		if maxi && s.inc.found && s.worse(cd.pri) {
			break
		}
		s.pkg[k] = cd.o
		if cd.full {
			s.addCount(s.restCnt[d+1])
			continue
		}
		if last {
			s.leaf()
			if s.stopped {
				return
			}
			continue
		}
		if d+1 == s.limit {
			s.undecided++
			continue
		}
		col := sp.abT[(sp.off[k]+cd.o)*nC:]
		for c := range nC {
			S1[c] = S[c] + col[c]
			if hasPairs {
				P1[c], PL1[c] = cu[c*mo+cd.o], cl[c*mo+cd.o]
			} else {
				P1[c], PL1[c] = P[c], PL[c]
			}
		}
		s.node(d + 1)
		if s.stopped {
			return
		}
	}
}

// pairBounds sets, for every row and option o of issue k (at depth d), the
// bounds on the interaction terms once k is set to o: a term whose issues
// are both set counts exactly, one still possible counts max(U, 0) (upper)
// or min(U, 0) (lower), an impossible one nothing.
func (s *search) pairBounds(d, k int, P, PL, cu, cl []float64) {
	sp := s.sp
	mo := sp.maxOpt
	for c := range sp.nC {
		for o := range sp.sizes[k] {
			cu[c*mo+o], cl[c*mo+o] = P[c], PL[c]
		}
	}
	for _, n := range sp.bpIdx[sp.bpOff[k]:sp.bpOff[k+1]] {
		q := &sp.bp[n]
		mine, ko, oo := q.o1, q.k2, q.o2
		if q.k2 == k {
			mine, ko, oo = q.o2, q.k1, q.o1
		}
		set := s.pos[ko] < d
		var possible bool
		if set {
			possible = s.pkg[ko] == oo && s.allowed[sp.off[k]+mine]
		} else {
			possible = s.allowed[sp.off[k]+mine] && s.allowed[sp.off[ko]+oo]
		}
		var oldU, oldL float64
		if possible {
			oldU, oldL = max(q.u, 0), min(q.u, 0)
		}
		var newU, newL float64
		switch {
		case set && s.pkg[ko] == oo:
			newU, newL = q.u, q.u
		case !set && s.allowed[sp.off[ko]+oo]:
			newU, newL = max(q.u, 0), min(q.u, 0)
		}
		row := q.c * mo
		for o := range sp.sizes[k] {
			cu[row+o] -= oldU
			cl[row+o] -= oldL
		}
		cu[row+mine] += newU
		cl[row+mine] += newL
	}
}

// lamBound turns L, a bound on the Lagrangian weighted sum of a subtree's
// gains (see prepLam), into a bound on the objective.
func (s *search) lamBound(L float64) float64 {
	if s.obj.kind != objNash {
		return L
	}
	// Weighted AM–GM: Π (λ_t g_t / w_t)^{w_t/W} ≤ Σ λ_t g_t / W.
	if L <= 0 {
		return 0
	}
	return math.Exp(s.lamK + float64(s.lamW*math.Log(L/s.lamW)))
}

// leaf evaluates the complete package in s.pkg.
func (s *search) leaf() {
	s.nodes++
	sp := s.sp
	for c := range sp.nC {
		u := sp.eval(c, s.pkg)
		if s.active[c] && u < sp.res[c] {
			return
		}
		s.u[c] = u
	}
	s.visit()
}

// visit takes the package in s.pkg, with its rows' utilities in s.u, as
// meeting the search's constraints.
func (s *search) visit() {
	switch s.mode {
	case modeFeasible:
		s.inc.found, s.stopped = true, true
		copy(s.inc.pkg, s.pkg)
	case modeCount:
		s.addCount(1)
	case modeMax:
		for t, r := range s.sp.tableRow {
			s.uT[t] = s.u[r]
		}
		v := s.obj.value(s.uT)
		if s.inc.offer(v, s.obj.tie, s.pkg, s.uT) && s.useLam && s.obj.kind == objNash {
			s.tangent()
		}
	}
}

// offerSeed evaluates pkg and, if it meets the constraints, visits it.
func (s *search) offerSeed(pkg []int) {
	copy(s.pkg, pkg)
	sp := s.sp
	for c := range sp.nC {
		s.u[c] = sp.eval(c, s.pkg)
		if s.active[c] && s.u[c] < sp.res[c] {
			return
		}
	}
	s.visit()
}

// enumerate visits, in lexicographic order, every package made of allowed
// options (of any options when all is true) that meets the active
// constraints (all of them, when all is true), with the rows' utilities in
// s.u, and calls fn with the number of rows whose red lines it crosses and
// the last of them (counted only when all is true). It stops when fn
// returns false, the search is stopped, or the context is cancelled
// (checked every 65536 packages).
func (s *search) enumerate(all bool, fn func(nRed, whoRed int) bool) {
	sp := s.sp
	nI, nC, nO := sp.nI, sp.nC, sp.nO
	first := func(k, from int) int {
		for o := from; o < sp.sizes[k]; o++ {
			if all || s.allowed[sp.off[k]+o] {
				return o
			}
		}
		return -1
	}
	for k := range nI {
		s.pkg[k] = first(k, 0)
		if s.pkg[k] < 0 {
			return
		}
	}
	k0, seen := 0, 0
	for {
		for k := k0; k < nI; k++ {
			j := sp.off[k] + s.pkg[k]
			for c := range nC {
				var prev float64
				var prevRed int
				if k > 0 {
					prev, prevRed = s.pre[(k-1)*nC+c], s.preRed[(k-1)*nC+c]
				}
				// As in agents.Party.ConsentUtility: issue after issue
				// from 0, then the interaction terms in order.
				s.pre[k*nC+c] = prev + sp.a[c*nO+j]
				if all {
					if sp.red[c*nO+j] {
						prevRed++
					}
					s.preRed[k*nC+c] = prevRed
				}
			}
		}
		nRed, whoRed := 0, -1
		ok := true
		for c := range nC {
			u := s.pre[(nI-1)*nC+c]
			for _, q := range sp.pairs[sp.ps[c]:sp.ps[c+1]] {
				if q.Holds(s.pkg) {
					u += q.U
				}
			}
			s.u[c] = u
			if all {
				if s.preRed[(nI-1)*nC+c] > 0 {
					nRed++
					whoRed = c
				}
			} else if s.active[c] && u < sp.res[c] {
				ok = false
			}
		}
		if ok && (!fn(nRed, whoRed) || s.stopped) {
			return
		}
		if seen++; seen&0xffff == 0 && s.ctx != nil {
			if err := s.ctx.Err(); err != nil {
				s.err, s.stopped = err, true
				return
			}
		}
		k := nI - 1
		for ; k >= 0; k-- {
			if o := first(k, s.pkg[k]+1); o >= 0 {
				s.pkg[k] = o
				break
			}
			s.pkg[k] = first(k, 0)
		}
		if k < 0 {
			return
		}
		k0 = k
	}
}
