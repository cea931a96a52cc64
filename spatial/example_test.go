package spatial_test

import (
	"context"
	"fmt"
	"log"
	"math"

	"github.com/negsim/negsim/spatial"
)

func ExampleNew() {
	actors := []spatial.Actor{
		{Name: "North", Capability: 3, Position: 20, Salience: 50},
		{Name: "South", Capability: 2, Position: 40, Salience: 100},
		{Name: "East", Capability: 4, Position: 90, Salience: 25},
	}
	for _, name := range spatial.Names() {
		m, err := spatial.New(name)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%-10s %.1f\n", name, m.Predict(actors, nil))
	}
	// Output:
	// compromise 44.4
	// eu         40.0
	// ktab       36.3
	// median     40.0
}

func ExampleForecast() {
	set, err := spatial.Parse("quotas.csv", []byte(`Actor,Capability,Position,Salience
North,3,uniform(10,30),50
South,2,40,100
East,4,90,tri(10,25,40)
`))
	if err != nil {
		log.Fatal(err)
	}
	res, err := spatial.Forecast(context.Background(), set.Issues, []string{"compromise", "median"}, &spatial.Settings{Runs: 2000, Seed: 1})
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range res[0] {
		fmt.Printf("%-10s %.0f, 90%% interval [%.0f, %.0f]\n", p.Model, p.Value, math.Floor(p.Lo), math.Ceil(p.Hi))
	}
	// Output:
	// compromise 45, 90% interval [38, 50]
	// median     40, 90% interval [40, 40]
}

func ExampleParseValue() {
	// The median of tri(30,40,60) is 60 − √(0.5·30·20) = 42.68.
	for _, cell := range []string{"40", "uniform(40,60)", "tri(30, 40, 60)", "normal(50,5)"} {
		v, err := spatial.ParseValue(cell)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: median %.1f\n", v, v.Median())
	}
	// Output:
	// 40: median 40.0
	// uniform(40,60): median 50.0
	// tri(30,40,60): median 42.7
	// normal(50,5): median 50.0
}

func ExampleScores() {
	predicted := []float64{50, 45, 80, 30}
	actual := []float64{50, 50, 60, math.NaN()} // the fourth outcome is unknown
	s := spatial.Scores(predicted, actual, 1)
	fmt.Printf("%d issues: MAE %.2f, RMSE %.2f, within 10 points %.0f%%\n", s.N, s.MAE, s.RMSE, 100*s.Within10)
	// Output:
	// 3 issues: MAE 8.33, RMSE 11.90, within 10 points 67%
}
