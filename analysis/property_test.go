package analysis_test

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// randomProblem returns a small random problem: 2–4 parties at the table,
// sometimes an outside party controlling one or two issues (and sometimes
// one controlling none, whose consent is not needed), 2–6 issues of 2–4
// options, red lines, interaction terms of both signs, values sometimes on
// a coarse grid (so that ties occur), and reservation values high enough
// that the ZOPA is often empty.
func randomProblem(rng *rand.Rand) *analysis.Problem {
	return randomShaped(rng, 2+rng.IntN(5), 2, 4, 2+rng.IntN(3))
}

// randomShaped is randomProblem with nI issues of minO to maxO options and
// nT parties at the table.
func randomShaped(rng *rand.Rand, nI, minO, maxO, nT int) *analysis.Problem {
	sizes := make([]int, nI)
	for k := range sizes {
		sizes[k] = minO + rng.IntN(maxO-minO+1)
	}
	coarse := rng.IntN(3) == 0
	value := func() float64 {
		if coarse {
			return float64(rng.IntN(5)) / 4
		}
		return rng.Float64()
	}
	mk := func(role agents.Role) agents.Party {
		p := agents.Party{Role: role, Power: []float64{0, 0.5, 1, 2}[rng.IntN(4)]}
		var sum float64
		for range nI {
			w := value() + 0.05
			p.Weights = append(p.Weights, w)
			sum += w
		}
		for k := range nI {
			p.Weights[k] /= sum
			row, red := make([]float64, sizes[k]), make([]bool, sizes[k])
			for o := range row {
				row[o] = p.Weights[k] * value()
				red[o] = rng.Float64() < 0.07
			}
			p.Utils = append(p.Utils, row)
			p.RedLine = append(p.RedLine, red)
		}
		if rng.IntN(2) == 0 {
			for range 1 + rng.IntN(3) {
				k1, k2 := rng.IntN(nI), rng.IntN(nI)
				p.Pairs = append(p.Pairs, agents.Pair{K1: k1, O1: rng.IntN(sizes[k1]), K2: k2, O2: rng.IntN(sizes[k2]), U: 0.4*rng.Float64() - 0.2})
			}
		}
		p.Reservation = 0.75 * rng.Float64()
		return p
	}
	pr := &analysis.Problem{Issues: issues(sizes...)}
	for i := range nT {
		pr.Parties = append(pr.Parties, mk(agents.AtTable))
		pr.Consent = append(pr.Consent, i)
		pr.Table = append(pr.Table, i)
	}
	if rng.IntN(5) < 2 {
		p := mk(agents.Outside)
		p.Controls = []int{rng.IntN(nI)}
		if rng.IntN(2) == 0 {
			p.Controls = append(p.Controls, rng.IntN(nI))
		}
		pr.Consent = append(pr.Consent, len(pr.Parties))
		pr.Parties = append(pr.Parties, p)
	}
	if rng.IntN(5) == 0 {
		pr.Parties = append(pr.Parties, mk(agents.Outside)) // consent not needed
	}
	rng.Shuffle(len(pr.Table), func(i, j int) { pr.Table[i], pr.Table[j] = pr.Table[j], pr.Table[i] })
	for i := range pr.Parties {
		pr.Parties[i].SetConsent()
	}
	return pr
}

// reference is the analysis of a problem by brute force over every
// package, with the agents package's own methods.
type reference struct {
	size      int64
	ideal     []float64
	blockers  []analysis.Blocker
	solutions [len(analysis.Concepts)][]int // nil: not found
	frontier  []analysis.Point
	fpkgs     int64
	allowed   [][]int
	tableU    [][]float64 // per allowed package
}

func packages(p *analysis.Problem) [][]int {
	pkgs := [][]int{make([]int, len(p.Issues))}
	for k := len(p.Issues) - 1; k >= 0; k-- {
		var next [][]int
		for o := range p.Issues[k].Options {
			for _, q := range pkgs {
				q = slices.Clone(q)
				q[k] = o
				next = append(next, q)
			}
		}
		pkgs = next
	}
	slices.SortFunc(pkgs, slices.Compare)
	return pkgs
}

// refValue is the objective, written from the definitions in the same
// floating-point order as the package (so that exact ties agree).
func refValue(p *analysis.Problem, c analysis.Concept, u, ideal []float64) float64 {
	d := func(t int) float64 { return p.Parties[p.Table[t]].Reservation }
	switch c {
	case analysis.Nash, analysis.NashWeighted:
		v := 1.0
		for t := range u {
			g := u[t] - d(t)
			if w := p.Parties[p.Table[t]].Power; c == analysis.NashWeighted && w > 0 && w != 1 {
				g = math.Pow(max(g, 0), w)
			}
			v *= g
		}
		return v
	case analysis.KalaiSmorodinsky, analysis.Egalitarian:
		v := math.Inf(1)
		for t := range u {
			r := u[t] - d(t)
			if c == analysis.KalaiSmorodinsky {
				r = 1
				if den := ideal[t] - d(t); den != 0 {
					r = (u[t] - d(t)) / den
				}
			}
			v = min(v, r)
		}
		return v
	default:
		var v float64
		for _, x := range u {
			v += x
		}
		return v
	}
}

func bruteForce(p *analysis.Problem) *reference {
	ref := &reference{}
	nT := len(p.Table)
	type entry struct {
		pkg []int
		u   []float64
	}
	var zopa []entry
	inZOPA := func(pkg []int, skipRes, skipRed int) bool {
		for _, j := range p.Consent {
			pt := &p.Parties[j]
			if j != skipRed && pt.Breaks(pkg) {
				return false
			}
			if j != skipRes && pt.ConsentUtility(pkg) < pt.Reservation {
				return false
			}
		}
		return true
	}
	all := packages(p)
	for _, pkg := range all {
		u := make([]float64, nT)
		for t, i := range p.Table {
			u[t] = p.Parties[i].Utility(pkg)
		}
		allowed := true
		for _, j := range p.Consent {
			allowed = allowed && !p.Parties[j].Breaks(pkg)
		}
		if allowed {
			ref.allowed = append(ref.allowed, pkg)
			ref.tableU = append(ref.tableU, u)
		}
		if inZOPA(pkg, -1, -1) {
			zopa = append(zopa, entry{pkg, u})
		}
	}
	ref.size = int64(len(zopa))
	if len(zopa) == 0 {
		for _, j := range p.Consent {
			for _, b := range []analysis.Blocker{{j, analysis.ReasonReservation}, {j, analysis.ReasonRedLine}} {
				for _, pkg := range all {
					skipRes, skipRed := j, -1
					if b.Reason == analysis.ReasonRedLine {
						skipRes, skipRed = -1, j
					}
					if inZOPA(pkg, skipRes, skipRed) {
						ref.blockers = append(ref.blockers, b)
						break
					}
				}
			}
		}
	} else {
		ref.ideal = make([]float64, nT)
		for t := range ref.ideal {
			ref.ideal[t] = math.Inf(-1)
			for _, e := range zopa {
				ref.ideal[t] = max(ref.ideal[t], e.u[t])
			}
		}
		for i, c := range analysis.Concepts {
			var best entry
			var bv, bs float64
			for _, e := range zopa { // in lexicographic order
				v := refValue(p, c, e.u, ref.ideal)
				var s float64
				for _, x := range e.u {
					s += x
				}
				if best.pkg == nil || v > bv || (v == bv && s > bs) {
					best, bv, bs = e, v, s
				}
			}
			ref.solutions[i] = best.pkg
		}
	}
	// The frontier: allowed packages no allowed package dominates.
	dominates := func(a, b []float64) bool {
		strict := false
		for i := range a {
			if a[i] < b[i] {
				return false
			}
			strict = strict || a[i] > b[i]
		}
		return strict
	}
	for n, u := range ref.tableU {
		dominated := false
		for _, v := range ref.tableU {
			if dominates(v, u) {
				dominated = true
				break
			}
		}
		if dominated {
			continue
		}
		ref.fpkgs++
		seen := false
		for _, q := range ref.frontier {
			seen = seen || slices.Equal(q.Utility, u)
		}
		if !seen {
			ref.frontier = append(ref.frontier, analysis.Point{Package: ref.allowed[n], Utility: u})
		}
	}
	slices.SortStableFunc(ref.frontier, func(a, b analysis.Point) int { return slices.Compare(b.Utility, a.Utility) })
	return ref
}

func (ref *reference) gap(p *analysis.Problem, pkg []int) float64 {
	gap := 0.0
	for _, u := range ref.tableU {
		m := math.Inf(1)
		for t, i := range p.Table {
			m = min(m, u[t]-p.Parties[i].Utility(pkg))
		}
		gap = max(gap, m)
	}
	return gap
}

// TestAgainstBruteForce checks enumeration and branch and bound against
// brute force, exactly (bit for bit), on 400 random problems (seeds 1–400):
// ZOPA existence, size, ideal points, blockers, every solution (packages
// are unique thanks to the tie-breaks), the frontier, and the Searcher's
// answers, ParetoGap included on 5 random packages per problem.
func TestAgainstBruteForce(t *testing.T) {
	const seeds = 400
	var empty, nonEmpty, withBlockers int
	for seed := uint64(1); seed <= seeds; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		p := randomProblem(rng)
		ref := bruteForce(p)
		if ref.size == 0 {
			empty++
			if len(ref.blockers) > 0 {
				withBlockers++
			}
		} else {
			nonEmpty++
		}
		probe := make([][]int, 5)
		for n := range probe {
			probe[n] = make([]int, len(p.Issues))
			for k := range probe[n] {
				probe[n][k] = rng.IntN(len(p.Issues[k].Options))
			}
		}
		for _, alg := range algorithms {
			r := analyze(t, p, alg.opt)
			z := r.ZOPA
			if r.Approximate || z.Exists != (ref.size > 0) || z.Size != ref.size || !z.SizeExact ||
				!slices.Equal(z.Ideal, ref.ideal) || !slices.Equal(z.Blockers, ref.blockers) {
				t.Errorf("seed %d %s: Approximate %v, ZOPA = %+v, want size %d, ideal %v, blockers %v",
					seed, alg.name, r.Approximate, z, ref.size, ref.ideal, ref.blockers)
			}
			for i, c := range analysis.Concepts {
				s := r.Solutions[i]
				if s.Name != c.String() || s.Found != (ref.solutions[i] != nil) || !slices.Equal(s.Package, ref.solutions[i]) {
					t.Errorf("seed %d %s: %v = %+v, want %v", seed, alg.name, c, s, ref.solutions[i])
				}
			}
			if alg.opt == enumerate {
				checkFrontier(t, seed, r.Frontier, ref)
				f, err := analysis.ParetoFrontier(t.Context(), p, nil)
				if err != nil {
					t.Fatal(err)
				}
				checkFrontier(t, seed, f, ref)
			} else if r.Frontier != nil || r.Enumerated {
				t.Errorf("seed %d %s: Frontier = %v, Enumerated = %v, want nil, false", seed, alg.name, r.Frontier, r.Enumerated)
			}
			s, err := analysis.NewSearcher(p, alg.opt)
			if err != nil {
				t.Fatal(err)
			}
			if exists, exact := s.ZOPAExists(); exists != (ref.size > 0) || !exact {
				t.Errorf("seed %d %s: ZOPAExists() = %v, %v, want %v, true", seed, alg.name, exists, exact, ref.size > 0)
			}
			pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
			for i, c := range analysis.Concepts {
				found, exact := s.Solve(c, pkg, u)
				want := ref.solutions[i]
				if found != (want != nil) || !exact || (found && !slices.Equal(pkg, want)) {
					t.Errorf("seed %d %s: Solve(%v) = %v, %v, %v, want %v", seed, alg.name, c, pkg, found, exact, want)
				}
				for t2, j := range p.Table {
					if found && u[t2] != p.Parties[j].Utility(pkg) {
						t.Errorf("seed %d %s: Solve(%v) utilities %v", seed, alg.name, c, u)
					}
				}
			}
			for _, q := range append(probe, ref.allowed[:min(2, len(ref.allowed))]...) {
				gap, exact := s.ParetoGap(q)
				if want := ref.gap(p, q); gap != want || !exact {
					t.Errorf("seed %d %s: ParetoGap(%v) = %v, %v, want %v, true", seed, alg.name, q, gap, exact, want)
				}
			}
		}
	}
	// The generator must exercise both kinds of problem.
	if empty < seeds/10 || nonEmpty < seeds/4 || withBlockers < seeds/20 {
		t.Errorf("%d empty ZOPAs (%d with blockers), %d non-empty: generator too one-sided", empty, withBlockers, nonEmpty)
	}
	t.Logf("%d empty ZOPAs (%d with blockers), %d non-empty", empty, withBlockers, nonEmpty)
}

func checkFrontier(t *testing.T, seed uint64, f *analysis.Frontier, ref *reference) {
	t.Helper()
	if f == nil {
		t.Errorf("seed %d: no frontier", seed)
		return
	}
	if f.Packages != ref.fpkgs || f.Vectors != len(ref.frontier) || len(f.Points) != f.Vectors {
		t.Errorf("seed %d: frontier has %d vectors, %d packages, want %d, %d", seed, f.Vectors, f.Packages, len(ref.frontier), ref.fpkgs)
		return
	}
	for i, pt := range f.Points {
		if !slices.Equal(pt.Package, ref.frontier[i].Package) || !slices.Equal(pt.Utility, ref.frontier[i].Utility) {
			t.Errorf("seed %d: frontier point %d = %+v, want %+v", seed, i, pt, ref.frontier[i])
		}
	}
}

// TestMidSize compares branch and bound with enumeration on 30 problems
// (seeds 1–30) of 8–10 issues with 3–4 options (6,561–1,048,576 packages),
// 3–5 parties, interaction terms and red lines, where the search trees are
// deep: the results must agree exactly, and the frontier must be the one
// offering every package to an archive finds.
func TestMidSize(t *testing.T) {
	if testing.Short() {
		t.Skip("enumerates up to 2 million packages")
	}
	for seed := uint64(1); seed <= 30; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1000+seed))
		p := randomShaped(rng, 8+rng.IntN(3), 3, 4, 3+rng.IntN(3))
		e, b := analyze(t, p, enumerate), analyze(t, p, bnb)
		if b.Approximate || e.ZOPA.Exists != b.ZOPA.Exists || e.ZOPA.Size != b.ZOPA.Size ||
			!slices.Equal(e.ZOPA.Ideal, b.ZOPA.Ideal) || !slices.Equal(e.ZOPA.Blockers, b.ZOPA.Blockers) {
			t.Errorf("seed %d (%v packages): branch and bound ZOPA %+v (approximate %v), enumeration %+v",
				seed, e.Packages, b.ZOPA, b.Approximate, e.ZOPA)
		}
		for i, s := range e.Solutions {
			if !slices.Equal(s.Package, b.Solutions[i].Package) {
				t.Errorf("seed %d: %s = %v by enumeration, %v by branch and bound", seed, s.Name, s.Package, b.Solutions[i].Package)
			}
		}
		if f, err := analysis.ParetoFrontier(t.Context(), p, enumerate); err != nil || !reflect.DeepEqual(f, e.Frontier) {
			t.Errorf("seed %d: ParetoFrontier %+v (error %v) differs from Analyze's", seed, f, err)
		}
		if f, err := analysis.FrontierByArchive(t.Context(), p); err != nil || !reflect.DeepEqual(f, e.Frontier) {
			t.Errorf("seed %d: Analyze's frontier differs from the archive's %+v (error %v)", seed, f, err)
		}
		se, _ := analysis.NewSearcher(p, enumerate)
		sb, _ := analysis.NewSearcher(p, bnb)
		for range 5 {
			q := make([]int, len(p.Issues))
			for k := range q {
				q[k] = rng.IntN(len(p.Issues[k].Options))
			}
			ge, _ := se.ParetoGap(q)
			if gb, exact := sb.ParetoGap(q); gb != ge || !exact {
				t.Errorf("seed %d: ParetoGap(%v) = %v, %v by branch and bound, %v by enumeration", seed, q, gb, exact, ge)
			}
		}
		t.Logf("seed %d: %v packages, ZOPA %d, blockers %v, %d nodes", seed, e.Packages, e.ZOPA.Size, e.ZOPA.Blockers, b.Nodes)
	}
}
