package explore_test

import (
	"context"
	"fmt"
	"reflect"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// ExampleSweep's sweep as two shards, as two machines would run it, put
// back together.
func ExampleMergeSweep() {
	values, _ := explore.Grid(0.3, 0.7, 3)
	axes := []explore.Axis{{Param: "parties.russia.reservation", Values: values}}
	load := func(sets []string) (*scenarios.Scenario, error) {
		return scenarios.LoadVariant("", "grand-bargain", sets)
	}
	var parts []*explore.SweepPart
	for k := range 2 {
		p, err := explore.SweepShard(context.Background(), load, axes, sim.Options{Runs: 2000, Seed: 1}, sim.Shard{Index: k, Count: 2})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("shard %v: points %d to %d of %d\n", p.Shard, p.From, p.To-1, p.Grid)
		parts = append(parts, p)
	}
	res, err := explore.MergeSweep(axes, parts)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range res.Points {
		fmt.Printf("reservation %.1f: P(agreement) %.2f\n", p.Values[0], p.Summary.P)
	}
	// Output:
	// shard 0/2: points 0 to 0 of 3
	// shard 1/2: points 1 to 2 of 3
	// reservation 0.3: P(agreement) 0.31
	// reservation 0.5: P(agreement) 0.11
	// reservation 0.7: P(agreement) 0.00
}

// Sobol indices of the bundled scenario's random parameters from three
// shards of the design's rows, merged: the same as explore.Sobol gives.
func ExampleMergeSobol() {
	sc, err := scenarios.LoadVariant("", "grand-bargain", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := explore.SobolOptions{N: 64, Seed: 2, Bootstrap: 100}
	var parts []*explore.SobolPart
	for k := range 3 {
		p, err := explore.SobolShard(context.Background(), sc.Sim, opt, sim.Shard{Index: k, Count: 3})
		if err != nil {
			fmt.Println(err)
			return
		}
		parts = append(parts, p)
	}
	merged, runs, err := explore.MergeSobol(parts, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	one, _, err := explore.Sobol(context.Background(), sc.Sim, opt)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d runs; largest total index: %s %.2f; the same as on one machine: %v\n",
		runs, merged[0].Param, merged[0].Total, reflect.DeepEqual(merged, one))
	// Output:
	// 704 runs; largest total index: parties.russia.drift 0.54; the same as on one machine: true
}
