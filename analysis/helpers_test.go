package analysis_test

import (
	"fmt"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// issues returns issues with the given numbers of options.
func issues(sizes ...int) []agents.Issue {
	is := make([]agents.Issue, len(sizes))
	for k, n := range sizes {
		is[k].ID = fmt.Sprintf("i%d", k)
		for o := range n {
			is[k].Options = append(is[k].Options, agents.Option{ID: fmt.Sprintf("o%d", o)})
		}
	}
	return is
}

// party returns a party with the given contributions (Utils) and
// reservation value, no red lines, equal weights, and SetConsent called.
func party(role agents.Role, utils [][]float64, res float64) agents.Party {
	p := agents.Party{Role: role, Utils: utils, Reservation: res, Power: 1}
	for k := range utils {
		p.Weights = append(p.Weights, 1/float64(len(utils)))
		p.RedLine = append(p.RedLine, make([]bool, len(utils[k])))
	}
	p.SetConsent()
	return p
}

// pie returns a one-issue problem splitting a pie into n+1 shares: option i
// gives the first party i/n and the second share(1 − i/n).
func pie(n int, share func(float64) float64, resA, resB float64) *analysis.Problem {
	a, b := make([]float64, n+1), make([]float64, n+1)
	for i := range a {
		a[i] = float64(i) / float64(n)
		b[i] = share(1 - a[i])
	}
	return &analysis.Problem{
		Issues:  issues(n + 1),
		Parties: []agents.Party{party(agents.AtTable, [][]float64{a}, resA), party(agents.AtTable, [][]float64{b}, resB)},
		Consent: []int{0, 1},
		Table:   []int{0, 1},
	}
}

func analyze(t *testing.T, p *analysis.Problem, opt *analysis.Options) *analysis.Report {
	t.Helper()
	r, err := analysis.Analyze(t.Context(), p, opt)
	if err != nil {
		t.Fatalf("Analyze: %v", err)
	}
	return r
}

func solution(t *testing.T, r *analysis.Report, c analysis.Concept) analysis.Solution {
	t.Helper()
	for _, s := range r.Solutions {
		if s.Name == c.String() {
			return s
		}
	}
	t.Fatalf("no %v solution in %+v", c, r.Solutions)
	return analysis.Solution{}
}

// Forced algorithms: enumeration and branch and bound.
var (
	enumerate = &analysis.Options{MaxEnumerate: 1 << 30}
	bnb       = &analysis.Options{MaxEnumerate: -1}
)

var algorithms = []struct {
	name string
	opt  *analysis.Options
}{{"enumerate", enumerate}, {"branch-and-bound", bnb}}
