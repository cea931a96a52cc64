package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// UtilityBoxes returns box plots of each party's utility in agreements, one
// box per party from left to right, with the party's reservation value
// marked by a short vermillion line across its box. samples[i] holds the
// utilities, in [0,1], that parties[i] got in the agreements (one per
// agreement; 100,000 of them draw quickly); reservations[i] is its
// reservation value, in [0,1], or NaN for none; reservations may be nil.
//
// Boxes are Tukey's (plotter.NewBoxPlot): the box spans the quartiles, the
// thick line is the median, the whiskers reach the furthest values within
// 1.5 interquartile ranges and the values beyond are drawn as small rings,
// once per distinct value to 0.001, so that many outliers do not bloat the
// file. A party with no samples gets no box but the note "no agreements".
// The y axis, "utility in agreements", spans [0,1]. The legend explains
// the box and the reservation mark.
//
// It returns a *DataError if there are no parties (ErrNoData), samples, or
// reservations when not nil, is not as long as parties (ErrMismatch), or a
// utility or reservation value is outside [0,1] (ErrRange; a NaN utility
// too).
func UtilityBoxes(title string, parties []string, samples [][]float64, reservations []float64) (*plot.Plot, error) {
	p, _, err := utilityBoxes(title, parties, samples, reservations)
	return p, err
}

// Looks of the box plots.
const (
	boxWidth       = 36 // points, for up to boxesFullWidth parties; narrower for more
	boxesFullWidth = 6
	outlierRadius  = 1.6
	reserveOver    = 5 // points the reservation mark reaches past the box on each side
	reserveMark    = 2 // points, width of the reservation mark
	outlierStep    = 1e-3
	noAgreements   = "no agreements"
)

var (
	boxFill      = translucent(skyBlue, 0x90)
	boxLine      = draw.LineStyle{Color: color.Gray{Y: 0x30}, Width: vg.Points(1)}
	medianLine   = draw.LineStyle{Color: color.Black, Width: vg.Points(2.5)}
	outlierColor = color.Gray{Y: 0x60}
)

// Legend names of the box plots.
const (
	legendBox      = "quartiles and median"
	legendReserves = "reservation value"
)

// utilityBoxes builds the plot of UtilityBoxes and also returns its
// plotters in drawing order, for tests.
func utilityBoxes(title string, parties []string, samples [][]float64, reservations []float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "UtilityBoxes"}
	c.nonEmpty("parties", len(parties))
	c.length("samples", 0, "", len(samples), len(parties))
	if reservations != nil {
		c.length("reservations", 0, "", len(reservations), len(parties))
	}
	for i := range parties {
		if c.err != nil {
			break
		}
		for j, v := range samples[i] {
			if !(v >= 0 && v <= 1) { // also catches NaN
				c.fail("samples", i+1, j+1, parties[i], fmt.Errorf("%v %w", v, ErrRange))
				break
			}
		}
		if reservations == nil {
			continue
		}
		if r := reservations[i]; !math.IsNaN(r) && !(r >= 0 && r <= 1) {
			c.fail("reservations", i+1, 0, parties[i], fmt.Errorf("%v %w", r, ErrRange))
		}
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	n := len(parties)
	width := vg.Points(boxWidth)
	if n > boxesFullWidth {
		width = vg.Points(boxWidth * boxesFullWidth / float64(n))
	}
	// The half-width of a box in units of x, about, for the legend.
	halfX := float64(width/2) / float64(resultDataWidth/vg.Length(n))

	p := newPlot(title)
	p.Y.Label.Text = "utility in agreements"
	p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	categoryAxis(&p.X, parties)
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil
	plotters := []plot.Plotter{grid}
	avoid := &obstacles{}

	notes := &plotter.Labels{}
	marks := &reserveMarks{width: width}
	for i, s := range samples {
		x := float64(i)
		res := math.NaN()
		if reservations != nil {
			res = reservations[i]
		}
		if !math.IsNaN(res) {
			marks.xys = append(marks.xys, plotter.XY{X: x, Y: res})
			avoid.lines = append(avoid.lines, plotter.XYs{{X: x - 2*halfX, Y: res}, {X: x + 2*halfX, Y: res}})
		}
		if len(s) == 0 {
			y := 0.5
			if math.Abs(res-y) < 0.1 {
				y = 0.25
			}
			notes.XYs = append(notes.XYs, plotter.XY{X: x, Y: y})
			notes.Labels = append(notes.Labels, noAgreements)
			avoid.points = append(avoid.points, plotter.XY{X: x, Y: y})
			continue
		}
		b, err := plotter.NewBoxPlot(width, x, plotter.Values(s))
		if err != nil {
			panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
		}
		styleBox(b)
		plotters = append(plotters, b)
		avoid.rects = append(avoid.rects, [2]plotter.XY{{X: x - halfX, Y: b.AdjLow}, {X: x + halfX, Y: b.AdjHigh}})
		for _, k := range b.Outside {
			avoid.points = append(avoid.points, plotter.XY{X: x, Y: b.Values[k]})
		}
	}
	if len(notes.XYs) > 0 {
		sty := text.Style{Color: color.Gray{Y: 0x60}, Font: p.Legend.TextStyle.Font, Handler: p.Legend.TextStyle.Handler, XAlign: draw.XCenter, YAlign: draw.YCenter}
		sty.Font.Size = vg.Points(noteFontSize)
		for range notes.XYs {
			notes.TextStyle = append(notes.TextStyle, sty)
		}
		plotters = append(plotters, notes)
	}
	if len(marks.xys) > 0 {
		plotters = append(plotters, marks)
	}
	p.Add(plotters...)
	p.X.Min, p.X.Max = -0.5, float64(n)-0.5
	p.Y.Min, p.Y.Max = 0, 1

	var entries []legendEntry
	if len(notes.XYs) < n {
		entries = append(entries, legendEntry{legendBox, []plot.Thumbnailer{boxThumb{}}})
	}
	if len(marks.xys) > 0 {
		entries = append(entries, legendEntry{legendReserves, []plot.Thumbnailer{marks}})
	}
	placeLegend(p, entries, avoid)
	return p, plotters, nil
}

// styleBox sets the looks of b and keeps one outlier per distinct value
// (to outlierStep), in order of first appearance.
func styleBox(b *plotter.BoxPlot) {
	b.FillColor = boxFill
	b.BoxStyle = boxLine
	b.MedianStyle = medianLine
	b.WhiskerStyle = draw.LineStyle{Color: boxLine.Color, Width: vg.Points(1)}
	b.CapWidth = b.Width / 2
	b.GlyphStyle = draw.GlyphStyle{Color: outlierColor, Radius: vg.Points(outlierRadius), Shape: draw.RingGlyph{}}
	seen := make(map[float64]bool)
	kept := b.Outside[:0]
	for _, k := range b.Outside {
		v := math.Round(b.Values[k] / outlierStep)
		if !seen[v] {
			seen[v] = true
			kept = append(kept, k)
		}
	}
	b.Outside = kept
}

// reserveMarks draws the reservation values of the parties as short thick
// lines across their boxes.
type reserveMarks struct {
	xys   plotter.XYs // x of the box, y the reservation value
	width vg.Length   // of the boxes
}

var reserveStyle = draw.LineStyle{Color: vermillion, Width: vg.Points(reserveMark)}

// Plot implements plot.Plotter.
func (m *reserveMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	half := m.width/2 + vg.Points(reserveOver)
	for _, xy := range m.xys {
		x, y := trX(xy.X), trY(xy.Y)
		c.StrokeLine2(reserveStyle, x-half, y, x+half, y)
	}
}

// DataRange implements plot.DataRanger.
func (m *reserveMarks) DataRange() (xmin, xmax, ymin, ymax float64) {
	return plotter.XYRange(m.xys)
}

// Thumbnail implements plot.Thumbnailer.
func (m *reserveMarks) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(reserveStyle, c.Min.X, y, c.Max.X, y)
}

// boxThumb is the legend thumbnail of a box plot: a box with its median.
type boxThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (boxThumb) Thumbnail(c *draw.Canvas) {
	mid := (c.Min.X + c.Max.X) / 2
	half := min(vg.Points(5), (c.Max.X-c.Min.X)/2)
	r := vg.Rectangle{Min: vg.Point{X: mid - half, Y: c.Min.Y}, Max: vg.Point{X: mid + half, Y: c.Max.Y}}
	c.SetColor(boxFill)
	c.Fill(r.Path())
	c.SetLineStyle(boxLine)
	c.Stroke(r.Path())
	y := (r.Min.Y + r.Max.Y) / 2
	c.StrokeLine2(draw.LineStyle{Color: medianLine.Color, Width: vg.Points(1.5)}, r.Min.X, y, r.Max.X, y)
}
