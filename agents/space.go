package agents

import (
	"cmp"
	"math"
	"slices"
	"sort"
)

// Space is a small outcome space enumerated once, with every party's
// utilities for every package, so that a proposer can draft exactly (see
// PlanExact) instead of by the dual-ascent heuristic. Package i is the
// mixed-radix number whose digit k is the option of issue k, issue 0 most
// significant.
type Space struct {
	sizes   []int
	n       int
	allowed []bool      // allowed[i]: package i crosses no public red line
	consent [][]float64 // consent[party][i]: ConsentUtility
	util    [][]float64 // util[party][i]: Utility (aliases consent at the table)
	cand    []int32     // allowed packages no other allowed package weakly dominates (see Prune)
	digits  []uint8     // digits[c*issues+k]: option of issue k in candidate c
	order   []int32     // scratch for Prune
	// bySelf[j] lists candidates (positions in cand) by party j's utility,
	// descending, then by package index: a draft scans only the prefix
	// worth at least its target.
	bySelf [][]int32
	// pair holds the two parties when Prune was given exactly two; cand is
	// then sorted by pair[0]'s utility, descending (so by pair[1]'s,
	// ascending), and PlanExact is a binary search.
	pair []int
}

// NewSpace returns the space of packages over issues with the given option
// counts, where allowed[k][o] says whether option o of issue k may be
// proposed, or nil when it has more than max packages.
func NewSpace(sizes []int, allowed [][]bool, parties, max int) *Space {
	n := 1
	for _, s := range sizes {
		if s <= 0 || n > max/s {
			return nil
		}
		n *= s
	}
	sp := &Space{sizes: sizes, n: n, allowed: make([]bool, n)}
	for i := range sp.allowed {
		sp.allowed[i] = true
	}
	stride := n
	for k, s := range sizes {
		stride /= s
		for i := 0; i < n; {
			for o := range s {
				ok := allowed[k][o]
				for range stride {
					if !ok {
						sp.allowed[i] = false
					}
					i++
				}
			}
		}
	}
	sp.consent = make([][]float64, parties)
	sp.util = make([][]float64, parties)
	for j := range sp.consent {
		sp.consent[j] = make([]float64, n)
	}
	return sp
}

// Len returns the number of packages.
func (sp *Space) Len() int { return sp.n }

// Decode writes package i's options into pkg.
func (sp *Space) Decode(i int, pkg []int) {
	for k := len(sp.sizes) - 1; k >= 0; k-- {
		pkg[k] = i % sp.sizes[k]
		i /= sp.sizes[k]
	}
}

// Fill computes party j's utilities for every package (after its
// parameters change; p must have had SetConsent called).
func (sp *Space) Fill(j int, p *Party) {
	sp.consent[j] = fillTable(sp.consent[j], sp.sizes, p.Consent, p.ConsentPairs())
	if p.Role == AtTable {
		sp.util[j] = sp.consent[j]
		return
	}
	if len(sp.util[j]) != sp.n || &sp.util[j][0] == &sp.consent[j][0] {
		sp.util[j] = make([]float64, sp.n)
	}
	sp.util[j] = fillTable(sp.util[j], sp.sizes, p.Utils, p.Pairs)
}

func fillTable(u []float64, sizes []int, tab [][]float64, pairs []Pair) []float64 {
	clear(u)
	n := len(u)
	stride := n
	for k, s := range sizes {
		stride /= s
		row := tab[k]
		for i := 0; i < n; {
			for o := range s {
				c := row[o]
				for range stride {
					u[i] += c
					i++
				}
			}
		}
	}
	if len(pairs) > 0 {
		pkg := make([]int, len(sizes))
		sp := Space{sizes: sizes}
		for i := range u {
			sp.Decode(i, pkg)
			for _, q := range pairs {
				if q.Holds(pkg) {
					u[i] += q.U
				}
			}
		}
	}
	return u
}

// Prune keeps as drafting candidates only the allowed packages that no
// other allowed package weakly dominates in the consent utilities of the
// given parties (with identical utility vectors, the lowest index stays).
// A dominated package is never strictly better by PlanExact's criterion,
// so the drafts do not change, but each costs O(candidates) instead of
// O(packages). Call it after Fill whenever utilities change; parties must
// include every possible drafter.
func (sp *Space) Prune(parties []int) {
	sp.order = sp.order[:0]
	for i, ok := range sp.allowed {
		if ok {
			sp.order = append(sp.order, int32(i))
		}
	}
	// Lexicographically by utilities, descending, then by index: every
	// package's dominators come before it.
	slices.SortFunc(sp.order, func(a, b int32) int {
		for _, j := range parties {
			if c := cmp.Compare(sp.consent[j][b], sp.consent[j][a]); c != 0 {
				return c
			}
		}
		return cmp.Compare(a, b)
	})
	sp.cand = sp.cand[:0]
	for _, i := range sp.order {
		dominated := false
		for _, c := range sp.cand {
			d := true
			for _, j := range parties {
				if sp.consent[j][c] < sp.consent[j][i] {
					d = false
					break
				}
			}
			if d {
				dominated = true
				break
			}
		}
		if !dominated {
			sp.cand = append(sp.cand, i)
		}
	}
	sp.pair = sp.pair[:0]
	if len(parties) == 2 {
		// The frontier of two parties, already in pair[0]'s descending
		// order; equal vectors were pruned, so pair[1]'s utility rises
		// strictly along it.
		sp.pair = append(sp.pair, parties...)
	} else {
		slices.Sort(sp.cand)
	}
	if len(sp.pair) == 0 {
		if len(sp.bySelf) != len(sp.util) {
			sp.bySelf = make([][]int32, len(sp.util))
		}
		for _, j := range parties {
			b := sp.bySelf[j][:0]
			for c := range sp.cand {
				b = append(b, int32(c))
			}
			own := sp.util[j]
			slices.SortFunc(b, func(x, y int32) int {
				return cmp.Or(cmp.Compare(own[sp.cand[y]], own[sp.cand[x]]), cmp.Compare(sp.cand[x], sp.cand[y]))
			})
			sp.bySelf[j] = b
		}
	}
	nI := len(sp.sizes)
	if cap(sp.digits) < len(sp.cand)*nI {
		sp.digits = make([]uint8, len(sp.cand)*nI)
	}
	sp.digits = sp.digits[:len(sp.cand)*nI]
	pkg := make([]int, nI)
	for c, i := range sp.cand {
		sp.Decode(int(i), pkg)
		for k, o := range pkg {
			sp.digits[c*nI+k] = uint8(o)
		}
	}
}

// candidate writes candidate c's options into pkg.
func (sp *Space) candidate(c int, pkg []int) {
	d := sp.digits[c*len(sp.sizes):]
	for k := range pkg {
		pkg[k] = int(d[k])
	}
}

// Pair returns the two parties whose frontier the candidates are, when
// Prune was given exactly two and some package is allowed; then PlanExact
// drafts by PairDraft. ok is false otherwise.
func (sp *Space) Pair() (a, b int, ok bool) {
	if len(sp.pair) != 2 || len(sp.cand) == 0 {
		return 0, 0, false
	}
	return sp.pair[0], sp.pair[1], true
}

// PairDraft returns the candidate that PlanExact drafts for self at the
// given target when Pair reports two parties (it ignores the demands): on
// their frontier, the one worth least, but at least target, to self, or
// self's best when none reaches target. As target falls, the draft moves
// along the frontier towards the other party, so the other's utility for
// it never falls.
func (sp *Space) PairDraft(self int, target float64) int {
	own := sp.util[self]
	n := len(sp.cand)
	// ok(c): candidate c is worth at least target to self. Along cand,
	// self's utility falls if self is pair[0], rises if pair[1].
	if self == sp.pair[0] {
		// The last c with own ≥ target.
		c := sort.Search(n, func(c int) bool { return own[sp.cand[c]] < target }) - 1
		return max(c, 0) // nothing reaches target: self's best
	}
	// The first c with own ≥ target.
	return min(sort.Search(n, func(c int) bool { return own[sp.cand[c]] >= target }), n-1)
}

// CandidateConsent returns party j's consent utility for candidate c: to
// the bit, what Party.ConsentUtility returns for its package (the table
// sums the same terms in the same order).
func (sp *Space) CandidateConsent(j, c int) float64 { return sp.consent[j][sp.cand[c]] }

// Candidate writes candidate c's options into pkg.
func (sp *Space) Candidate(c int, pkg []int) { sp.candidate(c, pkg) }

// planPair is PlanExact for two parties (PairDraft).
func (sp *Space) planPair(pkg []int, self int, demand []float64, target float64) float64 {
	other := sp.pair[0]
	if self == other {
		other = sp.pair[1]
	}
	c := sp.PairDraft(self, target)
	sp.candidate(c, pkg)
	return demand[other] - sp.consent[other][sp.cand[c]]
}

// PlanExact writes into pkg the proposal of party self that, among the
// candidate packages (see Prune) worth at least target to it, minimises the largest gap
// demand[j] − ConsentUtility_j over the others (so, when every estimated
// demand can be met, it maximises the smallest margin over them); ties go
// to the package better for self, then to the lower index. Prune must have
// been called. If no allowed
// package reaches target it writes the allowed package best for self (ties
// to the smaller largest gap). It returns that largest gap.
func (sp *Space) PlanExact(pkg []int, self int, others []int, demand []float64, target float64) float64 {
	if len(sp.pair) == 2 && len(sp.cand) > 0 {
		return sp.planPair(pkg, self, demand, target)
	}
	own := sp.util[self]
	order := sp.bySelf[self]
	if len(order) == 0 {
		// Nothing is allowed (every option of some issue is a red line):
		// any package will be refused; propose the first.
		clear(pkg)
		return math.Inf(1)
	}
	gapOf := func(i int32) float64 {
		gap := math.Inf(-1)
		for _, j := range others {
			if j != self {
				gap = max(gap, demand[j]-sp.consent[j][i])
			}
		}
		return gap
	}
	// Candidates come by own utility, descending (ties by index), so the
	// first with the smallest gap wins its ties by own utility and index.
	best, bestGap := -1, math.Inf(1)
	for _, c := range order {
		i := sp.cand[c]
		if own[i] < target {
			break
		}
		if g := gapOf(i); g < bestGap {
			best, bestGap = int(c), g
		}
	}
	if best < 0 {
		// Nothing reaches target: self's best, ties by the smallest gap.
		top := own[sp.cand[order[0]]]
		for _, c := range order {
			i := sp.cand[c]
			if own[i] < top {
				break
			}
			if g := gapOf(i); g < bestGap || best < 0 {
				best, bestGap = int(c), g
			}
		}
	}
	sp.candidate(best, pkg)
	return bestGap
}
