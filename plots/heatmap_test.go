package plots

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// goldenHeat is the fixed input of the golden SVG of SweepHeatmap: 6 × 5
// cells, P(agreement) falling with both parameters.
func goldenHeat() (x, y []float64, p [][]float64) {
	x = []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5}
	y = []float64{0.5, 1, 2, 4, 8}
	p = make([][]float64, len(x))
	for i, xi := range x {
		for j := range y {
			p[i] = append(p[i], math.Round(100/(1+math.Exp(12*(xi-0.3)+0.6*float64(j)-1)))/100)
		}
	}
	return x, y, p
}

func TestSweepHeatmapGolden(t *testing.T) {
	checkGolden(t, "sweep_heatmap", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		x, y, p := goldenHeat()
		return SweepHeatmap("P(agreement) by reservation and exponent", "Russia's reservation value", "Ukraine's concession exponent", x, y, p)
	})
}

func TestSweepHeatmapStructure(t *testing.T) {
	x, y, p := goldenHeat()
	pl, plotters, err := sweepHeatmap("Heat", "a", "b", x, y, p)
	if err != nil {
		t.Fatalf("sweepHeatmap: %v", err)
	}
	checkTitleLabels(t, pl, "Heat", "a", "b")
	if got := plotterTypes(plotters); got != "*plots.heatCells *plots.cellValues *plots.colorBar" {
		t.Errorf("plotters = %s", got)
	}
	// Cells of one unit, centred on their indices.
	if pl.X.Min != -0.5 || pl.X.Max != 5.5 || pl.Y.Min != -0.5 || pl.Y.Max != 4.5 {
		t.Errorf("ranges = x [%v, %v] y [%v, %v], want x [-0.5, 5.5] y [-0.5, 4.5]", pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max)
	}
	heat := plotters[0].(*heatCells)
	if heat.Min != 0 || heat.Max != 1 {
		t.Errorf("colour scale = [%v, %v], want [0, 1]", heat.Min, heat.Max)
	}
	cols, rows := heat.GridXYZ.Dims()
	if cols != 6 || rows != 5 {
		t.Fatalf("grid is %d × %d, want 6 × 5", cols, rows)
	}
	if z := heat.GridXYZ.Z(4, 1); z != p[4][1] {
		t.Errorf("Z(4, 1) = %v, want p[4][1] = %v", z, p[4][1])
	}
	if got := heat.GridXYZ.X(4); got != 4 {
		t.Errorf("X(4) = %v, want 4", got)
	}
	if got := heat.GridXYZ.Y(1); got != 1 {
		t.Errorf("Y(1) = %v, want 1", got)
	}
	for _, a := range []struct {
		name string
		axis plot.Axis
		vs   []float64
	}{{"x", pl.X, x}, {"y", pl.Y, y}} {
		ticks := a.axis.Tick.Marker.Ticks(a.axis.Min, a.axis.Max)
		if len(ticks) != len(a.vs) {
			t.Errorf("%s axis has %d ticks, want one per value (%d)", a.name, len(ticks), len(a.vs))
			continue
		}
		for i, tk := range ticks {
			if want := strconv.FormatFloat(a.vs[i], 'g', 4, 64); tk.Value != float64(i) || tk.Label != want {
				t.Errorf("%s tick %d = %v %q, want %d %q", a.name, i, tk.Value, tk.Label, i, want)
			}
		}
	}
	// All 30 values are written on a DefaultWidth plot, and none on a
	// tiny one.
	svg := renderSVG(t, pl)
	if got := textCount(svg, cellValue(p[0][0])); got < 1 {
		t.Errorf("value %s drawn %d times, want at least once", cellValue(p[0][0]), got)
	}
	values := plotters[1].(*cellValues)
	for _, size := range []struct {
		w, h vg.Length
		want bool
	}{{DefaultWidth, DefaultHeight, true}, {5 * vg.Centimeter, 4 * vg.Centimeter, false}} {
		c := pl.DataCanvas(draw.New(vgimg.New(size.w, size.h)))
		if got := values.fits(c, pl); got != size.want {
			t.Errorf("values fit a %v × %v plot: %v, want %v", size.w, size.h, got, size.want)
		}
	}
	// The colour bar takes room right of the data area.
	c := pl.DataCanvas(draw.New(vgimg.New(DefaultWidth, DefaultHeight)))
	bar := plotters[2].(*colorBar)
	if room := DefaultWidth - c.Max.X; room < bar.width() {
		t.Errorf("%v right of the data area, want at least the colour bar's %v", room, bar.width())
	}
	if textCount(svg, colorBarLegend) != 1 {
		t.Errorf("colour bar label drawn %d times, want once", textCount(svg, colorBarLegend))
	}
}

func TestSweepHeatmapErrors(t *testing.T) {
	x, y := []float64{1, 2}, []float64{3}
	ok := [][]float64{{0.1}, {0.2}}
	tests := []struct {
		name string
		x, y []float64
		p    [][]float64
		want DataError
	}{
		{"no x", nil, y, nil, DataError{Field: "x", Err: ErrNoData}},
		{"no y", x, nil, [][]float64{{}, {}}, DataError{Field: "y", Err: ErrNoData}},
		{"NaN y", x, []float64{math.NaN()}, ok, DataError{Field: "y", Index: 1, Err: ErrNotFinite}},
		{"x repeated", []float64{1, 1}, y, ok, DataError{Field: "x", Index: 2, Err: ErrOrder}},
		{"short p", x, y, ok[:1], DataError{Field: "p", Err: ErrMismatch}},
		{"long column", x, y, [][]float64{{0.1}, {0.2, 0.3}}, DataError{Field: "p", Index: 2, Err: ErrMismatch}},
		{"p above 1", x, y, [][]float64{{0.1}, {1.5}}, DataError{Field: "p", Index: 2, Inner: 1, Err: ErrRange}},
		{"NaN p", x, y, [][]float64{{math.NaN()}, {0.5}}, DataError{Field: "p", Index: 1, Inner: 1, Err: ErrRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := SweepHeatmap("t", "x", "y", tt.x, tt.y, tt.p)
			checkDataError(t, fmt.Sprintf("SweepHeatmap(%v, %v, %v)", tt.x, tt.y, tt.p), p, err, "SweepHeatmap", tt.want)
		})
	}
}

func TestIndexTicks(t *testing.T) {
	for _, n := range []int{1, 12, 13, 24, 25, 100} {
		vs := make([]float64, n)
		for i := range vs {
			vs[i] = float64(i) / 10
		}
		ticks := indexTicks(vs)
		var labels []string
		for i, tk := range ticks {
			if tk.Value != float64(i) {
				t.Errorf("indexTicks(%d values) tick %d at %v", n, i, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if len(labels) > valueTicksMax || labels[0] != "0" || len(ticks) != n {
			t.Errorf("indexTicks(%d values) = %d ticks labelled %s, want %d with at most %d labels from 0", n, len(ticks), strings.Join(labels, " "), n, valueTicksMax)
		}
	}
}
