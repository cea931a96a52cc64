package sim_test

import (
	"context"
	"fmt"
	"log"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// ultimatum is a protocol in a dozen lines: every round, the first party
// at the table tables an offer and the others take it or leave it. It is
// the whole of what a new protocol needs besides its registration.
type ultimatum struct{}

func (ultimatum) Reset(*sim.Talks) {}

func (ultimatum) Round(tk *sim.Talks, t int) bool {
	order := tk.Order()
	tk.Propose(t, order[0])
	for _, j := range order[1:] {
		if !tk.Answer(t, j) {
			return false
		}
	}
	return tk.Ratify(t)
}

// A new protocol is one type and one registration; a scenario then names
// it in protocol.type (here through an override of the bundled scenario).
func ExampleRegisterProtocol() {
	sim.RegisterProtocol("ultimatum", sim.ProtocolDef{New: func(*sim.Scenario) sim.Protocol { return ultimatum{} }})
	sc, err := scenarios.Load("", []string{"protocol.type=ultimatum"})
	if err != nil {
		log.Fatal(err)
	}
	sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: 2000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: %d runs, chance of agreement in [0,1]: %v\n", sum.Protocol, sum.Runs, sum.P >= 0 && sum.P <= 1)
	// Output:
	// ultimatum: 2000 runs, chance of agreement in [0,1]: true
}

// stepper concedes in equal steps of a fixed size each round, whatever the
// deadline: a new strategy family in one type.
type stepper struct{ step float64 }

func (s *stepper) Set(p []float64) { s.step = p[0] }
func (s *stepper) Observe(float64) {}
func (s *stepper) String() string  { return fmt.Sprintf("stepper step=%.2f", s.step) }
func (s *stepper) Aspiration(round, _ int, best, floor float64) float64 {
	return max(best-float64(round)*s.step, min(floor, best))
}

// A new strategy family is one type and one registration with its
// parameters; scenario files then name it in strategy.type. (A parameter
// whose name is not yet a field of scenarios.StrategyFile also needs that
// field: here the family reuses "target".)
func ExampleRegister() {
	agents.Register(agents.Family{Name: "stepper", New: func() agents.Strategy { return &stepper{} },
		Params: []agents.ParamSpec{{Name: "target", Default: 0.05, Lo: 0, Hi: 1}}})
	sc, err := scenarios.Load("", []string{"parties.russia.strategy.type=stepper", "parties.russia.strategy.target=0.02"})
	if err != nil {
		log.Fatal(err)
	}
	r := sim.NewRunner(sc.Sim)
	r.Draw(1, 0)
	fmt.Println(r.Parties()[1].Strategy)
	// Output:
	// stepper step=0.02
}
