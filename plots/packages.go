package plots

import (
	"cmp"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Looks of the bar charts of shares.
const (
	shareBarThick = 0.7 // of the distance between bars
	shareBarMax   = 22  // points
	shareGap      = 3   // points between a bar's end and its label
)

// TopPackages returns a horizontal bar chart of the agreed packages most
// often reached: shares[i] is the fraction of agreements, in [0,1], that
// reached the package labels[i] describes. Bars are sorted by share, the
// largest on top (equal shares keep their order), each with its share as
// a percentage at its end. The x axis is "share of agreements", from 0 to
// the largest share.
//
// Labels may be long, like "ceasefire=energy intelligence=suspended": a
// label wider than about a third of a DefaultWidth plot is broken at spaces
// into lines; a label that holds line breaks ("\n") keeps them, each of its
// lines broken further if it is that wide. The left margin widens to the widest
// line. Ten or so packages of one or two lines fit in DefaultHeight; save
// more at about 1 cm per package.
//
// It returns a *DataError if there are no labels (ErrNoData), shares is not
// as long as labels (ErrMismatch), a share is outside [0,1] or NaN
// (ErrRange), or the shares add up to more than 1 (ErrSum).
func TopPackages(title string, labels []string, shares []float64) (*plot.Plot, error) {
	p, _, err := topPackages(title, labels, shares)
	return p, err
}

// topPackages builds the plot of TopPackages and also returns its plotters
// in drawing order, for tests.
func topPackages(title string, labels []string, shares []float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "TopPackages"}
	c.nonEmpty("labels", len(labels))
	c.length("shares", 0, "", len(shares), len(labels))
	if c.err == nil {
		c.unit("shares", 0, shares, labels)
		c.sum("shares", 0, "", shares)
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	n := len(labels)
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(shares[b], shares[a]) })

	p := newPlot(title)
	p.X.Label.Text = "share of agreements"
	p.X.Tick.Marker = percentTicks

	bars := &hbars{thick: shareBarThick, maxThick: vg.Points(shareBarMax), legend: blue}
	names := make([]string, n)
	ends := plotter.XYLabels{XYs: make(plotter.XYs, n), Labels: make([]string, n)}
	top := 0.0
	for rank, i := range order {
		y := float64(n - 1 - rank)
		bars.bars = append(bars.bars, hbar{y: y, x0: 0, x1: shares[i], fill: blue})
		names[n-1-rank] = labels[i]
		ends.XYs[rank] = plotter.XY{X: shares[i], Y: y}
		ends.Labels[rank] = shareLabel(shares[i])
		top = max(top, shares[i])
	}
	categoryAxis(&p.Y, wrapLabels(names, &p.Y))
	texts := barEndLabels(ends)

	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil // the bars mark the categories
	plotters := []plot.Plotter{grid, bars, texts}
	p.Add(plotters...)
	p.X.Min, p.X.Max = 0, top
	if top == 0 {
		p.X.Max = 0.01 // an axis of no length cannot be drawn
	}
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	return p, plotters, nil
}

// endLabels are labels at the ends of bars whose glyph boxes reach a
// little further right than their text: the width of a text as measured
// falls short of its width as drawn in a PNG by a fraction of a point, which
// cut the last glyph of the longest bar's label at the edge of the image.
type endLabels struct{ *plotter.Labels }

// GlyphBoxes implements plot.GlyphBoxer.
func (l endLabels) GlyphBoxes(p *plot.Plot) []plot.GlyphBox {
	bs := l.Labels.GlyphBoxes(p)
	for i := range bs {
		bs[i].Rectangle.Max.X += vg.Points(shareGap)
	}
	return bs
}

// barEndLabels returns labels drawn just right of their points, centred
// vertically on them, in the font of notes.
func barEndLabels(l plotter.XYLabels) endLabels {
	labels, err := plotter.NewLabels(l)
	if err != nil {
		panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(noteFontSize + 0.5)
		labels.TextStyle[i].XAlign = draw.XLeft
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(shareGap)}
	return endLabels{labels}
}
