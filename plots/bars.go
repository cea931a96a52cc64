package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// hbar is one horizontal bar: from x0 to x1 (either may be the larger),
// centred on y.
type hbar struct {
	y, x0, x1 float64
	fill      color.Color
}

// hbars draws horizontal bars whose thickness is a fraction of the distance
// between categories (one unit of y), up to a cap, so that a few bars on a
// tall plot do not turn into slabs. gonum's BarChart fixes the thickness in
// points, which cannot fit both a plot of 3 categories and one of 20.
type hbars struct {
	bars     []hbar
	thick    float64        // in units of y
	maxThick vg.Length      // cap on the drawn thickness; 0 for none
	outline  draw.LineStyle // zero Width for none
	legend   color.Color    // fill of the legend thumbnail
}

// Looks of bars.
var barOutline = draw.LineStyle{Color: color.Gray{Y: 0x40}, Width: vg.Points(0.5)}

// half returns half the drawn thickness of the bars on c.
func (b *hbars) half(c draw.Canvas, p *plot.Plot) vg.Length {
	_, trY := p.Transforms(&c)
	unit := trY(1) - trY(0)
	if unit < 0 {
		unit = -unit
	}
	t := vg.Length(b.thick) * unit
	if b.maxThick > 0 && t > b.maxThick {
		t = b.maxThick
	}
	return t / 2
}

// rect returns the rectangle of bar i on c.
func (b *hbars) rect(c draw.Canvas, p *plot.Plot, i int) vg.Rectangle {
	trX, trY := p.Transforms(&c)
	h := b.half(c, p)
	bar := b.bars[i]
	x0, x1 := trX(bar.x0), trX(bar.x1)
	if x0 > x1 {
		x0, x1 = x1, x0
	}
	y := trY(bar.y)
	return vg.Rectangle{Min: vg.Point{X: x0, Y: y - h}, Max: vg.Point{X: x1, Y: y + h}}
}

// Plot implements plot.Plotter.
func (b *hbars) Plot(c draw.Canvas, p *plot.Plot) {
	for i, bar := range b.bars {
		r := b.rect(c, p, i)
		if bar.fill != nil {
			c.SetColor(bar.fill)
			c.Fill(r.Path())
		}
		if b.outline.Width > 0 {
			c.SetLineStyle(b.outline)
			c.Stroke(r.Path())
		}
	}
}

// DataRange implements plot.DataRanger.
func (b *hbars) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = b.bars[0].x0, b.bars[0].y
	xmax, ymax = xmin, ymin
	for _, bar := range b.bars {
		xmin, xmax = min(xmin, bar.x0, bar.x1), max(xmax, bar.x0, bar.x1)
		ymin, ymax = min(ymin, bar.y), max(ymax, bar.y)
	}
	return xmin, xmax, ymin - b.thick/2, ymax + b.thick/2
}

// Thumbnail implements plot.Thumbnailer.
func (b *hbars) Thumbnail(c *draw.Canvas) {
	r := c.Rectangle
	if b.legend != nil {
		c.SetColor(b.legend)
		c.Fill(r.Path())
	}
	if b.outline.Width > 0 {
		c.SetLineStyle(b.outline)
		c.Stroke(r.Path())
	}
}

// swatch is a legend thumbnail filled with one colour.
type swatch struct{ fill color.Color }

// Thumbnail implements plot.Thumbnailer.
func (s swatch) Thumbnail(c *draw.Canvas) {
	c.SetColor(s.fill)
	c.Fill(c.Rectangle.Path())
}
