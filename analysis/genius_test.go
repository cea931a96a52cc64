package analysis_test

import (
	"cmp"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/negsim/negsim/analysis"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// geniusDomains are the GENIUS/ANAC domains of issue #14's frontier
// benchmark, with two profiles each (scenarios/testdata/genius/anac).
var geniusDomains = []struct {
	name, domain string
	profiles     []string
}{
	{"car", "Car/adg.xml", []string{"Car/adg_deal.xml", "Car/adg_deal2.xml"}},
	{"travel", "Travel/travel_domain.xml", []string{"Travel/travel_chox.xml", "Travel/travel_fanny.xml"}},
}

// genius returns a GENIUS domain's problem with its profiles at the table
// (every parameter at its median: GENIUS profiles have no uncertainty).
func genius(tb testing.TB, domain string, profiles []string) *analysis.Problem {
	tb.Helper()
	const dir = "../scenarios/testdata/genius/anac/"
	var files []string
	for _, f := range profiles {
		files = append(files, dir+f)
	}
	sc, err := scenarios.LoadGenius(dir+domain, files, nil)
	if err != nil {
		tb.Fatal(err)
	}
	r := sim.NewRunner(sc.Sim)
	return &analysis.Problem{Issues: sc.Sim.Issues, Parties: r.DrawMedian(), Consent: r.Consenters(), Table: r.Table()}
}

// BenchmarkFrontierGenius computes the exact Pareto frontier of the GENIUS
// Car (15,625 packages) and Travel (188,160) domains: alone
// (ParetoFrontier), as it was computed before it (every package offered to
// an archive: FrontierByArchive, test-only), and within a full analysis
// (Analyze, which also sizes the ZOPA and finds five solutions).
func BenchmarkFrontierGenius(b *testing.B) {
	for _, d := range geniusDomains {
		p := genius(b, d.domain, d.profiles)
		b.Run(d.name+"/frontier", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analysis.ParetoFrontier(b.Context(), p, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(d.name+"/archive", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analysis.FrontierByArchive(b.Context(), p); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(d.name+"/analyze", func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := analysis.Analyze(b.Context(), p, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// On the GENIUS domains ParetoFrontier and Analyze find the frontier that
// offering every package to an archive found before, to the bit.
func TestFrontierGenius(t *testing.T) {
	for _, d := range geniusDomains {
		p := genius(t, d.domain, d.profiles)
		want, err := analysis.FrontierByArchive(t.Context(), p)
		if err != nil {
			t.Fatal(err)
		}
		got, err := analysis.ParetoFrontier(t.Context(), p, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: ParetoFrontier %d vectors, %d packages; by archive %d, %d", d.name, got.Vectors, got.Packages, want.Vectors, want.Packages)
		}
		if r := analyze(t, p, nil); !reflect.DeepEqual(r.Frontier, want) {
			t.Errorf("%s: Analyze's frontier differs from the archive's", d.name)
		}
	}
}

// Frontier ties are decided on the utilities as computed, compared exactly
// (docs/genius.md, Ties): on Car the frontier has 53 vectors and 73
// packages. Rounding the utilities to 1e-9 before comparing would merge
// packages whose utilities differ only by rounding in the last bits and
// give 75 packages; both counts are recomputed here from every package's
// utilities (sort and sweep), so the test fails if either rule changes.
func TestFrontierTiesExact(t *testing.T) {
	p := genius(t, "Car/adg.xml", []string{"Car/adg_deal.xml", "Car/adg_deal2.xml"})
	f, err := analysis.ParetoFrontier(t.Context(), p, nil)
	if err != nil {
		t.Fatal(err)
	}
	var exact, rounded [][2]float64
	for _, q := range packages(p) {
		u := [2]float64{p.Parties[p.Table[0]].Utility(q), p.Parties[p.Table[1]].Utility(q)}
		exact = append(exact, u)
		rounded = append(rounded, [2]float64{math.Round(u[0]*1e9) / 1e9, math.Round(u[1]*1e9) / 1e9})
	}
	ve, pe := frontier2D(exact)
	vr, pr := frontier2D(rounded)
	t.Logf("Car: exact %d vectors, %d packages; rounded to 1e-9 %d vectors, %d packages", ve, pe, vr, pr)
	if f.Vectors != 53 || f.Packages != 73 || ve != 53 || pe != 73 {
		t.Errorf("Car frontier: %d vectors, %d packages (recomputed %d, %d); want 53, 73", f.Vectors, f.Packages, ve, pe)
	}
	if pr != 75 {
		t.Errorf("Car frontier with utilities rounded to 1e-9: %d packages, want 75 (the rule this test tells apart)", pr)
	}
}

// frontier2D counts the distinct vectors and the packages on the Pareto
// frontier of two utilities, by sorting on (u0, u1) descending and
// sweeping: a package is on it when no package has a larger u0 and at
// least its u1, and none has its u0 and a larger u1.
func frontier2D(us [][2]float64) (vectors int, pkgs int64) {
	us = slices.Clone(us)
	slices.SortFunc(us, func(a, b [2]float64) int { return cmp.Or(cmp.Compare(b[0], a[0]), cmp.Compare(b[1], a[1])) })
	best := math.Inf(-1) // largest u1 among larger u0
	for i := 0; i < len(us); {
		j := i
		for j < len(us) && us[j][0] == us[i][0] {
			j++
		}
		// us[i] has the group's largest u1.
		if us[i][1] > best {
			vectors++
			for k := i; k < j && us[k][1] == us[i][1]; k++ {
				pkgs++
			}
		}
		best = max(best, us[i][1])
		i = j
	}
	return vectors, pkgs
}
