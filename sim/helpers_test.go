package sim

import (
	"testing"

	"github.com/negsim/negsim/agents"
	"gonum.org/v1/gonum/stat/distuv"
)

// protocols are the three ways the toy scenario can be negotiated.
var protocols = []struct {
	name   string
	kind   ProtocolKind
	format Format
}{
	{"trilateral", Mediated, Trilateral},
	{"shuttle", Mediated, Shuttle},
	{"alternating", Alternating, Trilateral},
}

// scenarioMakers are the test scenarios, each built for a protocol.
var scenarioMakers = []struct {
	name string
	make func(testing.TB, ProtocolKind, Format) *Scenario
}{
	{"toy", toy},
	{"rich", rich},
}

// toy returns a three-party, three-issue scenario with opposed interests:
// party 0 (the mediator) and party 1 want low options, party 2 high ones;
// an outside party 3 controls issue 2. Reservation values are uniform on
// [0.1, 0.5].
func toy(t testing.TB, kind ProtocolKind, format Format) *Scenario {
	t.Helper()
	issues := []agents.Issue{
		{ID: "a", Options: opts("a0", "a1", "a2", "a3")},
		{ID: "b", Options: opts("b0", "b1", "b2")},
		{ID: "c", Options: opts("c0", "c1")},
	}
	res, err := Random(distuv.Uniform{Min: 0.1, Max: 0.5}, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(id string, role agents.Role, w []float64, v [][]float64) Party {
		p := Party{ID: id, Role: role, Reservation: res, Drift: Fixed(0),
			Strategy: strategy(t, "time-dependent", "beta", Fixed(0.5))}
		for k := range w {
			p.Weights = append(p.Weights, Fixed(w[k]))
			var row []Param
			for _, x := range v[k] {
				row = append(row, Fixed(x))
			}
			p.Values = append(p.Values, row)
			p.RedLines = append(p.RedLines, make([]bool, len(v[k])))
		}
		return p
	}
	low := [][]float64{{1, 0.7, 0.3, 0}, {1, 0.5, 0}, {1, 0}}
	high := [][]float64{{0, 0.3, 0.7, 1}, {0, 0.5, 1}, {0, 1}}
	s := &Scenario{
		Name:     "toy",
		Issues:   issues,
		Deadline: 10,
		Protocol: ProtocolConfig{Kind: kind, Format: format, Mediator: 0, Step: Fixed(0.5)},
		Parties: []Party{
			mk("m", agents.AtTable, []float64{0.5, 0.3, 0.2}, low),
			mk("p", agents.AtTable, []float64{0.2, 0.5, 0.3}, low),
			mk("q", agents.AtTable, []float64{0.4, 0.4, 0.2}, high),
			mk("o", agents.Outside, []float64{0.2, 0.2, 0.6}, high),
		},
	}
	s.Parties[3].Controls = []int{2}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

func opts(ids ...string) []agents.Option {
	var o []agents.Option
	for _, id := range ids {
		o = append(o, agents.Option{ID: id})
	}
	return o
}

// rich returns the toy scenario with everything that can go wrong in a
// run: reservation values that drift (uniform on [-0.02, 0.05] a round),
// red lines (q never accepts a0; o never accepts c0, an issue it
// controls), a tit-for-tat party (p) and a hard-liner (o), and two shocks,
// one that raises q's reservation value and one that may end the talks.
func rich(t testing.TB, kind ProtocolKind, format Format) *Scenario {
	t.Helper()
	s := toy(t, kind, format)
	drift, err := Random(distuv.Uniform{Min: -0.02, Max: 0.05}, -1, 1)
	if err != nil {
		t.Fatal(err)
	}
	for i := range s.Parties {
		s.Parties[i].Drift = drift
	}
	s.Parties[2].RedLines[0][0] = true
	s.Parties[3].RedLines[2][0] = true
	s.Parties[1].Strategy = strategy(t, "tit-for-tat", "rate", Fixed(0.8), "min_concession", Fixed(0.05))
	s.Parties[3].Strategy = strategy(t, "hard-liner", "target", Fixed(0.3))
	s.Shocks = []Shock{
		{ID: "raise", Probability: Fixed(0.1), EndTalks: Fixed(0), Shifts: []Shift{{Party: 2, Amount: Fixed(0.1)}}},
		{ID: "end", Probability: Fixed(0.02), EndTalks: Fixed(0.5)},
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

// strategy returns the registered strategy name with the given parameters
// (name, Param pairs).
func strategy(t testing.TB, name string, kv ...any) Strategy {
	t.Helper()
	set := map[string]Param{}
	for i := 0; i+1 < len(kv); i += 2 {
		set[kv[i].(string)] = kv[i+1].(Param)
	}
	st, err := NewStrategy(name, set)
	if err != nil {
		t.Fatal(err)
	}
	return st
}
