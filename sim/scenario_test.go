package sim

import (
	"context"
	"errors"
	"testing"

	"github.com/negsim/negsim/agents"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		kind ProtocolKind
		edit func(s *Scenario)
	}{
		{"no issues", Mediated, func(s *Scenario) { s.Issues = nil }},
		{"issue without options", Mediated, func(s *Scenario) { s.Issues[1].Options = nil }},
		{"issue with 256 options", Mediated, func(s *Scenario) { s.Issues[1].Options = make([]agents.Option, 256) }},
		{"deadline 0", Mediated, func(s *Scenario) { s.Deadline = 0 }},
		{"deadline -3", Alternating, func(s *Scenario) { s.Deadline = -3 }},
		{"weights too short", Mediated, func(s *Scenario) { s.Parties[1].Weights = s.Parties[1].Weights[:2] }},
		{"values too short", Mediated, func(s *Scenario) { s.Parties[2].Values = s.Parties[2].Values[:2] }},
		{"red lines too long", Mediated, func(s *Scenario) { s.Parties[0].RedLines = append(s.Parties[0].RedLines, nil) }},
		{"option values too short", Mediated, func(s *Scenario) { s.Parties[1].Values[0] = s.Parties[1].Values[0][:3] }},
		{"option red lines too short", Alternating, func(s *Scenario) { s.Parties[3].RedLines[2] = s.Parties[3].RedLines[2][:1] }},
		{"controls out of range", Mediated, func(s *Scenario) { s.Parties[3].Controls = []int{3} }},
		{"controls negative", Mediated, func(s *Scenario) { s.Parties[3].Controls = []int{-1} }},
		{"influence on itself", Mediated, func(s *Scenario) { s.Parties[3].Influence = []Shift{{Party: 3, Amount: Fixed(0.1)}} }},
		{"influence out of range", Mediated, func(s *Scenario) { s.Parties[3].Influence = []Shift{{Party: 4, Amount: Fixed(0.1)}} }},
		{"nobody at the table", Alternating, func(s *Scenario) {
			for i := range s.Parties {
				s.Parties[i].Role = agents.Outside
			}
		}},
		{"mediator outside", Mediated, func(s *Scenario) { s.Protocol.Mediator = 3 }},
		{"mediator out of range", Mediated, func(s *Scenario) { s.Protocol.Mediator = 4 }},
		{"mediator negative", Mediated, func(s *Scenario) { s.Protocol.Mediator = -1 }},
		{"order names an outside party", Alternating, func(s *Scenario) { s.Protocol.Order = []int{0, 1, 3} }},
		{"order out of range", Alternating, func(s *Scenario) { s.Protocol.Order = []int{0, 1, 7} }},
		{"order too short", Alternating, func(s *Scenario) { s.Protocol.Order = []int{2, 0} }},
		{"order too long", Mediated, func(s *Scenario) { s.Protocol.Order = []int{2, 0, 1, 3} }},
		{"order names a party twice", Alternating, func(s *Scenario) { s.Protocol.Order = []int{0, 0, 2} }},
		{"order names a party twice, mediated", Mediated, func(s *Scenario) { s.Protocol.Order = []int{2, 1, 2} }},
		{"spatial points too short", Mediated, func(s *Scenario) {
			s.Issues[2].Points = []float64{0}
			for i := range s.Parties {
				s.Parties[i].Spatial = []*SpatialPref{nil, nil, {}}
			}
		}},
		{"spatial preferences too short", Mediated, func(s *Scenario) {
			s.Issues[2].Points = []float64{0, 100}
			for i := range s.Parties {
				s.Parties[i].Spatial = []*SpatialPref{nil, {}}
			}
		}},
		{"spatial issue without a party's preference", Mediated, func(s *Scenario) {
			s.Issues[2].Points = []float64{0, 100}
			for i := range s.Parties {
				s.Parties[i].Spatial = []*SpatialPref{nil, nil, {}}
			}
			s.Parties[1].Spatial = nil
		}},
		{"spatial preference on a discrete issue", Mediated, func(s *Scenario) { s.Parties[0].Spatial = []*SpatialPref{{}, nil, nil} }},
		{"shock shifts a party out of range", Mediated, func(s *Scenario) {
			s.Shocks = []Shock{{ID: "x", Probability: Fixed(0.1), Shifts: []Shift{{Party: 4, Amount: Fixed(0.1)}}}}
		}},
	}
	for _, tt := range tests {
		s := toy(t, tt.kind, Trilateral)
		tt.edit(s)
		err := s.Check()
		if !errors.Is(err, ErrScenario) {
			t.Errorf("%s: Check() = %v, want an error wrapping ErrScenario", tt.name, err)
			continue
		}
		// MonteCarlo refuses the scenario with the same error.
		sum, mcErr := MonteCarlo(context.Background(), s, Options{Runs: 10})
		if sum != nil || !errors.Is(mcErr, ErrScenario) {
			t.Errorf("%s: MonteCarlo = %v, %v, want nil and an error wrapping ErrScenario", tt.name, sum, mcErr)
		}
	}
}

func TestCheckValid(t *testing.T) {
	tests := []struct {
		name string
		kind ProtocolKind
		edit func(s *Scenario)
	}{
		{"toy", Mediated, func(*Scenario) {}},
		{"order permuted", Alternating, func(s *Scenario) { s.Protocol.Order = []int{2, 0, 1} }},
		{"mediator 2", Mediated, func(s *Scenario) { s.Protocol.Mediator = 2 }},
		// The mediator is not used by alternating offers.
		{"alternating ignores the mediator", Alternating, func(s *Scenario) { s.Protocol.Mediator = 3 }},
		{"one round", Mediated, func(s *Scenario) { s.Deadline = 1 }},
		{"lone party at the table", Alternating, func(s *Scenario) {
			s.Parties[1].Role, s.Parties[2].Role = agents.Outside, agents.Outside
		}},
		{"shock", Mediated, func(s *Scenario) {
			s.Shocks = []Shock{{ID: "x", Probability: Fixed(0.1), Shifts: []Shift{{Party: 3, Amount: Fixed(0.1)}}}}
		}},
	}
	for _, tt := range tests {
		s := toy(t, tt.kind, Trilateral)
		tt.edit(s)
		if err := s.Check(); err != nil {
			t.Errorf("%s: Check() = %v, want nil", tt.name, err)
		}
	}
}
