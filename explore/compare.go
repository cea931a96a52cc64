package explore

import (
	"context"
	"errors"
	"fmt"
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

// ErrAdaptive is returned by Compare when Options.Precision is set: an
// adaptive estimate stops when its own interval is narrow enough, so the
// two sides would stop at different run counts and no longer be paired.
var ErrAdaptive = errors.New("explore: a comparison runs a fixed number of runs on both sides; set Options.Runs, not Options.Precision")

// Compare estimates two scenarios on the same seed and runs and compares
// them run by run. Comparing a scenario with itself gives Diff exactly 0.
// It returns ErrAdaptive if opt.Precision is set, and an error if
// opt.Runs is negative or opt.Record is set (Compare records the runs
// itself).
func Compare(ctx context.Context, a, b *sim.Scenario, opt sim.Options) (*Comparison, error) {
	return CompareBy(ctx, a, b, opt, Metric{})
}

// CompareBy is Compare on the given metric: Diff is its difference A − B,
// paired run by run, and OnlyA and OnlyB count the runs where it holds in
// one and not the other.
func CompareBy(ctx context.Context, a, b *sim.Scenario, opt sim.Options, m Metric) (*Comparison, error) {
	switch {
	case opt.Precision != 0:
		return nil, ErrAdaptive
	case opt.Runs < 0:
		return nil, fmt.Errorf("explore: runs must be positive, got %d", opt.Runs)
	case opt.Record != nil:
		return nil, errors.New("explore: Compare records the runs itself; Options.Record must be nil")
	}
	n := opt.Runs
	if n == 0 {
		n = sim.DefaultRuns
	}
	opt.Runs = n
	agreed := make([]bool, n)
	optA := opt
	optA.Record = func(i int, o *sim.Outcome) error { agreed[i] = m.Of(o); return nil }
	sa, err := sim.MonteCarlo(ctx, a, optA)
	if err != nil {
		return nil, err
	}
	c := &Comparison{A: sa}
	optB := opt
	optB.Record = func(i int, o *sim.Outcome) error {
		in := m.Of(o)
		switch {
		case agreed[i] && !in:
			c.OnlyA++
		case !agreed[i] && in:
			c.OnlyB++
		}
		return nil
	}
	if c.B, err = sim.MonteCarlo(ctx, b, optB); err != nil {
		return nil, err
	}
	c.Diff, c.DiffLo, c.DiffHi = pairedDiff(c.OnlyA, c.OnlyB, n)
	return c, nil
}

// pairedDiff returns the mean of n paired differences d_i ∈ {−1, 0, 1},
// onlyA of them 1 and onlyB −1, and its 95% Wald interval: the mean ± z ·
// √(Var(d)/n) with Var(d) = E[d²] − E[d]² = (onlyA + onlyB)/n − mean², the
// large-sample interval for the difference of two dependent proportions
// (Agresti, Categorical Data Analysis, on matched pairs).
func pairedDiff(onlyA, onlyB, n int) (diff, lo, hi float64) {
	nf := float64(n)
	diff = float64(onlyA-onlyB) / nf
	// d² = 1 exactly when the runs differ. float64(…) keeps a compiler
	// from fusing a product into the next add or subtract, so the interval
	// is the same on every architecture (docs/model.md, Reproducibility).
	v := float64(onlyA+onlyB)/nf - float64(diff*diff)
	half := float64(sim.Z95 * math.Sqrt(max(v, 0)/nf))
	return diff, diff - half, diff + half
}
