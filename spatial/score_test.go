package spatial_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"

	"github.com/negsim/negsim/spatial"
)

func TestScores(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name           string
		pred, actual   []float64
		n              int
		mae, rmse, w10 float64
	}{
		// Errors 0, 5, 20 (the NaN pairs are skipped): MAE 25/3, RMSE
		// √(425/3), two of three within 10.
		{"mixed", []float64{50, 45, 80, nan, 10}, []float64{50, 50, 60, 30, nan}, 3, 25.0 / 3, math.Sqrt(425.0 / 3), 2.0 / 3},
		{"perfect", []float64{10, 20}, []float64{10, 20}, 2, 0, 0, 1},
		{"exactly 10 off", []float64{10}, []float64{20}, 1, 10, 10, 1},
	}
	for _, tt := range tests {
		s := spatial.Scores(tt.pred, tt.actual, 1)
		if s.N != tt.n || !scalar.EqualWithinAbsOrRel(s.MAE, tt.mae, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(s.RMSE, tt.rmse, 1e-12, 1e-12) || s.Within10 != tt.w10 {
			t.Errorf("%s: Scores = %+v, want N %d, MAE %v, RMSE %v, within10 %v", tt.name, s, tt.n, tt.mae, tt.rmse, tt.w10)
		}
		if !(s.MAELo <= s.MAE && s.MAE <= s.MAEHi) {
			t.Errorf("%s: MAE %v outside its interval [%v, %v]", tt.name, s.MAE, s.MAELo, s.MAEHi)
		}
	}
	if s := spatial.Scores([]float64{nan}, []float64{1}, 1); s.N != 0 || !math.IsNaN(s.MAE) {
		t.Errorf("Scores with no pair = %+v, want N 0 and NaN", s)
	}
}

func TestCompare(t *testing.T) {
	actual := []float64{50, 50, 60, 70}
	model := []float64{52, 49, 60, 75}
	base := []float64{60, 40, 70, 70}
	// Model errors 2, 1, 0, 5 (mean 2); baseline 10, 10, 10, 0 (mean 7.5).
	c := spatial.Compare(model, base, actual, 3)
	if c.N != 4 || c.Diff != -5.5 || c.BetterRate != 0.75 || !(c.Lo <= c.Diff && c.Diff <= c.Hi) {
		t.Errorf("Compare = %+v, want N 4, Diff −5.5 inside [Lo, Hi], better on 3 of 4", c)
	}
	if again := spatial.Compare(model, base, actual, 3); again != c {
		t.Errorf("Compare with the same seed differs: %+v, %+v", again, c)
	}
}
