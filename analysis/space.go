package analysis

import (
	"math"
	"slices"

	"github.com/negsim/negsim/agents"
)

// space is a Problem flattened for search. Its rows are the consenting
// parties, in Consent order; options are numbered flat, issue after issue.
// Every slice is sized at construction; refresh rereads the parties'
// values without allocating (except to grow the interaction terms).
type space struct {
	p              *Problem
	nI, nO, maxOpt int
	sizes, off     []int // options per issue; first flat index of each issue
	nC, nT         int
	rowParty       []int // party index of each row
	tableRow       []int // row of each table party
	packages       float64

	a      []float64 // [c*nO+j]: contribution, exactly as the party's own
	ab     []float64 // a with single-issue interaction terms folded in, for bounds
	abT    []float64 // ab transposed: [j*nC+c]
	red    []bool    // [c*nO+j]: a red line that counts for consent
	hasRed []bool
	res    []float64
	power  []float64 // per table party, ≤ 0 read as 1

	pairs []agents.Pair // every row's terms in the party's order
	ps    []int         // row c's terms are pairs[ps[c]:ps[c+1]]
	bp    []bpair       // two-issue terms, for bounds
	bpOff []int         // bpIdx[bpOff[k]:bpOff[k+1]] are the terms on issue k (len nI+2)
	bpIdx []int
	eps   float64 // margin on bounds, far above rounding error
}

type bpair struct {
	c, k1, o1, k2, o2 int
	u                 float64
}

func newSpace(p *Problem) *space {
	sp := &space{p: p, nI: len(p.Issues), nC: len(p.Consent), nT: len(p.Table)}
	sp.sizes = make([]int, sp.nI)
	sp.off = make([]int, sp.nI+1)
	sp.packages = 1
	for k, is := range p.Issues {
		sp.sizes[k] = len(is.Options)
		sp.off[k+1] = sp.off[k] + sp.sizes[k]
		sp.maxOpt = max(sp.maxOpt, sp.sizes[k])
		sp.packages *= float64(sp.sizes[k])
	}
	sp.nO = sp.off[sp.nI]
	sp.rowParty = slices.Clone(p.Consent)
	sp.tableRow = make([]int, sp.nT)
	for t, i := range p.Table {
		sp.tableRow[t] = slices.Index(p.Consent, i)
	}
	sp.a = make([]float64, sp.nC*sp.nO)
	sp.ab = make([]float64, sp.nC*sp.nO)
	sp.abT = make([]float64, sp.nC*sp.nO)
	sp.red = make([]bool, sp.nC*sp.nO)
	sp.hasRed = make([]bool, sp.nC)
	sp.res = make([]float64, sp.nC)
	sp.power = make([]float64, sp.nT)
	sp.ps = make([]int, sp.nC+1)
	sp.bpOff = make([]int, sp.nI+2)
	sp.refresh()
	return sp
}

// rowValues returns the values and interaction terms row c's consent is
// judged on: a table party's own utility (the same as its consent utility),
// an outside party's consent utility.
func (sp *space) rowValues(c int) ([][]float64, []agents.Pair) {
	pt := &sp.p.Parties[sp.rowParty[c]]
	if pt.Role == agents.AtTable {
		return pt.Utils, pt.Pairs
	}
	return pt.Consent, pt.ConsentPairs()
}

// refresh rereads every value from the parties.
func (sp *space) refresh() {
	sp.pairs = sp.pairs[:0]
	sp.bp = sp.bp[:0]
	scale := 0.0
	for c, i := range sp.rowParty {
		pt := &sp.p.Parties[i]
		vals, pairs := sp.rowValues(c)
		row := sp.a[c*sp.nO : (c+1)*sp.nO]
		rowScale := 0.0
		sp.hasRed[c] = false
		for k := range sp.nI {
			copy(row[sp.off[k]:sp.off[k+1]], vals[k])
			m := 0.0
			for _, u := range vals[k] {
				m = max(m, math.Abs(u))
			}
			rowScale += m
			counts := pt.Role == agents.AtTable || slices.Contains(pt.Controls, k)
			for o := range sp.sizes[k] {
				r := counts && pt.RedLine[k][o]
				sp.red[c*sp.nO+sp.off[k]+o] = r
				sp.hasRed[c] = sp.hasRed[c] || r
			}
		}
		copy(sp.ab[c*sp.nO:(c+1)*sp.nO], row)
		sp.ps[c] = len(sp.pairs)
		sp.pairs = append(sp.pairs, pairs...)
		for _, q := range pairs {
			rowScale += math.Abs(q.U)
			switch {
			case q.K1 != q.K2:
				sp.bp = append(sp.bp, bpair{c, q.K1, q.O1, q.K2, q.O2, q.U})
			case q.O1 == q.O2:
				// A term on one option of one issue is part of that
				// option's value.
				sp.ab[c*sp.nO+sp.off[q.K1]+q.O1] += q.U
			}
		}
		sp.res[c] = pt.Reservation
		scale = max(scale, rowScale)
	}
	for c := range sp.nC {
		for j := range sp.nO {
			sp.abT[j*sp.nC+c] = sp.ab[c*sp.nO+j]
		}
	}
	sp.ps[sp.nC] = len(sp.pairs)
	sp.eps = 1e-9 * max(1, scale)
	sp.readPowers()
	// Index the two-issue terms by issue (counting sort).
	clear(sp.bpOff)
	for _, q := range sp.bp {
		sp.bpOff[q.k1+2]++
		sp.bpOff[q.k2+2]++
	}
	for k := 2; k < len(sp.bpOff); k++ {
		sp.bpOff[k] += sp.bpOff[k-1]
	}
	n := 2 * len(sp.bp)
	if cap(sp.bpIdx) < n {
		sp.bpIdx = make([]int, n)
	}
	sp.bpIdx = sp.bpIdx[:n]
	for n, q := range sp.bp {
		for _, k := range [2]int{q.k1, q.k2} {
			sp.bpIdx[sp.bpOff[k+1]] = n
			sp.bpOff[k+1]++
		}
	}
}

// readPowers takes the table parties' current bargaining powers (1 for
// a power not above 0).
func (sp *space) readPowers() {
	for t, i := range sp.p.Table {
		sp.power[t] = sp.p.Parties[i].Power
		if sp.power[t] <= 0 {
			sp.power[t] = 1
		}
	}
}

// eval returns row c's utility for pkg, computed exactly as
// agents.Party.ConsentUtility (and, for a table party, Utility) does.
func (sp *space) eval(c int, pkg []int) float64 {
	a := sp.a[c*sp.nO:]
	var u float64
	for k, o := range pkg {
		u += a[sp.off[k]+o]
	}
	for _, q := range sp.pairs[sp.ps[c]:sp.ps[c+1]] {
		if q.Holds(pkg) {
			u += q.U
		}
	}
	return u
}
