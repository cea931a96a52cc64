package explore

import (
	"context"
	"errors"
	"math"
	"reflect"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/gonum/floats/scalar"
)

func loader(ref string) Loader {
	return func(sets []string) (*scenarios.Scenario, error) { return scenarios.Load(ref, sets) }
}

// A sweep at two values gives exactly what two separate runs with the same
// seed give (common random numbers).
func TestSweepEqualsSeparateRuns(t *testing.T) {
	const key = "parties.russia.reservation"
	opt := sim.Options{Runs: 1500, Seed: 4}
	res, err := Sweep(context.Background(), loader(scenarios.DefaultName), []Axis{{Param: key, Values: []float64{0.3, 0.6}}}, opt)
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range []string{"0.3", "0.6"} {
		sc, err := scenarios.Load(scenarios.DefaultName, []string{key + "=" + v})
		if err != nil {
			t.Fatal(err)
		}
		want, err := sim.MonteCarlo(context.Background(), sc.Sim, opt)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(res.Points[i].Summary, want) {
			t.Errorf("sweep point %s=%s differs from a separate run", key, v)
		}
	}
	if res.Points[1].Summary.P > res.Points[0].Summary.P {
		t.Errorf("a higher Russian reservation raised P from %v to %v", res.Points[0].Summary.P, res.Points[1].Summary.P)
	}
}

func TestSweep2D(t *testing.T) {
	axes := []Axis{
		{Param: "parties.russia.reservation", Values: []float64{0.3, 0.6}},
		{Param: "parties.ukraine.reservation", Values: []float64{0.2, 0.4, 0.6}},
	}
	res, err := Sweep(context.Background(), loader(scenarios.DefaultName), axes, sim.Options{Runs: 600, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Points) != 6 || !reflect.DeepEqual(res.Points[4].Values, []float64{0.6, 0.4}) {
		t.Errorf("2-D sweep points: %d, point 4 at %v; want 6, [0.6 0.4] (row-major)", len(res.Points), res.Points[4].Values)
	}
}

func TestGrid(t *testing.T) {
	g, err := Grid(0.2, 0.8, 13)
	if err != nil || len(g) != 13 || g[0] != 0.2 || g[12] != 0.8 || math.Abs(g[6]-0.5) > 1e-15 {
		t.Errorf("Grid(0.2, 0.8, 13) = %v, %v", g, err)
	}
	if _, err := Grid(0, 1, 0); err == nil {
		t.Errorf("Grid with 0 steps: no error")
	}
}

// Comparing a scenario with itself gives a difference of exactly 0.
func TestCompareSelf(t *testing.T) {
	sc, err := scenarios.Load(scenarios.DefaultName, nil)
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), sc.Sim, sc.Sim, sim.Options{Runs: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c.Diff != 0 || c.DiffLo != 0 || c.DiffHi != 0 || c.OnlyA != 0 || c.OnlyB != 0 {
		t.Errorf("A vs A: diff %v [%v, %v], only A %d, only B %d; want exactly 0", c.Diff, c.DiffLo, c.DiffHi, c.OnlyA, c.OnlyB)
	}
}

// Compare pairs run i of A with run i of B: its counts, difference and
// interval equal a direct computation from the two estimates' runs,
// recorded separately (400 runs, seed 3; tolerance 1e-12, rounding only).
// The bundled scenario is negotiated as one package (its variant
// grand-bargain), where the protocols differ.
func TestCompareFormats(t *testing.T) {
	const runs, seed, tol = 400, 3, 1e-12
	a, err := scenarios.LoadVariant(scenarios.DefaultName, "grand-bargain", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, err := scenarios.LoadVariant(scenarios.DefaultName, "grand-bargain", []string{"protocol.type=alternating"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := Compare(context.Background(), a.Sim, b.Sim, sim.Options{Runs: runs, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	agreed := func(s *sim.Scenario) []float64 {
		t.Helper()
		x := make([]float64, runs)
		rec := func(i int, o *sim.Outcome) error {
			if o.Agreement {
				x[i] = 1
			}
			return nil
		}
		if _, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: runs, Seed: seed, Record: rec}); err != nil {
			t.Fatal(err)
		}
		return x
	}
	xa, xb := agreed(a.Sim), agreed(b.Sim)
	d := make([]float64, runs)
	onlyA, onlyB := 0, 0
	for i := range d {
		d[i] = xa[i] - xb[i]
		switch d[i] {
		case 1:
			onlyA++
		case -1:
			onlyB++
		}
	}
	if onlyA == 0 || onlyB == 0 {
		t.Fatalf("only A %d, only B %d: the case needs runs that differ both ways", onlyA, onlyB)
	}
	mean, v := meanPopVar(d)
	half := 1.959963984540054 * math.Sqrt(v/runs)
	if c.OnlyA != onlyA || c.OnlyB != onlyB {
		t.Errorf("Compare: only A %d, only B %d; run by run: %d, %d", c.OnlyA, c.OnlyB, onlyA, onlyB)
	}
	if !scalar.EqualWithinAbs(c.Diff, mean, tol) || !scalar.EqualWithinAbs(c.Diff, c.A.P-c.B.P, tol) ||
		!scalar.EqualWithinAbs(c.DiffLo, mean-half, tol) || !scalar.EqualWithinAbs(c.DiffHi, mean+half, tol) {
		t.Errorf("Compare: diff %v [%v, %v]; run by run: %v [%v, %v] (P_A − P_B = %v)",
			c.Diff, c.DiffLo, c.DiffHi, mean, mean-half, mean+half, c.A.P-c.B.P)
	}
}

// meanPopVar returns the mean of x and its variance with divisor len(x),
// by the two-pass definition.
func meanPopVar(x []float64) (mean, v float64) {
	for _, xi := range x {
		mean += xi
	}
	mean /= float64(len(x))
	for _, xi := range x {
		v += (xi - mean) * (xi - mean)
	}
	return mean, v / float64(len(x))
}

// pairedDiff's interval is the mean of the paired differences ± z·√(Var/n),
// checked against the differences written out on small cases.
func TestPairedDiff(t *testing.T) {
	for _, tt := range []struct {
		name string
		d    []float64
	}{
		{"none differ", []float64{0, 0, 0, 0}},
		{"all agree only in A", []float64{1, 1, 1}},
		{"3 only in A, 1 only in B", []float64{1, 1, 1, -1, 0, 0, 0, 0, 0, 0}},
		{"balanced", []float64{1, -1, 1, -1, 0}},
		{"one run", []float64{-1}},
	} {
		onlyA, onlyB := 0, 0
		for _, x := range tt.d {
			switch x {
			case 1:
				onlyA++
			case -1:
				onlyB++
			}
		}
		n := len(tt.d)
		mean, v := meanPopVar(tt.d)
		half := 1.959963984540054 * math.Sqrt(v/float64(n))
		diff, lo, hi := pairedDiff(onlyA, onlyB, n)
		if !scalar.EqualWithinAbs(diff, mean, 1e-15) || !scalar.EqualWithinAbs(lo, mean-half, 1e-15) || !scalar.EqualWithinAbs(hi, mean+half, 1e-15) {
			t.Errorf("%s: pairedDiff(%d, %d, %d) = %v [%v, %v], want %v [%v, %v]", tt.name, onlyA, onlyB, n, diff, lo, hi, mean, mean-half, mean+half)
		}
	}
}

// Compare refuses what would break the pairing, with an error rather than a
// panic: an adaptive stop (Precision) would stop the two sides at different
// run counts.
func TestCompareRejects(t *testing.T) {
	sc, err := scenarios.Load("testdata/decisive.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name     string
		opt      sim.Options
		adaptive bool
	}{
		// At P = 0.5 a half-width of 0.009 needs 12,288 runs, beyond the
		// 10,000 that A's records had room for (this panicked).
		{"precision, default runs", sim.Options{Precision: 0.009, Seed: 1}, true},
		// A stops at 4,096 runs, B went on to 6,000 (silently unpaired).
		{"precision below the runs", sim.Options{Precision: 0.05, Runs: 6000, Seed: 1}, true},
		{"negative runs", sim.Options{Runs: -1}, false},
		{"record", sim.Options{Runs: 10, Record: func(int, *sim.Outcome) error { return nil }}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, err := Compare(context.Background(), sc.Sim, sc.Sim, tt.opt)
			if err == nil || c != nil {
				t.Fatalf("Compare(%+v) = %+v, %v; want an error", tt.opt, c, err)
			}
			if errors.Is(err, ErrAdaptive) != tt.adaptive {
				t.Errorf("Compare(%+v): error %q; errors.Is(err, ErrAdaptive) = %v, want %v", tt.opt, err, !tt.adaptive, tt.adaptive)
			}
		})
	}
}

// On a scenario where one parameter decides the outcome and another does
// nothing, the first ranks first with indices near 1 and the second has
// indices of exactly 0. Tolerance 0.1 on N = 2048 samples (4 runs each).
func TestSensitivityRanksTheDecisiveParameter(t *testing.T) {
	const ref = "testdata/decisive.yaml"
	sc, err := scenarios.Load(ref, nil)
	if err != nil {
		t.Fatal(err)
	}
	idx, runs, err := Sobol(context.Background(), sc.Sim, SobolOptions{N: 2048, Seed: 7, Bootstrap: 200})
	if err != nil {
		t.Fatal(err)
	}
	if runs != 2048*4 || len(idx) != 2 {
		t.Fatalf("Sobol: %d runs, %d indices; want 8192 and 2", runs, len(idx))
	}
	dec, none := idx[0], idx[1]
	if dec.Param != "parties.a.reservation" || none.Param != "parties.a.power" {
		t.Fatalf("ranking %s, %s; want the reservation first, the power second", dec.Param, none.Param)
	}
	if math.Abs(dec.First-1) > 0.1 || math.Abs(dec.Total-1) > 0.1 || !(dec.FirstLo <= dec.First && dec.First <= dec.FirstHi) {
		t.Errorf("decisive parameter: first %v [%v, %v], total %v; want ≈ 1", dec.First, dec.FirstLo, dec.FirstHi, dec.Total)
	}
	if none.First != 0 || none.Total != 0 {
		t.Errorf("parameter without effect: first %v, total %v; want exactly 0", none.First, none.Total)
	}

	oat, base, err := OneAtATime(context.Background(), loader(ref), sim.Options{Runs: 1000, Seed: 2}, 0.1, 0.9)
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(base.P-0.5) > 0.05 {
		t.Errorf("base P = %v, want ≈ 0.5", base.P)
	}
	if len(oat) != 2 || oat[0].Param != "parties.a.reservation" || oat[0].PLow != 1 || oat[0].PHigh != 0 || oat[1].Swing != 0 {
		t.Errorf("one at a time: %+v; want the reservation swinging P from 1 to 0 and the power not at all", oat)
	}
}
