package agents

import "math"

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

// PlanExact writes into pkg the proposal of party self that, among the
// allowed packages worth at least target to it, minimises the largest gap
// demand[j] − ConsentUtility_j over the others (so, when every estimated
// demand can be met, it maximises the smallest margin over them); ties go
// to the package better for self, then to the lower index. If no allowed
// package reaches target it writes the allowed package best for self (ties
// to the smaller largest gap). It returns that largest gap.
func (sp *Space) PlanExact(pkg []int, self int, others []int, demand []float64, target float64) float64 {
	own := sp.util[self]
	best, bestGap, bestOwn := -1, math.Inf(1), math.Inf(-1)
	fallback, fbGap, fbOwn := -1, math.Inf(1), math.Inf(-1)
	for i, ok := range sp.allowed {
		if !ok {
			continue
		}
		gap := math.Inf(-1)
		for _, j := range others {
			if j != self {
				gap = max(gap, demand[j]-sp.consent[j][i])
			}
		}
		u := own[i]
		if u >= target {
			if gap < bestGap || gap == bestGap && u > bestOwn {
				best, bestGap, bestOwn = i, gap, u
			}
		} else if best < 0 && (u > fbOwn || u == fbOwn && gap < fbGap) {
			fallback, fbGap, fbOwn = i, gap, u
		}
	}
	if best < 0 {
		best, bestGap = fallback, fbGap
	}
	if best < 0 {
		// Nothing is allowed (every option of some issue is a red line):
		// any package will be refused; propose the first.
		clear(pkg)
		return math.Inf(1)
	}
	sp.Decode(best, pkg)
	return bestGap
}
