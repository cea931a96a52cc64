package analysis

import (
	"context"
	"errors"
	"fmt"
	"math"
)

// ErrTooLarge is wrapped by NewArchive's error when the outcome space is
// too large to enumerate (Options.MaxEnumerate) or to archive
// (Options.MaxArchive).
var ErrTooLarge = errors.New("outcome space too large")

// Archive answers the Searcher's questions for many reservation values,
// for parties whose utilities and red lines do not change: the Monte Carlo
// of a scenario whose utilities are not uncertain asks them once or twice
// per run, with reservation values drawn anew, and an Archive answers each
// from a short list instead of a search.
//
// NewArchive enumerates the allowed packages once, in lexicographic order,
// and keeps a package unless another allowed package q weakly dominates it
// on the consenting parties' utilities (at least as good for every one of
// them; an equal vector counts) and q comes earlier or gives the parties
// at the table a larger Σu. Every question is over an objective that is
// nondecreasing in each utility (rounding to float64 is monotone), with the
// package documentation's tie-breaks (larger Σu, then the lexicographically
// smaller package): such a q meets the reservation values whenever the
// package does and beats it under any of them. So a question's best
// package over all allowed packages is a kept one, and scanning the kept
// packages gives the Searcher's answer to the bit; in particular the ZOPA
// exists exactly when a kept package meets every reservation value. The
// kept packages are the Pareto frontier of the consenting parties, one
// package per vector, and the few dominated packages that can still win a
// tie-break.
//
// An Archive rereads the parties' reservation values and powers at every
// call; their utilities, red lines, Consent and Table must stay as they were
// at NewArchive. Every answer is exact, except a weighted Nash solution
// with a power other than 1 (math.Pow is not proven monotone to the bit),
// which is the best kept package and reported as not exact. An Archive
// holds scratch space and must not be used by two goroutines at once.
type Archive struct {
	sp    *space
	u     []float64 // kept packages' row utilities, nC each, in rank order
	rank  []int64   // kept packages' lexicographic ranks, increasing
	obj   objective
	uT    []float64
	ideal []float64
	gaps  []float64 // Pareto gap by package rank, NaN until asked (small spaces)
}

// gapMemo is the largest space whose Pareto gaps an Archive remembers
// (8 bytes a package).
const gapMemo = 1 << 16

// NewArchive enumerates p's allowed packages and keeps those no earlier
// one weakly dominates (see Archive). It returns p.Check's error for a
// malformed problem; an error wrapping ErrTooLarge when the space has more
// than Options.MaxEnumerate packages or more than Options.MaxArchive are
// not weakly dominated by an earlier one; or ctx.Err() if ctx is cancelled. opt may be nil.
func NewArchive(ctx context.Context, p *Problem, opt *Options) (*Archive, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	maxEnum, _ := opt.values()
	maxKeep := opt.maxArchive()
	sp := newSpace(p)
	if maxEnum < 0 || sp.packages > float64(maxEnum) {
		return nil, fmt.Errorf("analysis: archive: %.4g packages, more than MaxEnumerate: %w", sp.packages, ErrTooLarge)
	}
	a := &Archive{sp: sp, obj: newObjective(sp.nT), uT: make([]float64, sp.nT), ideal: make([]float64, sp.nT)}
	// A package an earlier one weakly dominates is weakly dominated by a
	// vector of the frontier of the packages before it: the frontier
	// search's archive decides what is kept, and skips whole subtrees
	// of packages an earlier one strictly dominates.
	rows := make([]int, sp.nC)
	for c := range rows {
		rows[c] = c
	}
	f := newFrontierSearch(ctx, sp, rows)
	full := false
	f.entered = func(rank int64) bool {
		if len(a.rank) == maxKeep {
			full = true
			return false
		}
		a.u = append(a.u, f.u...)
		a.rank = append(a.rank, rank)
		return true
	}
	if err := f.run(); err != nil {
		return nil, err
	}
	if full {
		return nil, fmt.Errorf("analysis: archive: more than MaxArchive (%d) packages to keep: %w", maxKeep, ErrTooLarge)
	}
	a.prune()
	if sp.packages <= gapMemo {
		a.gaps = make([]float64, int(sp.packages))
		for i := range a.gaps {
			a.gaps[i] = math.NaN()
		}
	}
	return a, nil
}

// prune drops every kept package that a later kept one weakly dominates
// with a larger Σu at the table (a package some allowed package dominates
// so is dominated so by a kept one: the kept packages dominate every
// other, and Σu is monotone). The rest keep their order.
func (a *Archive) prune() {
	nC := a.sp.nC
	sums := make([]float64, len(a.rank))
	for n := range sums {
		for _, x := range a.table(n) {
			sums[n] += x
		}
	}
	kept := 0
	for n := range a.rank {
		un := a.u[n*nC : (n+1)*nC]
		beaten := false
		for m := n + 1; m < len(a.rank) && !beaten; m++ {
			if sums[m] <= sums[n] {
				continue
			}
			um := a.u[m*nC : (m+1)*nC]
			beaten = true
			for c, x := range un {
				if um[c] < x {
					beaten = false
					break
				}
			}
		}
		if !beaten {
			copy(a.u[kept*nC:(kept+1)*nC], un)
			a.rank[kept] = a.rank[n]
			kept++
		}
	}
	a.u, a.rank = a.u[:kept*nC], a.rank[:kept]
}

// Len returns the number of packages the archive keeps.
func (a *Archive) Len() int { return len(a.rank) }

// reread takes the parties' current reservation values and powers.
func (a *Archive) reread() {
	sp := a.sp
	for c, i := range sp.rowParty {
		sp.res[c] = sp.p.Parties[i].Reservation
	}
	sp.readPowers()
}

// inZOPA reports whether kept package n meets every reservation value.
func (a *Archive) inZOPA(n int) bool {
	nC := a.sp.nC
	for c, x := range a.u[n*nC : (n+1)*nC] {
		if x < a.sp.res[c] {
			return false
		}
	}
	return true
}

// table sets a.uT to kept package n's table utilities.
func (a *Archive) table(n int) []float64 {
	row := a.u[n*a.sp.nC:]
	for t, r := range a.sp.tableRow {
		a.uT[t] = row[r]
	}
	return a.uT
}

// ZOPAExists is Searcher.ZOPAExists; exact is always true.
func (a *Archive) ZOPAExists() (exists, exact bool) {
	a.reread()
	for n := range a.rank {
		if a.inZOPA(n) {
			return true, true
		}
	}
	return false, true
}

// Solve is Searcher.Solve. exact is true except for NashWeighted with a
// power other than 1 (see Archive).
func (a *Archive) Solve(c Concept, pkg []int, u []float64) (found, exact bool) {
	if c < Nash || c > Egalitarian {
		panic("analysis: unknown concept")
	}
	sp := a.sp
	if (pkg != nil && len(pkg) != sp.nI) || (u != nil && len(u) != sp.nT) {
		panic("analysis: Solve: pkg or u of the wrong length")
	}
	a.reread()
	exact = true
	if c == NashWeighted {
		for _, w := range sp.power {
			exact = exact && w == 1
		}
	}
	if c == KalaiSmorodinsky {
		// The ideal points, as Searcher's searches find them: the largest
		// utility in the ZOPA, which some kept package attains.
		for t := range a.ideal {
			a.ideal[t] = math.Inf(-1)
		}
		any := false
		for n := range a.rank {
			if !a.inZOPA(n) {
				continue
			}
			any = true
			for t, x := range a.table(n) {
				a.ideal[t] = max(a.ideal[t], x)
			}
		}
		if !any {
			return false, true
		}
	}
	a.obj.set(sp, c, a.ideal)
	best, bestVal, bestSum := -1, 0.0, 0.0
	for n := range a.rank {
		if !a.inZOPA(n) {
			continue
		}
		uT := a.table(n)
		v := a.obj.value(uT)
		if best >= 0 && v < bestVal {
			continue
		}
		var sum float64
		for _, x := range uT {
			sum += x
		}
		// Ties as incumbent.offer breaks them: the larger Σu, then the
		// smaller package, which is the earlier one here.
		if best >= 0 && v == bestVal && sum <= bestSum {
			continue
		}
		best, bestVal, bestSum = n, v, sum
	}
	if best < 0 {
		return false, true
	}
	if pkg != nil {
		decodeInto(sp, a.rank[best], pkg)
	}
	if u != nil {
		copy(u, a.table(best))
	}
	return true, exact
}

// ParetoGap is Searcher.ParetoGap; exact is always true. A gap depends on
// the utilities only, so on small spaces it is remembered by package.
func (a *Archive) ParetoGap(pkg []int) (gap float64, exact bool) {
	checkPkg(a.sp, pkg)
	if a.gaps == nil {
		return a.scanGap(pkg), true
	}
	r := rankOf(a.sp, pkg)
	if math.IsNaN(a.gaps[r]) {
		a.gaps[r] = a.scanGap(pkg)
	}
	return a.gaps[r], true
}

// scanGap computes the Pareto gap of pkg from the kept packages.
func (a *Archive) scanGap(pkg []int) float64 {
	ob := &a.obj
	ob.setGap(a.sp, pkg)
	// δ ≥ 0: the best need only beat 0, as in the Searcher.
	var gap float64
	for n := range a.rank {
		if v := ob.value(a.table(n)); v > gap {
			gap = v
		}
	}
	return gap
}

// NashDistance is Searcher.NashDistance.
func (a *Archive) NashDistance(pkg []int, nash []float64) float64 {
	return nashDistance(a.sp, pkg, nash)
}
