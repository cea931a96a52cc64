package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrScale is wrapped in the *DataError of a spatial plot given a position
// outside the issue scale [0,100], or NaN.
var ErrScale = errors.New("not in [0,100]")

// SpatialActor is an actor drawn on an issue's 0–100 line: its position
// and its weight, capability × salience (≥ 0), which sets the area of
// its disc.
type SpatialActor struct {
	Name     string
	Position float64
	Weight   float64
}

// SpatialMark is a position marked on an issue's line: a model's
// prediction, with its interval when Lo < Hi (else NaN or equal), or
// the actual outcome or status quo.
type SpatialMark struct {
	Name     string
	Position float64
	Lo, Hi   float64
}

// Looks of the spatial plots.
const (
	spatialMaxRadius = 11.0 // points: the heaviest actor's disc
	spatialMinRadius = 2.0
	stackGap         = 4 // positions closer than this stack up
)

// SpatialIssue returns a plot of one issue: the actors as discs on the
// 0–100 line, the area of each proportional to its weight, stacked where
// positions are close and labelled with names; and each mark as a vertical
// line (its interval shaded), named in the legend. It returns a *DataError
// if there is no actor, a position is outside [0,100] or a weight negative
// or not finite.
func SpatialIssue(title string, actors []SpatialActor, marks []SpatialMark) (*plot.Plot, error) {
	c := checker{plot: "SpatialIssue"}
	c.nonEmpty("actors", len(actors))
	for i, a := range actors {
		if !(a.Position >= 0 && a.Position <= 100) {
			c.fail("actors", i+1, 0, a.Name, fmt.Errorf("position %v %w", a.Position, ErrScale))
		}
		if !(a.Weight >= 0) || math.IsInf(a.Weight, 0) {
			c.fail("actors", i+1, 0, a.Name, fmt.Errorf("weight %v: %w", a.Weight, ErrNotFinite))
		}
	}
	for i, m := range marks {
		if !(m.Position >= 0 && m.Position <= 100) {
			c.fail("marks", i+1, 0, m.Name, fmt.Errorf("position %v %w", m.Position, ErrScale))
		}
	}
	if c.err != nil {
		return nil, c.err
	}

	// Stack actors left to right: an actor within stackGap of the last one
	// placed at a level goes one level up.
	order := make([]int, len(actors))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return actors[order[a]].Position < actors[order[b]].Position })
	level := make([]int, len(actors))
	last := []float64{} // last position placed at each level
	for _, i := range order {
		l := 0
		for l < len(last) && actors[i].Position-last[l] < stackGap {
			l++
		}
		if l == len(last) {
			last = append(last, 0)
		}
		last[l], level[i] = actors[i].Position, l
	}
	top := float64(len(last))

	p := newPlot(title)
	p.X.Label.Text = "position"
	p.X.Min, p.X.Max = -3, 103
	p.X.Tick.Marker = plot.ConstantTicks(spatialTicks())
	p.Y.Min, p.Y.Max = -0.6, top+0.2
	p.Y.Tick.Marker = plot.ConstantTicks(nil)
	p.Y.Label.Text = "actors (area: capability × salience)"
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	p.Add(grid)

	var entries []legendEntry
	avoid := &obstacles{}
	for i, m := range marks {
		col := okabeIto[i%len(okabeIto)]
		if m.Lo < m.Hi {
			band, _ := plotter.NewPolygon(plotter.XYs{{X: m.Lo, Y: p.Y.Min}, {X: m.Hi, Y: p.Y.Min}, {X: m.Hi, Y: p.Y.Max}, {X: m.Lo, Y: p.Y.Max}})
			r, g, b, _ := col.RGBA()
			band.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: bandAlpha}
			band.LineStyle.Width = 0
			p.Add(band)
		}
		line, _ := plotter.NewLine(plotter.XYs{{X: m.Position, Y: p.Y.Min}, {X: m.Position, Y: p.Y.Max}})
		line.Color = col
		line.Width = vg.Points(2)
		line.Dashes = plotutilDashes(i)
		p.Add(line)
		avoid.lines = append(avoid.lines, plotter.XYs{{X: m.Position, Y: p.Y.Min}, {X: m.Position, Y: p.Y.Max}})
		name := fmt.Sprintf("%s %.1f", m.Name, m.Position)
		if m.Lo < m.Hi {
			name += fmt.Sprintf(" [%.1f, %.1f]", m.Lo, m.Hi)
		}
		entries = append(entries, legendEntry{name: name, thumbs: []plot.Thumbnailer{line}})
	}

	maxW := 0.0
	for _, a := range actors {
		maxW = max(maxW, a.Weight)
	}
	pts := make(plotter.XYs, len(actors))
	labels := make([]string, len(actors))
	for i, a := range actors {
		pts[i] = plotter.XY{X: a.Position, Y: float64(level[i])}
		labels[i] = a.Name
		avoid.points = append(avoid.points, pts[i])
	}
	sc, _ := plotter.NewScatter(pts)
	sc.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		r := float64(spatialMinRadius)
		if maxW > 0 {
			r = max(spatialMinRadius, spatialMaxRadius*math.Sqrt(actors[i].Weight/maxW))
		}
		return draw.GlyphStyle{Color: color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0x90}, Radius: vg.Points(r), Shape: draw.CircleGlyph{}}
	}
	p.Add(sc)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err == nil {
		for i := range lab.TextStyle {
			lab.TextStyle[i].Font.Size = vg.Points(7)
			lab.TextStyle[i].XAlign = draw.XCenter
			lab.Offset = vg.Point{Y: -vg.Points(3)}
		}
		p.Add(lab)
	}
	placeLegend(p, entries, avoid)
	return p, nil
}

// spatialTicks are ticks every 10 points, labelled every 20.
func spatialTicks() []plot.Tick {
	var t []plot.Tick
	for x := 0; x <= 100; x += 10 {
		label := ""
		if x%20 == 0 {
			label = fmt.Sprint(x)
		}
		t = append(t, plot.Tick{Value: float64(x), Label: label})
	}
	return t
}

// plotutilDashes returns the i-th dash pattern: solid first.
func plotutilDashes(i int) []vg.Length {
	patterns := [][]vg.Length{nil, {vg.Points(6), vg.Points(2)}, {vg.Points(2), vg.Points(2)}, {vg.Points(6), vg.Points(2), vg.Points(2), vg.Points(2)}}
	return patterns[i%len(patterns)]
}

// PositionsByRound returns a plot of the actors' positions round by round
// in a process model: positions[r][i] is actor i's position after round r
// (row 0 the starting positions), one line per actor, named in the legend
// when there are at most 10 actors. prediction, if not NaN, is drawn as a
// dashed horizontal line. It returns a *DataError if there are no rounds,
// a row's length differs from names, or a position is outside [0,100].
func PositionsByRound(title string, names []string, positions [][]float64, prediction float64) (*plot.Plot, error) {
	c := checker{plot: "PositionsByRound"}
	c.nonEmpty("positions", len(positions))
	for r, row := range positions {
		c.length("positions", r+1, "", len(row), len(names))
		for i, x := range row {
			if c.err == nil && !(x >= 0 && x <= 100) {
				c.fail("positions", r+1, i+1, nameAt(names, i), fmt.Errorf("%v %w", x, ErrScale))
			}
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	p := newPlot(title)
	p.X.Label.Text = "round"
	p.Y.Label.Text = "position"
	p.X.Min, p.X.Max = 0, math.Max(1, float64(len(positions)-1))
	p.Y.Min, p.Y.Max = 0, 100
	p.Y.Tick.Marker = plot.ConstantTicks(spatialTicks())
	p.X.Tick.Marker = roundTicks{}
	p.Add(plotter.NewGrid())
	var entries []legendEntry
	avoid := &obstacles{}
	for i, name := range names {
		xy := make(plotter.XYs, len(positions))
		for r, row := range positions {
			xy[r] = plotter.XY{X: float64(r), Y: row[i]}
		}
		l, _ := plotter.NewLine(xy)
		l.Color = okabeIto[i%len(okabeIto)]
		l.Width = vg.Points(1.5)
		l.Dashes = plotutilDashes(i / len(okabeIto))
		p.Add(l)
		avoid.lines = append(avoid.lines, xy)
		if len(names) <= 10 {
			entries = append(entries, legendEntry{name: name, thumbs: []plot.Thumbnailer{l}})
		}
	}
	if !math.IsNaN(prediction) {
		l, _ := plotter.NewLine(plotter.XYs{{X: p.X.Min, Y: prediction}, {X: p.X.Max, Y: prediction}})
		l.Color = color.Black
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(l)
		entries = append(entries, legendEntry{name: fmt.Sprintf("prediction %.1f", prediction), thumbs: []plot.Thumbnailer{l}})
	}
	placeLegend(p, entries, avoid)
	return p, nil
}

// PredictedActual is one model's predictions of a set of issues and the
// actual outcomes, in the same order.
type PredictedActual struct {
	Model             string
	Predicted, Actual []float64
}

// PredictedVsActual returns a scatter plot of predicted against actual
// outcomes, one glyph shape and colour per model, with the diagonal and
// dotted lines 10 points either side. Pairs with a NaN are left out. It
// returns a *DataError if there is no series, lengths differ, or a value
// is outside [0,100].
func PredictedVsActual(title string, series ...PredictedActual) (*plot.Plot, error) {
	c := checker{plot: "PredictedVsActual"}
	c.nonEmpty("series", len(series))
	for k, s := range series {
		c.length("series", k+1, s.Model, len(s.Predicted), len(s.Actual))
		if c.err != nil {
			break
		}
		for i := range s.Predicted {
			for _, x := range []float64{s.Predicted[i], s.Actual[i]} {
				if c.err == nil && !math.IsNaN(x) && !(x >= 0 && x <= 100) {
					c.fail("series", k+1, i+1, s.Model, fmt.Errorf("%v %w", x, ErrScale))
				}
			}
		}
	}
	if c.err != nil {
		return nil, c.err
	}
	p := newPlot(title)
	p.X.Label.Text = "actual outcome"
	p.Y.Label.Text = "predicted"
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 100, 0, 100
	p.X.Tick.Marker = plot.ConstantTicks(spatialTicks())
	p.Y.Tick.Marker = plot.ConstantTicks(spatialTicks())
	p.Add(plotter.NewGrid())
	for _, d := range []float64{0, -10, 10} {
		l, _ := plotter.NewLine(plotter.XYs{{X: max(0, -d), Y: max(0, d)}, {X: min(100, 100-d), Y: min(100, 100+d)}})
		l.Color = color.Gray{Y: 0x60}
		if d != 0 {
			l.Dashes = []vg.Length{vg.Points(1), vg.Points(3)}
		}
		p.Add(l)
	}
	var entries []legendEntry
	avoid := &obstacles{lines: []plotter.XYs{{{X: 0, Y: 0}, {X: 100, Y: 100}}}}
	for k, s := range series {
		var xy plotter.XYs
		for i := range s.Predicted {
			if !math.IsNaN(s.Predicted[i]) && !math.IsNaN(s.Actual[i]) {
				xy = append(xy, plotter.XY{X: s.Actual[i], Y: s.Predicted[i]})
			}
		}
		if len(xy) == 0 {
			continue
		}
		sc, _ := plotter.NewScatter(xy)
		sc.GlyphStyle = draw.GlyphStyle{Color: okabeIto[k%len(okabeIto)], Radius: vg.Points(3.5), Shape: solutionMarkers[k%len(solutionMarkers)]}
		p.Add(sc)
		avoid.points = append(avoid.points, xy...)
		entries = append(entries, legendEntry{name: s.Model, thumbs: []plot.Thumbnailer{sc}})
	}
	placeLegend(p, entries, avoid)
	return p, nil
}
