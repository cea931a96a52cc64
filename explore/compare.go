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
	// Terms compares how the agreements settle each issue, when A and B
	// have the same issues and options: per option, the chance (of all
	// runs) of an agreement settling the issue at that option, in A and B,
	// and their paired difference.
	Terms []TermDiff `json:"terms,omitempty"`
}

// TermDiff is one option's chance of being agreed in A and in B (of all
// runs: an agreement settling the issue at that option; with an agenda,
// the option in force at the end of the talks in a run with any
// agreement), and the paired difference A − B with its 95% interval.
type TermDiff struct {
	Issue  string  `json:"issue"`
	Option string  `json:"option"`
	PA     float64 `json:"p_a"`
	PB     float64 `json:"p_b"`
	Diff   float64 `json:"diff"`
	DiffLo float64 `json:"diff_ci_low"`
	DiffHi float64 `json:"diff_ci_high"`
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
	// The terms compare only when both sides have the same issues and
	// options; pkgA holds A's agreed option per run and issue (-1: none).
	sameSpace := len(a.Issues) == len(b.Issues)
	for k := 0; sameSpace && k < len(a.Issues); k++ {
		sameSpace = a.Issues[k].ID == b.Issues[k].ID && len(a.Issues[k].Options) == len(b.Issues[k].Options)
	}
	var pkgA []int16
	var onlyA, onlyB, inA, inB [][]int
	if sameSpace {
		pkgA = make([]int16, n*len(a.Issues))
		for _, is := range a.Issues {
			for _, c := range []*[][]int{&onlyA, &onlyB, &inA, &inB} {
				*c = append(*c, make([]int, len(is.Options)))
			}
		}
	}
	optA := opt
	optA.Record = func(i int, o *sim.Outcome) error {
		agreed[i] = m.Of(o)
		if pkgA != nil {
			for k, opt := range o.Package {
				v := int16(-1)
				if o.Agreement {
					v = int16(opt)
					inA[k][opt]++
				}
				pkgA[i*len(o.Package)+k] = v
			}
		}
		return nil
	}
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
		if pkgA != nil {
			for k, opt := range o.Package {
				va, vb := int(pkgA[i*len(o.Package)+k]), -1
				if o.Agreement {
					vb = opt
					inB[k][opt]++
				}
				if va != vb {
					if va >= 0 {
						onlyA[k][va]++
					}
					if vb >= 0 {
						onlyB[k][vb]++
					}
				}
			}
		}
		return nil
	}
	if c.B, err = sim.MonteCarlo(ctx, b, optB); err != nil {
		return nil, err
	}
	if pkgA != nil {
		for k, is := range a.Issues {
			for o, op := range is.Options {
				d := TermDiff{Issue: is.ID, Option: op.ID, PA: float64(inA[k][o]) / float64(n), PB: float64(inB[k][o]) / float64(n)}
				d.Diff, d.DiffLo, d.DiffHi = pairedDiff(onlyA[k][o], onlyB[k][o], n)
				c.Terms = append(c.Terms, d)
			}
		}
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
