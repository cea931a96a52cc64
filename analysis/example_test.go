package analysis_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
)

// tradeDeal is a buyer and a seller settling a price and a delivery date;
// the buyer never pays the high price. The seller has twice the buyer's
// bargaining power.
func tradeDeal() *analysis.Problem {
	issues := []agents.Issue{
		{ID: "price", Options: []agents.Option{{ID: "low"}, {ID: "fair"}, {ID: "high"}}},
		{ID: "delivery", Options: []agents.Option{{ID: "late"}, {ID: "normal"}, {ID: "early"}}},
	}
	buyer := agents.Party{ID: "buyer", Reservation: 0.25, Power: 1,
		Utils:   [][]float64{{0.5, 0.25, 0}, {0, 0.4375, 0.5}},
		RedLine: [][]bool{{false, false, true}, {false, false, false}}}
	seller := agents.Party{ID: "seller", Reservation: 0.25, Power: 2,
		Utils:   [][]float64{{0, 0.1875, 0.4375}, {0.5, 0.25, 0}},
		RedLine: [][]bool{{false, false, false}, {false, false, false}}}
	buyer.SetConsent()
	seller.SetConsent()
	return &analysis.Problem{
		Issues:  issues,
		Parties: []agents.Party{buyer, seller},
		Consent: []int{0, 1},
		Table:   []int{0, 1},
	}
}

func name(p *analysis.Problem, pkg []int) string {
	var s []string
	for k, o := range pkg {
		s = append(s, p.Issues[k].Options[o].ID)
	}
	return strings.Join(s, "+")
}

// With d = (1/4, 1/4) the ZOPA drops low+early (the seller gets 0) and
// fair+early (3/16). Nash: fair+normal, 7/16·3/16 = 21/256, beats
// low+late, 1/4·1/4 = 16/256; with the seller's power 2, low+late,
// 1/4·(1/4)² = 1/64, beats fair+normal, 7/16·(3/16)² ≈ 0.0154.
// Utilitarian: low+normal, 19/16. Egalitarian: low+late, min gain 1/4.
func Example() {
	p := tradeDeal()
	r, err := analysis.Analyze(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v packages, %d in the ZOPA\n", r.Packages, r.ZOPA.Size)
	for _, pt := range r.Frontier.Points {
		fmt.Printf("frontier: %-12s %.4f\n", name(p, pt.Package), pt.Utility)
	}
	for _, s := range r.Solutions {
		fmt.Printf("%-17s %-12s %.4f\n", s.Name, name(p, s.Package), s.Utility)
	}
	// Output:
	// 9 packages, 4 in the ZOPA
	// frontier: low+early    [1.0000 0.0000]
	// frontier: low+normal   [0.9375 0.2500]
	// frontier: fair+normal  [0.6875 0.4375]
	// frontier: low+late     [0.5000 0.5000]
	// frontier: fair+late    [0.2500 0.6875]
	// nash              fair+normal  [0.6875 0.4375]
	// nash-weighted     low+late     [0.5000 0.5000]
	// kalai-smorodinsky fair+normal  [0.6875 0.4375]
	// utilitarian       low+normal   [0.9375 0.2500]
	// egalitarian       low+late     [0.5000 0.5000]
}

// A Monte Carlo keeps one Searcher per worker and asks it, run after run,
// about parties redrawn in place.
func ExampleSearcher() {
	p := tradeDeal()
	s, err := analysis.NewSearcher(p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	pkg, nash := make([]int, len(p.Issues)), make([]float64, len(p.Table))
	agreed := []int{1, 2} // fair price, early delivery
	for _, res := range []float64{0.25, 0.45, 0.7} {
		p.Parties[1].Reservation = res // the seller's, as drawn for this run
		exists, _ := s.ZOPAExists()
		found, _ := s.Solve(analysis.Nash, pkg, nash)
		gap, _ := s.ParetoGap(agreed)
		fmt.Printf("seller needs %.2f: ZOPA %v", res, exists)
		if found {
			fmt.Printf(", Nash %s %.4f, distance from %s %.4f", name(p, pkg), nash, name(p, agreed), s.NashDistance(agreed, nash))
		}
		fmt.Printf(", Pareto gap of %s %.4f\n", name(p, agreed), gap)
	}
	// Output:
	// seller needs 0.25: ZOPA true, Nash fair+normal [0.6875 0.4375], distance from fair+early 0.2577, Pareto gap of fair+early 0.0625
	// seller needs 0.45: ZOPA true, Nash low+late [0.5000 0.5000], distance from fair+early 0.4002, Pareto gap of fair+early 0.0625
	// seller needs 0.70: ZOPA false, Pareto gap of fair+early 0.0625
}

// ParetoFrontier computes the frontier alone, the same as Analyze's:
// fair+early is beaten by low+normal for both parties, and the high price
// crosses the buyer's red line.
func ExampleParetoFrontier() {
	p := tradeDeal()
	f, err := analysis.ParetoFrontier(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d vectors, %d packages\n", f.Vectors, f.Packages)
	for _, pt := range f.Points {
		fmt.Printf("%-12s %.4f\n", name(p, pt.Package), pt.Utility)
	}
	// Output:
	// 5 vectors, 5 packages
	// low+early    [1.0000 0.0000]
	// low+normal   [0.9375 0.2500]
	// fair+normal  [0.6875 0.4375]
	// low+late     [0.5000 0.5000]
	// fair+late    [0.2500 0.6875]
}

// An Archive answers the same question for many reservation values, as a
// Monte Carlo draws them, without searching again: here the Nash solution
// as the buyer's reservation value rises. At 0.7 only low+early and
// low+normal are worth it to the buyer, and the seller needs 0.25, which
// low+normal gives exactly (a Nash product of 0, the only one there is).
func ExampleArchive() {
	p := tradeDeal()
	a, err := analysis.NewArchive(context.Background(), p, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	pkg, u := make([]int, len(p.Issues)), make([]float64, len(p.Table))
	for _, res := range []float64{0.25, 0.7, 0.95} {
		p.Parties[0].Reservation = res
		if found, _ := a.Solve(analysis.Nash, pkg, u); found {
			fmt.Printf("buyer needs %.2f: Nash %s %.4f\n", res, name(p, pkg), u)
		} else {
			fmt.Printf("buyer needs %.2f: no zone of agreement\n", res)
		}
	}
	// Output:
	// buyer needs 0.25: Nash fair+normal [0.6875 0.4375]
	// buyer needs 0.70: Nash low+normal [0.9375 0.2500]
	// buyer needs 0.95: no zone of agreement
}
