package sim_test

import (
	"fmt"

	"github.com/negsim/negsim/sim"
)

// The 95% Wilson interval stays inside [0,1] and is informative even when
// no run, or every run, ends in agreement.
func ExampleWilson() {
	for _, c := range []struct{ k, n int }{{0, 10}, {5, 10}, {10, 10}, {120, 1000}} {
		lo, hi := sim.Wilson(c.k, c.n)
		fmt.Printf("%d of %d: [%.4f, %.4f]\n", c.k, c.n, lo, hi)
	}
	// Output:
	// 0 of 10: [0.0000, 0.2775]
	// 5 of 10: [0.2366, 0.7634]
	// 10 of 10: [0.7225, 1.0000]
	// 120 of 1000: [0.1013, 0.1416]
}
