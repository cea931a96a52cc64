package analysis

import (
	"context"
	"fmt"
)

// ParetoFrontier returns the Pareto frontier of p's allowed packages over
// the table parties' utilities: Report.Frontier, without the rest of
// Analyze. It returns p.Check's error for a malformed problem, an error
// wrapping ErrTooLarge when the space has more than Options.MaxEnumerate
// packages, or ctx.Err() if ctx is cancelled. opt may be nil.
func ParetoFrontier(ctx context.Context, p *Problem, opt *Options) (*Frontier, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	maxEnum, _ := opt.values()
	sp := newSpace(p)
	if maxEnum < 0 || sp.packages > float64(maxEnum) {
		return nil, fmt.Errorf("analysis: frontier: %.4g packages, more than MaxEnumerate: %w", sp.packages, ErrTooLarge)
	}
	return frontier(ctx, sp)
}

// frontierSearch enumerates the allowed packages depth first, issue after
// issue from the first, so in lexicographic order and with every utility
// summed exactly as agents.Party.Utility does (prefix sums over the issues,
// then the interaction terms in order), and archives the nondominated
// vectors of the given rows' utilities. A subtree is skipped when some
// archived vector is better, for every row, than the best any of its
// packages can give that row (the set issues' sum plus the best allowed
// option of every other issue plus every positive interaction term,
// widened by space.eps against rounding): each of its packages is then
// strictly dominated by an earlier package, so neither on the frontier,
// nor counted, nor archived.
type frontierSearch struct {
	sp      *space
	ctx     context.Context
	err     error
	nT      int       // len(rows)
	rows    []int     // the rows whose utilities make the vectors
	allowed []bool    // per flat option
	pre     []float64 // [k*nT+t]: utility of the issues up to k
	rest    []float64 // [k*nT+t]: bound on issues k.. and the positive terms
	rankPre []int64   // [k]: rank of the package prefix up to k
	pkg     []int
	u       []float64
	two     staircase // nT == 2
	fb      *frontierBuilder
	leaves  int
	// entered, if set, is called with each package that enters the
	// archive (f.pkg, f.u, its rank); returning false stops the search.
	entered func(rank int64) bool
	stopped bool
}

// frontier computes the space's Pareto frontier over the table parties.
func frontier(ctx context.Context, sp *space) (*Frontier, error) {
	f := newFrontierSearch(ctx, sp, sp.tableRow)
	if err := f.run(); err != nil {
		return nil, err
	}
	return f.fb.finish(sp), nil
}

func newFrontierSearch(ctx context.Context, sp *space, rows []int) *frontierSearch {
	nI, nT := sp.nI, len(rows)
	f := &frontierSearch{
		sp: sp, ctx: ctx, nT: nT, rows: rows,
		allowed: make([]bool, sp.nO),
		pre:     make([]float64, nI*nT), rest: make([]float64, (nI+1)*nT),
		rankPre: make([]int64, nI), pkg: make([]int, nI), u: make([]float64, nT),
		fb: newFrontierBuilder(nT),
	}
	for j := range f.allowed {
		f.allowed[j] = true
		for c := range sp.nC {
			if sp.red[c*sp.nO+j] {
				f.allowed[j] = false
				break
			}
		}
	}
	return f
}

// run enumerates; afterwards f.fb holds the frontier.
func (f *frontierSearch) run() error {
	sp, nI, nT := f.sp, f.sp.nI, f.nT
	for t, r := range f.rows {
		var pos float64
		for _, q := range sp.pairs[sp.ps[r]:sp.ps[r+1]] {
			pos += max(q.U, 0)
		}
		f.rest[nI*nT+t] = pos
	}
	for k := nI - 1; k >= 0; k-- {
		any := false
		for t, r := range f.rows {
			m := 0.0
			first := true
			for j := sp.off[k]; j < sp.off[k+1]; j++ {
				if f.allowed[j] && (first || sp.a[r*sp.nO+j] > m) {
					m, first = sp.a[r*sp.nO+j], false
				}
			}
			any = !first
			f.rest[k*nT+t] = f.rest[(k+1)*nT+t] + m
		}
		if !any {
			return f.ctx.Err() // an issue with no allowed option: no package
		}
	}
	f.node(0)
	if f.err != nil {
		return f.err
	}
	if nT == 2 {
		f.two.into(f.fb)
	}
	return nil
}

// node enumerates the completions of the package whose issues before k
// are set in f.pkg.
func (f *frontierSearch) node(k int) {
	sp, nT := f.sp, f.nT
	if k > 0 && f.beaten(k) {
		return
	}
	var rank int64
	if k > 0 {
		rank = f.rankPre[k-1] * int64(sp.sizes[k])
	}
	last := k == sp.nI-1
	pre := f.pre[k*nT : (k+1)*nT]
	for o := range sp.sizes[k] {
		j := sp.off[k] + o
		if !f.allowed[j] {
			continue
		}
		f.pkg[k] = o
		f.rankPre[k] = rank + int64(o)
		for t, r := range f.rows {
			var prev float64
			if k > 0 {
				prev = f.pre[(k-1)*nT+t]
			}
			pre[t] = prev + sp.a[r*sp.nO+j]
		}
		if !last {
			f.node(k + 1)
			if f.err != nil || f.stopped {
				return
			}
			continue
		}
		f.leaf(pre)
		if f.stopped {
			return
		}
		if f.leaves++; f.leaves&0xffff == 0 && f.ctx != nil {
			if f.err = f.ctx.Err(); f.err != nil {
				return
			}
		}
	}
}

// beaten reports whether an archived vector beats, for every table party,
// the bound on the completions of the issues before k.
func (f *frontierSearch) beaten(k int) bool {
	nT, eps := f.nT, f.sp.eps
	pre, rest := f.pre[(k-1)*nT:k*nT], f.rest[k*nT:(k+1)*nT]
	if nT == 2 {
		return f.two.beats(pre[0]+rest[0]+eps, pre[1]+rest[1]+eps)
	}
	fb := f.fb
	for i := range fb.rank {
		a := fb.vec[i*nT : (i+1)*nT]
		all := true
		for t, x := range a {
			if !(x > pre[t]+rest[t]+eps) {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

// leaf archives the package in f.pkg, whose issues' sums are pre.
func (f *frontierSearch) leaf(pre []float64) {
	sp := f.sp
	copy(f.u, pre)
	for t, r := range f.rows {
		for _, q := range sp.pairs[sp.ps[r]:sp.ps[r+1]] {
			if q.Holds(f.pkg) {
				f.u[t] += q.U
			}
		}
	}
	rank := f.rankPre[sp.nI-1]
	var in bool
	if f.nT == 2 {
		in = f.two.add(f.u[0], f.u[1], rank)
	} else {
		in = f.fb.add(f.u, rank)
	}
	if in && f.entered != nil && !f.entered(rank) {
		f.stopped = true
	}
}

// staircase is the Pareto frontier of two utilities as it grows: points
// by strictly decreasing u0 and so strictly increasing u1, each with the
// first package's rank and the number of packages sharing it. Lookups are
// binary searches.
type staircase struct {
	u0, u1      []float64
	rank, count []int64
}

// above returns the number of points with u0 > x (a prefix).
func (st *staircase) above(x float64) int {
	lo, hi := 0, len(st.u0)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if st.u0[m] > x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// beats reports whether some point has u0 > b0 and u1 > b1.
func (st *staircase) beats(b0, b1 float64) bool {
	i := st.above(b0)
	return i > 0 && st.u1[i-1] > b1
}

// add offers a package's utilities, and reports whether it entered (no
// point weakly dominates it); packages come in increasing rank.
func (st *staircase) add(v0, v1 float64, rank int64) bool {
	i := st.above(v0)
	if i > 0 && st.u1[i-1] >= v1 {
		return false // strictly better for party 0, at least as good for 1
	}
	n := len(st.u0)
	if i < n && st.u0[i] == v0 {
		switch {
		case st.u1[i] > v1:
			return false
		case st.u1[i] == v1:
			st.count[i]++
			return false
		}
	}
	// The points from i on have u0 ≤ v0; those with u1 ≤ v1 (a block, u1
	// increasing) are dominated by v.
	e := i
	for e < n && st.u1[e] <= v1 {
		e++
	}
	if e > i {
		st.u0[i], st.u1[i], st.rank[i], st.count[i] = v0, v1, rank, 1
		if e > i+1 {
			st.u0 = append(st.u0[:i+1], st.u0[e:]...)
			st.u1 = append(st.u1[:i+1], st.u1[e:]...)
			st.rank = append(st.rank[:i+1], st.rank[e:]...)
			st.count = append(st.count[:i+1], st.count[e:]...)
		}
		return true
	}
	st.u0 = insert(st.u0, i, v0)
	st.u1 = insert(st.u1, i, v1)
	st.rank = insert(st.rank, i, rank)
	st.count = insert(st.count, i, 1)
	return true
}

func insert[T any](s []T, i int, v T) []T {
	var zero T
	s = append(s, zero)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}

// into moves the points into fb.
func (st *staircase) into(fb *frontierBuilder) {
	for i := range st.u0 {
		fb.vec = append(fb.vec, st.u0[i], st.u1[i])
	}
	fb.rank = append(fb.rank, st.rank...)
	fb.count = append(fb.count, st.count...)
}

// rankOf returns pkg's lexicographic rank among all packages.
func rankOf(sp *space, pkg []int) int64 {
	var r int64
	for k, o := range pkg {
		r = r*int64(sp.sizes[k]) + int64(o)
	}
	return r
}
