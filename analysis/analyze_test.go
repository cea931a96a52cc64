package analysis_test

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// twoByThree is a two-party, two-issue domain (three options each) worked
// out by hand. Every value is a multiple of 1/8, so floating-point sums and
// products are exact.
//
//	contributions     issue A (a0 a1 a2)    issue B (b0 b1 b2)
//	X                  1/4 1/2 1/4           0  1/8 3/8
//	Y                   0  1/4 1/8          1/4 1/8  0
//
//	package  u_X  u_Y   in ZOPA (d = (1/8, 1/8))?
//	a0 b0    2/8  2/8   yes
//	a0 b1    3/8  1/8   yes (u_Y = d_Y)
//	a0 b2    5/8   0    no: u_Y < 1/8
//	a1 b0    4/8  4/8   yes
//	a1 b1    5/8  3/8   yes
//	a1 b2    7/8  2/8   yes
//	a2 b0    2/8  3/8   yes
//	a2 b1    3/8  2/8   yes
//	a2 b2    5/8  1/8   yes
//
// Pareto frontier (all nine packages are allowed), by decreasing u_X:
// (7/8, 2/8) a1b2; (5/8, 3/8) a1b1 (a2b2 and a0b2 have less u_Y); (4/8, 4/8)
// a1b0; every other package has u_X ≤ 3/8 and u_Y ≤ 3/8, dominated by a1b0.
// So three points.
//
// Nash, (u_X − 1/8)(u_Y − 1/8): a1b0 = 3/8·3/8 = 9/64; a1b1 = 4/8·2/8 = 8/64;
// a1b2 = 6/8·1/8 = 6/64; a2b0 = 1/8·2/8 = 2/64; a0b0 = 1/64; the rest less.
// Nash = a1b0.
//
// Ideal points over the ZOPA: u_X = 7/8 (a1b2), u_Y = 4/8 (a1b0), so the
// ideal gains are 6/8 and 3/8. Kalai–Smorodinsky, min of the gain ratios:
// a1b0 min(3/6, 3/3) = 1/2; a1b1 min(4/6, 2/3) = 2/3; a1b2 min(6/6, 1/3) =
// 1/3. KS = a1b1, the point where both ratios are 2/3.
//
// Utilitarian, u_X + u_Y: a1b2 = 9/8 beats a1b0 = a1b1 = 8/8. Egalitarian,
// min gain: a1b0 = 3/8 beats a1b1 = 2/8. Weighted Nash with powers (1, 2):
// (u_X − d)(u_Y − d)²: a1b0 = 3/8·9/64 = 27/512 beats a1b1 = 4/8·4/64 =
// 16/512.
func twoByThree() *analysis.Problem {
	x := party(agents.AtTable, [][]float64{{0.25, 0.5, 0.25}, {0, 0.125, 0.375}}, 0.125)
	y := party(agents.AtTable, [][]float64{{0, 0.25, 0.125}, {0.25, 0.125, 0}}, 0.125)
	y.Power = 2
	return &analysis.Problem{
		Issues:  issues(3, 3),
		Parties: []agents.Party{x, y},
		Consent: []int{0, 1},
		Table:   []int{0, 1},
	}
}

func TestHandComputed(t *testing.T) {
	want := map[analysis.Concept][]int{
		analysis.Nash:             {1, 0},
		analysis.NashWeighted:     {1, 0},
		analysis.KalaiSmorodinsky: {1, 1},
		analysis.Utilitarian:      {1, 2},
		analysis.Egalitarian:      {1, 0},
	}
	wantU := map[string][]float64{"10": {0.5, 0.5}, "11": {0.625, 0.375}, "12": {0.875, 0.25}}
	key := func(pkg []int) string { return string(rune('0'+pkg[0])) + string(rune('0'+pkg[1])) }
	for _, alg := range algorithms {
		r := analyze(t, twoByThree(), alg.opt)
		if r.Packages != 9 || r.Approximate {
			t.Errorf("%s: Packages, Approximate = %v, %v, want 9, false", alg.name, r.Packages, r.Approximate)
		}
		z := r.ZOPA
		if !z.Exists || z.Size != 8 || !z.SizeExact || !slices.Equal(z.Ideal, []float64{0.875, 0.5}) || z.Blockers != nil {
			t.Errorf("%s: ZOPA = %+v, want 8 packages, ideal [0.875 0.5], no blockers", alg.name, z)
		}
		for c, pkg := range want {
			s := solution(t, r, c)
			if !s.Found || !slices.Equal(s.Package, pkg) || !slices.Equal(s.Utility, wantU[key(pkg)]) {
				t.Errorf("%s: %v = %+v, want %v with utilities %v", alg.name, c, s, pkg, wantU[key(pkg)])
			}
		}
	}
	r := analyze(t, twoByThree(), nil)
	if !r.Enumerated || r.Frontier == nil {
		t.Fatalf("Analyze(nil options) did not enumerate 9 packages")
	}
	f := r.Frontier
	wantPts := []analysis.Point{
		{Package: []int{1, 2}, Utility: []float64{0.875, 0.25}},
		{Package: []int{1, 1}, Utility: []float64{0.625, 0.375}},
		{Package: []int{1, 0}, Utility: []float64{0.5, 0.5}},
	}
	if f.Vectors != 3 || f.Packages != 3 || len(f.Points) != 3 {
		t.Fatalf("Frontier = %+v, want 3 points", f)
	}
	for i, p := range f.Points {
		if !slices.Equal(p.Package, wantPts[i].Package) || !slices.Equal(p.Utility, wantPts[i].Utility) {
			t.Errorf("Frontier.Points[%d] = %+v, want %+v", i, p, wantPts[i])
		}
	}
}

// ParetoGap by hand on twoByThree: a0b0 (2/8, 2/8) is improved by 2/8 for
// both by a1b0 (4/8, 4/8); a2b2 (5/8, 1/8) by 1/8 by a1b2 (7/8, 2/8) (a1b1
// gives (0, +2/8), min 0); the frontier packages have gap 0.
func TestParetoGapHand(t *testing.T) {
	tests := []struct {
		pkg  []int
		want float64
	}{
		{[]int{0, 0}, 0.25},
		{[]int{2, 2}, 0.125},
		{[]int{0, 2}, 0.25}, // (5/8, 0): a1b1 gives (+0, +3/8), a1b2 (+2/8, +2/8)
		{[]int{1, 0}, 0},
		{[]int{1, 1}, 0},
		{[]int{1, 2}, 0},
	}
	for _, alg := range algorithms {
		s, err := analysis.NewSearcher(twoByThree(), alg.opt)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range tests {
			if gap, exact := s.ParetoGap(tt.pkg); gap != tt.want || !exact {
				t.Errorf("%s: ParetoGap(%v) = %v, %v, want %v, true", alg.name, tt.pkg, gap, exact, tt.want)
			}
		}
	}
}

// Discretised split-the-pie: option i of n gives A i/n and B what the
// share function makes of the rest. With d = 0:
//   - share(y) = y: Nash maximises x(1 − x), the equal split x = 1/2
//     (i = 15 of 30); weighted Nash with powers (2, 1) maximises x²(1 − x),
//     whose derivative 2x − 3x² vanishes at x = 2/3 (i = 20 of 30;
//     neighbours: (19/30)²(11/30) = 3971/27000 and (21/30)²(9/30) =
//     3969/27000 < 4000/27000 at i = 20).
//   - share(y) = y/2 (B values the pie half as much): utilitarian maximises
//     x + (1 − x)/2, at x = 1 (i = 30); egalitarian maximises
//     min(x, (1 − x)/2), where x = (1 − x)/2, x = 1/3 (i = 10); Nash
//     maximises x(1 − x)/2, still x = 1/2.
func TestSplitThePie(t *testing.T) {
	half := func(y float64) float64 { return y / 2 }
	same := func(y float64) float64 { return y }
	tests := []struct {
		name    string
		share   func(float64) float64
		powerA  float64
		concept analysis.Concept
		want    int
	}{
		{"nash", same, 1, analysis.Nash, 15},
		{"nash-weighted-2-1", same, 2, analysis.NashWeighted, 20},
		{"nash-weighted-unset", same, 0, analysis.NashWeighted, 15},
		{"kalai-smorodinsky", same, 1, analysis.KalaiSmorodinsky, 15},
		{"utilitarian-half", half, 1, analysis.Utilitarian, 30},
		{"egalitarian-half", half, 1, analysis.Egalitarian, 10},
		{"nash-half", half, 1, analysis.Nash, 15},
		// KS: ideals 1 and 1/2, ratios x and (1 − x) (both over 1): x = 1/2.
		{"kalai-smorodinsky-half", half, 1, analysis.KalaiSmorodinsky, 15},
	}
	const tol = 1e-12
	for _, alg := range algorithms {
		for _, tt := range tests {
			p := pie(30, tt.share, 0, 0)
			p.Parties[0].Power = tt.powerA
			s := solution(t, analyze(t, p, alg.opt), tt.concept)
			if !s.Found || s.Package[0] != tt.want {
				t.Errorf("%s %s: %v = %+v, want option %d", alg.name, tt.name, tt.concept, s, tt.want)
				continue
			}
			x := float64(tt.want) / 30
			if math.Abs(s.Utility[0]-x) > tol || math.Abs(s.Utility[1]-tt.share(1-x)) > tol {
				t.Errorf("%s %s: utilities %v, want [%v %v] within %v", alg.name, tt.name, s.Utility, x, tt.share(1-x), tol)
			}
		}
	}
}

func TestBlockers(t *testing.T) {
	rl := func(p *agents.Party, k int, opts ...int) {
		for _, o := range opts {
			p.RedLine[k][o] = true
		}
	}
	tests := []struct {
		name string
		make func() *analysis.Problem
		want []analysis.Blocker
	}{{
		// A wants at least 0.95 of the pie, B at least 0.1: each
		// reservation alone empties the ZOPA.
		name: "two reservations",
		make: func() *analysis.Problem { return pie(10, func(y float64) float64 { return y }, 0.95, 0.1) },
		want: []analysis.Blocker{{0, analysis.ReasonReservation}, {1, analysis.ReasonReservation}},
	}, {
		// B never gives A half or more (red line on x ≥ 0.5); A needs 0.6.
		// B's reservation (0) is not the problem; A's reservation and B's
		// red line are.
		name: "reservation and red line",
		make: func() *analysis.Problem {
			p := pie(10, func(y float64) float64 { return y }, 0.6, 0)
			rl(&p.Parties[1], 0, 5, 6, 7, 8, 9, 10)
			return p
		},
		want: []analysis.Blocker{{0, analysis.ReasonReservation}, {1, analysis.ReasonRedLine}},
	}, {
		// C, at the table, needs 0.9 from an issue that gives it at most
		// 0.5: only its own reservation blocks.
		name: "one hopeless party",
		make: func() *analysis.Problem {
			p := pie(10, func(y float64) float64 { return y }, 0.2, 0.2)
			p.Issues = issues(11, 2)
			for i := range p.Parties {
				p.Parties[i] = party(agents.AtTable, [][]float64{p.Parties[i].Utils[0], {0, 0}}, p.Parties[i].Reservation)
			}
			p.Parties = append(p.Parties, party(agents.AtTable, [][]float64{make([]float64, 11), {0.3, 0.5}}, 0.9))
			p.Consent, p.Table = []int{0, 1, 2}, []int{0, 1, 2}
			return p
		},
		want: []analysis.Blocker{{2, analysis.ReasonReservation}},
	}, {
		// An outside party (index 2) controls issue 1 and rules out its
		// option 0; party 1 at the table rules out option 1. Each red line
		// alone blocks; the outside party's consent utility (issue 1 only,
		// 0.3 or 1) meets its reservation 0.2 either way.
		name: "outside red line",
		make: func() *analysis.Problem {
			p := pie(10, func(y float64) float64 { return y }, 0, 0)
			p.Issues = issues(11, 2)
			for i := range p.Parties {
				p.Parties[i] = party(agents.AtTable, [][]float64{p.Parties[i].Utils[0], {0, 0}}, 0)
			}
			rl(&p.Parties[1], 1, 1)
			eu := party(agents.Outside, [][]float64{make([]float64, 11), {0.3 * 0.4, 0.4}}, 0.2)
			eu.Weights = []float64{0.6, 0.4}
			eu.Controls = []int{1}
			rl(&eu, 1, 0)
			rl(&eu, 0, 3) // not controlled: does not count
			eu.SetConsent()
			p.Parties = append(p.Parties, eu)
			p.Consent = []int{0, 1, 2}
			return p
		},
		want: []analysis.Blocker{{1, analysis.ReasonRedLine}, {2, analysis.ReasonRedLine}},
	}}
	for _, alg := range algorithms {
		for _, tt := range tests {
			r := analyze(t, tt.make(), alg.opt)
			if r.ZOPA.Exists || r.ZOPA.Size != 0 || !r.ZOPA.SizeExact || !slices.Equal(r.ZOPA.Blockers, tt.want) {
				t.Errorf("%s %s: ZOPA = %+v, want empty with blockers %v", alg.name, tt.name, r.ZOPA, tt.want)
			}
			for _, s := range r.Solutions {
				if s.Found {
					t.Errorf("%s %s: %s found %v in an empty ZOPA", alg.name, tt.name, s.Name, s.Package)
				}
			}
			s, err := analysis.NewSearcher(tt.make(), alg.opt)
			if err != nil {
				t.Fatal(err)
			}
			if exists, exact := s.ZOPAExists(); exists || !exact {
				t.Errorf("%s %s: ZOPAExists() = %v, %v, want false, true", alg.name, tt.name, exists, exact)
			}
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name  string
		edit  func(p *analysis.Problem)
		field string
	}{
		{"no issue", func(p *analysis.Problem) { p.Issues = nil }, "issues"},
		{"utils shape", func(p *analysis.Problem) { p.Parties[1].Utils[1] = []float64{1} }, "parties[1].utils[1]"},
		{"redline shape", func(p *analysis.Problem) { p.Parties[0].RedLine = p.Parties[0].RedLine[:1] }, "parties[0].redline"},
		{"nan", func(p *analysis.Problem) { p.Parties[0].Utils[0][2] = math.NaN() }, "parties[0].utils[0][2]"},
		{"pair", func(p *analysis.Problem) { p.Parties[0].Pairs = []agents.Pair{{K1: 0, O1: 3, K2: 1}} }, "parties[0].pairs[0]"},
		{"consent range", func(p *analysis.Problem) { p.Consent = []int{0, 2} }, "consent[1]"},
		{"consent repeat", func(p *analysis.Problem) { p.Consent = []int{0, 0, 1} }, "consent[1]"},
		{"no table", func(p *analysis.Problem) { p.Table = nil }, "table"},
		{"table not consenting", func(p *analysis.Problem) { p.Consent = []int{0} }, "table[1]"},
		{"table outside", func(p *analysis.Problem) { p.Parties[1].Role = agents.Outside }, "table[1]"},
		{"no consent values", func(p *analysis.Problem) { p.Parties[1].Consent = nil }, "parties[1].consent"},
	}
	for _, tt := range tests {
		p := twoByThree()
		tt.edit(p)
		err := p.Check()
		if !errors.Is(err, analysis.ErrProblem) || !strings.Contains(err.Error(), "analysis: "+tt.field+":") {
			t.Errorf("%s: Check() = %v, want an ErrProblem naming %s", tt.name, err, tt.field)
		}
		if _, err := analysis.Analyze(t.Context(), p, nil); !errors.Is(err, analysis.ErrProblem) {
			t.Errorf("%s: Analyze error = %v, want ErrProblem", tt.name, err)
		}
		if _, err := analysis.NewSearcher(p, nil); !errors.Is(err, analysis.ErrProblem) {
			t.Errorf("%s: NewSearcher error = %v, want ErrProblem", tt.name, err)
		}
	}
	if err := twoByThree().Check(); err != nil {
		t.Errorf("Check() = %v on a valid problem", err)
	}
}
