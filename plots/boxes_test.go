package plots

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// goldenBoxes is the fixed input of the golden SVG of UtilityBoxes: four
// parties, one with outliers, one with no agreements, one with no
// reservation value.
func goldenBoxes() (parties []string, samples [][]float64, reservations []float64) {
	parties = []string{"Ukraine", "Russia", "United States", "Europe"}
	samples = make([][]float64, 4)
	for k := range 40 {
		f := float64(k)
		samples[0] = append(samples[0], 0.55+0.2*math.Sin(1.7*f))
		samples[1] = append(samples[1], 0.7+0.05*math.Sin(2.3*f))
		samples[3] = append(samples[3], 0.3+0.1*float64(k%4))
	}
	samples[1] = append(samples[1], 0.2, 0.25, 0.95) // outliers
	reservations = []float64{0.4, 0.6, 0.5, math.NaN()}
	return parties, samples, reservations
}

func TestUtilityBoxesGolden(t *testing.T) {
	checkGolden(t, "utility_boxes", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		parties, samples, res := goldenBoxes()
		return UtilityBoxes("Utility in agreements", parties, samples, res)
	})
}

func TestUtilityBoxesStructure(t *testing.T) {
	parties, samples, res := goldenBoxes()
	tests := []struct {
		name         string
		samples      [][]float64
		reservations []float64
		types        string
		legend       map[string]int
	}{
		{
			name: "golden", samples: samples, reservations: res,
			types:  "*plotter.Grid *plotter.BoxPlot *plotter.BoxPlot *plotter.BoxPlot *plotter.Labels *plots.reserveMarks",
			legend: map[string]int{legendBox: 1, legendReserves: 1, noAgreements: 1},
		},
		{
			name: "no reservations", samples: samples, reservations: nil,
			types:  "*plotter.Grid *plotter.BoxPlot *plotter.BoxPlot *plotter.BoxPlot *plotter.Labels",
			legend: map[string]int{legendBox: 1, noAgreements: 1},
		},
		{
			name: "no agreements at all", samples: make([][]float64, 4), reservations: res,
			types:  "*plotter.Grid *plotter.Labels *plots.reserveMarks",
			legend: map[string]int{legendReserves: 1, noAgreements: 4},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, plotters, err := utilityBoxes("Boxes", parties, tt.samples, tt.reservations)
			if err != nil {
				t.Fatalf("utilityBoxes: %v", err)
			}
			checkTitleLabels(t, p, "Boxes", "", "utility in agreements")
			if got := plotterTypes(plotters); got != tt.types {
				t.Errorf("plotters = %s, want %s", got, tt.types)
			}
			if p.X.Min != -0.5 || p.X.Max != 3.5 || p.Y.Min != 0 || p.Y.Max != 1 {
				t.Errorf("ranges = x [%v, %v] y [%v, %v], want x [-0.5, 3.5] y [0, 1]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
			}
			ticks := p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max)
			for i, tk := range ticks {
				if tk.Value != float64(i) || tk.Label != parties[i] {
					t.Errorf("x tick %d = %v %q, want %d %q", i, tk.Value, tk.Label, i, parties[i])
				}
			}
			svg := renderSVG(t, p)
			for _, name := range []string{legendBox, legendReserves, noAgreements} {
				if got := textCount(svg, name); got != tt.legend[name] {
					t.Errorf("%q drawn %d times, want %d", name, got, tt.legend[name])
				}
			}
		})
	}
}

// TestUtilityBoxesOutliers checks that outliers are drawn once per
// distinct value.
func TestUtilityBoxesOutliers(t *testing.T) {
	s := make([]float64, 0, 1000)
	for range 990 {
		s = append(s, 0.5)
	}
	for k := range 10 {
		s = append(s, 0.9+float64(k%2)*0.05+float64(k)*1e-5) // two values to 0.001
	}
	_, plotters, err := utilityBoxes("t", []string{"a"}, [][]float64{s}, nil)
	if err != nil {
		t.Fatalf("utilityBoxes: %v", err)
	}
	b := plotters[1].(*plotter.BoxPlot)
	if len(b.Outside) != 2 {
		t.Errorf("%d outliers kept, want 2", len(b.Outside))
	}
}

// TestUtilityBoxesLarge checks that 100,000 utilities per party draw
// quickly into a small file.
func TestUtilityBoxesLarge(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1)) // seed 1, 3 × 100,000 samples
	samples := make([][]float64, 3)
	for i := range samples {
		samples[i] = make([]float64, 100_000)
		for j := range samples[i] {
			samples[i][j] = min(max(0.5+0.15*r.NormFloat64(), 0), 1)
		}
	}
	p, err := UtilityBoxes("many", []string{"a", "b", "c"}, samples, []float64{0.2, 0.3, 0.4})
	if err != nil {
		t.Fatalf("UtilityBoxes: %v", err)
	}
	if n := len(renderSVG(t, p)); n > 200_000 {
		t.Errorf("SVG of 300,000 utilities is %d bytes, want at most 200,000", n)
	}
}

func TestUtilityBoxesErrors(t *testing.T) {
	parties := []string{"a", "b"}
	ok := [][]float64{{0.5}, {0.5}}
	tests := []struct {
		name         string
		parties      []string
		samples      [][]float64
		reservations []float64
		want         DataError
	}{
		{"no parties", nil, nil, nil, DataError{Field: "parties", Err: ErrNoData}},
		{"short samples", parties, ok[:1], nil, DataError{Field: "samples", Err: ErrMismatch}},
		{"short reservations", parties, ok, []float64{0.5}, DataError{Field: "reservations", Err: ErrMismatch}},
		{"NaN utility", parties, [][]float64{{0.5}, {0.5, math.NaN()}}, nil, DataError{Field: "samples", Index: 2, Inner: 2, Name: "b", Err: ErrRange}},
		{"utility above 1", parties, [][]float64{{1.01}, {0.5}}, nil, DataError{Field: "samples", Index: 1, Inner: 1, Name: "a", Err: ErrRange}},
		{"negative reservation", parties, ok, []float64{math.NaN(), -0.1}, DataError{Field: "reservations", Index: 2, Name: "b", Err: ErrRange}},
		{"infinite reservation", parties, ok, []float64{math.Inf(1), 0.1}, DataError{Field: "reservations", Index: 1, Name: "a", Err: ErrRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := UtilityBoxes("t", tt.parties, tt.samples, tt.reservations)
			checkDataError(t, fmt.Sprintf("UtilityBoxes(%q, %v, %v)", tt.parties, tt.samples, tt.reservations), p, err, "UtilityBoxes", tt.want)
		})
	}
}
