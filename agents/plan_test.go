package agents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// The planner settings the simulator uses (sim.PlanIterations and the
// default protocol step).
const (
	planStep       = 0.5
	planIterations = 12
)

func newPlanner(parties []Party) *Planner {
	pl := &Planner{Step: planStep, Iterations: planIterations}
	pl.Reset(len(parties), sizes(parties[0].Utils))
	return pl
}

// valuesParty returns a party at the table whose Utils are given directly
// (weights do not matter to the planner).
func valuesParty(t testing.TB, utils [][]float64) Party {
	t.Helper()
	w := make([]float64, len(utils))
	for k := range w {
		w[k] = 1
	}
	return *newParty(t, AtTable, nil, w, utils, nil, 0)
}

// maxGap is the largest shortfall of pkg against the demands of the
// parties other than self.
func maxGap(pkg []int, parties []Party, self int, demand []float64) float64 {
	g := math.Inf(-1)
	for j := range parties {
		if j != self {
			g = max(g, demand[j]-parties[j].ConsentUtility(pkg))
		}
	}
	return g
}

func TestPlanMeetsDemands(t *testing.T) {
	tests := []struct {
		name   string
		utils  [][][]float64 // per party, per issue, per option
		demand []float64     // the proposer's entry is ignored
		target float64
		want   []int
	}{
		{
			// Each party cares most about its own issue: the logroll
			// gives each its issue.
			name: "logroll",
			utils: [][][]float64{
				{{0.8, 0}, {0.1, 0}, {0.1, 0}},
				{{0, 0.1}, {0, 0.8}, {0, 0.1}},
				{{0, 0.1}, {0, 0.1}, {0, 0.8}},
			},
			demand: []float64{0, 0.7, 0.7},
			target: 0.7,
			want:   []int{0, 1, 1},
		},
		{
			// One issue with a compromise option in the middle.
			name: "compromise",
			utils: [][][]float64{
				{{1, 0.6, 0}},
				{{0, 0.6, 1}},
				{{0, 0.6, 1}},
			},
			demand: []float64{0, 0.5, 0.5},
			target: 0.5,
			want:   []int{1},
		},
		{
			// The unweighted sum of the others' utilities picks option 1,
			// which leaves party 1 short; raising its weight finds
			// option 0.
			name: "reweight",
			utils: [][][]float64{
				{{0.5, 0.5, 0.5}, {1, 0}},
				{{1, 0.45, 0}, {0, 0}},
				{{0, 0.6, 0.9}, {0, 0}},
			},
			demand: []float64{0, 0.9, 0},
			target: 1.5,
			want:   []int{0, 0},
		},
	}
	for _, tt := range tests {
		var parties []Party
		for _, u := range tt.utils {
			parties = append(parties, valuesParty(t, u))
		}
		pl := newPlanner(parties)
		allowed := allAllowed(tt.utils[0])
		pkg := make([]int, len(tt.want))
		gap := pl.Plan(pkg, nil, parties, 0, []int{0, 1, 2}, tt.demand, allowed, tt.target)
		if !slices.Equal(pkg, tt.want) || gap > 0 {
			t.Errorf("%s: Plan = %v with gap %v, want %v with gap ≤ 0", tt.name, pkg, gap, tt.want)
		}
		if own := parties[0].Utility(pkg); own < tt.target {
			t.Errorf("%s: Plan = %v worth %v to the proposer, below its target %v", tt.name, pkg, own, tt.target)
		}
	}
}

// TestPlanStopsAtFirst checks that Plan's dual ascent stops at the first
// draft that meets every demand, leaving the weights alone, and that the
// final polish only improves on that draft by the drafting criterion (a
// larger smallest margin over the others) while keeping the target: with
// no demands, the first draft maximises the others' unweighted utility sum
// subject to the target.
func TestPlanStopsAtFirst(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		parties, others, _ := planInstance(t, rng)
		target := parties[0].Best() * rng.Float64()
		allowed := allAllowed(parties[0].Utils)
		pl := newPlanner(parties)
		pkg := make([]int, len(allowed))
		demand := make([]float64, len(parties))
		gap := pl.Plan(pkg, nil, parties, 0, others, demand, allowed, target)

		score := make([][]float64, len(allowed))
		for k := range score {
			score[k] = make([]float64, len(allowed[k]))
			for _, j := range others[:len(others)-1] {
				for o := range score[k] {
					score[k][o] += parties[j].Consent[k][o]
				}
			}
		}
		first := make([]int, len(allowed))
		Propose(first, parties[0].Utils, score, allowed, target)
		firstGap := pl.gap(first, parties, 0, others, demand)
		if gap > firstGap || gap > 0 {
			t.Errorf("seed %d: Plan with no demands = %v with gap %v, worse than the first draft %v with gap %v", seed, pkg, gap, first, firstGap)
		}
		if u := parties[0].Utility(pkg); u < target {
			t.Errorf("seed %d: Plan = %v worth %v to the proposer, below its target %v", seed, pkg, u, target)
		}
		for j, w := range pl.Weights {
			if w != 1 {
				t.Errorf("seed %d: weight of party %d = %v after a first draft that met every demand, want 1", seed, j, w)
			}
		}
	}
}

func allAllowed(utils [][]float64) [][]bool {
	a := make([][]bool, len(utils))
	for k := range utils {
		a[k] = make([]bool, len(utils[k]))
		for o := range a[k] {
			a[k][o] = true
		}
	}
	return a
}

// planInstance draws 3..4 parties at the table (party 0 proposes) with
// 2..4 issues of 2..4 options, a random package pkg and all options
// allowed.
func planInstance(t testing.TB, rng *rand.Rand) (parties []Party, others []int, pkg []int) {
	t.Helper()
	nP, nI := 3+rng.IntN(2), 2+rng.IntN(3)
	var n []int
	for j := range nP {
		if j == 0 {
			w, v, _ := randomPrefs(rng, nI, 4)
			parties = append(parties, *newParty(t, AtTable, nil, w, v, nil, 0))
			n = sizes(v)
			continue
		}
		var w []float64
		var v [][]float64
		var s float64
		for k := range nI {
			w = append(w, rng.Float64()+0.05)
			s += w[k]
			row := make([]float64, n[k])
			for o := range row {
				row[o] = rng.Float64()
			}
			v = append(v, row)
		}
		for k := range w {
			w[k] /= s
		}
		parties = append(parties, *newParty(t, AtTable, nil, w, v, nil, 0))
		others = append(others, j)
	}
	others = append(others, 0) // the proposer is among the consenters, as in sim
	pkg = make([]int, nI)
	for k := range pkg {
		pkg[k] = rng.IntN(n[k])
	}
	return parties, others, pkg
}

// TestPlanFeasible plants a package that meets every demand and the
// proposer's target (demands are 70–100% of what the planted package gives
// each party, the target 95% of what it gives the proposer) and counts how
// often Plan finds a package meeting them all. Seeds 1..1000, the
// simulator's settings (step 0.5, 12 iterations). Whatever it finds must
// give the proposer its target and the returned gap must be the package's
// largest gap (tolerance 1e-12). Observed: 98.3% found; minFound is the
// asserted lower bound.
func TestPlanFeasible(t *testing.T) {
	const (
		seeds    = 1000
		minFound = 0.95
	)
	found := 0
	for seed := uint64(1); seed <= seeds; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		parties, others, planted := planInstance(t, rng)
		demand := make([]float64, len(parties))
		for _, j := range others[:len(others)-1] {
			demand[j] = parties[j].ConsentUtility(planted) * (0.7 + 0.3*rng.Float64())
		}
		target := 0.95 * parties[0].Utility(planted)
		pl := newPlanner(parties)
		pkg := make([]int, len(planted))
		gap := pl.Plan(pkg, nil, parties, 0, others, demand, allAllowed(parties[0].Utils), target)
		if own := parties[0].Utility(pkg); own < target {
			t.Errorf("seed %d: Plan = %v worth %v to the proposer, below its target %v", seed, pkg, own, target)
		}
		if want := maxGap(pkg, parties, 0, demand); !scalar.EqualWithinAbsOrRel(gap, want, tol, tol) {
			t.Errorf("seed %d: Plan returned gap %v, but %v has largest gap %v", seed, gap, pkg, want)
		}
		if gap <= 0 {
			found++
		}
	}
	rate := float64(found) / seeds
	t.Logf("Plan met every demand in %d of %d instances (%.1f%%)", found, seeds, 100*rate)
	if rate < minFound {
		t.Errorf("Plan met every demand in %.1f%% of %d instances where a planted package does, want ≥ %.0f%%", 100*rate, seeds, 100*minFound)
	}
}

// TestPlanNeverWorse checks that when the current text gives the proposer
// its target, Plan never returns a package with a larger largest gap, and
// returns the current text itself when it already meets every demand.
// Seeds 1..1000.
func TestPlanNeverWorse(t *testing.T) {
	var kept, improved int
	for seed := uint64(1); seed <= 1000; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		parties, others, current := planInstance(t, rng)
		demand := make([]float64, len(parties))
		for _, j := range others {
			demand[j] = rng.Float64()
		}
		target := parties[0].Utility(current) * rng.Float64()
		pl := newPlanner(parties)
		// Warm the weights up as a negotiation would before this draft.
		scratch := make([]int, len(current))
		pl.Plan(scratch, nil, parties, 0, others, demand, allAllowed(parties[0].Utils), rng.Float64())

		pkg := make([]int, len(current))
		cur := slices.Clone(current)
		gap := pl.Plan(pkg, cur, parties, 0, others, demand, allAllowed(parties[0].Utils), target)
		if !slices.Equal(cur, current) {
			t.Fatalf("seed %d: Plan changed current from %v to %v", seed, current, cur)
		}
		before, after := maxGap(current, parties, 0, demand), maxGap(pkg, parties, 0, demand)
		if after > before {
			t.Errorf("seed %d: Plan = %v with largest gap %v, worse than current %v with %v", seed, pkg, after, current, before)
		}
		if gap != after {
			t.Errorf("seed %d: Plan returned gap %v, but %v has largest gap %v", seed, gap, pkg, after)
		}
		if own := parties[0].Utility(pkg); own < target {
			t.Errorf("seed %d: Plan = %v worth %v to the proposer, below its target %v", seed, pkg, own, target)
		}
		if before <= 0 && !slices.Equal(pkg, current) {
			t.Errorf("seed %d: current %v meets every demand, but Plan = %v", seed, current, pkg)
		}
		if after < before {
			improved++
		} else {
			kept++
		}
	}
	if improved == 0 || kept == 0 {
		t.Errorf("Plan improved on current in %d instances and kept it in %d, want some of each (test generator broken?)", improved, kept)
	}
}

func TestPlannerReset(t *testing.T) {
	var pl Planner
	pl.Reset(3, []int{2, 4})
	pl.Weights[1] = 7
	pl.Reset(3, []int{2, 4})
	if !slices.Equal(pl.Weights, []float64{1, 1, 1}) {
		t.Errorf("Reset(3, ...): Weights = %v, want [1 1 1]", pl.Weights)
	}
	pl.Reset(2, []int{3})
	if !slices.Equal(pl.Weights, []float64{1, 1}) {
		t.Errorf("Reset(2, ...): Weights = %v, want [1 1]", pl.Weights)
	}
}
