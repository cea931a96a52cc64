package explore

import (
	"context"
	"math"

	"github.com/negsim/negsim/sim"
)

// Comparison is a paired comparison of two scenarios on the same runs.
type Comparison struct {
	A *sim.Summary `json:"a"`
	B *sim.Summary `json:"b"`
	// Diff is P_A − P_B, with the 95% interval of the mean of the paired
	// differences d_i = a_i − b_i (normal approximation; exactly [0, 0]
	// when no run differs).
	Diff   float64 `json:"diff"`
	DiffLo float64 `json:"diff_ci_low"`
	DiffHi float64 `json:"diff_ci_high"`
	// OnlyA and OnlyB count the runs that agreed in A but not B, and in B
	// but not A.
	OnlyA int `json:"only_a"`
	OnlyB int `json:"only_b"`
}

// Compare estimates two scenarios on the same seed and runs and compares
// them run by run. Comparing a scenario with itself gives Diff exactly 0.
func Compare(ctx context.Context, a, b *sim.Scenario, opt sim.Options) (*Comparison, error) {
	n := opt.Runs
	if n == 0 {
		n = sim.DefaultRuns
	}
	agreed := make([]bool, n)
	optA := opt
	optA.Record = func(i int, o *sim.Outcome) error { agreed[i] = o.Agreement; return nil }
	sa, err := sim.MonteCarlo(ctx, a, optA)
	if err != nil {
		return nil, err
	}
	c := &Comparison{A: sa}
	optB := opt
	optB.Record = func(i int, o *sim.Outcome) error {
		switch {
		case agreed[i] && !o.Agreement:
			c.OnlyA++
		case !agreed[i] && o.Agreement:
			c.OnlyB++
		}
		return nil
	}
	if c.B, err = sim.MonteCarlo(ctx, b, optB); err != nil {
		return nil, err
	}
	nf := float64(sa.Runs)
	c.Diff = float64(c.OnlyA-c.OnlyB) / nf
	// Var(d) = E[d²] − E[d]², with d² = 1 exactly when the runs differ.
	// float64(…) keeps a compiler from fusing a product into the next add
	// or subtract, so the interval is the same on every architecture
	// (docs/model.md, Reproducibility).
	v := float64(c.OnlyA+c.OnlyB)/nf - float64(c.Diff*c.Diff)
	half := float64(sim.Z95 * math.Sqrt(max(v, 0)/nf))
	c.DiffLo, c.DiffHi = c.Diff-half, c.Diff+half
	return c, nil
}
