package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// goldenConvergence is the fixed input of the golden SVG of Convergence:
// checkpoints from 10 to 100,000 runs with Wilson-like intervals that
// narrow as 1/√n around an estimate settling on 0.42.
func goldenConvergence() (runs []int, p, lo, hi []float64) {
	for _, n := range []int{10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000, 100000} {
		runs = append(runs, n)
		est := 0.42 + 0.3*math.Sin(float64(n))/math.Sqrt(float64(n))
		half := 1.96 * math.Sqrt(est*(1-est)/float64(n))
		p = append(p, est)
		lo = append(lo, max(est-half, 0))
		hi = append(hi, min(est+half, 1))
	}
	return runs, p, lo, hi
}

func TestConvergenceGolden(t *testing.T) {
	checkGolden(t, "convergence", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		runs, p, lo, hi := goldenConvergence()
		return Convergence("Convergence of P(agreement)", runs, p, lo, hi)
	})
}

func TestConvergenceStructure(t *testing.T) {
	runs, p, lo, hi := goldenConvergence()
	many := make([]int, 40)
	manyP := make([]float64, 40)
	for i := range many {
		many[i], manyP[i] = 10*(i+1), 0.5
	}
	tests := []struct {
		name   string
		runs   []int
		p      []float64
		lo, hi []float64
		log    bool
		xr     [2]float64
		types  string
		legend []string
	}{
		{
			name: "golden", runs: runs, p: p, lo: lo, hi: hi, log: true, xr: [2]float64{10, 100000},
			types:  "*plotter.Grid *plotter.Polygon *plotter.Line *plotter.Scatter *plotter.Line",
			legend: []string{legendRunning, legendBand, legendFinal + " " + fmt.Sprintf("%.3f", p[len(p)-1])},
		},
		{
			name: "no band, linear", runs: []int{100, 200, 10000}, p: []float64{0.5, 0.4, 0.45}, xr: [2]float64{100, 10000},
			types:  "*plotter.Grid *plotter.Line *plotter.Scatter *plotter.Line",
			legend: []string{legendRunning, legendFinal + " 0.450"},
		},
		{
			name: "many checkpoints, no glyphs", runs: many, p: manyP, xr: [2]float64{10, 400},
			types:  "*plotter.Grid *plotter.Line *plotter.Line",
			legend: []string{legendRunning, legendFinal + " 0.500"},
		},
		{
			name: "one checkpoint", runs: []int{1000}, p: []float64{0.3}, lo: []float64{0.27}, hi: []float64{0.33}, xr: [2]float64{999.5, 1000.5},
			types:  "*plotter.Grid *plotter.Polygon *plotter.Line *plotter.Scatter *plotter.Line",
			legend: []string{legendRunning, legendBand, legendFinal + " 0.300"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pl, plotters, err := convergence("Conv", tt.runs, tt.p, tt.lo, tt.hi)
			if err != nil {
				t.Fatalf("convergence: %v", err)
			}
			checkTitleLabels(t, pl, "Conv", "runs", "P(agreement)")
			checkCurveAxes(t, pl, tt.log, tt.xr)
			if got := plotterTypes(plotters); got != tt.types {
				t.Errorf("plotters = %s, want %s", got, tt.types)
			}
			svg := renderSVG(t, pl)
			for _, name := range tt.legend {
				if textCount(svg, name) != 1 {
					t.Errorf("legend %q drawn %d times, want once", name, textCount(svg, name))
				}
			}
		})
	}
}

// checkCurveAxes checks the axes of a curve of P(agreement).
func checkCurveAxes(t *testing.T, p *plot.Plot, log bool, xr [2]float64) {
	t.Helper()
	if _, isLog := p.X.Scale.(plot.LogScale); isLog != log {
		t.Errorf("x axis logarithmic: %v, want %v", isLog, log)
	}
	if p.X.Min != xr[0] || p.X.Max != xr[1] {
		t.Errorf("x range = [%v, %v], want %v", p.X.Min, p.X.Max, xr)
	}
	if p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("y range = [%v, %v], want [0, 1]", p.Y.Min, p.Y.Max)
	}
}

func TestConvergenceErrors(t *testing.T) {
	r := []int{10, 20}
	v := []float64{0.4, 0.5}
	tests := []struct {
		name      string
		runs      []int
		p, lo, hi []float64
		want      DataError
	}{
		{"no runs", nil, nil, nil, nil, DataError{Field: "runs", Err: ErrNoData}},
		{"short p", r, v[:1], nil, nil, DataError{Field: "p", Err: ErrMismatch}},
		{"lo without hi", r, v, v, nil, DataError{Field: "hi", Err: ErrMismatch}},
		{"zero runs", []int{0, 10}, v, nil, nil, DataError{Field: "runs", Index: 1, Err: ErrNotPositive}},
		{"runs repeated", []int{10, 10}, v, nil, nil, DataError{Field: "runs", Index: 2, Err: ErrOrder}},
		{"NaN p", r, []float64{0.4, math.NaN()}, nil, nil, DataError{Field: "p", Index: 2, Err: ErrRange}},
		{"hi above 1", r, v, v, []float64{0.5, 1.1}, DataError{Field: "hi", Index: 2, Err: ErrRange}},
		{"lo above hi", r, v, []float64{0.3, 0.6}, []float64{0.5, 0.55}, DataError{Field: "lo", Index: 2, Err: ErrInterval}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Convergence("t", tt.runs, tt.p, tt.lo, tt.hi)
			checkDataError(t, fmt.Sprintf("Convergence(%v, %v, %v, %v)", tt.runs, tt.p, tt.lo, tt.hi), p, err, "Convergence", tt.want)
		})
	}
}

// goldenSweep is the fixed input of the golden SVG of SweepLine.
var goldenSweep = struct {
	x, p, lo, hi []float64
}{
	x:  []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6},
	p:  []float64{0.92, 0.88, 0.79, 0.61, 0.4, 0.22, 0.1},
	lo: []float64{0.9, 0.85, 0.76, 0.58, 0.37, 0.19, 0.08},
	hi: []float64{0.94, 0.9, 0.82, 0.64, 0.43, 0.25, 0.12},
}

func TestSweepLineGolden(t *testing.T) {
	g := goldenSweep
	checkGolden(t, "sweep_line", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return SweepLineAt("P(agreement) by Russia's reservation value", "Russia's reservation value", g.x, g.p, g.lo, g.hi, 0.35)
	})
}

// TestSweepLineAtBase checks that the base value adds a vertical line at
// it, named in the legend, and that a base outside the sweep or NaN adds
// nothing.
func TestSweepLineAtBase(t *testing.T) {
	g := goldenSweep
	tests := []struct {
		base float64
		line bool
	}{
		{0.35, true},
		{0, true},
		{0.6, true},
		{0.7, false},
		{-0.1, false},
		{math.NaN(), false},
	}
	for _, tt := range tests {
		_, plotters, err := sweepLine("t", "x", g.x, g.p, g.lo, g.hi, tt.base, nil)
		if err != nil {
			t.Fatalf("sweepLine(base %v): %v", tt.base, err)
		}
		var found bool
		for _, pl := range plotters {
			if l, ok := pl.(*plotter.Line); ok && len(l.XYs) == 2 && l.XYs[0].X == tt.base && l.XYs[1].X == tt.base {
				found = true
			}
		}
		if found != tt.line {
			t.Errorf("sweepLine(base %v) has a vertical line at the base: %v, want %v", tt.base, found, tt.line)
		}
	}
}

func TestSweepLineStructure(t *testing.T) {
	g := goldenSweep
	tests := []struct {
		name   string
		x      []float64
		p      []float64
		lo, hi []float64
		log    bool
		xr     [2]float64
		types  string
	}{
		{"golden", g.x, g.p, g.lo, g.hi, false, [2]float64{0, 0.6}, "*plotter.Grid *plotter.Polygon *plotter.Line *plotter.Scatter"},
		{"no band", g.x, g.p, nil, nil, false, [2]float64{0, 0.6}, "*plotter.Grid *plotter.Line *plotter.Scatter"},
		{"decades", []float64{0.1, 1, 10, 100}, []float64{0.1, 0.2, 0.3, 0.4}, nil, nil, true, [2]float64{0.1, 100}, "*plotter.Grid *plotter.Line *plotter.Scatter"},
		{"negative to large", []float64{-1, 1000}, []float64{0.1, 0.2}, nil, nil, false, [2]float64{-1, 1000}, "*plotter.Grid *plotter.Line *plotter.Scatter"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, plotters, err := sweepLine("Sweep", "discount", tt.x, tt.p, tt.lo, tt.hi, math.NaN(), nil)
			if err != nil {
				t.Fatalf("sweepLine: %v", err)
			}
			checkTitleLabels(t, p, "Sweep", "discount", "P(agreement)")
			checkCurveAxes(t, p, tt.log, tt.xr)
			if got := plotterTypes(plotters); got != tt.types {
				t.Errorf("plotters = %s, want %s", got, tt.types)
			}
			line := plotters[len(plotters)-2].(*plotter.Line)
			if len(line.XYs) != len(tt.x) {
				t.Errorf("line has %d points, want %d", len(line.XYs), len(tt.x))
			}
			svg := renderSVG(t, p)
			want := map[string]int{legendEstimate: 1, legendBand: 0}
			if tt.lo != nil {
				want[legendBand] = 1
			}
			for name, n := range want {
				if textCount(svg, name) != n {
					t.Errorf("legend %q drawn %d times, want %d", name, textCount(svg, name), n)
				}
			}
		})
	}
}

func TestSweepLineErrors(t *testing.T) {
	x := []float64{1, 2}
	v := []float64{0.4, 0.5}
	tests := []struct {
		name         string
		x, p, lo, hi []float64
		want         DataError
	}{
		{"no x", nil, nil, nil, nil, DataError{Field: "x", Err: ErrNoData}},
		{"long p", x, []float64{0.1, 0.2, 0.3}, nil, nil, DataError{Field: "p", Err: ErrMismatch}},
		{"hi without lo", x, v, nil, v, DataError{Field: "lo", Err: ErrMismatch}},
		{"NaN x", []float64{1, math.NaN()}, v, nil, nil, DataError{Field: "x", Index: 2, Err: ErrNotFinite}},
		{"infinite x", []float64{math.Inf(-1), 1}, v, nil, nil, DataError{Field: "x", Index: 1, Err: ErrNotFinite}},
		{"x decreasing", []float64{2, 1}, v, nil, nil, DataError{Field: "x", Index: 2, Err: ErrOrder}},
		{"p below 0", x, []float64{-0.1, 0.5}, nil, nil, DataError{Field: "p", Index: 1, Err: ErrRange}},
		{"lo above hi", x, v, []float64{0.45, 0.4}, []float64{0.42, 0.6}, DataError{Field: "lo", Index: 1, Err: ErrInterval}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := SweepLine("t", "x", tt.x, tt.p, tt.lo, tt.hi)
			checkDataError(t, fmt.Sprintf("SweepLine(%v, %v, %v, %v)", tt.x, tt.p, tt.lo, tt.hi), p, err, "SweepLine", tt.want)
		})
	}
}

func TestLogTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   string
		ticks    int
	}{
		{10, 100000, "10 100 1000 10,000 100,000", 37},
		{20, 5000, "100 1000", 22},
		{0.01, 10, "0.01 0.1 1 10", 28},
		{1, 2e6, "1 10 100 1000 10,000 100,000 1,000,000", 56},
	}
	for _, tt := range tests {
		ticks := logTicks{}.Ticks(tt.min, tt.max)
		var labels []string
		for _, tk := range ticks {
			if tk.Value < tt.min*(1-1e-9) || tk.Value > tt.max*(1+1e-9) {
				t.Errorf("logTicks.Ticks(%v, %v) has a tick at %v, out of range", tt.min, tt.max, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tt.labels {
			t.Errorf("logTicks.Ticks(%v, %v) labels = %s, want %s", tt.min, tt.max, got, tt.labels)
		}
		if len(ticks) != tt.ticks {
			t.Errorf("logTicks.Ticks(%v, %v) has %d ticks, want %d", tt.min, tt.max, len(ticks), tt.ticks)
		}
	}
}

// TestLastTickLabelHasRoom: the label of the last x tick of a sweep, on
// the right end of the axis, gets room past the axis (issue #13: "0.6"
// was cut by the plot's edge).
func TestLastTickLabelHasRoom(t *testing.T) {
	x := []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6}
	est := []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7}
	p, err := SweepLine("t", "x", x, est, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	// gonum fits the label itself; the plot must keep a margin past it.
	want := p.X.Tick.Label.Width("0.6")/2 + vg.Points(tickLabelMargin)
	for _, b := range p.GlyphBoxes(p) {
		if b.X == 1 && b.Rectangle.Max.X >= want {
			return
		}
	}
	t.Errorf("no glyph box at the right end of the x axis reaching a margin past the label 0.6 (%v)", want)
}

// TestSweepChoicesTicks: a sweep over a choice names its options on the x
// ticks, half a step in from the ends (issue #13: 0, 1, ... with the names
// in the axis label).
func TestSweepChoicesTicks(t *testing.T) {
	p, err := SweepChoices("t", "protocol.type", []string{"mediated", "alternating"}, []float64{0.3, 0.6}, []float64{0.25, 0.55}, []float64{0.35, 0.65})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		got = append(got, fmt.Sprintf("%g=%s", tk.Value, tk.Label))
	}
	if want := "[0=mediated 1=alternating]"; fmt.Sprint(got) != want {
		t.Errorf("ticks = %v, want %s", got, want)
	}
	if p.X.Min != -0.5 || p.X.Max != 1.5 {
		t.Errorf("x range = [%v, %v], want [-0.5, 1.5]", p.X.Min, p.X.Max)
	}
	if p.X.Label.Text != "protocol.type" {
		t.Errorf("x label = %q, want protocol.type", p.X.Label.Text)
	}
}
