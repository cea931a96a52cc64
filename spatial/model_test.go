package spatial_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/negsim/negsim/spatial"
)

const tol = 1e-9

func actors(rows ...[3]float64) []spatial.Actor {
	a := make([]spatial.Actor, len(rows))
	for i, r := range rows {
		a[i] = spatial.Actor{Name: string(rune('A' + i)), Capability: r[0], Position: r[1], Salience: r[2]}
	}
	return a
}

func predict(t *testing.T, name string, a []spatial.Actor) float64 {
	t.Helper()
	m, err := spatial.New(name)
	if err != nil {
		t.Fatal(err)
	}
	return m.Predict(a, nil)
}

// Three actors (capability, position, salience) whose weights c·s are 150,
// 200 and 100 of 450: the mean is (150·20 + 200·40 + 100·90)/450 =
// 20000/450 = 44.444…; the median is 40, where the cumulative weight
// first passes 225 (150 at 20, 350 at 40).
func TestMeanAndMedianByHand(t *testing.T) {
	tests := []struct {
		name     string
		a        []spatial.Actor
		mean     float64
		median   float64
		whyTable string
	}{
		{"three actors", actors([3]float64{3, 20, 50}, [3]float64{2, 40, 100}, [3]float64{4, 90, 25}), 20000.0 / 450, 40, ""},
		// Weights 50, 50, 100: half the weight on each side of [50,100],
		// so the median is the midpoint 75; the mean is 12500/200.
		{"tie", actors([3]float64{1, 0, 50}, [3]float64{1, 50, 50}, [3]float64{2, 100, 50}), 62.5, 75, ""},
		// Two actors share the middle position: 40+60 of 200 at or below 50.
		{"shared position", actors([3]float64{1, 10, 40}, [3]float64{1, 50, 60}, [3]float64{1, 50, 40}, [3]float64{1, 90, 60}), (400 + 3000 + 2000 + 5400) / 200.0, 50, ""},
		{"one actor", actors([3]float64{5, 33, 10}), 33, 33, ""},
	}
	for _, tt := range tests {
		if got := predict(t, "compromise", tt.a); !scalar.EqualWithinAbsOrRel(got, tt.mean, tol, tol) {
			t.Errorf("%s: compromise = %v, want %v", tt.name, got, tt.mean)
		}
		if got := predict(t, "median", tt.a); !scalar.EqualWithinAbsOrRel(got, tt.median, tol, tol) {
			t.Errorf("%s: median = %v, want %v", tt.name, got, tt.median)
		}
	}
}

// An actor with zero capability, or zero salience, changes no model's
// prediction, wherever it stands.
func TestZeroWeightHasNoEffect(t *testing.T) {
	base := actors([3]float64{3, 20, 50}, [3]float64{2, 40, 100}, [3]float64{4, 90, 25}, [3]float64{1, 65, 70})
	for _, name := range spatial.Names() {
		want := predict(t, name, base)
		for _, extra := range []spatial.Actor{
			{Name: "powerless", Capability: 0, Position: 100, Salience: 100},
			{Name: "indifferent", Capability: 50, Position: 0, Salience: 0},
		} {
			with := append(append([]spatial.Actor{}, base[:2]...), extra)
			with = append(with, base[2:]...)
			if got := predict(t, name, with); !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
				t.Errorf("%s with %s actor = %v, want %v as without it", name, extra.Name, got, want)
			}
		}
	}
}

// A unanimous issue predicts the common position under every model.
func TestUnanimous(t *testing.T) {
	a := actors([3]float64{3, 62, 50}, [3]float64{2, 62, 100}, [3]float64{4, 62, 25}, [3]float64{0, 10, 80})
	for _, name := range spatial.Names() {
		if got := predict(t, name, a); !scalar.EqualWithinAbsOrRel(got, 62, tol, tol) {
			t.Errorf("%s on a unanimous issue = %v, want 62", name, got)
		}
	}
}

// No actor with weight: no prediction.
func TestNoWeight(t *testing.T) {
	a := actors([3]float64{0, 20, 50}, [3]float64{2, 40, 0})
	for _, name := range spatial.Names() {
		if got := predict(t, name, a); !math.IsNaN(got) {
			t.Errorf("%s with no weight = %v, want NaN", name, got)
		}
	}
}

// Every model predicts within the range of the positions, and the process
// models record a trace that starts at the positions.
func TestPredictionsInRange(t *testing.T) {
	a := actors([3]float64{100, 30, 30}, [3]float64{65, 45, 65}, [3]float64{35, 30, 40}, [3]float64{8, 100, 50},
		[3]float64{50, 10, 80}, [3]float64{10, 90, 75}, [3]float64{40, 50, 70})
	for _, name := range spatial.Names() {
		m, _ := spatial.New(name)
		var tr spatial.Trace
		got := m.Predict(a, &tr)
		if !(got >= 10 && got <= 100) {
			t.Errorf("%s = %v, want within [10,100]", name, got)
		}
		if tr.Rounds() > 0 {
			for i, x := range tr.Positions[0] {
				if x != a[i].Position {
					t.Errorf("%s trace starts with %v for %s, want %v", name, x, a[i].Name, a[i].Position)
				}
			}
		}
		if (name == "eu" || name == "ktab") && tr.Rounds() == 0 {
			t.Errorf("%s recorded no rounds", name)
		}
	}
}

// KTAB plays at least 2 and at most MaxTurns turns.
func TestKTABTurns(t *testing.T) {
	a := actors([3]float64{100, 30, 30}, [3]float64{65, 45, 65}, [3]float64{8, 100, 50}, [3]float64{50, 10, 80})
	for rule, r := range spatial.VictoryRules {
		m := spatial.NewKTAB()
		m.Victory = r
		var tr spatial.Trace
		m.Predict(a, &tr)
		if tr.Rounds() < 2 || tr.Rounds() > 100 {
			t.Errorf("ktab %s played %d turns, want 2 to 100", rule, tr.Rounds())
		}
		m.MaxTurns = 3
		m.StopRatio = 0
		m.Predict(a, &tr)
		if tr.Rounds() < 2 || tr.Rounds() > 3 {
			t.Errorf("ktab %s with MaxTurns 3 and StopRatio 0 played %d turns, want 2 or 3", rule, tr.Rounds())
		}
	}
}

func TestNewUnknown(t *testing.T) {
	if _, err := spatial.New("nash"); !errors.Is(err, spatial.ErrUnknownModel) {
		t.Errorf("New(nash) error = %v, want ErrUnknownModel", err)
	}
	if _, err := spatial.Forecast(context.Background(), nil, []string{"nash"}, nil); !errors.Is(err, spatial.ErrUnknownModel) {
		t.Errorf("Forecast with nash error = %v, want ErrUnknownModel", err)
	}
}
