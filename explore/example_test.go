package explore_test

import (
	"context"
	"fmt"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Sweep the Russian reservation value of the bundled scenario over three
// values on common random numbers.
func ExampleSweep() {
	values, _ := explore.Grid(0.3, 0.7, 3)
	load := func(sets []string) (*scenarios.Scenario, error) { return scenarios.Load("", sets) }
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
	// reservation 0.3: P(agreement) 0.65
	// reservation 0.5: P(agreement) 0.22
	// reservation 0.7: P(agreement) 0.00
}
