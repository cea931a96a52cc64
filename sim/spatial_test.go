package sim

import (
	"context"
	"math"
	"testing"

	"github.com/negsim/negsim/agents"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"
)

func TestShapeValue(t *testing.T) {
	const tol = 1e-12
	tests := []struct {
		shape     Shape
		y, pos, r float64
		want      float64
	}{
		{Linear, 40, 60, 1, 0.8},
		{Linear, 60, 60, 1, 1},
		{Linear, 0, 100, 1, 0},
		{Linear, 40, 60, 2, 1 - 0.04},
		{Linear, 40, 60, 0.5, 1 - 0.4472135954999579},
		{Quadratic, 40, 60, 1, 0.96},
		{Quadratic, 40, 60, 3, 0.96}, // the quadratic shape ignores r
		{Quadratic, 100, 0, 1, 0},
	}
	for _, tt := range tests {
		if got := tt.shape.Value(tt.y, tt.pos, tt.r); !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
			t.Errorf("%v.Value(%g, %g, %g) = %g, want %g", tt.shape, tt.y, tt.pos, tt.r, got, tt.want)
		}
	}
}

// spatialScenario returns two parties at the table on one spatial issue
// (options 0, 20, …, 100) and one discrete issue; party b's position is
// uniform on [20, 80], its risk exponent 2 and its weight a salience of
// 50 scaled by 1/100.
func spatialScenario(t *testing.T) *Scenario {
	t.Helper()
	pos, err := Random(distuv.Uniform{Min: 20, Max: 80}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	mk := func(id string, w0, w1 float64, sp *SpatialPref) Party {
		return Party{ID: id, Role: agents.AtTable, Reservation: Fixed(0.2),
			Strategy: strategy(t, "time-dependent", "beta", Fixed(0.5)),
			Weights:  []Param{Fixed(w0), Fixed(w1)},
			Values:   [][]Param{make([]Param, 6), {Fixed(1), Fixed(0)}},
			RedLines: [][]bool{make([]bool, 6), make([]bool, 2)},
			Spatial:  []*SpatialPref{sp, nil},
		}
	}
	s := &Scenario{
		Name: "spatial",
		Issues: []agents.Issue{
			{ID: "quota", Options: opts("0", "20", "40", "60", "80", "100"), Points: []float64{0, 20, 40, 60, 80, 100}},
			{ID: "term", Options: opts("short", "long")},
		},
		Deadline: 10,
		Protocol: ProtocolConfig{Kind: Alternating, Step: Fixed(0.5)},
		Parties: []Party{
			mk("a", 0.6, 0.4, &SpatialPref{Position: Fixed(60)}),
			mk("b", 50, 0.5, &SpatialPref{Position: pos, Risk: Fixed(2), WeightScale: 0.01}),
		},
	}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSpatialDraw checks the utilities of a spatial issue's options
// against the shapes by hand: party a at 60 values option 40 at 0.8 times
// its weight 0.6; party b's weight is its salience 50/100 against 0.5, so
// half, and its value falls with the square of the distance from its
// drawn position.
func TestSpatialDraw(t *testing.T) {
	const tol = 1e-12
	s := spatialScenario(t)
	r := NewRunner(s)
	for i := range 5 {
		ps := r.Draw(1, i)
		if got, want := ps[0].Utils[0][2], 0.6*0.8; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
			t.Errorf("run %d: a's utility of quota=40 = %g, want %g", i, got, want)
		}
		if got := ps[1].Weights[0]; !scalar.EqualWithinAbsOrRel(got, 0.5, tol, tol) {
			t.Errorf("run %d: b's weight of quota = %g, want 0.5", i, got)
		}
		// Recover b's drawn position from its utility of option 0,
		// 0.5·(1 − (P/100)²) with risk 2, then check every option.
		u := ps[1].Utils[0]
		pos := 100 * math.Sqrt(1-u[0]/0.5)
		if pos < 20 || pos > 80 {
			t.Fatalf("run %d: b's drawn position %g outside [20, 80]", i, pos)
		}
		for o, y := range s.Issues[0].Points {
			d := (y - pos) / 100
			if want := 0.5 * (1 - d*d); !scalar.EqualWithinAbsOrRel(u[o], want, 1e-9, 1e-9) {
				t.Errorf("run %d: b's utility of quota=%g = %g, want %g (position %g)", i, y, u[o], want, pos)
			}
		}
	}
	sum, err := MonteCarlo(context.Background(), s, Options{Runs: 50, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Runs != 50 {
		t.Errorf("MonteCarlo ran %d runs, want 50", sum.Runs)
	}
}

// TestSpatialUncertain checks that an uncertain position makes a party's
// utilities uncertain, and a fixed one does not.
func TestSpatialUncertain(t *testing.T) {
	s := spatialScenario(t)
	if utilitiesUncertain(&s.Parties[0]) {
		t.Errorf("utilitiesUncertain(a) = true, want false (all fixed)")
	}
	if !utilitiesUncertain(&s.Parties[1]) {
		t.Errorf("utilitiesUncertain(b) = false, want true (uncertain position)")
	}
}
