package plots_test

import (
	"fmt"
	"log"
	"math"

	"github.com/negsim/negsim/plots"
)

func ExampleSpatialIssue() {
	p, err := plots.SpatialIssue("Fishing quotas",
		[]plots.SpatialActor{{Name: "North", Position: 20, Weight: 3000}, {Name: "South", Position: 70, Weight: 1200}, {Name: "East", Position: 45, Weight: 800}},
		[]plots.SpatialMark{
			{Name: "compromise", Position: 34.3, Lo: 30.1, Hi: 38.0},
			{Name: "median", Position: 20, Lo: math.NaN(), Hi: math.NaN()},
		})
	if err != nil {
		log.Fatal(err)
	}
	// A command would now call
	// plots.Save(p, plots.DefaultWidth, plots.DefaultHeight, "issue.svg").
	fmt.Println(p.Title.Text)
	fmt.Printf("%s: %g to %g\n", p.X.Label.Text, p.X.Min, p.X.Max)
	// Output:
	// Fishing quotas
	// position: -3 to 103
}
