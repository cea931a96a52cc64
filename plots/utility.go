package plots

import (
	"cmp"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// UtilityPoint is a point in a two-party utility space; Weight (≥ 0) scales
// its marker for Monte Carlo agreements (e.g. the number of runs that
// reached it); 0 means 1. Weight is used only for Agreements, but it is
// checked everywhere.
type UtilityPoint struct{ X, Y, Weight float64 }

// Solution is a labelled point such as the Nash bargaining solution.
type Solution struct {
	Name string
	X, Y float64
}

// UtilitySpace is the data of one utility-space panel.
type UtilitySpace struct {
	Title          string
	XLabel, YLabel string // the two parties' names
	// Note, if not empty, is a line under the x axis's label: say there
	// that a panel of a space of more than two parties is a projection.
	Note string

	// Packages holds every package (or a sample). They are drawn as faint
	// grey points, or as a density (a grey 2-D histogram) when there are
	// more than DensityThreshold of them.
	Packages []UtilityPoint
	// Frontier is the Pareto frontier, drawn as a line through its points
	// in order of X, with markers. Its order does not matter.
	Frontier []UtilityPoint
	// ResX and ResY are the reservation values of the two parties, drawn
	// as dashed vertical and horizontal lines with labels; NaN means none
	// (the zero value, 0, is a reservation value of 0).
	ResX, ResY float64
	// Solutions are marked with distinct glyphs and colours, labelled next
	// to their markers, and named in the legend.
	Solutions []Solution
	// Agreements are Monte Carlo agreements, drawn as translucent circles
	// over the frontier and under the solutions. The area of a circle is
	// proportional to its Weight, the heaviest 9pt in radius and none below
	// 1.5pt; if all the weights are equal, every circle is 4pt.
	Agreements []UtilityPoint
}

// DensityThreshold is the number of packages above which UtilityPlot draws
// them as a density rather than as points, which would be slow to draw and
// saturate into a blot.
const DensityThreshold = 20000

// SquareSize is the side of a square utility-space panel, for Save or
// SaveGrid: a square panel gives both parties' utilities the same scale.
const SquareSize = 12 * vg.Centimeter

// Errors that UtilityPlot wraps in a *PointError.
var (
	// ErrNotFinite means that a coordinate or weight is NaN or infinite.
	ErrNotFinite = errors.New("not finite")
	// ErrWeight means that a weight is negative.
	ErrWeight = errors.New("negative weight")
)

// PointError reports an invalid value given to UtilityPlot.
type PointError struct {
	Field string // "Packages", "Frontier", "Solutions", "Agreements", "ResX" or "ResY"
	Index int    // position of the point in Field, from 1; 0 for ResX and ResY
	Coord string // "X", "Y" or "Weight"; empty for ResX and ResY
	Err   error  // wraps ErrNotFinite or ErrWeight
}

func (e *PointError) Error() string {
	place := e.Field
	if e.Index > 0 {
		place += " point " + strconv.Itoa(e.Index)
	}
	return fmt.Sprintf("plots: utility space: %s: %v", place, e.Err)
}

func (e *PointError) Unwrap() error { return e.Err }

// Looks of the utility-space plot. Colours are from the Okabe & Ito (2008)
// palette, which stays distinct for colour-blind readers.
var (
	packageColor   = color.NRGBA{R: 0x70, G: 0x70, B: 0x70, A: 0x80}
	frontierColor  = color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff} // blue
	agreementColor = color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0x80} // reddish purple
	reserveColor   = color.NRGBA{R: 0x55, G: 0x55, B: 0x55, A: 0xff}
	solutionColors = []color.Color{
		color.NRGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
		color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
		color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
		color.NRGBA{R: 0x00, G: 0x00, B: 0x00, A: 0xff}, // black
		color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	}
)

const (
	packageRadius  = 1.6
	frontierWidth  = 1.8
	frontierRadius = 2
	solutionRadius = 4.5
	reserveWidth   = 1

	// Agreements all of one weight are drawn at agreementRadius; otherwise
	// the area of a circle is proportional to its weight, the heaviest at
	// agreementMaxRadius, and none smaller than agreementMinRadius so that
	// rare agreements stay visible.
	agreementRadius    = 4
	agreementMaxRadius = 9
	agreementMinRadius = 1.5

	legendFontSize = 8.5
	labelFontSize  = 8.5
)

// Legend names.
const (
	legendFrontier   = "Pareto frontier"
	legendReserve    = "reservation values"
	legendAgreements = "agreements (Monte Carlo)"
	legendPackages   = "packages"
	legendDensity    = "packages (density)"
)

// UtilityPlot builds a utility-space panel from u. The axes span
// [min(0, data), max(1, data)], so utilities in [0,1] fill the square, and
// are labelled "utility to <party>" ("utility" if the party has no name).
// From the bottom up it draws a grid, the packages, the reservation lines,
// the frontier, the agreements, the solutions and their names. The legend
// (frontier, reservation values, each solution, agreements, packages) sits
// on a translucent box in the corner where it hides the least of the
// frontier, solutions and agreements; the labels of the reservation lines
// and the names of the solutions move out of its way. Save it at
// SquareSize by SquareSize, or in a grid with SaveGrid.
//
// It returns a *PointError, wrapping ErrNotFinite or ErrWeight, if a
// coordinate or weight is NaN or infinite, ResX or ResY is infinite, or a
// weight is negative. An empty u gives an empty panel.
func UtilityPlot(u UtilitySpace) (*plot.Plot, error) {
	p, _, err := utilityPlot(u)
	return p, err
}

// utilityPlot builds the plot of UtilityPlot and also returns the plotters
// it added, in drawing order, so that tests can check them.
func utilityPlot(u UtilitySpace) (*plot.Plot, []plot.Plotter, error) {
	if err := u.check(); err != nil {
		return nil, nil, err
	}
	xr, yr := u.ranges()

	p := newUtilityPlot(u, xr, yr)
	labelStyle := text.Style{Color: reserveColor, Font: p.Legend.TextStyle.Font, Handler: p.Legend.TextStyle.Handler}
	labelStyle.Font.Size = vg.Points(labelFontSize)

	l := &utilityLayers{plotters: []plot.Plotter{plotter.NewGrid()}}
	l.addPackages(u, xr, yr)
	l.addReserves(u, xr, yr, labelStyle)
	l.addFrontier(u)
	if len(l.reserve) > 0 {
		l.legend = append(l.legend, legendEntry{legendReserve, l.reserve})
	}
	l.addAgreements(u)
	// Solutions go over the agreements, which would hide them, and their
	// names over everything.
	l.addSolutions(u, labelStyle)
	l.finishLegend(p, u, xr, yr)

	p.Add(l.plotters...)
	// Set the ranges after Add, which widens them to the data.
	p.X.Min, p.X.Max = xr[0], xr[1]
	p.Y.Min, p.Y.Max = yr[0], yr[1]
	return p, l.plotters, nil
}

// newUtilityPlot returns an empty utility-space panel for u, whose axes
// span xr and yr, with its title, axis labels, ticks and legend style.
func newUtilityPlot(u UtilitySpace, xr, yr [2]float64) *plot.Plot {
	p := plot.New()
	setTitle(p, u.Title, SquareSize-vg.Centimeter)
	p.X.Label.Text = utilityLabel(u.XLabel)
	if u.Note != "" {
		p.X.Label.Text += "\n" + u.Note
	}
	p.Y.Label.Text = utilityLabel(u.YLabel)
	if xr == [2]float64{0, 1} {
		p.X.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	}
	if yr == [2]float64{0, 1} {
		p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	}
	p.Legend.TextStyle.Font.Size = vg.Points(legendFontSize)
	p.Legend.ThumbnailWidth = vg.Points(16)
	p.Legend.Padding = vg.Points(1.5)
	return p
}

// utilityLayers collects the layers of a utility-space panel as
// utilityPlot adds them from the bottom up.
type utilityLayers struct {
	plotters []plot.Plotter // in drawing order
	legend   []legendEntry
	// packages and agreements go last in the legend, though drawn early.
	packages, agreements *legendEntry
	reserve              []plot.Thumbnailer // the reservation lines' entry, if any
	// segments are the reservation lines and the frontier's segments:
	// obstacles for the solutions' names.
	segments  [][2]plotter.XY
	resLabels []*reserveLabel // placed once the legend's corner is known
	frontier  plotter.XYs     // in order of X
	radii     []vg.Length     // of the agreements' circles
}

// addPackages draws u's packages as points, or as a density if there are
// more than DensityThreshold.
func (l *utilityLayers) addPackages(u UtilitySpace, xr, yr [2]float64) {
	switch n := len(u.Packages); {
	case n > DensityThreshold:
		l.plotters = append(l.plotters, newDensity(u.Packages, xr, yr))
		l.packages = &legendEntry{legendDensity, []plot.Thumbnailer{densityThumb{}}}
	case n > 0:
		s := newScatter(u.Packages)
		s.GlyphStyle = draw.GlyphStyle{Color: packageColor, Radius: vg.Points(packageRadius), Shape: draw.CircleGlyph{}}
		l.plotters = append(l.plotters, s)
		l.packages = &legendEntry{legendPackages, []plot.Thumbnailer{s}}
	}
}

// addReserves draws the reservation lines of u, with their labels in
// labelStyle, and keeps them as obstacles for the solutions' names.
func (l *utilityLayers) addReserves(u UtilitySpace, xr, yr [2]float64, labelStyle text.Style) {
	for _, vertical := range []bool{true, false} {
		r := newReserve(u, xr, yr, vertical, labelStyle)
		if r == nil {
			continue
		}
		l.plotters = append(l.plotters, r.line, r.label.labels)
		l.segments = append(l.segments, r.segment)
		l.resLabels = append(l.resLabels, r.label)
		if len(l.reserve) == 0 {
			l.reserve = append(l.reserve, r.line)
		}
	}
}

// addFrontier draws u's Pareto frontier as a line with markers, in order of
// X, and keeps its segments as obstacles for the solutions' names.
func (l *utilityLayers) addFrontier(u UtilitySpace) {
	if len(u.Frontier) == 0 {
		return
	}
	l.frontier = sortedFrontier(u.Frontier)
	line, points, err := plotter.NewLinePoints(l.frontier)
	if err != nil {
		// check has ruled out NaN and infinities, the only causes.
		panic("plots: " + err.Error())
	}
	line.Color = frontierColor
	line.Width = vg.Points(frontierWidth)
	points.Color = frontierColor
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(frontierRadius)
	l.plotters = append(l.plotters, line, points)
	l.legend = append(l.legend, legendEntry{legendFrontier, []plot.Thumbnailer{line, points}})
	for i := 1; i < len(l.frontier); i++ {
		l.segments = append(l.segments, [2]plotter.XY{l.frontier[i-1], l.frontier[i]})
	}
}

// addAgreements draws u's agreements as translucent circles sized by their
// weights (see agreementRadii).
func (l *utilityLayers) addAgreements(u UtilitySpace) {
	if len(u.Agreements) == 0 {
		return
	}
	s := newScatter(u.Agreements)
	s.GlyphStyle = draw.GlyphStyle{Color: agreementColor, Radius: vg.Points(agreementRadius), Shape: draw.CircleGlyph{}}
	radii := agreementRadii(u.Agreements)
	s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		g := s.GlyphStyle
		g.Radius = radii[i]
		return g
	}
	l.radii = radii
	l.plotters = append(l.plotters, s)
	l.agreements = &legendEntry{legendAgreements, []plot.Thumbnailer{s}}
}

// addSolutions marks u's solutions with distinct glyphs and colours, adds
// them to the legend, and names them next to their markers in labelStyle
// in their colours, clear of the agreements and of the segments.
func (l *utilityLayers) addSolutions(u UtilitySpace, labelStyle text.Style) {
	if len(u.Solutions) == 0 {
		return
	}
	names := &solutionLabels{
		Labels:      &plotter.Labels{},
		radius:      vg.Points(solutionRadius),
		segments:    l.segments,
		circleRadii: l.radii,
	}
	for _, a := range u.Agreements {
		names.circles = append(names.circles, plotter.XY{X: a.X, Y: a.Y})
	}
	for i, s := range u.Solutions {
		c := solutionColors[i%len(solutionColors)]
		sc := newScatter([]UtilityPoint{{X: s.X, Y: s.Y}})
		sc.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(solutionRadius), Shape: solutionMarkers[i%len(solutionMarkers)]}
		l.plotters = append(l.plotters, sc)
		l.legend = append(l.legend, legendEntry{s.Name, []plot.Thumbnailer{sc}})

		sty := labelStyle
		sty.Color = c
		names.XYs = append(names.XYs, plotter.XY{X: s.X, Y: s.Y})
		names.Labels.Labels = append(names.Labels.Labels, s.Name)
		names.TextStyle = append(names.TextStyle, sty)
	}
	l.plotters = append(l.plotters, names)
}

// finishLegend adds the legend's entries to p (agreements and packages
// last) on a translucent box, in the corner of the axes xr by yr where it
// hides the least of u (see legendCorner), and moves the labels of the
// reservation lines out of its way.
func (l *utilityLayers) finishLegend(p *plot.Plot, u UtilitySpace, xr, yr [2]float64) {
	for _, e := range []*legendEntry{l.agreements, l.packages} {
		if e != nil {
			l.legend = append(l.legend, *e)
		}
	}
	for i, e := range l.legend {
		if i == 0 {
			e.thumbs = append([]plot.Thumbnailer{backdrop{&p.Legend}}, e.thumbs...)
		}
		p.Legend.Add(e.name, e.thumbs...)
	}
	w, h := legendArea(legendSize(&p.Legend))
	p.Legend.Top, p.Legend.Left = legendCorner(u, xr, yr, w, h)
	l.placeReserveLabels(u, xr, yr, cornerBox(p.Legend.Top, p.Legend.Left, w, h))
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), -vg.Points(6)
	if !p.Legend.Left {
		p.Legend.XOffs = -p.Legend.XOffs
	}
	if !p.Legend.Top {
		p.Legend.YOffs = -p.Legend.YOffs
	}
}

// placeReserveLabels places the labels of the reservation lines clear of
// the legend's box, of u's solutions and agreements, of the frontier and
// of the other reservation line.
func (l *utilityLayers) placeReserveLabels(u UtilitySpace, xr, yr [2]float64, box [4]float64) {
	var points []plotter.XY
	for _, s := range u.Solutions {
		points = append(points, plotter.XY{X: s.X, Y: s.Y})
	}
	for _, a := range u.Agreements {
		points = append(points, plotter.XY{X: a.X, Y: a.Y})
	}
	points = append(points, l.frontier...)
	for _, r := range l.resLabels {
		// Keep clear of the frontier and of the other reservation line.
		r.place(xr, yr, box, points, l.segments)
	}
}

// check returns a *PointError if u cannot be plotted.
func (u UtilitySpace) check() error {
	finite := func(field string, i int, coord string, v float64) error {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &PointError{Field: field, Index: i, Coord: coord, Err: fmt.Errorf("%s = %v: %w", coord, v, ErrNotFinite)}
		}
		return nil
	}
	points := []struct {
		field string
		pts   []UtilityPoint
	}{{"Packages", u.Packages}, {"Frontier", u.Frontier}, {"Agreements", u.Agreements}}
	for _, f := range points {
		for i, pt := range f.pts {
			err := cmp.Or(
				finite(f.field, i+1, "X", pt.X),
				finite(f.field, i+1, "Y", pt.Y),
				finite(f.field, i+1, "Weight", pt.Weight))
			if err != nil {
				return err
			}
			if pt.Weight < 0 {
				return &PointError{Field: f.field, Index: i + 1, Coord: "Weight", Err: fmt.Errorf("Weight = %v: %w", pt.Weight, ErrWeight)}
			}
		}
	}
	for i, s := range u.Solutions {
		if err := cmp.Or(finite("Solutions", i+1, "X", s.X), finite("Solutions", i+1, "Y", s.Y)); err != nil {
			return err
		}
	}
	for _, r := range []struct {
		field string
		v     float64
	}{{"ResX", u.ResX}, {"ResY", u.ResY}} {
		if math.IsInf(r.v, 0) {
			return &PointError{Field: r.field, Err: fmt.Errorf("%v: %w", r.v, ErrNotFinite)}
		}
	}
	return nil
}

// ranges returns the spans of the axes: [min(0, data), max(1, data)] for
// each. u must have passed check.
func (u UtilitySpace) ranges() (xr, yr [2]float64) {
	xr, yr = [2]float64{0, 1}, [2]float64{0, 1}
	add := func(x, y float64) {
		if !math.IsNaN(x) {
			xr[0], xr[1] = min(xr[0], x), max(xr[1], x)
		}
		if !math.IsNaN(y) {
			yr[0], yr[1] = min(yr[0], y), max(yr[1], y)
		}
	}
	for _, pts := range [][]UtilityPoint{u.Packages, u.Frontier, u.Agreements} {
		for _, pt := range pts {
			add(pt.X, pt.Y)
		}
	}
	for _, s := range u.Solutions {
		add(s.X, s.Y)
	}
	add(u.ResX, u.ResY)
	return xr, yr
}

// utilityLabel returns the axis label for a party's utility.
func utilityLabel(party string) string {
	if party == "" {
		return "utility"
	}
	return "utility to " + party
}

// newScatter returns a scatter of pts, which must be finite.
func newScatter(pts []UtilityPoint) *plotter.Scatter {
	xys := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		xys[i] = plotter.XY{X: pt.X, Y: pt.Y}
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		panic("plots: " + err.Error()) // check has ruled out NaN and infinities
	}
	return s
}

// sortedFrontier returns the frontier's points in order of X, and of Y
// downwards for equal X, so that the line through them does not double back.
func sortedFrontier(pts []UtilityPoint) plotter.XYs {
	xys := make(plotter.XYs, len(pts))
	for i, pt := range pts {
		xys[i] = plotter.XY{X: pt.X, Y: pt.Y}
	}
	slices.SortStableFunc(xys, func(a, b plotter.XY) int {
		return cmp.Or(cmp.Compare(a.X, b.X), cmp.Compare(b.Y, a.Y))
	})
	return xys
}

// agreementRadii returns the radius of each agreement's circle: all
// agreementRadius if the weights are equal, else with the area proportional
// to the weight, the heaviest at agreementMaxRadius and none below
// agreementMinRadius.
func agreementRadii(pts []UtilityPoint) []vg.Length {
	weight := func(pt UtilityPoint) float64 {
		if pt.Weight == 0 {
			return 1
		}
		return pt.Weight
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, pt := range pts {
		lo, hi = min(lo, weight(pt)), max(hi, weight(pt))
	}
	radii := make([]vg.Length, len(pts))
	for i, pt := range pts {
		r := float64(agreementRadius)
		if lo != hi {
			r = max(agreementMinRadius, agreementMaxRadius*math.Sqrt(weight(pt)/hi))
		}
		radii[i] = vg.Points(r)
	}
	return radii
}
