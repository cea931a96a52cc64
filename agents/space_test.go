package agents

import (
	"math"
	"math/rand/v2"
	"testing"
)

// Space.Fill gives every party's utility for every package, interaction
// terms included, and PlanExact finds the optimum of its criterion, checked
// against a brute-force scan over 300 random instances (seeds 1..300).
func TestSpacePlanExact(t *testing.T) {
	for seed := uint64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewPCG(seed, 3))
		parties, others, _ := planInstance(t, rng)
		if seed%2 == 0 {
			// Two parties: PlanExact searches their frontier by bisection.
			parties, others = parties[:2], []int{1, 0}
		}
		sizes := make([]int, len(parties[0].Utils))
		allowed := make([][]bool, len(sizes))
		for k := range sizes {
			sizes[k] = len(parties[0].Utils[k])
			allowed[k] = make([]bool, sizes[k])
			for o := range allowed[k] {
				allowed[k][o] = rng.Float64() > 0.2 || o == 0
			}
		}
		// An interaction term for the proposer and one for a responder.
		parties[0].Pairs = []Pair{{K1: 0, O1: 0, K2: 1, O2: 1, U: 0.2}}
		parties[1].Pairs = []Pair{{K1: 0, O1: 1, K2: 1, O2: 0, U: -0.1}}
		sp := NewSpace(sizes, allowed, len(parties), 1<<20)
		for j := range parties {
			parties[j].SetConsent()
			sp.Fill(j, &parties[j])
		}
		all := make([]int, len(parties))
		for j := range all {
			all[j] = j
		}
		sp.Prune(all)
		demand := make([]float64, len(parties))
		for j := range demand {
			demand[j] = rng.Float64()
		}
		target := parties[0].Best() * rng.Float64()
		if seed%5 == 0 {
			target = 2 // out of reach
		}

		pkg := make([]int, len(sizes))
		bestGap, bestOwn, found := math.Inf(1), math.Inf(-1), false
		bestAll := math.Inf(-1) // the proposer's best allowed package
		for i := range sp.Len() {
			sp.Decode(i, pkg)
			ok := true
			for k, o := range pkg {
				ok = ok && allowed[k][o]
			}
			if !ok {
				continue
			}
			for j := range parties {
				if got, want := sp.consent[j][i], parties[j].ConsentUtility(pkg); math.Abs(got-want) > 1e-12 {
					t.Fatalf("seed %d: Fill: party %d package %v = %v, want %v", seed, j, pkg, got, want)
				}
			}
			own := parties[0].Utility(pkg)
			bestAll = max(bestAll, own)
			if own < target {
				continue
			}
			gap := math.Inf(-1)
			for _, j := range others {
				if j != 0 {
					gap = max(gap, demand[j]-parties[j].ConsentUtility(pkg))
				}
			}
			if gap < bestGap || gap == bestGap && own > bestOwn {
				bestGap, bestOwn, found = gap, own, true
			}
		}
		got := sp.PlanExact(pkg, 0, others, demand, target)
		if !found {
			// Nothing reaches the target: the proposer's best package.
			if u := parties[0].Utility(pkg); math.Abs(u-bestAll) > 1e-12 {
				t.Errorf("seed %d: PlanExact = %v worth %v to the proposer, want its best %v", seed, pkg, u, bestAll)
			}
			continue
		}
		if math.Abs(got-bestGap) > 1e-12 || parties[0].Utility(pkg) < target {
			t.Errorf("seed %d: PlanExact = %v with gap %v, want gap %v and own utility ≥ %v", seed, pkg, got, bestGap, target)
		}
	}
}
