package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)

// goldenTornado is the fixed input of the golden SVG of Tornado: five
// parameters out of order of swing, one with both outputs above the base
// and one with a long name.
var goldenTornado = struct {
	params    []string
	low, high []float64
	base      float64
}{
	params: []string{"discount", "Russia's reservation value", "Ukraine's concession exponent", "deadline", "noise"},
	low:    []float64{0.38, 0.62, 0.30, 0.40, 0.455},
	high:   []float64{0.50, 0.21, 0.55, 0.47, 0.47},
	base:   0.45,
}

func TestTornadoGolden(t *testing.T) {
	g := goldenTornado
	checkGolden(t, "tornado", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return Tornado("One at a time", g.params, g.low, g.high, g.base)
	})
}

func TestTornadoStructure(t *testing.T) {
	g := goldenTornado
	p, plotters, err := tornado("Tornado", g.params, g.low, g.high, g.base)
	if err != nil {
		t.Fatalf("tornado: %v", err)
	}
	// The axis does not start at 0, and says so.
	checkTitleLabels(t, p, "Tornado", "P(agreement); the axis starts at 13.6%, not 0", "")
	if got := plotterTypes(plotters); got != "*plotter.Grid *plots.hbars *plotter.Line *plotter.Labels" {
		t.Errorf("plotters = %s", got)
	}
	// Outputs span [0.21, 0.62]; a margin of 18% of that on each side,
	// room for the values at the bars' ends.
	if !near(p.X.Min, 0.1362) || !near(p.X.Max, 0.6938) || p.Y.Min != -0.5 || p.Y.Max != 4.5 {
		t.Errorf("ranges = x [%v, %v] y [%v, %v], want x [0.1362, 0.6938] y [-0.5, 4.5]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	// The values at the ends of the bars, low then high, top down; of
	// two ends on one side of the base (noise), only the farther is
	// written.
	values := plotters[3].(*plotter.Labels).Labels
	if got, want := strings.Join(values, "|"), " 62%|21% |30% | 55%|38% | 50%|40% | 47%|| 47%"; got != want {
		t.Errorf("values at the bars' ends = %q, want %q", got, want)
	}
	// Sorted by swing, top first: reservation (0.41), exponent (0.25),
	// discount (0.12), deadline (0.07), noise (0.02).
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	var names []string
	for i := len(ticks) - 1; i >= 0; i-- {
		names = append(names, strings.ReplaceAll(ticks[i].Label, "\n", " "))
	}
	want := []string{"Russia's reservation value", "Ukraine's concession exponent", "discount", "deadline", "noise"}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("parameters top down = %q, want %q", names, want)
	}
	// Each parameter has two bars from the base, the longer first.
	bars := plotters[1].(*hbars).bars
	if len(bars) != 10 {
		t.Fatalf("%d bars, want 10", len(bars))
	}
	for k := 0; k < len(bars); k += 2 {
		a, b := bars[k], bars[k+1]
		if a.y != b.y || a.x0 != g.base || b.x0 != g.base {
			t.Errorf("bars %d, %d = %+v, %+v, want from the base at one y", k, k+1, a, b)
		}
		if math.Abs(a.x1-g.base) < math.Abs(b.x1-g.base) {
			t.Errorf("bars %d, %d = %+v, %+v: the shorter is drawn first", k, k+1, a, b)
		}
	}
	// noise: both outputs above the base; the high one (0.47) is farther.
	if last := bars[8]; last.x1 != 0.47 || last.fill != highColor {
		t.Errorf("first bar of noise = %+v, want to 0.47 in the high colour", last)
	}
	svg := renderSVG(t, p)
	for _, s := range []string{legendLow, legendHigh, legendBase + " 45%"} {
		if textCount(svg, s) != 1 {
			t.Errorf("legend %q drawn %d times, want once", s, textCount(svg, s))
		}
	}
}

func TestTornadoErrors(t *testing.T) {
	ps := []string{"a", "b"}
	ok := []float64{0.1, 0.2}
	tests := []struct {
		name      string
		params    []string
		low, high []float64
		base      float64
		want      DataError
	}{
		{"no parameters", nil, nil, nil, 0.5, DataError{Field: "params", Err: ErrNoData}},
		{"short low", ps, ok[:1], ok, 0.5, DataError{Field: "low", Err: ErrMismatch}},
		{"long high", ps, ok, []float64{0.1, 0.2, 0.3}, 0.5, DataError{Field: "high", Err: ErrMismatch}},
		{"NaN low", ps, []float64{0.1, math.NaN()}, ok, 0.5, DataError{Field: "low", Index: 2, Name: "b", Err: ErrRange}},
		{"high above 1", ps, ok, []float64{1.2, 0.1}, 0.5, DataError{Field: "high", Index: 1, Name: "a", Err: ErrRange}},
		{"infinite base", ps, ok, ok, math.Inf(-1), DataError{Field: "base", Err: ErrRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Tornado("t", tt.params, tt.low, tt.high, tt.base)
			checkDataError(t, fmt.Sprintf("Tornado(%q, %v, %v, %v)", tt.params, tt.low, tt.high, tt.base), p, err, "Tornado", tt.want)
		})
	}
}

// goldenSobol is the fixed input of the golden SVG of SobolBars: four
// parameters out of order, one first-order estimate below 0 and one
// estimate outside its interval.
var goldenSobol = struct {
	params []string
	v      [6][]float64 // first, firstLo, firstHi, total, totalLo, totalHi
}{
	params: []string{"discount", "Russia's reservation value", "deadline", "noise"},
	v: [6][]float64{
		{0.12, 0.41, 0.05, -0.01},
		{0.08, 0.35, 0.01, -0.04},
		{0.17, 0.47, 0.09, 0.02},
		{0.22, 0.58, 0.15, 0.03},
		{0.16, 0.50, 0.10, 0.035},
		{0.29, 0.66, 0.21, 0.06},
	},
}

func TestSobolBarsGolden(t *testing.T) {
	g := goldenSobol
	checkGolden(t, "sobol_bars", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return SobolBars("Global sensitivity", g.params, g.v[0], g.v[1], g.v[2], g.v[3], g.v[4], g.v[5])
	})
}

func TestSobolBarsStructure(t *testing.T) {
	g := goldenSobol
	p, plotters, err := sobolBars("Sobol", g.params, g.v)
	if err != nil {
		t.Fatalf("sobolBars: %v", err)
	}
	checkTitleLabels(t, p, "Sobol", "Sobol index", "")
	if got := plotterTypes(plotters); got != "*plotter.Grid *plots.hbars *plotter.XErrorBars" {
		t.Errorf("plotters = %s", got)
	}
	// Values span [-0.04, 0.66]; a margin of 4% of that at each end.
	if !near(p.X.Min, -0.068) || !near(p.X.Max, 0.688) || p.Y.Min != -0.5 || p.Y.Max != 3.5 {
		t.Errorf("ranges = x [%v, %v] y [%v, %v], want x [-0.068, 0.688] y [-0.5, 3.5]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	var names []string
	for i := len(ticks) - 1; i >= 0; i-- {
		names = append(names, strings.ReplaceAll(ticks[i].Label, "\n", " "))
	}
	if want := []string{"Russia's reservation value", "discount", "deadline", "noise"}; fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("parameters top down = %q, want %q", names, want)
	}
	bars := plotters[1].(*hbars).bars
	whiskers := plotters[2].(*plotter.XErrorBars)
	if len(bars) != 8 || len(whiskers.XYs) != 8 {
		t.Fatalf("%d bars and %d whiskers, want 8 each", len(bars), len(whiskers.XYs))
	}
	// Top parameter: first-order above total, each whisker on its bar.
	wantBars := []hbar{{y: 3 + sobolOffset, x1: 0.41, fill: firstColor}, {y: 3 - sobolOffset, x1: 0.58, fill: totalColor}}
	wantIv := [][2]float64{{0.35, 0.47}, {0.50, 0.66}}
	for k := range 2 {
		if bars[k] != wantBars[k] {
			t.Errorf("bar %d = %+v, want %+v", k, bars[k], wantBars[k])
		}
		xy, e := whiskers.XYs[k], whiskers.XErrors[k]
		if xy.Y != bars[k].y || !near(xy.X-math.Abs(e.Low), wantIv[k][0]) || !near(xy.X+math.Abs(e.High), wantIv[k][1]) {
			t.Errorf("whisker %d at y %v from %v to %v, want at y %v from %v to %v", k, xy.Y, xy.X-e.Low, xy.X+e.High, bars[k].y, wantIv[k][0], wantIv[k][1])
		}
	}
	svg := renderSVG(t, p)
	for _, s := range []string{legendFirst, legendTotal, legendInterval} {
		if textCount(svg, s) != 1 {
			t.Errorf("legend %q drawn %d times, want once", s, textCount(svg, s))
		}
	}
}

func TestSobolBarsErrors(t *testing.T) {
	ps := []string{"a", "b"}
	ok := func() [6][]float64 {
		var v [6][]float64
		for k := range v {
			v[k] = []float64{0.1, 0.2}
		}
		return v
	}
	with := func(k int, s []float64) [6][]float64 {
		v := ok()
		v[k] = s
		return v
	}
	tests := []struct {
		name   string
		params []string
		v      [6][]float64
		want   DataError
	}{
		{"no parameters", nil, [6][]float64{}, DataError{Field: "params", Err: ErrNoData}},
		{"short totalHi", ps, with(5, []float64{0.1}), DataError{Field: "totalHi", Err: ErrMismatch}},
		{"NaN first", ps, with(0, []float64{math.NaN(), 0.1}), DataError{Field: "first", Index: 1, Name: "a", Err: ErrNotFinite}},
		{"infinite totalLo", ps, with(4, []float64{0.1, math.Inf(-1)}), DataError{Field: "totalLo", Index: 2, Name: "b", Err: ErrNotFinite}},
		{"firstLo above firstHi", ps, with(1, []float64{0.1, 0.3}), DataError{Field: "firstLo", Index: 2, Name: "b", Err: ErrInterval}},
		{"totalLo above totalHi", ps, with(5, []float64{0.05, 0.2}), DataError{Field: "totalLo", Index: 1, Name: "a", Err: ErrInterval}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := tt.v
			p, err := SobolBars("t", tt.params, v[0], v[1], v[2], v[3], v[4], v[5])
			checkDataError(t, fmt.Sprintf("SobolBars(%q, %v)", tt.params, v), p, err, "SobolBars", tt.want)
		})
	}
}

// near reports whether a and b agree to 1e-9.
func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9 }
