package plots_test

import (
	"errors"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/plot"

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

func ExampleUtilityPlot() {
	p, err := plots.UtilityPlot(plots.UtilitySpace{
		Title:  "Alice and Bob",
		XLabel: "Alice",
		YLabel: "Bob",
		Packages: []plots.UtilityPoint{
			{X: 0.2, Y: 0.9}, {X: 0.6, Y: 0.8}, {X: 0.9, Y: 0.3}, {X: 0.4, Y: 0.4}, {X: 0.7, Y: 0.2},
		},
		Frontier: []plots.UtilityPoint{{X: 0.2, Y: 0.9}, {X: 0.6, Y: 0.8}, {X: 0.9, Y: 0.3}},
		ResX:     0.3,
		ResY:     math.NaN(), // Bob has no reservation value
		Solutions: []plots.Solution{
			{Name: "Nash", X: 0.6, Y: 0.8},
			{Name: "Kalai–Smorodinsky", X: 0.65, Y: 0.72},
		},
		// 70 runs agreed on one package, 30 on another.
		Agreements: []plots.UtilityPoint{{X: 0.6, Y: 0.8, Weight: 70}, {X: 0.9, Y: 0.3, Weight: 30}},
	})
	if err != nil {
		log.Fatal(err)
	}
	// A command would now call
	// plots.Save(p, plots.SquareSize, plots.SquareSize, "utility.svg").
	fmt.Println(p.Title.Text)
	fmt.Printf("%s: %g to %g\n", p.X.Label.Text, p.X.Min, p.X.Max)
	fmt.Printf("%s: %g to %g\n", p.Y.Label.Text, p.Y.Min, p.Y.Max)
	// Output:
	// Alice and Bob
	// utility to Alice: 0 to 1
	// utility to Bob: 0 to 1
}

func ExampleSaveGrid() {
	// One panel per pair of three parties, in the upper triangle of a grid.
	parties := []string{"Alice", "Bob", "Carol"}
	panels := make([][]*plot.Plot, len(parties)-1)
	for i := range panels {
		panels[i] = make([]*plot.Plot, len(parties)-1)
		for j := i + 1; j < len(parties); j++ {
			p, err := plots.UtilityPlot(plots.UtilitySpace{
				Title:    parties[i] + " and " + parties[j],
				XLabel:   parties[i],
				YLabel:   parties[j],
				Frontier: []plots.UtilityPoint{{X: 0, Y: 1}, {X: 0.7, Y: 0.7}, {X: 1, Y: 0}},
				ResX:     0.3,
				ResY:     0.3,
			})
			if err != nil {
				log.Fatal(err)
			}
			panels[i][j-1] = p // the panel below the diagonal stays blank
		}
	}
	dir, err := os.MkdirTemp("", "negsim")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "pairs.png")
	if err := plots.SaveGrid(panels, plots.SquareSize, plots.SquareSize, path); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", filepath.Base(path))
	// Output:
	// wrote pairs.png
}

func ExampleTornado() {
	// P(agreement) is 0.45 with every parameter at its base value; each
	// row moves one parameter to its 10th and then its 90th percentile.
	p, err := plots.Tornado("One-at-a-time sensitivity",
		[]string{"discount", "Russia's reservation value", "deadline"},
		[]float64{0.38, 0.62, 0.40}, // low
		[]float64{0.50, 0.21, 0.47}, // high
		0.45,
	)
	if err != nil {
		log.Fatal(err)
	}
	// A command would now call
	// plots.Save(p, plots.DefaultWidth, plots.DefaultHeight, "tornado.svg").
	fmt.Println(p.Title.Text)
	fmt.Printf("%s: %.3f to %.3f\n", p.X.Label.Text, p.X.Min, p.X.Max)
	// Largest swing on top: the last tick is the top row.
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	fmt.Println("top:", ticks[len(ticks)-1].Label)

	// A reservation value of 1.2 is not a probability.
	_, err = plots.Tornado("t", []string{"a"}, []float64{1.2}, []float64{0.4}, 0.45)
	var de *plots.DataError
	fmt.Println(errors.As(err, &de), de.Field, errors.Is(err, plots.ErrRange))
	// Output:
	// One-at-a-time sensitivity
	// P(agreement); the axis starts at 13.6%, not 0: 0.136 to 0.694
	// top: Russia's reservation value
	// true low true
}

func ExampleSweepHeatmap() {
	x := []float64{0.1, 0.2, 0.3} // Russia's reservation value
	y := []float64{0.5, 1, 2, 4}  // Ukraine's concession exponent
	p := [][]float64{             // p[i][j] at x[i], y[j]
		{0.95, 0.93, 0.90, 0.84},
		{0.80, 0.74, 0.66, 0.52},
		{0.41, 0.33, 0.24, 0.15},
	}
	pl, err := plots.SweepHeatmap("P(agreement)", "Russia's reservation value", "Ukraine's concession exponent", x, y, p)
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "negsim")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "sweep.svg")
	if err := plots.Save(pl, plots.DefaultWidth, plots.DefaultHeight, path); err != nil {
		log.Fatal(err)
	}
	fmt.Println("wrote", filepath.Base(path))
	// Output:
	// wrote sweep.svg
}

func ExampleConvergence() {
	runs := []int{10, 100, 1000, 10000}
	est := []float64{0.5, 0.43, 0.415, 0.421}
	lo := []float64{0.24, 0.34, 0.385, 0.411}
	hi := []float64{0.76, 0.53, 0.446, 0.431}
	p, err := plots.Convergence("Convergence", runs, est, lo, hi)
	if err != nil {
		log.Fatal(err)
	}
	// Four decades of runs: the x axis is logarithmic.
	_, isLog := p.X.Scale.(plot.LogScale)
	fmt.Printf("%s: %g to %g, log %v\n", p.X.Label.Text, p.X.Min, p.X.Max, isLog)
	// Output:
	// runs: 10 to 10000, log true
}
