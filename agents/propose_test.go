package agents

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

func TestProposeSmall(t *testing.T) {
	// Two issues, two options each. The proposer wants option 0 of both,
	// the others option 1: packages (own, score) are
	// (0,0): (1, 0)   (0,1): (0.6, 0.5)   (1,0): (0.4, 1)   (1,1): (0, 1.5).
	own := [][]float64{{0.6, 0}, {0.4, 0}}
	score := [][]float64{{0, 1}, {0, 0.5}}
	all := [][]bool{{true, true}, {true, true}}
	noA0 := [][]bool{{false, true}, {true, true}}
	tests := []struct {
		name    string
		own     [][]float64
		score   [][]float64
		allowed [][]bool
		target  float64
		want    []int
		wantU   float64
	}{
		{"slack", own, score, all, 0, []int{1, 1}, 0},
		{"give a", own, score, all, 0.3, []int{1, 0}, 0.4},
		{"give b", own, score, all, 0.5, []int{0, 1}, 0.6},
		{"give nothing", own, score, all, 0.7, []int{0, 0}, 1},
		{"all of it", own, score, all, 1, []int{0, 0}, 1},
		{"infeasible: own best", own, score, all, 1.1, []int{0, 0}, 1},
		{"not allowed: slack", own, score, noA0, 0.4, []int{1, 0}, 0.4},
		{"not allowed: infeasible", own, score, noA0, 0.5, []int{1, 0}, 0.4},
		// Ties in own utility go to the higher score.
		{"own tie", [][]float64{{0.5, 0.5}, {0.5, 0}}, score, all, 2, []int{1, 0}, 1},
		// Three options: the middle one is the compromise.
		{"compromise", [][]float64{{0.5, 0.3, 0}, {0.5, 0}}, [][]float64{{0, 0.8, 1}, {0, 0.1}}, [][]bool{{true, true, true}, {true, true}}, 0.75, []int{1, 0}, 0.8},
	}
	for _, tt := range tests {
		pkg := make([]int, len(tt.own))
		u := Propose(pkg, tt.own, tt.score, tt.allowed, tt.target)
		if !slices.Equal(pkg, tt.want) || !scalar.EqualWithinAbsOrRel(u, tt.wantU, tol, tol) {
			t.Errorf("%s: Propose(target %v) = %v with own utility %v, want %v with %v", tt.name, tt.target, pkg, u, tt.want, tt.wantU)
		}
	}
}

// proposeInstance is a random Propose problem.
type proposeInstance struct {
	own, score [][]float64
	allowed    [][]bool
	target     float64
}

// randomInstance draws 2..5 issues of 2..5 options, own utilities with
// weights summing to 1, scores in [0,2), about one option in five
// disallowed (never all of an issue), and a target that is infeasible in
// 5% of the instances, slack in 10%, exactly the own utility of a random
// package in 5%, exactly the largest own utility in 5%, and otherwise
// uniform between the own utility of the best-scoring package and the
// largest.
func randomInstance(rng *rand.Rand) proposeInstance {
	nI := 2 + rng.IntN(4)
	w, v, _ := randomPrefs(rng, nI, 5)
	var in proposeInstance
	for k := range v {
		n := len(v[k])
		o, s, a := make([]float64, n), make([]float64, n), make([]bool, n)
		for j := range o {
			o[j] = w[k] * v[k][j]
			s[j] = 2 * rng.Float64()
			a[j] = rng.IntN(5) != 0
		}
		a[rng.IntN(n)] = true
		in.own, in.score, in.allowed = append(in.own, o), append(in.score, s), append(in.allowed, a)
	}
	// The target is mostly uniform between the own utility of the
	// best-scoring package (below it the constraint is slack) and the
	// largest own utility (above it, infeasible).
	free := make([]int, nI)
	Propose(free, in.own, in.score, in.allowed, math.Inf(-1))
	lo, hi := sum(in.own, free), in.maxOwn()
	switch rng.IntN(20) {
	case 0:
		in.target = hi + 0.01 + 0.1*rng.Float64() // infeasible
	case 1, 2:
		in.target = lo * rng.Float64() // slack
	case 3:
		// Exactly the own utility of some package, to catch round-off at
		// the boundary.
		pkg := make([]int, nI)
		for k, a := range in.allowed {
			for {
				if pkg[k] = rng.IntN(len(a)); a[pkg[k]] {
					break
				}
			}
		}
		in.target = sum(in.own, pkg)
	case 4:
		in.target = hi // exactly the largest own utility
	default:
		in.target = lo + (hi-lo)*rng.Float64()
	}
	return in
}

func sum(m [][]float64, pkg []int) float64 {
	var u float64
	for k, o := range pkg {
		u += m[k][o]
	}
	return u
}

func (in proposeInstance) maxOwn() float64 {
	var u float64
	for k, row := range in.own {
		m := math.Inf(-1)
		for o, v := range row {
			if in.allowed[k][o] {
				m = max(m, v)
			}
		}
		u += m
	}
	return u
}

// bruteForce returns the highest score among the allowed packages whose own
// utility reaches the target, and whether there is one.
func (in proposeInstance) bruteForce() (best float64, feasible bool) {
	best = math.Inf(-1)
	var n []int
	for _, row := range in.own {
		n = append(n, len(row))
	}
	forEachPackage(n, func(pkg []int) {
		for k, o := range pkg {
			if !in.allowed[k][o] {
				return
			}
		}
		if sum(in.own, pkg) >= in.target {
			feasible = true
			best = max(best, sum(in.score, pkg))
		}
	})
	return best, feasible
}

// TestProposeBruteForce compares Propose with enumeration of the outcome
// space on random instances (seeds 1..2000, see randomInstance).
//
// When a package reaches the target, Propose must return one that does
// (own utility ≥ target, exactly), built from allowed options. Where the
// constraint is slack its score must be optimal. Where it binds, the
// problem is a multiple-choice knapsack and Propose approximates: its
// score must be within 1e-9 of the optimum in at least minExact of the
// instances and never below minRatio of the optimum. Observed with these
// seeds: 94.2% of 1584 binding instances exact, mean loss 5.3% of the
// optimum among the others, worst 73.4% of the optimum (seed 1613: the
// optimum needs a move on two issues at once, which the single-issue
// improvement cannot make). When no package reaches the target, Propose
// must return the package with the highest own utility.
func TestProposeBruteForce(t *testing.T) {
	const (
		seeds    = 2000
		minExact = 0.92
		minRatio = 0.7
	)
	var binding, exact, infeasible, slackExact int
	worst := 1.0
	for seed := uint64(1); seed <= seeds; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		in := randomInstance(rng)
		pkg := make([]int, len(in.own))
		u := Propose(pkg, in.own, in.score, in.allowed, in.target)
		for k, o := range pkg {
			if o < 0 || o >= len(in.own[k]) || !in.allowed[k][o] {
				t.Fatalf("seed %d: Propose = %v, option %d of issue %d is not allowed (%v)", seed, pkg, o, k, in.allowed[k])
			}
		}
		if got := sum(in.own, pkg); !scalar.EqualWithinAbsOrRel(u, got, tol, tol) {
			t.Errorf("seed %d: Propose returned own utility %v, but its package %v is worth %v", seed, u, pkg, got)
		}
		opt, feasible := in.bruteForce()
		if !feasible {
			infeasible++
			if got, want := sum(in.own, pkg), in.maxOwn(); got != want {
				t.Errorf("seed %d: infeasible target %v: Propose = %v worth %v, want own best %v", seed, in.target, pkg, got, want)
			}
			continue
		}
		if got := sum(in.own, pkg); got < in.target {
			t.Errorf("seed %d: Propose(target %v) = %v worth %v to the proposer, below the target", seed, in.target, pkg, got)
		}
		// The constraint binds when the unconstrained best score is not
		// feasible.
		free := make([]int, len(pkg))
		Propose(free, in.own, in.score, in.allowed, math.Inf(-1))
		if sum(in.own, free) >= in.target {
			if got := sum(in.score, pkg); !scalar.EqualWithinAbsOrRel(got, opt, 1e-9, 1e-9) {
				t.Errorf("seed %d: slack target %v: Propose score %v, want the optimum %v", seed, in.target, got, opt)
			} else {
				slackExact++
			}
			continue
		}
		binding++
		got := sum(in.score, pkg)
		if scalar.EqualWithinAbsOrRel(got, opt, 1e-9, 1e-9) {
			exact++
		}
		if got > opt+1e-9 {
			t.Errorf("seed %d: Propose score %v above the brute-force optimum %v", seed, got, opt)
		}
		if opt > 0 {
			worst = min(worst, got/opt)
		}
	}
	rate := float64(exact) / float64(binding)
	t.Logf("%d instances: %d infeasible, %d binding, %.1f%% of these exact (%.1f%% of all feasible ones), worst score %.1f%% of the optimum",
		seeds, infeasible, binding, 100*rate, 100*float64(exact+slackExact)/float64(seeds-infeasible), 100*worst)
	if binding < seeds/2 {
		t.Errorf("only %d of %d instances bind, want at least half (test generator broken?)", binding, seeds)
	}
	if infeasible == 0 {
		t.Errorf("no infeasible instance among %d, want some (test generator broken?)", seeds)
	}
	if rate < minExact {
		t.Errorf("Propose exact in %.1f%% of %d binding instances, want ≥ %.0f%%", 100*rate, binding, 100*minExact)
	}
	if worst < minRatio {
		t.Errorf("Propose's worst score is %.1f%% of the optimum, want ≥ %.0f%%", 100*worst, 100*minRatio)
	}
}
