package plots

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Looks shared by the plots of results.
const (
	titleSize      = 13
	resultFontSize = 10 // legends and category labels
	noteFontSize   = 8.5
)

// okabeIto is the Okabe & Ito (2008) palette, which stays distinct for
// colour-blind readers, in an order where neighbours contrast; its black is
// replaced by a grey, which a stacked bar can tell from its outline.
var okabeIto = []color.Color{
	color.NRGBA{R: 0xe6, G: 0x9f, B: 0x00, A: 0xff}, // orange
	color.NRGBA{R: 0x56, G: 0xb4, B: 0xe9, A: 0xff}, // sky blue
	color.NRGBA{R: 0x00, G: 0x9e, B: 0x73, A: 0xff}, // bluish green
	color.NRGBA{R: 0xf0, G: 0xe4, B: 0x42, A: 0xff}, // yellow
	color.NRGBA{R: 0x00, G: 0x72, B: 0xb2, A: 0xff}, // blue
	color.NRGBA{R: 0xd5, G: 0x5e, B: 0x00, A: 0xff}, // vermillion
	color.NRGBA{R: 0xcc, G: 0x79, B: 0xa7, A: 0xff}, // reddish purple
	color.NRGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}, // grey
}

var (
	blue       = okabeIto[4]
	skyBlue    = okabeIto[1]
	vermillion = okabeIto[5]
)

// newPlot returns a plot with the title and legend styles of the plots of
// results.
func newPlot(title string) *plot.Plot {
	p := plot.New()
	setTitle(p, title, titleWidth)
	p.Legend.TextStyle.Font.Size = vg.Points(resultFontSize)
	p.Legend.ThumbnailWidth = vg.Points(16)
	return p
}

// titleWidth is the widest a line of the title of a DefaultWidth plot may
// be: a scenario's title is often longer.
const titleWidth = DefaultWidth - 1*vg.Centimeter

// setTitle sets p's title in the title style, each of its lines broken at
// spaces into lines no wider than width, so that a long title wraps
// instead of running off both sides of the plot.
func setTitle(p *plot.Plot, title string, width vg.Length) {
	p.Title.TextStyle.Font.Size = vg.Points(titleSize)
	p.Title.Padding = vg.Points(6)
	lines := strings.Split(title, "\n")
	for i, l := range lines {
		lines[i] = wrapLabel(l, p.Title.TextStyle, width)
	}
	p.Title.Text = strings.Join(lines, "\n")
}

// legendEntry is a name and the thumbnails drawn beside it.
type legendEntry struct {
	name   string
	thumbs []plot.Thumbnailer
}

// The data area of a plot of results at DefaultWidth by DefaultHeight is
// about 3 cm narrower than the plot (the y axis, more with names on it) and
// 2.5 cm shorter (the title and the x axis). placeLegend uses these to guess,
// before the plot is drawn, how much of the axes the legend will take.
const (
	resultDataWidth  = DefaultWidth - 3*vg.Centimeter
	resultDataHeight = DefaultHeight - 2.5*vg.Centimeter
)

// placeLegend adds entries to p's legend on a translucent box, in the corner
// of the data area where it hides the fewest of the points sampled from
// avoid (see obstacles); ties go to the top right, then the top left, the
// bottom right and the bottom left. If every corner would hide more than
// legendTolerance of them, the legend goes right of the data area instead,
// which narrows it by the width it returns (0 for a legend inside). p's
// axis ranges must be final.
func placeLegend(p *plot.Plot, entries []legendEntry, avoid *obstacles) vg.Length {
	if len(entries) == 0 {
		return 0
	}
	side := p.Legend // no entries yet: the legend right of the data area, if need be
	for i, e := range entries {
		thumbs := e.thumbs
		if i == 0 {
			thumbs = append([]plot.Thumbnailer{backdrop{&p.Legend}}, thumbs...)
		}
		p.Legend.Add(e.name, thumbs...)
	}
	size := legendSize(&p.Legend)
	margin := 2 * vg.Points(backdropMargin+6)
	w := min(float64((size.X+margin)/resultDataWidth), 0.9)
	h := min(float64((size.Y+margin)/resultDataHeight), 0.9)

	pts := avoid.sample(p)
	best, bestCount := 0, math.MaxInt
	corners := [][2]bool{{true, false}, {true, true}, {false, false}, {false, true}} // top, left
	for k, c := range corners {
		box := cornerBox(c[0], c[1], w, h)
		n := 0
		for _, pt := range pts {
			if pt.X >= box[0] && pt.X <= box[2] && pt.Y >= box[1] && pt.Y <= box[3] {
				n++
			}
		}
		if n < bestCount {
			best, bestCount = k, n
		}
	}
	if bestCount > legendTolerance {
		p.Legend = side
		return legendOutside(p, entries)
	}
	p.Legend.Top, p.Legend.Left = corners[best][0], corners[best][1]
	p.Legend.XOffs, p.Legend.YOffs = vg.Points(6), -vg.Points(6)
	if !p.Legend.Left {
		p.Legend.XOffs = -p.Legend.XOffs
	}
	if !p.Legend.Top {
		p.Legend.YOffs = -p.Legend.YOffs
	}
	return 0
}

// legendOutside adds entries to p's legend, which must have none yet, and
// draws it right of the data area, where it hides none of the data; p's
// own legend is emptied. It returns the width it takes from the data area.
func legendOutside(p *plot.Plot, entries []legendEntry) vg.Length {
	side := p.Legend
	for _, e := range entries {
		side.Add(e.name, e.thumbs...)
	}
	side.Top, side.Left = true, true
	p.Legend = plot.NewLegend() // empty: gonum draws nothing of it
	s := &sideLegend{legend: side}
	p.Add(s)
	return s.width()
}

// legendTolerance is how many of the points sampled from the obstacles a
// legend in a corner may hide: a few, at its edge, do no harm.
const legendTolerance = 4

// sideLegendGap is the space between the data area and a legend right of it.
const sideLegendGap = 8

// sideLegend draws a legend right of the data area, its top level with the
// top of the data area; its glyph box makes the plot leave room for it.
type sideLegend struct{ legend plot.Legend }

// Plot implements plot.Plotter.
func (s *sideLegend) Plot(c draw.Canvas, _ *plot.Plot) {
	x := c.Max.X + vg.Points(sideLegendGap)
	r := vg.Rectangle{Min: vg.Point{X: x, Y: c.Min.Y}, Max: vg.Point{X: x + legendSize(&s.legend).X, Y: c.Max.Y}}
	s.legend.Draw(draw.Canvas{Canvas: c.Canvas, Rectangle: r})
}

// GlyphBoxes implements plot.GlyphBoxer: one box at the right edge of the
// data area as wide as the legend and its gap, with no height, so that the
// plot narrows its data area to make room but keeps its height.
func (s *sideLegend) GlyphBoxes(*plot.Plot) []plot.GlyphBox {
	return []plot.GlyphBox{{X: 1, Y: 0.5, Rectangle: vg.Rectangle{Max: vg.Point{X: s.width()}}}}
}

// width is the room the legend takes right of the data area: its gap, the
// legend, and a margin of tickLabelMargin, since rendered text runs a
// little past its metrics (the last letters were cut by the plot's edge).
func (s *sideLegend) width() vg.Length {
	return legendSize(&s.legend).X + vg.Points(sideLegendGap+tickLabelMargin)
}

// obstacles are what a legend should not hide, in data coordinates.
type obstacles struct {
	points []plotter.XY
	lines  []plotter.XYs    // polylines
	rects  [][2]plotter.XY  // opposite corners
	bands  [][2]plotter.XYs // the lower and upper edges of a band, at the same xs
}

// sample returns points in fractions of p's axes spread over the obstacles:
// lines and the edges of rectangles are sampled finely enough that a legend
// box over any part of them covers some.
func (o *obstacles) sample(p *plot.Plot) []plotter.XY {
	if o == nil {
		return nil
	}
	norm := func(pt plotter.XY) plotter.XY {
		return plotter.XY{X: p.X.Norm(pt.X), Y: p.Y.Norm(pt.Y)}
	}
	const step = 0.02 // of an axis
	var out []plotter.XY
	segment := func(a, b plotter.XY) {
		n := int(math.Ceil(math.Max(math.Abs(b.X-a.X), math.Abs(b.Y-a.Y)) / step))
		for k := 0; k <= n; k++ {
			t := 0.0
			if n > 0 {
				t = float64(k) / float64(n)
			}
			out = append(out, plotter.XY{X: a.X + t*(b.X-a.X), Y: a.Y + t*(b.Y-a.Y)})
		}
	}
	for _, pt := range o.points {
		out = append(out, norm(pt))
	}
	for _, l := range o.lines {
		for i := 1; i < len(l); i++ {
			segment(norm(l[i-1]), norm(l[i]))
		}
	}
	for _, r := range o.rects {
		a, b := norm(r[0]), norm(r[1])
		// Fill the rectangle with lines a step apart.
		n := int(math.Ceil(math.Abs(b.Y-a.Y) / step))
		for k := 0; k <= n; k++ {
			t := 0.5
			if n > 0 {
				t = float64(k) / float64(n)
			}
			y := a.Y + t*(b.Y-a.Y)
			segment(plotter.XY{X: a.X, Y: y}, plotter.XY{X: b.X, Y: y})
		}
	}
	for _, b := range o.bands {
		for i := range b[0] {
			segment(norm(b[0][i]), norm(b[1][i]))
		}
		for i := 1; i < len(b[0]); i++ {
			segment(norm(b[0][i-1]), norm(b[0][i]))
			segment(norm(b[1][i-1]), norm(b[1][i]))
		}
	}
	return out
}

// categoryTicks returns ticks at 0, 1, ..., len(names)-1 labelled with
// names, to be placed on a category axis.
func categoryTicks(names []string) plot.ConstantTicks {
	ticks := make(plot.ConstantTicks, len(names))
	for i, n := range names {
		ticks[i] = plot.Tick{Value: float64(i), Label: n}
	}
	return ticks
}

// categoryAxis turns a's ticks into labels of categories: no tick marks and
// no axis line, names in the font of the legends.
func categoryAxis(a *plot.Axis, names []string) {
	a.Tick.Marker = categoryTicks(names)
	a.Tick.Length = 0
	a.Tick.Width = 0
	a.Width = 0
	a.Tick.Label.Font.Size = vg.Points(resultFontSize)
}

// maxLabelWidth is the widest a category label may be before wrapLabel
// breaks it: about a third of a DefaultWidth plot.
const maxLabelWidth = 5.5 * vg.Centimeter

// wrapLabel returns s broken at spaces into lines no wider than width in
// sty, where it can be; a word wider than width keeps a line of its own. A
// label that already holds a line break is the caller's layout and is
// returned as is.
func wrapLabel(s string, sty text.Style, width vg.Length) string {
	if strings.Contains(s, "\n") || sty.Width(s) <= width {
		return s
	}
	var lines []string
	line := ""
	for _, f := range strings.Fields(s) {
		// A word too wide for a line, such as a parameter's dotted key,
		// is broken after its dots.
		words, sep := []string{f}, " "
		if sty.Width(f) > width && strings.Contains(f, ".") {
			words = strings.SplitAfter(f, ".")
		}
		for k, w := range words {
			if k > 0 {
				sep = ""
			}
			switch {
			case line == "":
				line = w
			case sty.Width(line+sep+w) <= width:
				line += sep + w
			default:
				lines = append(lines, line)
				line = w
			}
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return strings.Join(lines, "\n")
}

// wrapLabels returns the labels, each of their lines wrapped by wrapLabel
// in the tick label style of a: a caller's line breaks are kept, and a
// line too wide is broken further rather than cut by the plot's edge.
func wrapLabels(labels []string, a *plot.Axis) []string {
	out := make([]string, len(labels))
	for i, l := range labels {
		lines := strings.Split(l, "\n")
		for k, line := range lines {
			lines[k] = wrapLabel(line, a.Tick.Label, maxLabelWidth)
		}
		out[i] = strings.Join(lines, "\n")
	}
	return out
}

// percentTicks labels the ticks gonum would choose as percentages.
var percentTicks = plot.TickerFunc(func(min, max float64) []plot.Tick {
	ticks := plot.DefaultTicks{}.Ticks(min, max)
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = percent(t.Value)
		}
	}
	return ticks
})

// percentUnitTicks labels every 20% of [0,1], with minor ticks every 10%.
func percentUnitTicks() plot.ConstantTicks {
	ticks := probabilityTicks()
	for i, t := range ticks {
		if t.Label != "" {
			ticks[i].Label = percent(t.Value)
		}
	}
	return ticks
}

// percent formats a share as a percentage with at most one decimal.
func percent(v float64) string {
	return strconv.FormatFloat(math.Round(v*1000)/10, 'f', -1, 64) + "%"
}

// shareLabel formats a share for a label at a bar: one decimal under 10%,
// none above, and "<0.1%" for a small non-zero share that would read 0.
func shareLabel(v float64) string {
	switch {
	case v == 0:
		return "0%"
	case v < 0.0005:
		return "<0.1%"
	case v < 0.1:
		return strconv.FormatFloat(math.Round(v*1000)/10, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(math.Round(v*100), 'f', 0, 64) + "%"
}

// luminance returns the relative luminance of c, in [0,1] (ITU-R BT.709
// weights on the gamma-encoded components, which is close enough to choose
// between black and white text).
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	return (0.2126*float64(r) + 0.7152*float64(g) + 0.0722*float64(b)) / 0xffff
}

// textOn returns black or white, whichever reads better on a background c.
func textOn(c color.Color) color.Color {
	if luminance(c) < 0.5 {
		return color.White
	}
	return color.Black
}

// tickLabelRoom makes the plot leave a margin of tickLabelMargin beside
// the x axis's tick labels: gonum fits the last label exactly to the
// plot's edge, and the rendered glyphs run a little past their metrics,
// so the last label of a sweep (0.6, at 200 dpi) was cut by the plot's
// right edge. It draws nothing.
type tickLabelRoom struct{}

// tickLabelMargin is the room, in points, that tickLabelRoom keeps on
// each side of a tick label.
const tickLabelMargin = 4

// Plot implements plot.Plotter.
func (tickLabelRoom) Plot(draw.Canvas, *plot.Plot) {}

// GlyphBoxes implements plot.GlyphBoxer: a box centred on each labelled
// tick, as wide as its label and the margins, with no height.
func (tickLabelRoom) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	var boxes []plot.GlyphBox
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label == "" || t.Value < p.X.Min || t.Value > p.X.Max {
			continue
		}
		half := p.X.Tick.Label.Width(t.Label)/2 + vg.Points(tickLabelMargin)
		boxes = append(boxes, plot.GlyphBox{X: p.X.Norm(t.Value), Rectangle: vg.Rectangle{Min: vg.Point{X: -half}, Max: vg.Point{X: half}}})
	}
	return boxes
}

// addNote adds note, if not empty, under a's label, broken into lines no
// wider than width.
func addNote(a *plot.Axis, note string, width vg.Length) {
	if note != "" {
		a.Label.Text += "\n" + wrapLabel(note, a.Label.TextStyle, width)
	}
}
