package agents_test

import (
	"fmt"

	"github.com/negsim/negsim/agents"
)

// A buyer and a seller on one issue of four prices, opposed: as the
// buyer's target falls, its two-party draft moves along their frontier
// towards the seller, so the seller's utility for it never falls.
func ExampleSpace_PairDraft() {
	party := func(values ...float64) agents.Party {
		p := agents.Party{Weights: []float64{1}, Utils: [][]float64{values}, RedLine: [][]bool{make([]bool, len(values))}}
		p.SetConsent()
		return p
	}
	parties := []agents.Party{party(1, 0.7, 0.35, 0), party(0, 0.3, 0.7, 1)}
	sp := agents.NewSpace([]int{4}, [][]bool{{true, true, true, true}}, 2, 4096)
	for j := range parties {
		sp.Fill(j, &parties[j])
	}
	sp.Prune([]int{0, 1})
	pkg := []int{0}
	for _, target := range []float64{1.2, 0.9, 0.5, 0.2} {
		c := sp.PairDraft(0, target)
		sp.Candidate(c, pkg)
		fmt.Printf("buyer's target %.1f: price %d, worth %.2f to the seller\n", target, pkg[0], sp.CandidateConsent(1, c))
	}
	// Output:
	// buyer's target 1.2: price 0, worth 0.00 to the seller
	// buyer's target 0.9: price 0, worth 0.00 to the seller
	// buyer's target 0.5: price 1, worth 0.30 to the seller
	// buyer's target 0.2: price 2, worth 0.70 to the seller
}
