package plots_test

import (
	"fmt"
	"log"

	"github.com/negsim/negsim/plots"
)

func ExampleAgreementByRound() {
	p, err := plots.AgreementByRound("Chance of agreement by round",
		plots.Series{
			Name: "Boulware vs conceder",
			Cum:  []float64{0.05, 0.15, 0.3, 0.45, 0.55},
			Lo:   []float64{0.02, 0.1, 0.24, 0.38, 0.48},
			Hi:   []float64{0.08, 0.2, 0.36, 0.52, 0.62},
		},
	)
	if err != nil {
		log.Fatal(err)
	}
	// A command would now call
	// plots.Save(p, plots.DefaultWidth, plots.DefaultHeight, "byround.svg").
	fmt.Println(p.Title.Text)
	fmt.Printf("%s: %g to %g\n", p.X.Label.Text, p.X.Min, p.X.Max)
	fmt.Printf("%s: %g to %g\n", p.Y.Label.Text, p.Y.Min, p.Y.Max)
	// Output:
	// Chance of agreement by round
	// round: 1 to 5
	// P(agreement by round): 0 to 1
}
