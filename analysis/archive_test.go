package analysis_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// An Archive answers every question exactly as a Searcher does, to the
// bit: on 300 random problems (seed 1; ties from coarse values, red lines,
// interaction terms, outside parties, see randomProblem), each asked with
// 20 draws of reservation values and powers (uniform on [0, 0.75], or a
// third of the time exactly the party's utility for a random package, and
// {0, 0.5, 1, 2}), for every concept, the ZOPA's existence, the solution's
// package and utilities and the exact flag (false only for weighted Nash
// with a power other than 1 when found), and the Pareto gap and Nash distance of a
// random package.
func TestArchiveMatchesSearcher(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	kept, seen, zopas := 0, 0, 0
	for n := range 300 {
		p := randomProblem(rng)
		sr, err := analysis.NewSearcher(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		a, err := analysis.NewArchive(t.Context(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		kept += a.Len()
		nI, nT := len(p.Issues), len(p.Table)
		pkgA, pkgS := make([]int, nI), make([]int, nI)
		uA, uS := make([]float64, nT), make([]float64, nT)
		for d := range 20 {
			for i := range p.Parties {
				p.Parties[i].Reservation = 0.75 * rng.Float64()
				if rng.IntN(3) == 0 {
					// Exactly some package's utility: the boundary counts.
					q := make([]int, nI)
					for k := range q {
						q[k] = rng.IntN(len(p.Issues[k].Options))
					}
					p.Parties[i].Reservation = p.Parties[i].ConsentUtility(q)
				}
				p.Parties[i].Power = []float64{0, 0.5, 1, 2}[rng.IntN(4)]
			}
			okA, exA := a.ZOPAExists()
			okS, exS := sr.ZOPAExists()
			if okA != okS || !exA || !exS {
				t.Fatalf("problem %d draw %d: ZOPAExists = %v, %v (archive), %v, %v (searcher)", n, d, okA, exA, okS, exS)
			}
			if okA {
				zopas++
			}
			for _, c := range analysis.Concepts {
				fA, eA := a.Solve(c, pkgA, uA)
				fS, eS := sr.Solve(c, pkgS, uS)
				wantExact := eS
				if c == analysis.NashWeighted && fS {
					for _, j := range p.Table {
						if w := p.Parties[j].Power; w > 0 && w != 1 {
							wantExact = false
						}
					}
				}
				if fA != fS || eA != wantExact {
					t.Fatalf("problem %d draw %d %v: found %v exact %v (archive), found %v exact %v (searcher)", n, d, c, fA, eA, fS, eS)
				}
				if !fA || (c == analysis.NashWeighted && !eA) {
					continue
				}
				seen++
				if !slices.Equal(pkgA, pkgS) || !bitsEqual(uA, uS) {
					t.Fatalf("problem %d draw %d %v: archive %v %v, searcher %v %v", n, d, c, pkgA, uA, pkgS, uS)
				}
				pkg := make([]int, nI)
				for k := range pkg {
					pkg[k] = rng.IntN(len(p.Issues[k].Options))
				}
				gA, gxA := a.ParetoGap(pkg)
				gS, gxS := sr.ParetoGap(pkg)
				if math.Float64bits(gA) != math.Float64bits(gS) || !gxA || !gxS {
					t.Fatalf("problem %d draw %d: ParetoGap(%v) = %v (archive), %v (searcher)", n, d, pkg, gA, gS)
				}
				if dA, dS := a.NashDistance(pkg, uA), sr.NashDistance(pkg, uS); math.Float64bits(dA) != math.Float64bits(dS) {
					t.Fatalf("problem %d draw %d: NashDistance = %v (archive), %v (searcher)", n, d, dA, dS)
				}
			}
		}
	}
	t.Logf("%d packages kept over 300 problems; %d draws with a ZOPA, %d solutions compared", kept, zopas, seen)
	if zopas < 1000 || zopas > 5000 || seen < 1000 {
		t.Errorf("%d of 6000 draws with a ZOPA, %d solutions compared: the case must have both", zopas, seen)
	}
}

// NewArchive refuses a space larger than MaxEnumerate or one that would
// collect more than MaxArchive packages, with ErrTooLarge.
func TestArchiveTooLarge(t *testing.T) {
	p := largeProblem(1, 8, 4, 3, 0.2) // 65,536 packages, 3 parties
	if _, err := analysis.NewArchive(t.Context(), p, &analysis.Options{MaxEnumerate: 1000}); !errors.Is(err, analysis.ErrTooLarge) {
		t.Errorf("MaxEnumerate 1000: error %v, want ErrTooLarge", err)
	}
	a, err := analysis.NewArchive(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := analysis.NewArchive(t.Context(), p, &analysis.Options{MaxArchive: a.Len() - 1}); !errors.Is(err, analysis.ErrTooLarge) {
		t.Errorf("MaxArchive %d: error %v, want ErrTooLarge", a.Len()-1, err)
	}
	if b, err := analysis.NewArchive(t.Context(), p, &analysis.Options{MaxArchive: 1 << 20}); err != nil || b.Len() != a.Len() {
		t.Errorf("MaxArchive 1<<20: error %v, want an archive of %d", err, a.Len())
	}
}

func bitsEqual(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// Tie-breaks the Archive must keep: packages (0,0) and (0,1) give the
// parties at the table the same utilities, and the outside party, which
// controls the second issue, prefers (0,1), which so weakly dominates
// (0,0) for every consenting party. (0,0) is still the Nash solution (the
// lexicographically smaller of the tied packages, (1,0) tying too) as long
// as the outside party accepts it, so the Archive must keep it.
func TestArchiveTieBreaks(t *testing.T) {
	for _, tt := range []struct {
		outsideRes float64
		want       []int
	}{
		{0, []int{0, 0}},
		{0.5, []int{0, 1}},
	} {
		o := party(agents.Outside, [][]float64{{0, 0}, {0, 1}}, tt.outsideRes)
		o.Controls = []int{1}
		o.SetConsent()
		p := &analysis.Problem{
			Issues: issues(2, 2),
			Parties: []agents.Party{
				party(agents.AtTable, [][]float64{{1, 0}, {0.5, 0.5}}, 0),
				party(agents.AtTable, [][]float64{{0, 1}, {0.5, 0.5}}, 0),
				o,
			},
			Consent: []int{0, 1, 2},
			Table:   []int{0, 1},
		}
		a, err := analysis.NewArchive(t.Context(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		sr, err := analysis.NewSearcher(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		got, want := make([]int, 2), make([]int, 2)
		a.Solve(analysis.Nash, got, nil)
		sr.Solve(analysis.Nash, want, nil)
		if !slices.Equal(got, tt.want) || !slices.Equal(want, tt.want) {
			t.Errorf("outside reservation %v: Nash solution %v (archive), %v (searcher), want %v", tt.outsideRes, got, want, tt.want)
		}
	}
}

// The per-run questions allocate nothing on an Archive either.
func TestArchiveAllocs(t *testing.T) {
	p, runner := bundled(t, 0)
	a, err := analysis.NewArchive(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
	i := 0
	allocs := testing.AllocsPerRun(50, func() {
		runner.Draw(1, i)
		i++
		a.ZOPAExists()
		for _, c := range analysis.Concepts {
			a.Solve(c, pkg, u)
		}
		a.ParetoGap(pkg)
		a.NashDistance(pkg, u)
	})
	if allocs != 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}
