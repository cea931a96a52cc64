package agents

import "math"

// ShortfallUnit is the shortfall, in utility, that multiplies a party's
// weight by 1 + Step in one planning iteration.
const ShortfallUnit = 0.1

// Planner drafts proposals (an offer or a mediator's text) that give the
// proposer at least its aspiration and every other party at least its
// estimated demand, when such a package can be found.
//
// It is dual ascent on the constraints "party j gets its demand": a weight
// per party plays the part of a Lagrange multiplier. Each iteration
// proposes the package that maximises the weighted sum of the others'
// utilities subject to the proposer's target (Propose), then multiplies
// each party's weight by (1 + Step)^(gap/ShortfallUnit), where gap is its
// demand minus its utility for the package: parties short of their demand
// gain weight, parties with room to spare lose it (multiplicative weights,
// Arora, Hazan & Kale 2012). It stops at the first package that meets every
// demand, and otherwise returns the package whose largest gap is smallest.
// Weights carry over between calls, so a negotiation's drafts warm-start
// from the last.
type Planner struct {
	Step       float64
	Iterations int
	Weights    []float64

	score [][]float64
	best  []int
	u     []float64 // scratch: the others' utilities in polish
}

// Reset prepares the planner for a run with n parties and the given issue
// sizes, giving every party weight 1.
func (pl *Planner) Reset(n int, options []int) {
	if len(pl.Weights) != n {
		pl.Weights = make([]float64, n)
	}
	for i := range pl.Weights {
		pl.Weights[i] = 1
	}
	if len(pl.score) != len(options) {
		pl.score = make([][]float64, len(options))
		pl.best = make([]int, len(options))
	}
	for k, n := range options {
		if len(pl.score[k]) != n {
			pl.score[k] = make([]float64, n)
		}
	}
}

// Plan writes into pkg the planned proposal of parties[self], who demands
// target for itself; others are the parties whose consent is needed and
// demand[j] the proposer's estimate of what party j demands (0 when
// unknown). If current (the proposal on the table, or nil) still gives the
// proposer its target, it is a candidate too, so a draft is never worse, by
// the estimates, than the text it replaces. It returns the largest
// remaining gap (≤ 0 when every estimated demand is met). allowed is as for
// Propose.
func (pl *Planner) Plan(pkg []int, current []int, parties []Party, self int, others []int, demand []float64, allowed [][]bool, target float64) float64 {
	bestGap := math.Inf(1)
	own := parties[self].Utils
	logStep := math.Log1p(pl.Step)
	if current != nil && parties[self].Utility(current) >= target {
		bestGap = pl.gap(current, parties, self, others, demand)
		copy(pl.best, current)
		if bestGap <= 0 {
			copy(pkg, current)
			return bestGap
		}
	}
	for it := 0; it < max(pl.Iterations, 1); it++ {
		for k, row := range pl.score {
			clear(row)
			for _, j := range others {
				if j == self {
					continue
				}
				w, c := pl.Weights[j], parties[j].Consent[k]
				for o := range row {
					// float64(…) rounds the product before the add: the
					// Go spec lets a compiler fuse the two into one
					// multiply-add, which arm64, ppc64le, s390x and
					// riscv64 do and amd64 does not, and the plan would
					// then depend on the machine (docs/model.md,
					// Reproducibility).
					row[o] += float64(w * c[o])
				}
			}
		}
		Propose(pkg, own, pl.score, allowed, target)
		gap := pl.gap(pkg, parties, self, others, demand)
		// Propose works on the additive part of utility; with interaction
		// terms a draft may miss the proposer's own target, and then it
		// is no candidate (unless nothing better turns up).
		if len(parties[self].Pairs) > 0 && parties[self].Utility(pkg) < target {
			gap = math.Inf(1)
		}
		if gap < bestGap || bestGap == math.Inf(1) && it == 0 {
			bestGap = gap
			copy(pl.best, pkg)
		}
		if gap <= 0 {
			break
		}
		// Steps shrink as 1/√(iteration), as in subgradient methods, so the
		// weights settle rather than jump between the same packages.
		shrink := logStep / math.Sqrt(float64(it+1))
		top := 0.0
		for _, j := range others {
			if j == self {
				continue
			}
			g := demand[j] - parties[j].ConsentUtility(pkg)
			// Clamp the exponent so that one bad draft cannot swamp the
			// weights.
			pl.Weights[j] *= math.Exp(shrink * min(max(g/ShortfallUnit, -2), 4))
			top = max(top, pl.Weights[j])
		}
		if top > 0 {
			for _, j := range others {
				pl.Weights[j] /= top
			}
		}
	}
	copy(pkg, pl.best)
	return pl.polish(pkg, parties, self, others, demand, allowed, target)
}

// polish improves pkg by coordinate descent on the exact drafting criterion
// (Space.PlanExact's): the smallest largest gap, then the higher own
// utility, among packages worth at least target to self (or, while pkg is
// not, by own utility first). Each sweep sets every issue in turn to its
// best option given the others, with utilities updated incrementally, so a
// sweep costs O(issues × options × parties); at most polishSweeps sweeps.
// It returns the final largest gap.
func (pl *Planner) polish(pkg []int, parties []Party, self int, others []int, demand []float64, allowed [][]bool, target float64) float64 {
	me := &parties[self]
	pairs := len(me.Pairs) > 0
	for _, j := range others {
		pairs = pairs || len(parties[j].ConsentPairs()) > 0
	}
	if cap(pl.u) < len(parties) {
		pl.u = make([]float64, len(parties))
	}
	u := pl.u[:len(parties)]
	for _, j := range others {
		u[j] = parties[j].ConsentUtility(pkg)
	}
	own := me.Utility(pkg)
	gapOf := func(k, cur, o int) (gap, ownNew float64) {
		gap = math.Inf(-1)
		if pairs {
			// Interaction terms: recompute (slow path, exact).
			pkg[k] = o
			for _, j := range others {
				if j != self {
					gap = max(gap, demand[j]-parties[j].ConsentUtility(pkg))
				}
			}
			ownNew = me.Utility(pkg)
			pkg[k] = cur
			return gap, ownNew
		}
		for _, j := range others {
			if j != self {
				c := parties[j].Consent[k]
				gap = max(gap, demand[j]-(u[j]-c[cur]+c[o]))
			}
		}
		return gap, own - me.Utils[k][cur] + me.Utils[k][o]
	}
	better := func(gap, own, bestGap, bestOwn float64) bool {
		okNew, okOld := own >= target, bestOwn >= target
		if okNew != okOld {
			return okNew
		}
		if !okNew {
			return own > bestOwn || own == bestOwn && gap < bestGap
		}
		return gap < bestGap || gap == bestGap && own > bestOwn
	}
	gap := pl.gap(pkg, parties, self, others, demand)
	for range polishSweeps {
		moved := false
		for k, row := range allowed {
			cur, bo := pkg[k], -1
			bestGap, bestOwn := gap, own
			for o, ok := range row {
				if !ok || o == cur {
					continue
				}
				if g, w := gapOf(k, cur, o); better(g, w, bestGap, bestOwn) {
					bo, bestGap, bestOwn = o, g, w
				}
			}
			if bo < 0 {
				continue
			}
			for _, j := range others {
				c := parties[j].Consent[k]
				u[j] += c[bo] - c[cur]
			}
			pkg[k] = bo
			gap, own, moved = bestGap, bestOwn, true
			if pairs {
				for _, j := range others {
					u[j] = parties[j].ConsentUtility(pkg)
				}
				own = me.Utility(pkg)
			}
		}
		if !moved {
			break
		}
	}
	return pl.gap(pkg, parties, self, others, demand)
}

// polishSweeps bounds the coordinate-descent sweeps of polish.
const polishSweeps = 3

// gap returns the largest shortfall of pkg against the others' estimated
// demands.
func (pl *Planner) gap(pkg []int, parties []Party, self int, others []int, demand []float64) float64 {
	g := math.Inf(-1)
	for _, j := range others {
		if j != self {
			g = max(g, demand[j]-parties[j].ConsentUtility(pkg))
		}
	}
	return g
}
