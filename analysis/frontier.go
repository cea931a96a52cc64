package analysis

import (
	"cmp"
	"slices"
)

// frontierBuilder keeps the nondominated table utility vectors among the
// packages offered so far (an archive, as in multiobjective search): a
// package one of them weakly dominates is dropped; otherwise it enters and
// evicts the vectors it dominates. An evicted vector stays dominated, so it
// never comes back, and the number of packages sharing each archived
// vector is counted exactly. Memory is proportional to the frontier, not to
// the outcome space.
type frontierBuilder struct {
	nT    int
	vec   []float64 // archived vectors, nT each
	rank  []int64   // per vector: the first (lexicographically smallest) package with it
	count []int64   // per vector: packages with it
}

func newFrontierBuilder(nT int) *frontierBuilder {
	return &frontierBuilder{nT: nT}
}

// add offers the package of the given lexicographic rank with table
// utilities u, and reports whether it entered the archive (no archived
// vector weakly dominates it). Packages must come in increasing rank.
func (fb *frontierBuilder) add(u []float64, rank int64) bool {
	nT := fb.nT
	n := len(fb.rank)
	dominant := false // u dominates an archived vector: nothing archived dominates u
	for i := 0; i < n; i++ {
		a := fb.vec[i*nT : (i+1)*nT]
		ge, le := true, true // a ≥ u, a ≤ u
		for t, x := range a {
			if x < u[t] {
				ge = false
			} else if x > u[t] {
				le = false
			}
			if !ge && !le {
				break // incomparable, the usual case
			}
		}
		switch {
		case ge && le:
			fb.count[i]++
			return false
		case ge && !dominant:
			// Move the dominator to the front: it is likely to drop the
			// next packages too.
			if i > 0 {
				fb.swap(0, i)
			}
			return false
		case le:
			// u dominates a: evict it (the last vector takes its place).
			n--
			fb.swap(i, n)
			fb.vec, fb.rank, fb.count = fb.vec[:n*nT], fb.rank[:n], fb.count[:n]
			dominant = true
			i--
		}
	}
	fb.vec = append(fb.vec, u...)
	fb.rank = append(fb.rank, rank)
	fb.count = append(fb.count, 1)
	return true
}

func (fb *frontierBuilder) swap(i, j int) {
	nT := fb.nT
	for t := range nT {
		fb.vec[i*nT+t], fb.vec[j*nT+t] = fb.vec[j*nT+t], fb.vec[i*nT+t]
	}
	fb.rank[i], fb.rank[j] = fb.rank[j], fb.rank[i]
	fb.count[i], fb.count[j] = fb.count[j], fb.count[i]
}

// finish returns the frontier, its points by decreasing vectors
// (lexicographically).
func (fb *frontierBuilder) finish(sp *space) *Frontier {
	nT := fb.nT
	vec := func(i int) []float64 { return fb.vec[i*nT : (i+1)*nT] }
	idx := make([]int, len(fb.rank))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return cmp.Compare(0, slices.Compare(vec(a), vec(b))) })
	f := &Frontier{Vectors: len(idx)}
	for _, i := range idx {
		f.Points = append(f.Points, Point{Package: decode(sp, fb.rank[i]), Utility: slices.Clone(vec(i))})
		f.Packages += fb.count[i]
	}
	return f
}

// decode returns the package of the given lexicographic rank.
func decode(sp *space, rank int64) []int {
	pkg := make([]int, sp.nI)
	decodeInto(sp, rank, pkg)
	return pkg
}

// decodeInto writes the package of the given lexicographic rank into pkg.
func decodeInto(sp *space, rank int64, pkg []int) {
	for k := sp.nI - 1; k >= 0; k-- {
		n := int64(sp.sizes[k])
		pkg[k] = int(rank % n)
		rank /= n
	}
}
