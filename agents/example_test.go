package agents_test

import (
	"fmt"

	"github.com/negsim/negsim/agents"
)

// A party whose best package is worth 0.9 to it and whose reservation value
// is 0.3 demands, over a ten-round negotiation, what its strategy sets.
func ExampleStrategy() {
	strategies := []struct {
		name string
		st   agents.Strategy
	}{
		{"Boulware  ", &agents.TimeDependent{Beta: 0.2}},
		{"linear    ", &agents.TimeDependent{Beta: 1}},
		{"Conceder  ", &agents.TimeDependent{Beta: 2}},
		{"hard-liner", &agents.HardLiner{Target: 0.5}},
	}
	// Ten rounds: time 0 (the first round) to 9 (the last).
	const last, best, reservation = 9, 0.9, 0.3
	for _, s := range strategies {
		fmt.Print(s.name)
		for t := 0; t <= last; t++ {
			fmt.Printf(" %.2f", s.st.Aspiration(t, last, best, reservation))
		}
		fmt.Println()
	}
	// Output:
	// Boulware   0.90 0.90 0.90 0.90 0.89 0.87 0.82 0.73 0.57 0.30
	// linear     0.90 0.83 0.77 0.70 0.63 0.57 0.50 0.43 0.37 0.30
	// Conceder   0.90 0.70 0.62 0.55 0.50 0.45 0.41 0.37 0.33 0.30
	// hard-liner 0.60 0.60 0.60 0.60 0.60 0.60 0.60 0.60 0.60 0.60
}

// A tit-for-tat party returns half of the improvement in the offers it
// receives, and concedes 5% of the way to its reservation value every round
// regardless.
func ExampleTitForTat() {
	st := &agents.TitForTat{Rate: 0.5, MinConcession: 0.05}
	offers := []float64{0.2, 0.2, 0.4, 0.5, 0.5}
	for round, u := range offers {
		a := st.Aspiration(round+1, 6, 0.9, 0.3)
		st.Observe(u)
		fmt.Printf("round %d: demands %.2f, is offered %.2f\n", round+1, a, u)
	}
	fmt.Printf("round 6: demands %.2f\n", st.Aspiration(6, 6, 0.9, 0.3))
	// Output:
	// round 1: demands 0.90, is offered 0.20
	// round 2: demands 0.87, is offered 0.20
	// round 3: demands 0.84, is offered 0.40
	// round 4: demands 0.71, is offered 0.50
	// round 5: demands 0.63, is offered 0.50
	// round 6: demands 0.30
}
