package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// densityBins is the number of histogram bins along each axis: cells of
// about 2 mm on a SquareSize panel.
const densityBins = 50

// density is a 2-D histogram of points over a rectangle, as a
// plotter.GridXYZ: Z is the square root of the count in a cell, so that a
// few dense cells do not wash out the rest, and NaN for an empty cell, which
// the heat map leaves blank.
type density struct {
	z              []float64 // row-major, densityBins × densityBins
	x0, y0, dx, dy float64
}

// newDensity returns a heat map of the histogram of pts over xr × yr, in
// light greys that darken with the count.
func newDensity(pts []UtilityPoint, xr, yr [2]float64) *plotter.HeatMap {
	d := &density{
		z:  make([]float64, densityBins*densityBins),
		x0: xr[0], y0: yr[0],
		dx: (xr[1] - xr[0]) / densityBins,
		dy: (yr[1] - yr[0]) / densityBins,
	}
	bin := func(v, v0, dv float64) int {
		return min(max(int((v-v0)/dv), 0), densityBins-1)
	}
	for _, pt := range pts {
		d.z[bin(pt.Y, d.y0, d.dy)*densityBins+bin(pt.X, d.x0, d.dx)]++
	}
	top := 0.0
	for i, n := range d.z {
		if n == 0 {
			d.z[i] = math.NaN()
			continue
		}
		d.z[i] = math.Sqrt(n)
		top = max(top, d.z[i])
	}
	h := plotter.NewHeatMap(d, greys{})
	h.Min, h.Max = 0, top
	return h
}

// Dims, Z, X and Y implement plotter.GridXYZ.
func (d *density) Dims() (c, r int)   { return densityBins, densityBins }
func (d *density) Z(c, r int) float64 { return d.z[r*densityBins+c] }
func (d *density) X(c int) float64    { return d.x0 + (float64(c)+0.5)*d.dx }
func (d *density) Y(r int) float64    { return d.y0 + (float64(r)+0.5)*d.dy }

// greys is the palette of the density: light enough that the frontier,
// solutions and agreements stand out on its darkest cells.
type greys struct{}

const (
	greyLight = 0xf4
	greyDark  = 0xa8
	greySteps = 24
)

// Colors implements palette.Palette.
func (greys) Colors() []color.Color {
	cs := make([]color.Color, greySteps)
	for i := range cs {
		v := uint8(greyLight - (greyLight-greyDark)*i/(greySteps-1))
		cs[i] = color.Gray{Y: v}
	}
	return cs
}

// densityThumb is the legend thumbnail of a density: a mid-grey square.
type densityThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (densityThumb) Thumbnail(c *draw.Canvas) {
	ctr := c.Center()
	r := vg.Points(4)
	c.FillPolygon(color.Gray{Y: (greyLight + greyDark) / 2}, []vg.Point{
		{X: ctr.X - r, Y: ctr.Y - r}, {X: ctr.X + r, Y: ctr.Y - r},
		{X: ctr.X + r, Y: ctr.Y + r}, {X: ctr.X - r, Y: ctr.Y + r},
	})
}
