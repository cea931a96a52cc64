package scenarios_test

import (
	"fmt"
	"log"

	"github.com/negsim/negsim/scenarios"
)

func ExampleLoad() {
	s, err := scenarios.Load("ukraine-2025-03", []string{"protocol.format=shuttle"})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range s.Sim.Parties {
		fmt.Printf("%s (%s)\n", p.ID, p.Role)
	}
	pr := s.Sim.Protocol
	fmt.Printf("%s, %s, mediator %s, deadline %d rounds\n", pr.Kind, pr.Format, s.Sim.Parties[pr.Mediator].ID, s.Sim.Deadline)
	// Output:
	// us (table)
	// russia (table)
	// ukraine (table)
	// eu (outside)
	// coalition (outside)
	// mediated, shuttle, mediator us, deadline 24 rounds
}
