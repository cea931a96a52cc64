package plots

import (
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SweepHeatmap returns a heat map of P(agreement) over a two-parameter
// sweep: p[i][j], in [0,1], is the estimate with the first parameter at
// x[i] and the second at y[j]. Each estimate fills one cell of a regular
// grid, column i and row j, whatever the spacing of x and y (sweeps are
// often geometric, which a linear axis would squeeze): the ticks name the
// values, every one of them up to 12 and evenly thinned beyond. Cells are
// coloured in viridis, from dark purple (0) to yellow (1); the colour
// scale is always [0,1], so that heat maps of different sweeps compare.
// When the cells are large enough, each holds its estimate written with
// two decimals. A colour bar labelled "P(agreement)" stands right of the
// map. The axes are labelled xlabel and ylabel.
//
// It returns a *DataError if x or y is empty (ErrNoData), p is not as long
// as x or p[i] as y (ErrMismatch), x or y has a NaN or infinity
// (ErrNotFinite) or is not strictly increasing (ErrOrder), or a value of p
// is outside [0,1] or NaN (ErrRange).
func SweepHeatmap(title, xlabel, ylabel string, x, y []float64, p [][]float64) (*plot.Plot, error) {
	pl, _, err := sweepHeatmap(title, xlabel, ylabel, x, y, p)
	return pl, err
}

// Looks of the heat map.
const (
	heatColors     = 256 // steps of the palette
	valueTicksMax  = 12  // the most grid values that get a tick each
	cellPad        = 2   // points around a value in its cell
	colorBarGap    = 10  // points between the map and its colour bar
	colorBarWidth  = 12  // points
	colorBarTick   = 4   // points
	colorBarSteps  = 64
	colorBarLegend = "P(agreement)"
)

// viridis returns the colour map of the heat map over [0,1]: viridis (van
// der Walt & Smith 2015, matplotlib), interpolated by moreland.NewLuminance
// between its colours at every eighth of the scale. It is perceptually
// uniform, ordered by lightness, and readable by colour-blind readers and
// in grey.
func viridis() palette.ColorMap {
	cm, err := moreland.NewLuminance([]color.Color{
		color.NRGBA{R: 0x44, G: 0x01, B: 0x54, A: 0xff},
		color.NRGBA{R: 0x47, G: 0x2d, B: 0x7b, A: 0xff},
		color.NRGBA{R: 0x3b, G: 0x52, B: 0x8b, A: 0xff},
		color.NRGBA{R: 0x2c, G: 0x72, B: 0x8e, A: 0xff},
		color.NRGBA{R: 0x21, G: 0x91, B: 0x8c, A: 0xff},
		color.NRGBA{R: 0x28, G: 0xae, B: 0x80, A: 0xff},
		color.NRGBA{R: 0x5e, G: 0xc9, B: 0x62, A: 0xff},
		color.NRGBA{R: 0xad, G: 0xdc, B: 0x30, A: 0xff},
		color.NRGBA{R: 0xfd, G: 0xe7, B: 0x25, A: 0xff},
	})
	if err != nil {
		panic("plots: viridis: " + err.Error()) // the colours above are in order of lightness
	}
	cm.SetMin(0)
	cm.SetMax(1)
	return cm
}

// sweepHeatmap builds the plot of SweepHeatmap and also returns its
// plotters in drawing order, for tests.
func sweepHeatmap(title, xlabel, ylabel string, xs, ys []float64, ps [][]float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "SweepHeatmap"}
	c.nonEmpty("x", len(xs))
	c.nonEmpty("y", len(ys))
	c.finite("x", xs, nil)
	c.finite("y", ys, nil)
	c.increasing("x", xs)
	c.increasing("y", ys)
	c.length("p", 0, "", len(ps), len(xs))
	for i := range ps {
		if c.err != nil {
			break
		}
		c.length("p", i+1, "", len(ps[i]), len(ys))
		c.unit("p", i+1, ps[i], nil)
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	p := newPlot(title)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Marker = indexTicks(xs)
	p.Y.Tick.Marker = indexTicks(ys)

	g := sweepGrid{x: xs, y: ys, p: ps}
	cm := viridis()
	heat := &heatCells{plotter.NewHeatMap(g, cm.Palette(heatColors))}
	heat.Min, heat.Max = 0, 1
	values := &cellValues{grid: g, cmap: cm, style: text.Style{Font: p.Legend.TextStyle.Font, Handler: p.Legend.TextStyle.Handler, XAlign: draw.XCenter, YAlign: draw.YCenter}}
	values.style.Font.Size = vg.Points(noteFontSize)
	bar := &colorBar{cmap: cm, label: colorBarLegend, tick: p.Y.Tick.Label, text: p.Y.Label.TextStyle}
	bar.text.Font.Size = vg.Points(resultFontSize + 1)

	plotters := []plot.Plotter{heat, values, bar}
	p.Add(plotters...)
	return p, plotters, nil
}

// indexTicks returns ticks at 0, 1, ..., len(vs)-1 labelled with vs: all
// of them up to valueTicksMax, else every k-th from the first, with k the
// least that leaves at most valueTicksMax labels.
func indexTicks(vs []float64) plot.ConstantTicks {
	step := (len(vs) + valueTicksMax - 1) / valueTicksMax
	ticks := make(plot.ConstantTicks, len(vs))
	for i, v := range vs {
		ticks[i].Value = float64(i)
		if i%step == 0 {
			ticks[i].Label = strconv.FormatFloat(v, 'g', 4, 64)
		}
	}
	return ticks
}

// valueTicks returns a labelled tick at each of vs.
func valueTicks(vs []float64) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(vs))
	for i, v := range vs {
		ticks[i] = plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 4, 64)}
	}
	return ticks
}

// sweepGrid is the data of a heat map as a plotter.GridXYZ on a regular
// grid: column c is at c and holds x[c], row r is at r and holds y[r], and
// p[c][r] is the value there.
type sweepGrid struct {
	x, y []float64
	p    [][]float64
}

// Dims, Z, X and Y implement plotter.GridXYZ.
func (g sweepGrid) Dims() (c, r int)   { return len(g.x), len(g.y) }
func (g sweepGrid) Z(c, r int) float64 { return g.p[c][r] }
func (g sweepGrid) X(c int) float64    { return float64(c) }
func (g sweepGrid) Y(r int) float64    { return float64(r) }

// heatCells draws a heat map on a regular grid (sweepGrid) as
// plotter.HeatMap would, but each cell reaches a little into its neighbours
// to the right and above, which are drawn after it: cells that only touch
// leave hairline seams where anti-aliasing lets the background through.
type heatCells struct{ *plotter.HeatMap }

// seamOverlap is how far a cell reaches into its neighbours.
const seamOverlap = 0.5 // points

// Plot implements plot.Plotter.
func (h *heatCells) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	pal := h.Palette.Colors()
	cols, rows := h.GridXYZ.Dims()
	over := vg.Points(seamOverlap)
	for i := range cols {
		for j := range rows {
			x0, x1 := trX(float64(i)-0.5), trX(float64(i)+0.5)
			y0, y1 := trY(float64(j)-0.5), trY(float64(j)+0.5)
			if i < cols-1 {
				x1 += over
			}
			if j < rows-1 {
				y1 += over
			}
			// Values are in [Min, Max] = [0,1]: the checks saw to it.
			k := int((h.GridXYZ.Z(i, j)-h.Min)/(h.Max-h.Min)*float64(len(pal)-1) + 0.5)
			c.SetColor(pal[k])
			c.Fill(vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}.Path())
		}
	}
}

// cellValues writes the value of each cell of a heat map in it, in black
// or white, whichever reads better on the cell's colour, if the values fit
// the cells with room to spare; else it writes none.
type cellValues struct {
	grid  sweepGrid
	cmap  palette.ColorMap
	style text.Style
}

// cellValue formats a value for its cell.
func cellValue(v float64) string { return strconv.FormatFloat(v, 'f', 2, 64) }

// fits reports whether the values fit their cells on c.
func (v *cellValues) fits(c draw.Canvas, p *plot.Plot) bool {
	trX, trY := p.Transforms(&c)
	w, h := trX(1)-trX(0), trY(1)-trY(0)
	txt := cellValue(0)
	return v.style.Width(txt)+2*vg.Points(cellPad) <= w && v.style.Height(txt)+2*vg.Points(cellPad) <= h
}

// Plot implements plot.Plotter.
func (v *cellValues) Plot(c draw.Canvas, p *plot.Plot) {
	if !v.fits(c, p) {
		return
	}
	trX, trY := p.Transforms(&c)
	for i := range v.grid.x {
		for j := range v.grid.y {
			z := v.grid.p[i][j]
			bg, err := v.cmap.At(z)
			if err != nil {
				panic("plots: " + err.Error()) // the checks have kept z in [0,1]
			}
			sty := v.style
			sty.Color = textOn(bg)
			c.FillText(sty, vg.Point{X: trX(v.grid.X(i)), Y: trY(v.grid.Y(j))}, cellValue(z))
		}
	}
}

// colorBar draws the colour scale of a heat map right of the data area,
// with ticks every 0.2 and a label; its glyph box makes the plot leave room
// for it.
type colorBar struct {
	cmap  palette.ColorMap
	label string
	tick  text.Style // of the tick labels
	text  text.Style // of the label
}

// width returns the width of the bar with its ticks and label.
func (b *colorBar) width() vg.Length {
	w := vg.Points(colorBarGap+colorBarWidth+colorBarTick+2) + b.tick.Width("0.8") + vg.Points(6)
	return w + b.text.Height(b.label)
}

// Plot implements plot.Plotter.
func (b *colorBar) Plot(c draw.Canvas, _ *plot.Plot) {
	x0 := c.Max.X + vg.Points(colorBarGap)
	x1 := x0 + vg.Points(colorBarWidth)
	h := c.Max.Y - c.Min.Y
	for k := range colorBarSteps {
		col, err := b.cmap.At((float64(k) + 0.5) / colorBarSteps)
		if err != nil {
			panic("plots: " + err.Error())
		}
		// Overlap the next step a little, or anti-aliasing leaves seams.
		y0 := c.Min.Y + h*vg.Length(k)/colorBarSteps
		y1 := min(c.Min.Y+h*vg.Length(k+1)/colorBarSteps+vg.Points(0.5), c.Max.Y)
		r := vg.Rectangle{Min: vg.Point{X: x0, Y: y0}, Max: vg.Point{X: x1, Y: y1}}
		c.SetColor(col)
		c.Fill(r.Path())
	}
	frame := vg.Rectangle{Min: vg.Point{X: x0, Y: c.Min.Y}, Max: vg.Point{X: x1, Y: c.Max.Y}}
	c.SetLineStyle(barOutline)
	c.Stroke(frame.Path())

	sty := b.tick
	sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
	widest := vg.Length(0)
	for _, t := range probabilityTicks() {
		y := c.Min.Y + h*vg.Length(t.Value)
		c.StrokeLine2(barOutline, x1, y, x1+vg.Points(colorBarTick), y)
		if t.Label != "" {
			c.FillText(sty, vg.Point{X: x1 + vg.Points(colorBarTick+2), Y: y}, t.Label)
			widest = max(widest, sty.Width(t.Label))
		}
	}
	lsty := b.text
	lsty.Rotation = math.Pi / 2
	lsty.XAlign, lsty.YAlign = draw.XCenter, draw.YTop
	c.FillText(lsty, vg.Point{X: x1 + vg.Points(colorBarTick+2) + widest + vg.Points(6), Y: (c.Min.Y + c.Max.Y) / 2}, b.label)
}

// GlyphBoxes implements plot.GlyphBoxer: one box at the right edge of the
// data area as wide as the bar, so that the plot shrinks its data area to
// make room. The box has no height, so it does not pad the plot vertically.
func (b *colorBar) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: b.width()}}}}
}
