package plots

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// OptionShares returns one horizontal stacked bar per issue, the first on
// top, showing how often each of the issue's options was agreed on:
// shares[i][k] is the fraction of agreements, in [0,1], that settled
// issues[i] on options[i][k]. A bar spans the whole x axis ("share of
// agreements", 0 to 100%); its segments follow the order of the options,
// in the colours of the Okabe–Ito palette (which repeat from the ninth
// option), and what the shares of an issue leave of 1 is a grey segment
// named "other".
//
// Options differ from issue to issue, so there is no common legend: a
// segment wide enough for its name and share has them written inside it;
// the others are listed, with a swatch of their colour, in a line under
// their bar; an issue whose key takes more than one line (in a
// DefaultWidth plot) gets more room below its bar. OptionSharesHeight is
// the height to save it at.
//
// It returns a *DataError if there are no issues (ErrNoData), options or
// shares is not as long as issues, or shares[i] as options[i]
// (ErrMismatch), a share is outside [0,1] or NaN (ErrRange), or the shares
// of an issue add up to more than 1 (ErrSum). An issue with no options
// gives a bar all "other".
func OptionShares(title string, issues []string, options [][]string, shares [][]float64) (*plot.Plot, error) {
	p, _, err := optionShares(title, issues, options, shares)
	return p, err
}

// Looks of the stacked bars.
const (
	optionThick   = 0.42 // of the distance between issues
	optionMax     = 20   // points
	optionLift    = 0.15 // of the distance between issues: room for the key below
	optionPad     = 3    // points around a name inside a segment
	optionKeyGap  = 3    // points between a bar and its key
	optionSwatch  = 7    // points
	optionItemGap = 10   // points between items of a key
	// optionKeyLine is the room, in units of the distance between issues
	// in a plot of OptionSharesHeight, that each line of a key past the
	// first adds below its bar: a line of the key and a little space.
	optionKeyLine = 0.35
	otherName     = "other"
)

// OptionSharesHeight returns the height at which to save the plot of
// OptionShares of the same data at DefaultWidth: DefaultHeight for up to 5
// issues, plus 1.5 cm for each further issue and about half of that for
// each line that an issue's key takes past its first. Data that
// OptionShares rejects gives DefaultHeight.
func OptionSharesHeight(issues []string, options [][]string, shares [][]float64) vg.Length {
	p, _, err := optionShares("", issues, options, shares)
	if err != nil {
		return DefaultHeight
	}
	slots := p.Y.Max - p.Y.Min // one per issue, and the keys' extra lines
	return DefaultHeight + vg.Length(float64(vg.Length(max(0, slots-5)*1.5)*vg.Centimeter))
}

var (
	otherColor  = color.Gray{Y: 0xdd}
	segmentEdge = draw.LineStyle{Color: color.White, Width: vg.Points(1)}
)

// optionShares builds the plot of OptionShares and also returns its
// plotters in drawing order, for tests.
func optionShares(title string, issues []string, options [][]string, shares [][]float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "OptionShares"}
	c.nonEmpty("issues", len(issues))
	c.length("options", 0, "", len(options), len(issues))
	c.length("shares", 0, "", len(shares), len(issues))
	for i := range issues {
		if c.err != nil {
			break
		}
		c.length("shares", i+1, issues[i], len(shares[i]), len(options[i]))
		if c.err != nil {
			break
		}
		c.unit("shares", i+1, shares[i], options[i])
		c.sum("shares", i+1, issues[i], shares[i])
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	n := len(issues)
	p := newPlot(title)
	p.X.Label.Text = "share of agreements"
	p.X.Tick.Marker = percentUnitTicks()
	bars := &optionBars{thick: optionThick, maxThick: vg.Points(optionMax)}
	bars.inside = text.Style{Color: color.Black, Font: p.Legend.TextStyle.Font, Handler: p.Legend.TextStyle.Handler}
	bars.inside.Font.Size = vg.Points(noteFontSize + 0.5)
	bars.key = bars.inside
	bars.key.Font.Size = vg.Points(noteFontSize)
	names := make([]string, n)
	for i, issue := range issues {
		var bar optionBar
		at := 0.0
		for k, o := range options[i] {
			v := shares[i][k]
			bar.segments = append(bar.segments, segment{name: o, share: v, x0: at, x1: at + v, fill: okabeIto[k%len(okabeIto)]})
			at += v
		}
		if rest := 1 - at; rest > shareSlack {
			bar.segments = append(bar.segments, segment{name: otherName, share: rest, x0: at, x1: 1, fill: otherColor})
		}
		bars.bars = append(bars.bars, bar)
		names[n-1-i] = issue
	}
	categoryAxis(&p.Y, wrapLabels(names, &p.Y))
	ticks := p.Y.Tick.Marker.(plot.ConstantTicks)
	// Each issue takes a unit of y, and optionKeyLine more for each line
	// of its key past the first, as the key would wrap in a DefaultWidth
	// plot: its data area is about the plot less the issues' names.
	nameW := vg.Length(0)
	for _, t := range ticks {
		nameW = max(nameW, p.Y.Tick.Label.Width(t.Label))
	}
	dataW := DefaultWidth - nameW - vg.Points(20)
	trX := func(v float64) vg.Length { return vg.Length(float64(vg.Length(v) * dataW)) }
	top := -0.5
	for i := n - 1; i >= 0; i-- { // from the bottom bar up
		_, lines := bars.place(bars.bars[i], trX, 0, vg.Points(optionMax), dataW)
		top += 1 + float64(optionKeyLine*float64(max(0, lines-1)))
		bars.bars[i].y = top - 0.5 + optionLift // as high in its room as in a unit
		ticks[n-1-i].Value = bars.bars[i].y     // the names face their bars
	}

	plotters := []plot.Plotter{bars}
	p.Add(plotters...)
	p.X.Min, p.X.Max = 0, 1
	p.Y.Min, p.Y.Max = -0.5, top
	return p, plotters, nil
}

// segment is the part of a stacked bar for one option.
type segment struct {
	name   string
	share  float64
	x0, x1 float64
	fill   color.Color
}

// optionBar is the stacked bar of one issue, centred on y.
type optionBar struct {
	y        float64
	segments []segment
}

// optionBars draws the stacked bars of OptionShares, with the names of the
// options in their segments where they fit and in a key under the bar
// where they do not. Where they fit depends on the size of the plot, so it
// is decided when the plot is drawn.
type optionBars struct {
	bars     []optionBar
	thick    float64   // in units of y
	maxThick vg.Length // cap on the drawn thickness
	inside   text.Style
	key      text.Style
}

// barLayout is where optionBars draws a bar and the names of its options.
type barLayout struct {
	bar    vg.Rectangle   // the whole bar
	rects  []vg.Rectangle // one per segment
	inside []bool         // whether a segment's name is written inside it
	keys   []keyItem      // the other names, in order
}

// keyItem is one entry of the key under a bar: a swatch and a text.
type keyItem struct {
	segment int          // index of the segment
	swatch  vg.Rectangle // the square of colour
	text    vg.Point     // where the text starts, level with its middle
	box     vg.Rectangle // swatch and text
}

// label returns the text that names segment s.
func (s segment) label() string { return s.name + " " + shareLabel(s.share) }

// layout returns where Plot draws each bar on c.
func (o *optionBars) layout(c draw.Canvas, p *plot.Plot) []barLayout {
	trX, trY := p.Transforms(&c)
	unit := trY(1) - trY(0)
	if unit < 0 {
		unit = -unit
	}
	h := min(vg.Length(o.thick)*unit, o.maxThick)
	out := make([]barLayout, len(o.bars))
	for i, b := range o.bars {
		out[i], _ = o.place(b, trX, trY(b.y), h, c.Max.X)
	}
	return out
}

// place returns where bar b is drawn, centred on y, h thick, with x
// mapped by trX, and its key under it in lines that end before right; and
// how many lines its key takes (0 if none).
func (o *optionBars) place(b optionBar, trX func(float64) vg.Length, y, h, right vg.Length) (barLayout, int) {
	pad := vg.Points(optionPad)
	lineH := max(o.key.Height("Xg"), vg.Points(optionSwatch)) + vg.Points(2)
	var l barLayout
	lines := 0
	l.bar = vg.Rectangle{Min: vg.Point{X: trX(0), Y: y - h/2}, Max: vg.Point{X: trX(1), Y: y + h/2}}
	x, top := l.bar.Min.X, l.bar.Min.Y-vg.Points(optionKeyGap)
	for k, s := range b.segments {
		r := vg.Rectangle{Min: vg.Point{X: trX(s.x0), Y: y - h/2}, Max: vg.Point{X: trX(s.x1), Y: y + h/2}}
		l.rects = append(l.rects, r)
		txt := s.label()
		fits := o.inside.Width(txt)+2*pad <= r.Size().X && o.inside.Height(txt)+pad <= h
		l.inside = append(l.inside, fits)
		if fits {
			continue
		}
		w := vg.Points(optionSwatch+optionPad) + o.key.Width(txt)
		if lines == 0 {
			lines = 1
		}
		if x > l.bar.Min.X && x+w > right {
			x, top = l.bar.Min.X, top-lineH // wrap to a new line
			lines++
		}
		mid := top - lineH/2
		half := vg.Points(optionSwatch) / 2
		item := keyItem{
			segment: k,
			swatch:  vg.Rectangle{Min: vg.Point{X: x, Y: mid - half}, Max: vg.Point{X: x + 2*half, Y: mid + half}},
			text:    vg.Point{X: x + vg.Points(optionSwatch+optionPad), Y: mid},
		}
		item.box = vg.Rectangle{Min: vg.Point{X: x, Y: top - lineH}, Max: vg.Point{X: x + w, Y: top}}
		l.keys = append(l.keys, item)
		x += w + vg.Points(optionItemGap)
	}
	return l, lines
}

// Plot implements plot.Plotter.
func (o *optionBars) Plot(c draw.Canvas, p *plot.Plot) {
	for i, l := range o.layout(c, p) {
		segs := o.bars[i].segments
		c.SetColor(otherColor)
		c.Fill(l.bar.Path())
		for k, r := range l.rects {
			if r.Size().X <= 0 {
				continue
			}
			c.SetColor(segs[k].fill)
			c.Fill(r.Path())
			c.SetLineStyle(segmentEdge)
			c.Stroke(r.Path())
		}
		c.SetLineStyle(barOutline)
		c.Stroke(l.bar.Path())
		for k, r := range l.rects {
			if !l.inside[k] {
				continue
			}
			sty := o.inside
			sty.Color = textOn(segs[k].fill)
			sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
			mid := vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}
			c.FillText(sty, mid, segs[k].label())
		}
		for _, item := range l.keys {
			c.SetColor(segs[item.segment].fill)
			c.Fill(item.swatch.Path())
			c.SetLineStyle(barOutline)
			c.Stroke(item.swatch.Path())
			sty := o.key
			sty.XAlign, sty.YAlign = draw.XLeft, draw.YCenter
			c.FillText(sty, item.text, segs[item.segment].label())
		}
	}
}

// DataRange implements plot.DataRanger.
func (o *optionBars) DataRange() (xmin, xmax, ymin, ymax float64) {
	ymin, ymax = o.bars[0].y, o.bars[0].y
	for _, b := range o.bars {
		ymin, ymax = min(ymin, b.y), max(ymax, b.y)
	}
	return 0, 1, ymin - o.thick/2, ymax + o.thick/2
}
