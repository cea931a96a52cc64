package analysis

import (
	"math"
	"slices"
)

// Concept is a bargaining solution concept.
type Concept int

// The solution concepts, in the order of Report.Solutions.
const (
	// Nash maximises Π (u_i − d_i) (Nash 1950).
	Nash Concept = iota
	// NashWeighted maximises Π (u_i − d_i)^{w_i}, w_i the party's Power
	// (≤ 0 counts as 1).
	NashWeighted
	// KalaiSmorodinsky maximises min (u_i − d_i)/(ideal_i − d_i) (Kalai &
	// Smorodinsky 1975).
	KalaiSmorodinsky
	// Utilitarian maximises Σ u_i.
	Utilitarian
	// Egalitarian maximises min (u_i − d_i).
	Egalitarian
)

// Concepts lists every concept, in order.
var Concepts = [...]Concept{Nash, NashWeighted, KalaiSmorodinsky, Utilitarian, Egalitarian}

var conceptNames = [...]string{"nash", "nash-weighted", "kalai-smorodinsky", "utilitarian", "egalitarian"}

// String returns "nash", "nash-weighted", "kalai-smorodinsky",
// "utilitarian" or "egalitarian".
func (c Concept) String() string {
	if c < 0 || int(c) >= len(conceptNames) {
		return "concept(?)"
	}
	return conceptNames[c]
}

type objKind int

const (
	objNash   objKind = iota // Π (u−d)^w (w = 1 for symmetric Nash)
	objMinMax                // min (u−d)/den; den 0 reads as ratio 1
	objSum                   // Σ u
	objOne                   // u of one table party
)

// objective is a function of the table parties' utilities, nondecreasing
// in each.
type objective struct {
	kind objKind
	tie  bool      // break ties by Σu then by package; else only the value counts
	d    []float64 // reference point (disagreement point or a package's utilities)
	w    []float64 // exponents (objNash)
	den  []float64 // denominators (objMinMax)
	t    int       // the party (objOne)
}

func newObjective(nT int) objective {
	return objective{d: make([]float64, nT), w: make([]float64, nT), den: make([]float64, nT)}
}

// value returns the objective at the table utilities u. It is evaluated the
// same way by every algorithm, so that their results agree to the bit.
func (ob *objective) value(u []float64) float64 {
	switch ob.kind {
	case objNash:
		v := 1.0
		for t, x := range u {
			g := x - ob.d[t]
			if ob.w[t] != 1 {
				g = math.Pow(max(g, 0), ob.w[t])
			}
			v *= g
		}
		return v
	case objMinMax:
		v := math.Inf(1)
		for t, x := range u {
			r := 1.0
			if ob.den[t] != 0 {
				r = (x - ob.d[t]) / ob.den[t]
			}
			v = min(v, r)
		}
		return v
	case objSum:
		var v float64
		for _, x := range u {
			v += x
		}
		return v
	default:
		return u[ob.t]
	}
}

// set configures ob for concept c over the space's current values, with
// ideal (per table party) needed for Kalai–Smorodinsky only.
func (ob *objective) set(sp *space, c Concept, ideal []float64) {
	ob.tie = true
	for t, r := range sp.tableRow {
		ob.d[t] = sp.res[r]
		ob.w[t] = 1
		ob.den[t] = 1
	}
	switch c {
	case Nash:
		ob.kind = objNash
	case NashWeighted:
		ob.kind = objNash
		copy(ob.w, sp.power)
	case KalaiSmorodinsky:
		ob.kind = objMinMax
		for t := range ideal {
			ob.den[t] = ideal[t] - ob.d[t]
		}
	case Utilitarian:
		ob.kind = objSum
	case Egalitarian:
		ob.kind = objMinMax
	}
}

// setGap configures ob for the Pareto gap of pkg: the smallest gain over
// pkg's utilities across the parties at the table.
func (ob *objective) setGap(sp *space, pkg []int) {
	ob.kind, ob.tie = objMinMax, false
	for t, r := range sp.tableRow {
		ob.d[t] = sp.eval(r, pkg)
		ob.den[t] = 1
	}
}

// incumbent is the best package found so far under an objective, with the
// tie-breaks: larger Σu, then lexicographically smaller package.
type incumbent struct {
	found bool
	val   float64
	sum   float64
	pkg   []int
	u     []float64 // table utilities
}

func newIncumbent(nI, nT int) incumbent {
	return incumbent{pkg: make([]int, nI), u: make([]float64, nT)}
}

// offer considers pkg with table utilities u and objective value v and
// reports whether it became the incumbent.
func (in *incumbent) offer(v float64, tie bool, pkg []int, u []float64) bool {
	if in.found {
		if v < in.val || (v == in.val && !tie) {
			return false
		}
		if v == in.val {
			var sum float64
			for _, x := range u {
				sum += x
			}
			if sum < in.sum || (sum == in.sum && slices.Compare(pkg, in.pkg) >= 0) {
				return false
			}
		}
	}
	in.found, in.val = true, v
	in.sum = 0
	for _, x := range u {
		in.sum += x
	}
	copy(in.pkg, pkg)
	copy(in.u, u)
	return true
}
