package spatial_test

import (
	"context"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"github.com/negsim/negsim/spatial"
)

func uncertainIssue() spatial.Issue {
	return spatial.Issue{
		Name: "uncertain",
		Actors: []spatial.Input{
			{Name: "A", Capability: spatial.Num(3), Position: spatial.Value{Kind: spatial.Uniform, A: 10, B: 30}, Salience: spatial.Num(50)},
			{Name: "B", Capability: spatial.Value{Kind: spatial.Triangular, A: 1, B: 2, C: 4}, Position: spatial.Num(40), Salience: spatial.Num(100)},
			{Name: "C", Capability: spatial.Num(4), Position: spatial.Num(90), Salience: spatial.Value{Kind: spatial.Normal, A: 25, B: 10}},
		},
		Outcome: math.NaN(), StatusQuo: math.NaN(),
	}
}

// The same seed gives the same numbers whatever the number of workers.
func TestForecastReproducible(t *testing.T) {
	issues := []spatial.Issue{uncertainIssue(), uncertainIssue()}
	names := spatial.Names()
	var runs [][][]spatial.Prediction
	for _, w := range []int{1, 2, 5} {
		res, err := spatial.Forecast(context.Background(), issues, names, &spatial.Settings{Runs: 600, Seed: 7, Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, res)
	}
	for i := 1; i < len(runs); i++ {
		if !reflect.DeepEqual(runs[0], runs[i]) {
			t.Errorf("forecasts with 1 and %d workers differ", []int{1, 2, 5}[i])
		}
	}
	// Two issues with the same inputs get different draws.
	if runs[0][0][0].Lo == runs[0][1][0].Lo && runs[0][0][0].Hi == runs[0][1][0].Hi {
		t.Errorf("issues 0 and 1 drew the same numbers")
	}
	for _, p := range runs[0][0] {
		// The median stays at B's 40 in every draw; the others move.
		if !p.Uncertain || p.Draws != 600 || !(p.Lo <= p.Value && p.Value <= p.Hi) || (p.Model == "compromise" && p.Lo == p.Hi) {
			t.Errorf("%s: uncertain %v, %d draws, %v in [%v, %v]; want an interval of 600 draws around the value", p.Model, p.Uncertain, p.Draws, p.Value, p.Lo, p.Hi)
		}
	}
}

// Fixed inputs are run once, and the interval is the point.
func TestForecastFixed(t *testing.T) {
	is := spatial.Issue{Name: "fixed", Outcome: math.NaN(), StatusQuo: math.NaN(), Actors: []spatial.Input{
		{Name: "A", Capability: spatial.Num(3), Position: spatial.Num(20), Salience: spatial.Num(50)},
		{Name: "B", Capability: spatial.Num(2), Position: spatial.Num(40), Salience: spatial.Num(100)},
		{Name: "C", Capability: spatial.Num(4), Position: spatial.Num(90), Salience: spatial.Num(25)},
	}}
	res, err := spatial.Forecast(context.Background(), []spatial.Issue{is}, []string{"compromise", "median", "eu"}, &spatial.Settings{Runs: 500, Trace: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{20000.0 / 450, 40}
	for m, p := range res[0] {
		if p.Uncertain || p.Draws != 1 || p.Lo != p.Value || p.Hi != p.Value || p.Nominal != p.Value {
			t.Errorf("%s on fixed inputs: %+v, want one run", p.Model, p)
		}
		if m < len(want) && math.Abs(p.Value-want[m]) > 1e-9 {
			t.Errorf("%s = %v, want %v", p.Model, p.Value, want[m])
		}
	}
	if eu := res[0][2]; eu.Rounds == 0 || len(eu.Trace) != eu.Rounds+1 {
		t.Errorf("eu: %d rounds, trace of %d rows; want rounds+1 rows", eu.Rounds, len(eu.Trace))
	}
}

func TestForecastCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := spatial.Forecast(ctx, []spatial.Issue{uncertainIssue()}, []string{"median"}, nil); err == nil {
		t.Error("Forecast with a cancelled context returned no error")
	}
}

// A normal is truncated to the field's range: a salience normal(95,20)
// never draws above 100, and its nominal value is the truncated median,
// below 95.
func TestNormalTruncated(t *testing.T) {
	is := spatial.Issue{Outcome: math.NaN(), StatusQuo: math.NaN(), Actors: []spatial.Input{
		{Name: "A", Capability: spatial.Num(1), Position: spatial.Value{Kind: spatial.Normal, A: 2, B: 10}, Salience: spatial.Value{Kind: spatial.Normal, A: 95, B: 20}},
	}}
	nom := is.Nominal(nil)[0]
	if !(nom.Salience < 95 && nom.Position > 2) {
		t.Errorf("nominal salience %v, position %v; want the truncated medians, below 95 and above 2", nom.Salience, nom.Position)
	}
	rnd := rand.New(rand.NewPCG(1, 2))
	var atEdge int
	var buf []spatial.Actor
	for range 2000 {
		buf = is.Draw(rnd, buf)
		a := buf[0]
		if a.Salience < 0 || a.Salience > 100 || a.Position < 0 || a.Position > 100 {
			t.Fatalf("draw %+v outside [0,100]", a)
		}
		if a.Salience == 100 || a.Position == 0 {
			atEdge++
		}
	}
	// Clamping would put about 40% of the saliences at exactly 100.
	if atEdge > 0 {
		t.Errorf("%d of 2000 draws exactly at the edge of the range, want none (truncated, not clamped)", atEdge)
	}
}
