package sim

import (
	"testing"

	"github.com/negsim/negsim/agents"
	"gonum.org/v1/gonum/stat/distuv"
)

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
			Strategy: Strategy{Kind: agents.TimeDependent, Beta: Fixed(0.5), K: Fixed(0), Target: Fixed(1)}}
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
		Protocol: Protocol{Kind: kind, Format: format, Mediator: 0, Step: Fixed(0.5)},
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
