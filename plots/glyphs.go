package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// marker is a filled polygon or star glyph with a white halo, so that a
// solution stays visible on the frontier line and the agreement circles.
// Unlike gonum's glyphs, none is a circle, which would read as an agreement.
type marker struct {
	points int     // vertices of a polygon, or points of a star
	phase  float64 // direction of the first vertex, in radians from +x
	inner  float64 // a star's inner radius relative to its outer; 0 for a polygon
	scale  float64 // outer radius relative to the glyph radius, to even out areas
}

// solutionMarkers are the shapes of the solutions, in order.
var solutionMarkers = []marker{
	{points: 4, phase: math.Pi / 2, scale: 1.3},              // diamond
	{points: 4, phase: math.Pi / 4, scale: 1.2},              // square
	{points: 3, phase: math.Pi / 2, scale: 1.45},             // triangle
	{points: 3, phase: -math.Pi / 2, scale: 1.45},            // triangle pointing down
	{points: 5, phase: math.Pi / 2, inner: 0.45, scale: 1.6}, // star
	{points: 6, phase: 0, scale: 1.1},                        // hexagon
}

// haloWidth is the width of the white outline; half of it shows.
const haloWidth = 2

// DrawGlyph implements draw.GlyphDrawer.
func (m marker) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	n := m.points
	if m.inner > 0 {
		n *= 2
	}
	var path vg.Path
	for k := range n {
		r := float64(sty.Radius) * m.scale
		if m.inner > 0 && k%2 == 1 {
			r *= m.inner
		}
		a := m.phase + 2*math.Pi*float64(k)/float64(n)
		v := vg.Point{X: pt.X + vg.Length(r*math.Cos(a)), Y: pt.Y + vg.Length(r*math.Sin(a))}
		if k == 0 {
			path.Move(v)
		} else {
			path.Line(v)
		}
	}
	path.Close()
	c.SetLineStyle(draw.LineStyle{Color: color.White, Width: vg.Points(haloWidth)})
	c.Stroke(path)
	c.SetColor(sty.Color)
	c.Fill(path)
}
