package sim

import (
	"errors"
	"fmt"
	"math"

	"github.com/negsim/negsim/agents"
)

// Scenario is a negotiation model with its uncertainty: the issues, the
// parties with their (possibly random) parameters, the protocol, the
// deadline and the shocks. Build one with the scenarios package or by hand;
// call Check before simulating a hand-built one.
type Scenario struct {
	Name     string
	Issues   []agents.Issue
	Parties  []Party
	Protocol ProtocolConfig
	// Deadline is the number of rounds, ≥ 1; with DeadlineDist or
	// EndChance it is the largest number of rounds a run can last.
	Deadline int
	// DeadlineDist, when uncertain, makes the last round of each run a
	// draw (rounded to a whole round in [1, Deadline]): parties do not
	// know it and concede against the expected end (Runner.Horizon).
	DeadlineDist Param
	// EndChance is the chance per round, from the second on, that the
	// talks end before the deadline (in [0,1]; the zero Param means 0).
	EndChance Param
	Shocks    []Shock
	// Agenda, if not nil, splits the talks into items (see Agenda).
	Agenda *Agenda
}

// Party is one party with its parameters.
type Party struct {
	ID, Label string
	Role      agents.Role
	// Controls lists the issues (indices) on which an outside party's
	// consent is needed. An outside party that controls nothing never has
	// to consent.
	Controls []int
	// Weights[k] is the salience of issue k, ≥ 0; a run's draws are
	// normalised to sum to 1.
	Weights []Param
	// Values[k][o] is the value of option o of issue k, in [0,1].
	Values [][]Param
	// RedLines[k][o] marks options the party never accepts.
	RedLines    [][]bool
	Reservation Param // in [0,1]
	Drift       Param // per round, in [-1,1]
	Strategy    Strategy
	// Influence shifts other parties' reservation values by the outside
	// party's support (added before the first round).
	Influence []Shift
	// Interactions add utility when two issues are settled together.
	Interactions []Interaction
	// Power is the bargaining power for the asymmetric Nash solution (> 0;
	// the zero Param means 1).
	Power Param
	// Discount is the GENIUS discount factor in (0,1] (the zero Param
	// means 1, no discounting): an agreement is also reported as a
	// discounted score (Outcome.Score); it changes no decision.
	Discount Param
	// Spatial[k] is the party's preference on issue k if it is spatial
	// (Issues[k].Points not nil), nil for a discrete issue; the whole
	// slice is nil when the scenario has no spatial issue. The values of
	// a spatial issue's options are computed from it in every run, and
	// Values[k] is ignored.
	Spatial []*SpatialPref
}

// Shape is how a party's value for a point of a spatial issue falls with
// the point's distance from the party's position.
type Shape int

const (
	// Linear: a point y is worth 1 − (|y − P|/100)^r to a party at
	// position P with risk exponent r (1: straight-line loss).
	Linear Shape = iota
	// Quadratic: 1 − ((y − P)/100)², the linear shape with r = 2.
	Quadratic
)

// String returns the shape's name in scenario files.
func (sh Shape) String() string {
	if sh == Quadratic {
		return "quadratic"
	}
	return "linear"
}

// SpatialPref is a party's preference on a spatial issue: the value of
// each point falls with its distance from the party's position (see
// Shape).
type SpatialPref struct {
	// Position is the party's ideal point, in [0,100].
	Position Param
	// Risk is the exponent r of the linear shape, > 0 (the zero Param
	// means 1); the quadratic shape ignores it.
	Risk  Param
	Shape Shape
	// WeightScale multiplies the party's drawn weight of the issue (0
	// means 1), so that a weight given as a salience on 0–100 is used as
	// salience/100 while reports show it as written.
	WeightScale float64
}

// Value returns the value in [0,1] of point y on the 0–100 scale to a
// party at position pos with risk exponent r (ignored by Quadratic).
func (sh Shape) Value(y, pos, r float64) float64 {
	d := min(math.Abs(y-pos)/100, 1)
	if sh == Quadratic {
		return 1 - float64(d*d) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
	}
	if r == 1 {
		return 1 - d
	}
	return 1 - math.Pow(d, r)
}

// Interaction adds Value to a party's utility when issue K1 is settled at
// option O1 and issue K2 at option O2.
type Interaction struct {
	K1, O1, K2, O2 int
	Value          Param
}

// Strategy is a registered strategy family (agents.Lookup) by name, with
// its (possibly random) parameters in the order of the family's Params.
type Strategy struct {
	Name   string
	Params []Param
}

// Family returns the registered family (the zero Family if Name is not
// registered).
func (st Strategy) Family() agents.Family {
	f, _ := agents.Lookup(st.Name)
	return f
}

// NewStrategy returns the strategy of the family registered as name, with
// the given parameters and every other at its default. It fails for an
// unknown family or parameter, a locked parameter, or a required one left
// out.
func NewStrategy(name string, set map[string]Param) (Strategy, error) {
	f, ok := agents.Lookup(name)
	if !ok {
		return Strategy{}, fmt.Errorf("sim: unknown strategy %q (registered: %v)", name, agents.Families())
	}
	st := Strategy{Name: name, Params: make([]Param, len(f.Params))}
	for j, ps := range f.Params {
		st.Params[j] = Fixed(ps.Default)
	}
	for n, p := range set {
		j := f.Param(n)
		switch {
		case j < 0:
			return Strategy{}, fmt.Errorf("sim: strategy %s has no parameter %q", name, n)
		case f.Params[j].Locked:
			return Strategy{}, fmt.Errorf("sim: strategy %s: parameter %q cannot be set", name, n)
		}
		st.Params[j] = p
	}
	for j, ps := range f.Params {
		if _, given := set[ps.Name]; ps.Required && !given {
			return Strategy{}, fmt.Errorf("sim: strategy %s needs parameter %q", name, f.Params[j].Name)
		}
	}
	return st, nil
}

// Param returns the named parameter, or the zero Param and false.
func (st Strategy) Param(name string) (Param, bool) {
	if j := st.Family().Param(name); j >= 0 && j < len(st.Params) {
		return st.Params[j], true
	}
	return Param{}, false
}

// Shift adds Amount to party Party's reservation value.
type Shift struct {
	Party  int
	Amount Param
}

// ProtocolKind names a registered negotiation protocol, as scenario files
// do (protocol.type); see RegisterProtocol.
type ProtocolKind string

// String returns the protocol's name in scenario files.
func (k ProtocolKind) String() string { return string(k) }

// Format is how a mediator meets the parties.
type Format int

const (
	// Trilateral: all parties together; every party answers the same text
	// in the same round.
	Trilateral Format = iota
	// Shuttle: the mediator consults the parties one at a time and may
	// revise the text after each.
	Shuttle
)

// String returns the format's name in scenario files.
func (f Format) String() string {
	if f == Shuttle {
		return "shuttle"
	}
	return "trilateral"
}

// ProtocolConfig says how the parties negotiate.
type ProtocolConfig struct {
	// Kind is a registered protocol (Mediated, Alternating, ...).
	Kind   ProtocolKind
	Format Format // mediated protocols only
	// Mediator is the index of the mediating party (mediated protocols
	// only); it must be at the table.
	Mediator int
	// Order is the order in which the parties at the table take turns
	// (Alternating) or are visited (Shuttle). Nil means scenario order.
	Order []int
	// Step is the rate at which a proposer raises a refuser's weight, > 0.
	Step Param
}

// Shock is an event that may happen in any round: with probability
// Probability per round, it shifts reservation values by Shifts and, with
// probability EndTalks given that it happened, ends the talks.
type Shock struct {
	ID          string
	Probability Param // in [0,1]
	EndTalks    Param // in [0,1]
	Shifts      []Shift
	// Breaks lists the agenda items the shock can end when it happens.
	Breaks []ItemBreak
}

// ErrScenario is wrapped by every error Check returns.
var ErrScenario = errors.New("invalid scenario")

// Check reports structural problems that would make a simulation
// meaningless or panic: indices out of range, mismatched lengths, a
// deadline below 1, a protocol without the parties it needs. Ranges of
// values are the scenario loader's job.
func (s *Scenario) Check() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("%w: %s", ErrScenario, fmt.Sprintf(format, a...))
	}
	if len(s.Issues) == 0 {
		return bad("no issues")
	}
	for _, is := range s.Issues {
		if len(is.Options) == 0 || len(is.Options) > 255 {
			return bad("issue %q has %d options, want 1 to 255", is.ID, len(is.Options))
		}
		if is.Points != nil && len(is.Points) != len(is.Options) {
			return bad("spatial issue %q has %d points for %d options", is.ID, len(is.Points), len(is.Options))
		}
	}
	if s.Deadline < 1 {
		return bad("deadline %d, want at least 1 round", s.Deadline)
	}
	table := 0
	for i, p := range s.Parties {
		if len(p.Weights) != len(s.Issues) || len(p.Values) != len(s.Issues) || len(p.RedLines) != len(s.Issues) {
			return bad("party %q: weights, values and red lines must cover the %d issues", p.ID, len(s.Issues))
		}
		for k, is := range s.Issues {
			if len(p.Values[k]) != len(is.Options) || len(p.RedLines[k]) != len(is.Options) {
				return bad("party %q: issue %q needs %d values and red-line flags", p.ID, is.ID, len(is.Options))
			}
		}
		if p.Spatial != nil && len(p.Spatial) != len(s.Issues) {
			return bad("party %q: spatial preferences must cover the %d issues", p.ID, len(s.Issues))
		}
		for k, is := range s.Issues {
			var sp *SpatialPref
			if p.Spatial != nil {
				sp = p.Spatial[k]
			}
			if (is.Points != nil) != (sp != nil) {
				return bad("party %q: issue %q needs a spatial preference if and only if it is spatial", p.ID, is.ID)
			}
		}
		for _, k := range p.Controls {
			if k < 0 || k >= len(s.Issues) {
				return bad("party %q controls issue index %d, out of range", p.ID, k)
			}
		}
		for _, q := range p.Interactions {
			if q.K1 < 0 || q.K1 >= len(s.Issues) || q.K2 < 0 || q.K2 >= len(s.Issues) || q.K1 == q.K2 ||
				q.O1 < 0 || q.O1 >= len(s.Issues[q.K1].Options) || q.O2 < 0 || q.O2 >= len(s.Issues[q.K2].Options) {
				return bad("party %q: an interaction names issues or options out of range, or one issue twice", p.ID)
			}
		}
		for _, sh := range p.Influence {
			if sh.Party < 0 || sh.Party >= len(s.Parties) || sh.Party == i {
				return bad("party %q influences party index %d, want another party", p.ID, sh.Party)
			}
		}
		if p.Role == agents.AtTable {
			table++
		}
		f, ok := agents.Lookup(p.Strategy.Name)
		if !ok {
			return bad("party %q: unknown strategy %q (registered: %v)", p.ID, p.Strategy.Name, agents.Families())
		}
		if len(p.Strategy.Params) != len(f.Params) {
			return bad("party %q: strategy %q takes %d parameters, has %d", p.ID, p.Strategy.Name, len(f.Params), len(p.Strategy.Params))
		}
	}
	if table < 1 {
		return bad("no party at the table")
	}
	listed := make([]bool, len(s.Parties))
	for _, i := range s.Protocol.Order {
		if i < 0 || i >= len(s.Parties) || s.Parties[i].Role != agents.AtTable {
			return bad("protocol order names party index %d, which is not at the table", i)
		}
		// A party listed twice takes the turn of one never asked, whose
		// consent an agreement would then lack.
		if listed[i] {
			return bad("protocol order names party index %d twice", i)
		}
		listed[i] = true
	}
	if s.Protocol.Order != nil && len(s.Protocol.Order) != table {
		return bad("protocol order lists %d parties, want all %d at the table", len(s.Protocol.Order), table)
	}
	def, ok := LookupProtocol(s.Protocol.Kind)
	if !ok {
		return bad("unknown protocol %q (registered: %v)", s.Protocol.Kind, Protocols())
	}
	if def.Mediated {
		m := s.Protocol.Mediator
		if m < 0 || m >= len(s.Parties) || s.Parties[m].Role != agents.AtTable {
			return bad("mediator index %d is not a party at the table", m)
		}
	}
	for _, sh := range s.Shocks {
		for _, d := range sh.Shifts {
			if d.Party < 0 || d.Party >= len(s.Parties) {
				return bad("shock %q shifts party index %d, out of range", sh.ID, d.Party)
			}
		}
	}
	return s.checkAgenda(bad)
}
