package plots

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// goldenSpace is the fixed input of the golden SVG: two parties, 12
// packages, a 4-point frontier, both reservation values, the five usual
// solutions crowded on one frontier segment, and 3 weighted agreements.
var goldenSpace = UtilitySpace{
	Title:  "Alice and Bob",
	XLabel: "Alice",
	YLabel: "Bob",
	Packages: []UtilityPoint{
		{X: 0.2, Y: 0.95}, {X: 0.55, Y: 0.85}, {X: 0.8, Y: 0.6}, {X: 0.95, Y: 0.2},
		{X: 0.1, Y: 0.6}, {X: 0.3, Y: 0.5}, {X: 0.45, Y: 0.7}, {X: 0.6, Y: 0.3},
		{X: 0.35, Y: 0.2}, {X: 0.7, Y: 0.45}, {X: 0.15, Y: 0.3}, {X: 0.5, Y: 0.55},
	},
	Frontier: []UtilityPoint{{X: 0.8, Y: 0.6}, {X: 0.2, Y: 0.95}, {X: 0.95, Y: 0.2}, {X: 0.55, Y: 0.85}},
	ResX:     0.3,
	ResY:     0.25,
	Solutions: []Solution{
		{Name: "Nash", X: 0.68, Y: 0.72},
		{Name: "weighted Nash", X: 0.75, Y: 0.65},
		{Name: "Kalai–Smorodinsky", X: 0.65, Y: 0.75},
		{Name: "utilitarian", X: 0.8, Y: 0.6},
		{Name: "egalitarian", X: 0.7, Y: 0.7},
	},
	Agreements: []UtilityPoint{{X: 0.68, Y: 0.72, Weight: 40}, {X: 0.55, Y: 0.85, Weight: 15}, {X: 0.6, Y: 0.55, Weight: 5}},
}

// renderSVGSize returns p drawn as SVG, w by h.
func renderSVGSize(t *testing.T, p *plot.Plot, w, h vg.Length) []byte {
	t.Helper()
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		t.Fatalf("WriterTo: %v", err)
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		t.Fatalf("WriteTo: %v", err)
	}
	return buf.Bytes()
}

// textCount returns how many times s is drawn as a text element of svg.
func textCount(svg []byte, s string) int {
	return bytes.Count(svg, []byte(">"+s+"</text>"))
}

// grid returns n packages on a regular grid over [0,1]², row by row.
func grid(n int) []UtilityPoint {
	side := int(math.Ceil(math.Sqrt(float64(n))))
	pts := make([]UtilityPoint, n)
	for i := range pts {
		pts[i] = UtilityPoint{X: float64(i%side) / float64(side), Y: float64(i/side) / float64(side)}
	}
	return pts
}

func TestUtilityPlotStructure(t *testing.T) {
	nan := math.NaN()
	solutionTypes := strings.Repeat(" *plotter.Scatter", 5)
	tests := []struct {
		name   string
		u      UtilitySpace
		xr, yr [2]float64
		types  string // plotter types, in drawing order
		// legend maps the names the legend must show to how many times the
		// SVG draws them (a solution's name also labels its marker); the
		// others of utilityLegendNames must not be drawn.
		legend map[string]int
	}{
		{
			name:   "empty",
			u:      UtilitySpace{ResX: nan, ResY: nan},
			xr:     [2]float64{0, 1},
			yr:     [2]float64{0, 1},
			types:  "*plotter.Grid",
			legend: map[string]int{},
		},
		{
			name: "golden",
			u:    goldenSpace,
			xr:   [2]float64{0, 1},
			yr:   [2]float64{0, 1},
			types: "*plotter.Grid *plotter.Scatter" +
				" *plotter.Line *plotter.Labels *plotter.Line *plotter.Labels" +
				" *plotter.Line *plotter.Scatter *plotter.Scatter" + solutionTypes + " *plots.solutionLabels",
			legend: map[string]int{
				legendFrontier: 1, legendReserve: 1, legendAgreements: 1, legendPackages: 1,
				"Nash": 2, "weighted Nash": 2, "Kalai–Smorodinsky": 2, "utilitarian": 2, "egalitarian": 2,
			},
		},
		{
			name: "frontier and one reservation value",
			u: UtilitySpace{
				Frontier: []UtilityPoint{{X: 0, Y: 1}, {X: 1, Y: 0}},
				ResX:     nan, ResY: 0.4,
			},
			xr:     [2]float64{0, 1},
			yr:     [2]float64{0, 1},
			types:  "*plotter.Grid *plotter.Line *plotter.Labels *plotter.Line *plotter.Scatter",
			legend: map[string]int{legendFrontier: 1, legendReserve: 1},
		},
		{
			name: "data beyond [0,1]",
			u: UtilitySpace{
				Packages:   []UtilityPoint{{X: -0.25, Y: 0.5}},
				Agreements: []UtilityPoint{{X: 0.5, Y: 1.5}},
				Solutions:  []Solution{{Name: "Nash", X: 1.25, Y: -0.5}},
				ResX:       nan, ResY: nan,
			},
			xr:     [2]float64{-0.25, 1.25},
			yr:     [2]float64{-0.5, 1.5},
			types:  "*plotter.Grid *plotter.Scatter *plotter.Scatter *plotter.Scatter *plots.solutionLabels",
			legend: map[string]int{legendAgreements: 1, legendPackages: 1, "Nash": 2},
		},
		{
			name:   "reservation values widen the axes",
			u:      UtilitySpace{ResX: 1.5, ResY: -1},
			xr:     [2]float64{0, 1.5},
			yr:     [2]float64{-1, 1},
			types:  "*plotter.Grid *plotter.Line *plotter.Labels *plotter.Line *plotter.Labels",
			legend: map[string]int{legendReserve: 1},
		},
		{
			name:   "density above the threshold",
			u:      UtilitySpace{Packages: grid(DensityThreshold + 1), ResX: nan, ResY: nan},
			xr:     [2]float64{0, 1},
			yr:     [2]float64{0, 1},
			types:  "*plotter.Grid *plotter.HeatMap",
			legend: map[string]int{legendDensity: 1},
		},
		{
			name:   "points at the threshold",
			u:      UtilitySpace{Packages: grid(DensityThreshold), ResX: nan, ResY: nan},
			xr:     [2]float64{0, 1},
			yr:     [2]float64{0, 1},
			types:  "*plotter.Grid *plotter.Scatter",
			legend: map[string]int{legendPackages: 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			u.Title, u.XLabel, u.YLabel = "Pair", "Alice", "Bob"
			p, plotters, err := utilityPlot(u)
			if err != nil {
				t.Fatalf("utilityPlot: %v", err)
			}
			if p.Title.Text != "Pair" {
				t.Errorf("title = %q, want %q", p.Title.Text, "Pair")
			}
			if p.X.Label.Text != "utility to Alice" || p.Y.Label.Text != "utility to Bob" {
				t.Errorf("axis labels = %q, %q, want %q, %q", p.X.Label.Text, p.Y.Label.Text, "utility to Alice", "utility to Bob")
			}
			if got := [2]float64{p.X.Min, p.X.Max}; got != tt.xr {
				t.Errorf("x range = %v, want %v", got, tt.xr)
			}
			if got := [2]float64{p.Y.Min, p.Y.Max}; got != tt.yr {
				t.Errorf("y range = %v, want %v", got, tt.yr)
			}
			var types []string
			for _, pl := range plotters {
				types = append(types, fmt.Sprintf("%T", pl))
			}
			if got := strings.Join(types, " "); got != tt.types {
				t.Errorf("plotters = %s, want %s", got, tt.types)
			}
			for _, pl := range plotters {
				dr, ok := pl.(plot.DataRanger)
				if !ok {
					continue
				}
				xmin, xmax, ymin, ymax := dr.DataRange()
				if xmin < tt.xr[0] || xmax > tt.xr[1] || ymin < tt.yr[0] || ymax > tt.yr[1] {
					t.Errorf("%T data range = x [%v, %v] y [%v, %v], want within x %v y %v", pl, xmin, xmax, ymin, ymax, tt.xr, tt.yr)
				}
			}
			svg := renderSVGSize(t, p, SquareSize, SquareSize)
			for _, name := range utilityLegendNames {
				if got, want := textCount(svg, name), tt.legend[name]; got != want {
					t.Errorf("%q drawn %d times, want %d", name, got, want)
				}
			}
		})
	}
}

// utilityLegendNames are the names that may appear in a legend of
// TestUtilityPlotStructure.
var utilityLegendNames = []string{
	legendFrontier, legendReserve, legendAgreements, legendPackages, legendDensity,
	"Nash", "weighted Nash", "Kalai–Smorodinsky", "utilitarian", "egalitarian",
}

// TestUtilityPlotUnlabelled checks the labels when the parties have no names.
func TestUtilityPlotUnlabelled(t *testing.T) {
	p, err := UtilityPlot(UtilitySpace{ResX: 0.25, ResY: math.NaN()})
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	if p.X.Label.Text != "utility" || p.Y.Label.Text != "utility" {
		t.Errorf("axis labels = %q, %q, want %q twice", p.X.Label.Text, p.Y.Label.Text, "utility")
	}
	svg := renderSVGSize(t, p, SquareSize, SquareSize)
	if got := textCount(svg, "reservation 0.25"); got != 1 {
		t.Errorf("reservation label drawn %d times, want 1", got)
	}
}

func TestDensity(t *testing.T) {
	pts := []UtilityPoint{{X: 0, Y: 0}, {X: 0.001, Y: 0.001}, {X: 1, Y: 1}, {X: 0.5, Y: 0.25}}
	h := newDensity(pts, [2]float64{0, 1}, [2]float64{0, 1})
	d := h.GridXYZ
	cols, rows := d.Dims()
	if cols != densityBins || rows != densityBins {
		t.Fatalf("density dims = %d×%d, want %d×%d", cols, rows, densityBins, densityBins)
	}
	// Z is the square root of the count; NaN for an empty cell.
	want := map[[2]int]float64{{0, 0}: math.Sqrt(2), {densityBins - 1, densityBins - 1}: 1, {densityBins / 2, densityBins / 4}: 1}
	for c := range cols {
		for r := range rows {
			z := d.Z(c, r)
			w, ok := want[[2]int{c, r}]
			if !ok && !math.IsNaN(z) || ok && !scalar.EqualWithinAbsOrRel(z, w, 1e-12, 1e-12) {
				t.Errorf("density Z(%d, %d) = %v, want %v", c, r, z, cmp.Or(w, math.NaN()))
			}
		}
	}
	if got, want := d.X(0), 0.5/densityBins; !scalar.EqualWithinAbsOrRel(got, want, 1e-12, 1e-12) {
		t.Errorf("density X(0) = %v, want %v", got, want)
	}
	if h.Min != 0 || h.Max != math.Sqrt(2) {
		t.Errorf("density range = [%v, %v], want [0, %v]", h.Min, h.Max, math.Sqrt(2))
	}
	xmin, xmax, ymin, ymax := h.DataRange()
	const tol = 1e-12
	if !scalar.EqualWithinAbs(xmin, 0, tol) || !scalar.EqualWithinAbs(ymin, 0, tol) || !scalar.EqualWithinAbs(xmax, 1, tol) || !scalar.EqualWithinAbs(ymax, 1, tol) {
		t.Errorf("density data range = x [%v, %v] y [%v, %v], want the unit square", xmin, xmax, ymin, ymax)
	}
}

func TestUtilityPlotErrors(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ok := []UtilityPoint{{X: 0.5, Y: 0.5}}
	tests := []struct {
		name string
		u    UtilitySpace
		want PointError // with the sentinel its Err wraps
	}{
		{"NaN package X", UtilitySpace{Packages: []UtilityPoint{{X: 0.1}, {X: nan}}}, PointError{Field: "Packages", Index: 2, Coord: "X", Err: ErrNotFinite}},
		{"infinite frontier Y", UtilitySpace{Packages: ok, Frontier: []UtilityPoint{{Y: -inf}}}, PointError{Field: "Frontier", Index: 1, Coord: "Y", Err: ErrNotFinite}},
		{"NaN agreement weight", UtilitySpace{Agreements: []UtilityPoint{{Weight: nan}}}, PointError{Field: "Agreements", Index: 1, Coord: "Weight", Err: ErrNotFinite}},
		{"infinite agreement weight", UtilitySpace{Agreements: []UtilityPoint{{Weight: inf}}}, PointError{Field: "Agreements", Index: 1, Coord: "Weight", Err: ErrNotFinite}},
		{"negative agreement weight", UtilitySpace{Agreements: []UtilityPoint{ok[0], {Weight: -1}}}, PointError{Field: "Agreements", Index: 2, Coord: "Weight", Err: ErrWeight}},
		{"negative package weight", UtilitySpace{Packages: []UtilityPoint{{Weight: -0.5}}}, PointError{Field: "Packages", Index: 1, Coord: "Weight", Err: ErrWeight}},
		{"NaN solution Y", UtilitySpace{Solutions: []Solution{{Name: "Nash", X: 0.5, Y: nan}}}, PointError{Field: "Solutions", Index: 1, Coord: "Y", Err: ErrNotFinite}},
		{"infinite ResX", UtilitySpace{ResX: inf, ResY: nan}, PointError{Field: "ResX", Err: ErrNotFinite}},
		{"infinite ResY", UtilitySpace{ResX: nan, ResY: -inf}, PointError{Field: "ResY", Err: ErrNotFinite}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := UtilityPlot(tt.u)
			if err == nil {
				t.Fatalf("UtilityPlot(%+v) = %v, nil; want an error", tt.u, p)
			}
			if p != nil {
				t.Errorf("UtilityPlot(%+v) returned a plot with error %v", tt.u, err)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			var pe *PointError
			if !errors.As(err, &pe) {
				t.Fatalf("UtilityPlot(%+v) error = %v (%T), want *PointError", tt.u, err, err)
			}
			if pe.Field != tt.want.Field || pe.Index != tt.want.Index || pe.Coord != tt.want.Coord {
				t.Errorf("error at %s %d %s, want %s %d %s", pe.Field, pe.Index, pe.Coord, tt.want.Field, tt.want.Index, tt.want.Coord)
			}
			if !errors.Is(err, tt.want.Err) {
				t.Errorf("error %v does not wrap %v", err, tt.want.Err)
			}
		})
	}
}

func TestAgreementRadii(t *testing.T) {
	tests := []struct {
		weights []float64
		want    []vg.Length // in points
	}{
		{[]float64{1}, []vg.Length{agreementRadius}},
		{[]float64{0, 1, 0}, []vg.Length{agreementRadius, agreementRadius, agreementRadius}}, // 0 means 1
		{[]float64{5, 5}, []vg.Length{agreementRadius, agreementRadius}},
		{[]float64{1, 4}, []vg.Length{agreementMaxRadius / 2.0, agreementMaxRadius}}, // area ∝ weight
		{[]float64{0, 4}, []vg.Length{agreementMaxRadius / 2.0, agreementMaxRadius}},
		{[]float64{1, 1e6}, []vg.Length{agreementMinRadius, agreementMaxRadius}}, // capped below
	}
	for _, tt := range tests {
		pts := make([]UtilityPoint, len(tt.weights))
		for i, w := range tt.weights {
			pts[i].Weight = w
		}
		got := agreementRadii(pts)
		for i := range got {
			if !scalar.EqualWithinAbsOrRel(float64(got[i]), float64(vg.Points(float64(tt.want[i]))), 1e-9, 1e-9) {
				t.Errorf("agreementRadii(%v)[%d] = %v, want %vpt", tt.weights, i, got[i], float64(tt.want[i]))
			}
		}
	}
}

func TestSortedFrontier(t *testing.T) {
	got := sortedFrontier([]UtilityPoint{{X: 1, Y: 0}, {X: 0.5, Y: 0.5}, {X: 0, Y: 0.9}, {X: 0, Y: 1}})
	want := plotter.XYs{{X: 0, Y: 1}, {X: 0, Y: 0.9}, {X: 0.5, Y: 0.5}, {X: 1, Y: 0}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("sortedFrontier = %v, want %v", got, want)
	}
}

func TestLegendCorner(t *testing.T) {
	nan := math.NaN()
	unit := [2]float64{0, 1}
	const w, h = 0.4, 0.4
	tests := []struct {
		name      string
		u         UtilitySpace
		top, left bool
	}{
		{"empty: top right", UtilitySpace{ResX: nan, ResY: nan}, true, false},
		{"solution top right: top left", UtilitySpace{Solutions: []Solution{{X: 0.9, Y: 0.9}}, ResX: nan, ResY: nan}, true, true},
		{
			"bulging frontier: bottom left",
			UtilitySpace{Frontier: []UtilityPoint{{X: 0, Y: 1}, {X: 0.8, Y: 0.8}, {X: 1, Y: 0}}, ResX: nan, ResY: nan},
			false, true,
		},
		{
			"disagreement point bottom left: bottom right",
			UtilitySpace{Frontier: []UtilityPoint{{X: 0, Y: 1}, {X: 0.7, Y: 0.9}, {X: 0.9, Y: 0.7}, {X: 1, Y: 0.5}}, ResX: 0.2, ResY: 0.2},
			false, false,
		},
	}
	for _, tt := range tests {
		top, left := legendCorner(tt.u, unit, unit, w, h)
		if top != tt.top || left != tt.left {
			t.Errorf("%s: legendCorner = top %v, left %v; want top %v, left %v", tt.name, top, left, tt.top, tt.left)
		}
	}
}

// TestSolutionLabelsLayout checks that the names of crowded solutions clear
// each other, the markers and the legend, and stay in the data area.
func TestSolutionLabelsLayout(t *testing.T) {
	crowded := goldenSpace
	crowded.Solutions = nil
	for _, s := range goldenSpace.Solutions {
		crowded.Solutions = append(crowded.Solutions, Solution{Name: s.Name, X: 0.7, Y: 0.7})
	}
	tests := []struct {
		name string
		u    UtilitySpace
	}{
		{"golden", goldenSpace},
		{"coincident", crowded},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, plotters, err := utilityPlot(tt.u)
			if err != nil {
				t.Fatalf("utilityPlot: %v", err)
			}
			names, ok := plotters[len(plotters)-1].(*solutionLabels)
			if !ok {
				t.Fatalf("last plotter is %T, want *solutionLabels", plotters[len(plotters)-1])
			}
			c := p.DataCanvas(draw.New(vgimg.New(SquareSize, SquareSize)))
			layout := names.layout(c, p)
			if len(layout) != len(tt.u.Solutions) {
				t.Fatalf("layout has %d names, want %d", len(layout), len(tt.u.Solutions))
			}
			legend := legendRect(&p.Legend, c)
			for i, a := range layout {
				name := tt.u.Solutions[i].Name
				if a.box.Min.X < c.Min.X || a.box.Min.Y < c.Min.Y || a.box.Max.X > c.Max.X || a.box.Max.Y > c.Max.Y {
					t.Errorf("%q at %v, outside the data area %v", name, a.box, c.Rectangle)
				}
				if overlap(a.box, legend) {
					t.Errorf("%q at %v overlaps the legend at %v", name, a.box, legend)
				}
				for j, b := range layout {
					if j != i && overlap(a.box, b.box) {
						t.Errorf("%q at %v overlaps %q at %v", name, a.box, tt.u.Solutions[j].Name, b.box)
					}
					if overlap(a.box, square(b.marker, names.markerHalf())) {
						t.Errorf("%q at %v overlaps the marker of %q at %v", name, a.box, tt.u.Solutions[j].Name, b.marker)
					}
				}
			}
		})
	}
}

func TestSegmentInBox(t *testing.T) {
	box := [4]float64{0, 0, 1, 1}
	tests := []struct {
		a, b plotter.XY
		want bool
	}{
		{plotter.XY{X: 0.2, Y: 0.2}, plotter.XY{X: 0.8, Y: 0.8}, true},  // inside
		{plotter.XY{X: -1, Y: 0.5}, plotter.XY{X: 2, Y: 0.5}, true},     // across
		{plotter.XY{X: -1, Y: -1}, plotter.XY{X: 2, Y: 2}, true},        // diagonal through
		{plotter.XY{X: -1, Y: 0.5}, plotter.XY{X: -0.1, Y: 0.5}, false}, // short of it
		{plotter.XY{X: 1.5, Y: 0}, plotter.XY{X: 0, Y: 1.5}, true},      // cuts a corner
		{plotter.XY{X: 2.5, Y: 0}, plotter.XY{X: 0, Y: 2.5}, false},     // misses the corner
		{plotter.XY{X: 0.5, Y: 2}, plotter.XY{X: 0.5, Y: 3}, false},     // vertical, above
	}
	for _, tt := range tests {
		if got := segmentInBox(box, tt.a, tt.b); got != tt.want {
			t.Errorf("segmentInBox(%v, %v, %v) = %v, want %v", box, tt.a, tt.b, got, tt.want)
		}
	}
}

// TestReservePlace checks where the labels of the reservation lines start.
func TestReservePlace(t *testing.T) {
	unit := [2]float64{0, 1}
	none := [4]float64{}
	tests := []struct {
		name     string
		vertical bool
		value    float64
		other    float64
		legend   [4]float64
		points   []plotter.XY
		segments [][2]plotter.XY
		want     float64 // start along the line
	}{
		{"at the crossing", true, 0.3, 0.25, none, nil, nil, 0.25},
		{"no other line", true, 0.3, math.NaN(), none, nil, nil, 0},
		{"past the legend", true, 0.3, 0.25, [4]float64{0, 0, 0.45, 0.35}, nil, nil, 0.35},
		{"horizontal, past the legend", false, 0.25, 0.3, [4]float64{0, 0, 0.45, 0.35}, nil, nil, 0.45},
		{"too little room above the crossing", true, 0.3, 0.9, none, nil, nil, 0},
		{"a solution above the crossing", true, 0.3, 0.25, none, []plotter.XY{{X: 0.29, Y: 0.4}}, nil, 0},
		{
			"the frontier above the crossing", true, 0.3, 0.5, none, nil,
			[][2]plotter.XY{{{X: 0, Y: 0.9}, {X: 0.5, Y: 0.6}}}, 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := UtilitySpace{XLabel: "Alice", YLabel: "Bob", ResX: tt.value, ResY: tt.other}
			if !tt.vertical {
				u.ResX, u.ResY = tt.other, tt.value
			}
			sty := plot.New().Legend.TextStyle
			sty.Font.Size = vg.Points(labelFontSize)
			r := newReserve(u, unit, unit, tt.vertical, sty)
			if r.label.length < 0.1 || r.label.length > 0.5 {
				t.Fatalf("label length = %v of the axis, want about 0.3", r.label.length)
			}
			r.label.place(unit, unit, tt.legend, tt.points, tt.segments)
			got := r.label.labels.XYs[0]
			want := plotter.XY{X: tt.value, Y: tt.want}
			if !tt.vertical {
				want = plotter.XY{X: tt.want, Y: tt.value}
			}
			if !scalar.EqualWithinAbsOrRel(got.X, want.X, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(got.Y, want.Y, 1e-12, 1e-12) {
				t.Errorf("label at %v, want %v", got, want)
			}
		})
	}
}

func TestUtilityPlotGolden(t *testing.T) {
	golden := filepath.Join("testdata", "utility_space_golden.svg")
	p, err := UtilityPlot(goldenSpace)
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	got := renderSVGSize(t, p, SquareSize, SquareSize)

	// Drawing the same plot again, or building it again, must give the same
	// bytes, or a golden file would be meaningless.
	if again := renderSVGSize(t, p, SquareSize, SquareSize); !bytes.Equal(got, again) {
		t.Fatal("two SVG renderings of the same plot differ")
	}
	p2, err := UtilityPlot(goldenSpace)
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	if again := renderSVGSize(t, p2, SquareSize, SquareSize); !bytes.Equal(got, again) {
		t.Fatal("SVG renderings of two plots of the same data differ")
	}

	compareGolden(t, golden, got)
}
