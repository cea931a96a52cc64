package explore

import (
	"context"
	"math"
	"reflect"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
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

// Compare's difference is P_A − P_B and its interval covers it.
func TestCompareFormats(t *testing.T) {
	a, _ := scenarios.Load(scenarios.DefaultName, nil)
	b, _ := scenarios.Load(scenarios.DefaultName, []string{"protocol.type=alternating"})
	c, err := Compare(context.Background(), a.Sim, b.Sim, sim.Options{Runs: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if math.Abs(c.Diff-(c.A.P-c.B.P)) > 1e-12 || !(c.DiffLo <= c.Diff && c.Diff <= c.DiffHi) || c.DiffLo == c.DiffHi {
		t.Errorf("compare: diff %v [%v, %v], P_A %v, P_B %v", c.Diff, c.DiffLo, c.DiffHi, c.A.P, c.B.P)
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
