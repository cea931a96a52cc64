package sim_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Three shards of an estimate, as three machines would run them, merged
// into the summary that one machine gives.
func ExampleMergeShards() {
	sc, err := scenarios.Load("", nil)
	if err != nil {
		log.Fatal(err)
	}
	opt := sim.Options{Runs: 3000, Seed: 7}
	var parts []*sim.Partial
	for k := range 3 {
		p, err := sim.MonteCarloShard(context.Background(), sc.Sim, opt, sim.Shard{Index: k, Count: 3})
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("shard %v: runs %d to %d\n", p.Shard, p.FirstRun, p.EndRun-1)
		parts = append(parts, p)
	}
	merged, err := sim.MergeShards(sc.Sim, parts)
	if err != nil {
		log.Fatal(err)
	}
	one, err := sim.MonteCarlo(context.Background(), sc.Sim, opt)
	if err != nil {
		log.Fatal(err)
	}
	a, _ := json.Marshal(merged)
	b, _ := json.Marshal(one)
	fmt.Printf("merged: %d agreements in %d runs, mean utility of %s %.4f\n", merged.Agreements, merged.Runs, merged.Utility[0].Party, merged.Utility[0].Mean)
	fmt.Println("the same as on one machine, bit for bit:", bytes.Equal(a, b))
	// Output:
	// shard 0/3: runs 0 to 1023
	// shard 1/3: runs 1024 to 2047
	// shard 2/3: runs 2048 to 2999
	// merged: 2958 agreements in 3000 runs, mean utility of us 0.6681
	// the same as on one machine, bit for bit: true
}
