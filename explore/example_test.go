package explore_test

import (
	"context"
	"fmt"
	"math"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Sweep the Russian reservation value of the bundled scenario, negotiated
// as one package (its variant grand-bargain), over three values on common
// random numbers.
func ExampleSweep() {
	values, _ := explore.Grid(0.3, 0.7, 3)
	load := func(sets []string) (*scenarios.Scenario, error) {
		return scenarios.LoadVariant("", "grand-bargain", sets)
	}
	res, err := explore.Sweep(context.Background(), load,
		[]explore.Axis{{Param: "parties.russia.reservation", Values: values}},
		sim.Options{Runs: 2000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Points {
		fmt.Printf("reservation %.1f: P(agreement) %.2f\n", p.Values[0], p.Summary.P)
	}
	// Output:
	// reservation 0.3: P(agreement) 0.31
	// reservation 0.5: P(agreement) 0.11
	// reservation 0.7: P(agreement) 0.00
}

// Sobol indices of the Ishigami function, f = sin x₁ + 7 sin² x₂ + 0.1 x₃⁴
// sin x₁ on [−π, π]³, whose analytic indices are S = (0.31, 0.44, 0) and
// S_T = (0.56, 0.44, 0.24) (Saltelli et al. 2010). x₂'s first-order
// estimate above its total is sampling error (analytically they are equal).
func ExampleSobolModel() {
	ishigami := func() explore.Model {
		return func(_ int, us []float64) float64 {
			x1, x2, x3 := math.Pi*(2*us[0]-1), math.Pi*(2*us[1]-1), math.Pi*(2*us[2]-1)
			return math.Sin(x1) + 7*math.Pow(math.Sin(x2), 2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
		}
	}
	idx, runs, err := explore.SobolModel(context.Background(), []string{"x1", "x2", "x3"}, ishigami,
		explore.SobolOptions{N: 8192, Seed: 1, Bootstrap: 200})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d evaluations\n", runs)
	for _, s := range idx {
		fmt.Printf("%s: first order %.2f, total %.2f\n", s.Param, s.First, s.Total)
	}
	// Output:
	// 40960 evaluations
	// x1: first order 0.30, total 0.55
	// x2: first order 0.45, total 0.44
	// x3: first order 0.01, total 0.25
}
