package plots

import (
	"math"
	"testing"

	"gonum.org/v1/plot"
)

func soeActors() []SpatialActor {
	return []SpatialActor{
		{"XJ", 30, 3000}, {"LK", 45, 4225}, {"ZG", 30, 1400}, {"COG", 10, 4000},
		{"SPC", 15, 3600}, {"USA", 100, 400}, {"IOC", 90, 750}, {"MY", 75, 750},
	}
}

func TestSpatialIssueGolden(t *testing.T) {
	checkGolden(t, "spatial_issue", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return SpatialIssue("Issue Policy: actors and predictions", soeActors(), []SpatialMark{
			{Name: "compromise", Position: 35, Lo: 31, Hi: 39},
			{Name: "median", Position: 30, Lo: math.NaN(), Hi: math.NaN()},
		})
	})
}

func TestPositionsByRoundGolden(t *testing.T) {
	checkGolden(t, "spatial_rounds", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return PositionsByRound("Positions by round", []string{"A", "B", "C"}, [][]float64{{0, 40, 100}, {40, 40, 0}, {40, 40, 40}}, 40)
	})
}

func TestPredictedVsActualGolden(t *testing.T) {
	checkGolden(t, "spatial_predicted_actual", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return PredictedVsActual("Predicted against actual",
			PredictedActual{Model: "compromise", Predicted: []float64{20, 50, 70, math.NaN()}, Actual: []float64{25, 45, 90, 10}},
			PredictedActual{Model: "median", Predicted: []float64{10, 55, 80, 12}, Actual: []float64{25, 45, 90, 10}},
		)
	})
}

// The plots stack actors at close positions and mark every prediction.
func TestSpatialIssueStructure(t *testing.T) {
	p, err := SpatialIssue("t", soeActors(), []SpatialMark{{Name: "m", Position: 35, Lo: 31, Hi: 39}})
	if err != nil {
		t.Fatal(err)
	}
	if p.X.Min > 0 || p.X.Max < 100 {
		t.Errorf("x axis %v to %v, want it to span 0 to 100", p.X.Min, p.X.Max)
	}
	// XJ and ZG share 30, so two levels are needed and the y axis reaches
	// above 1.
	if p.Y.Max < 1 {
		t.Errorf("y axis tops at %v, want room for two levels of actors", p.Y.Max)
	}
}

func TestSpatialPlotErrors(t *testing.T) {
	tests := []struct {
		name string
		plot func() (*plot.Plot, error)
		fn   string
		want DataError
	}{
		{"no actors", func() (*plot.Plot, error) { return SpatialIssue("t", nil, nil) }, "SpatialIssue", DataError{Field: "actors", Err: ErrNoData}},
		{"position 120", func() (*plot.Plot, error) {
			return SpatialIssue("t", []SpatialActor{{"A", 20, 1}, {"B", 120, 1}}, nil)
		}, "SpatialIssue", DataError{Field: "actors", Index: 2, Name: "B", Err: ErrScale}},
		{"mark NaN", func() (*plot.Plot, error) {
			return SpatialIssue("t", []SpatialActor{{"A", 20, 1}}, []SpatialMark{{Name: "eu", Position: math.NaN()}})
		}, "SpatialIssue", DataError{Field: "marks", Index: 1, Name: "eu", Err: ErrScale}},
		{"short row", func() (*plot.Plot, error) {
			return PositionsByRound("t", []string{"A", "B"}, [][]float64{{1, 2}, {1}}, math.NaN())
		}, "PositionsByRound", DataError{Field: "positions", Index: 2, Err: ErrMismatch}},
		{"series lengths", func() (*plot.Plot, error) {
			return PredictedVsActual("t", PredictedActual{Model: "eu", Predicted: []float64{1}, Actual: nil})
		}, "PredictedVsActual", DataError{Field: "series", Index: 1, Name: "eu", Err: ErrMismatch}},
	}
	for _, tt := range tests {
		p, err := tt.plot()
		checkDataError(t, tt.name, p, err, tt.fn, tt.want)
	}
}
