package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// solutionLabels draws the names of the solutions next to their markers.
// A plotter.Labels has one offset for all its labels, which would pile up
// the names of nearby solutions (the Nash, Kalai–Smorodinsky and
// utilitarian solutions often lie close together), so solutionLabels
// places each name itself when the panel is drawn and its size known: at
// the first of a few spots around the marker where the name stays inside
// the data area and clears the markers, the names placed before it, the
// legend, the frontier and the reservation lines; failing that, at the spot
// with the fewest clashes. A name over an agreement's circle costs less
// than one over a marker or name, but more than one across a line: the
// circle, translucent, would blur it. A name that had to go further from its marker
// (the outer ring of spots) is tied to it by a thin leader line.
type solutionLabels struct {
	*plotter.Labels                 // points, names and text styles
	radius          vg.Length       // of the solution markers
	segments        [][2]plotter.XY // lines to keep clear of, in data coordinates
	circles         []plotter.XY    // centres of agreements' circles, in data coordinates
	circleRadii     []vg.Length     // and their radii
}

// labelBackground is the box behind a name, which keeps it readable on grid
// lines and a density.
var labelBackground = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xb0}

// Costs of a spot for a name: any clash outweighs the order of the spots.
const (
	costOutside = 1_000_000 // past the edge of the data area
	costOverlap = 1_000     // over a marker, a name or the legend
	costCover   = 300       // over an agreement's circle
	costCross   = 100       // across the frontier or a reservation line
)

// spots are the directions tried around a marker, as multiples of the gap
// between marker and name, in order of preference. Up and right comes
// first: it lies beyond the frontier, in the empty part of the panel.
var spots = []vg.Point{
	{X: 0.8, Y: 0.8}, {X: 1, Y: 0}, {X: 0, Y: 1}, {X: 0.8, Y: -0.8},
	{X: -0.8, Y: 0.8}, {X: 0, Y: -1}, {X: -1, Y: 0}, {X: -0.8, Y: -0.8},
}

// spotRings are the distances of the spots, as multiples of the gap; a name
// in an outer ring gets a leader line.
var spotRings = []vg.Length{1, 3}

// placement is where solutionLabels puts a name.
type placement struct {
	box    vg.Rectangle // the name's box
	anchor vg.Point     // where the text is drawn, with XLeft and YBottom
	marker vg.Point     // the centre of its marker
	leader bool         // whether a line ties the name to its marker
}

// Plot implements plot.Plotter.
func (l *solutionLabels) Plot(c draw.Canvas, p *plot.Plot) {
	half := l.markerHalf()
	for i, pl := range l.layout(c, p) {
		if l.Labels.Labels[i] == "" {
			continue
		}
		sty := l.style(i)
		if pl.leader {
			end := nearest(pl.box, pl.marker)
			dir := end.Sub(pl.marker)
			if n := vg.Length(math.Hypot(float64(dir.X), float64(dir.Y))); n > half {
				start := pl.marker.Add(dir.Scale(half / n))
				c.StrokeLine2(draw.LineStyle{Color: sty.Color, Width: vg.Points(0.5)}, start.X, start.Y, end.X, end.Y)
			}
		}
		c.SetColor(labelBackground)
		c.Fill(grow(pl.box, vg.Points(1)).Path())
		c.FillText(sty, pl.anchor, l.Labels.Labels[i])
	}
}

// markerHalf returns the half-side of the square kept clear around a
// solution's point: 1.4 radii, which holds most of any marker and its halo
// (the tips of a triangle or a star reach a little further).
func (l *solutionLabels) markerHalf() vg.Length { return l.radius * 1.4 }

// style returns the text style of the i-th name, aligned as layout assumes.
func (l *solutionLabels) style(i int) text.Style {
	sty := l.TextStyle[i]
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YBottom
	return sty
}

// layout returns where Plot puts each name on c; empty names get an empty
// placement.
func (l *solutionLabels) layout(c draw.Canvas, p *plot.Plot) []placement {
	trX, trY := p.Transforms(&c)
	half := l.markerHalf()
	centres := make([]vg.Point, len(l.XYs))
	marks := make([]vg.Rectangle, len(l.XYs))
	for i, xy := range l.XYs {
		centres[i] = vg.Point{X: trX(xy.X), Y: trY(xy.Y)}
		marks[i] = square(centres[i], half)
	}
	segments := make([][2]vg.Point, len(l.segments))
	for i, s := range l.segments {
		segments[i] = [2]vg.Point{{X: trX(s[0].X), Y: trY(s[0].Y)}, {X: trX(s[1].X), Y: trY(s[1].Y)}}
	}
	circles := make([]vg.Rectangle, len(l.circles))
	for i, xy := range l.circles {
		circles[i] = square(vg.Point{X: trX(xy.X), Y: trY(xy.Y)}, l.circleRadii[i])
	}
	obs := labelObstacles{area: c.Rectangle, marks: marks, legend: legendRect(&p.Legend, c), segments: segments, circles: circles}
	gap := half + vg.Points(2)

	out := make([]placement, len(l.XYs))
	var placed []vg.Rectangle
	for i, name := range l.Labels.Labels {
		out[i].marker = centres[i]
		if name == "" {
			continue
		}
		box := l.style(i).Rectangle(name) // relative to the anchor of the text
		size := box.Size()
		at := centres[i]

		bestCost := math.MaxInt
		k := 0
		for ring, dist := range spotRings {
			for _, d := range spots {
				// The spot is the point of the name's box nearest the marker.
				o := vg.Point{X: at.X + d.X*gap*dist, Y: at.Y + d.Y*gap*dist}
				var r vg.Rectangle
				r.Min.X = o.X - size.X*vg.Length(0.5-0.5*sign(d.X))
				r.Min.Y = o.Y - size.Y*vg.Length(0.5-0.5*sign(d.Y))
				r.Max = r.Min.Add(size)
				obs.placed = placed
				cost := k + obs.clashes(r)
				k++
				if cost < bestCost {
					bestCost = cost
					out[i].box, out[i].leader = r, ring > 0
				}
			}
		}
		out[i].anchor = out[i].box.Min.Sub(box.Min)
		placed = append(placed, out[i].box)
	}
	return out
}

// GlyphBoxes implements plot.GlyphBoxer. It returns none: Plot keeps the
// names inside the data area, and the markers have their own boxes.
func (l *solutionLabels) GlyphBoxes(*plot.Plot) []plot.GlyphBox { return nil }

// labelObstacles are what a name should keep clear of, on the canvas.
type labelObstacles struct {
	area     vg.Rectangle   // the data area
	marks    []vg.Rectangle // the solutions' markers
	placed   []vg.Rectangle // the names placed so far
	legend   vg.Rectangle   // the legend's box
	segments [][2]vg.Point  // the frontier and the reservation lines
	circles  []vg.Rectangle // the agreements' circles
}

// clashes returns the cost of a name in r.
func (o *labelObstacles) clashes(r vg.Rectangle) int {
	cost := 0
	area := o.area
	if r.Min.X < area.Min.X || r.Min.Y < area.Min.Y || r.Max.X > area.Max.X || r.Max.Y > area.Max.Y {
		cost += costOutside
	}
	for _, m := range o.marks {
		if overlap(r, m) {
			cost += costOverlap
		}
	}
	for _, q := range o.placed {
		if overlap(r, q) {
			cost += costOverlap
		}
	}
	if overlap(r, o.legend) {
		cost += costOverlap
	}
	for _, c := range o.circles {
		if overlap(r, c) {
			cost += costCover
		}
	}
	for _, s := range o.segments {
		if crosses(r, s[0], s[1]) {
			cost += costCross
		}
	}
	return cost
}

// square returns the square of half-side h around pt.
func square(pt vg.Point, h vg.Length) vg.Rectangle {
	return vg.Rectangle{Min: vg.Point{X: pt.X - h, Y: pt.Y - h}, Max: vg.Point{X: pt.X + h, Y: pt.Y + h}}
}

// sign returns -1, 0 or 1.
func sign(v vg.Length) float64 {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}

// overlap reports whether a and b share more than an edge; an empty
// rectangle overlaps nothing.
func overlap(a, b vg.Rectangle) bool {
	if b.Size().X <= 0 || b.Size().Y <= 0 {
		return false
	}
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// crosses reports whether the segment from a to b enters r.
func crosses(r vg.Rectangle, a, b vg.Point) bool {
	return segmentInBox(
		[4]float64{float64(r.Min.X), float64(r.Min.Y), float64(r.Max.X), float64(r.Max.Y)},
		plotter.XY{X: float64(a.X), Y: float64(a.Y)}, plotter.XY{X: float64(b.X), Y: float64(b.Y)})
}

// segmentInBox reports whether the segment from a to b enters the box
// (x0, y0, x1, y1), by clipping the segment to the box (Liang & Barsky 1984).
func segmentInBox(r [4]float64, a, b plotter.XY) bool {
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, e := range [4][2]float64{
		{-dx, a.X - r[0]},
		{dx, r[2] - a.X},
		{-dy, a.Y - r[1]},
		{dy, r[3] - a.Y},
	} {
		p, q := e[0], e[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
		if t0 > t1 {
			return false
		}
	}
	return true
}

// nearest returns the point of r nearest pt.
func nearest(r vg.Rectangle, pt vg.Point) vg.Point {
	return vg.Point{X: min(max(pt.X, r.Min.X), r.Max.X), Y: min(max(pt.Y, r.Min.Y), r.Max.Y)}
}
