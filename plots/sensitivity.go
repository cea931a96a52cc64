package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Legend names of the sensitivity plots.
const (
	legendLow      = "low (10th percentile)"
	legendHigh     = "high (90th percentile)"
	legendBase     = "base value"
	legendFirst    = "first-order index"
	legendTotal    = "total index"
	legendInterval = "bootstrap interval"
)

// Looks of the sensitivity plots.
const (
	tornadoThick = 0.6 // of the distance between parameters
	tornadoMax   = 22  // points
	sobolThick   = 0.36
	sobolOffset  = 0.19 // of the distance between parameters, from its centre to each bar's
	sobolMax     = 14   // points
)

var (
	lowColor   = blue
	highColor  = vermillion
	baseStyle  = draw.LineStyle{Color: color.Black, Width: vg.Points(1.2)}
	firstColor = skyBlue
	totalColor = blue
	whisker    = draw.LineStyle{Color: color.Black, Width: vg.Points(1)}
)

// Tornado returns a tornado diagram of a one-at-a-time sensitivity
// analysis: for each parameter params[i], a horizontal bar from the base
// value of the output, P(agreement) with every parameter at its base, to
// low[i], the output with params[i] at its 10th percentile, in blue, and
// another to high[i], the output with it at its 90th percentile, in
// vermillion. A vertical line marks base. Parameters are sorted by swing,
// |high[i] - low[i]|, the largest on top (equal swings keep their order).
// The x axis, "P(agreement)", spans the outputs with a margin, within
// [0,1]. Long parameter names are broken into lines as in TopPackages.
//
// It returns a *DataError if there are no parameters (ErrNoData), low or
// high is not as long as params (ErrMismatch), or an output or base is
// outside [0,1] or NaN (ErrRange).
func Tornado(title string, params []string, low, high []float64, base float64) (*plot.Plot, error) {
	p, _, err := tornado(title, params, low, high, base)
	return p, err
}

// tornado builds the plot of Tornado and also returns its plotters in
// drawing order, for tests.
func tornado(title string, params []string, low, high []float64, base float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "Tornado"}
	c.nonEmpty("params", len(params))
	c.length("low", 0, "", len(low), len(params))
	c.length("high", 0, "", len(high), len(params))
	if c.err == nil {
		c.unit("low", 0, low, params)
		c.unit("high", 0, high, params)
		if !(base >= 0 && base <= 1) {
			c.fail("base", 0, 0, "", fmt.Errorf("%v %w", base, ErrRange))
		}
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	n := len(params)
	order := byDecreasing(n, func(i int) float64 { return math.Abs(high[i] - low[i]) })
	p := newPlot(title)
	p.X.Label.Text = "P(agreement)"
	bars := &hbars{thick: tornadoThick, maxThick: vg.Points(tornadoMax), outline: barOutline}
	names := make([]string, n)
	xmin, xmax := base, base
	for rank, i := range order {
		y := float64(n - 1 - rank)
		names[n-1-rank] = params[i]
		lo := hbar{y: y, x0: base, x1: low[i], fill: lowColor}
		hi := hbar{y: y, x0: base, x1: high[i], fill: highColor}
		// On the same side of base, the shorter bar goes over the longer.
		if math.Abs(low[i]-base) < math.Abs(high[i]-base) {
			lo, hi = hi, lo
		}
		bars.bars = append(bars.bars, lo, hi)
		xmin, xmax = min(xmin, low[i], high[i]), max(xmax, low[i], high[i])
	}
	categoryAxis(&p.Y, wrapLabels(names, &p.Y))
	ymin, ymax := -0.5, float64(n)-0.5
	baseLine := verticalLine(base, ymin, ymax, baseStyle)

	values := tornadoValues(order, low, high, base)

	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	plotters := []plot.Plotter{grid, bars, baseLine, values}
	p.Add(plotters...)
	// Room for the values at the ends of the bars.
	pad := max(0.18*(xmax-xmin), 0.03)
	p.X.Min, p.X.Max = max(xmin-pad, 0), min(xmax+pad, 1)
	if p.X.Min > 0 {
		p.X.Label.Text += "; the axis starts at " + percent(p.X.Min) + ", not 0"
	}
	p.X.Tick.Marker = percentTicks
	p.Y.Min, p.Y.Max = ymin, ymax
	// Right of the data area: a legend in a corner would hide bars, the
	// longest of which reach the corners.
	legendOutside(p, []legendEntry{
		{legendLow, []plot.Thumbnailer{swatch{lowColor}}},
		{legendHigh, []plot.Thumbnailer{swatch{highColor}}},
		{legendBase + " " + percent(base), []plot.Thumbnailer{baseLine}},
	})
	return p, plotters, nil
}

// tornadoValues returns the outputs at the low and high ends of the bars of
// a tornado, as percentages just beyond each bar's end, away from base; an
// end on the same side as the other's, and closer to base, is written
// inside its bar's end instead, where the longer bar does not reach.
func tornadoValues(order []int, low, high []float64, base float64) *plotter.Labels {
	n := len(order)
	var l plotter.XYLabels
	var aligns []draw.XAlignment
	for rank, i := range order {
		y := float64(n - 1 - rank)
		for _, v := range []float64{low[i], high[i]} {
			l.XYs = append(l.XYs, plotter.XY{X: v, Y: y})
			l.Labels = append(l.Labels, percent(v))
			if v < base {
				aligns = append(aligns, draw.XRight)
			} else {
				aligns = append(aligns, draw.XLeft)
			}
		}
		// Two ends on one side: the nearer one's value would sit on the
		// farther bar, so it is dropped; the bars' colours tell which end is
		// which, and the farther value bounds both.
		if (low[i]-base)*(high[i]-base) > 0 {
			k := len(l.Labels) - 2
			if math.Abs(high[i]-base) < math.Abs(low[i]-base) {
				k++
			}
			l.Labels[k] = ""
		}
	}
	labels, err := plotter.NewLabels(l)
	if err != nil {
		panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(noteFontSize)
		labels.TextStyle[i].XAlign = aligns[i]
		labels.TextStyle[i].YAlign = draw.YCenter
		// Labels has one offset for all; the alignment sets the side, and
		// a leading or trailing space the gap.
		if labels.Labels[i] != "" {
			if aligns[i] == draw.XRight {
				labels.Labels[i] += " "
			} else {
				labels.Labels[i] = " " + labels.Labels[i]
			}
		}
	}
	return labels
}

// SobolBars returns a bar chart of global sensitivity indices: for each
// parameter params[i], a bar of its first-order Sobol index first[i], in
// sky blue, above a bar of its total index total[i], in blue, each with
// its bootstrap interval ([firstLo[i], firstHi[i]] and [totalLo[i],
// totalHi[i]]) as a black whisker. Parameters are sorted by total index,
// the largest on top (equal indices keep their order). The x axis, "Sobol
// index", spans 0 and every index and bound; estimates a little below 0 or
// above 1, as sampling error gives, are drawn as they are.
//
// It returns a *DataError if there are no parameters (ErrNoData), an index
// or bound slice is not as long as params (ErrMismatch), a value is NaN or
// infinite (ErrNotFinite), or a lower bound is above its upper bound
// (ErrInterval). An estimate outside its interval is allowed.
func SobolBars(title string, params []string, first, firstLo, firstHi, total, totalLo, totalHi []float64) (*plot.Plot, error) {
	p, _, err := sobolBars(title, params, [6][]float64{first, firstLo, firstHi, total, totalLo, totalHi})
	return p, err
}

// sobolFields are the names of the arguments of SobolBars after params.
var sobolFields = [6]string{"first", "firstLo", "firstHi", "total", "totalLo", "totalHi"}

// sobolBars builds the plot of SobolBars from its arguments after params,
// in order, and also returns its plotters in drawing order, for tests.
func sobolBars(title string, params []string, v [6][]float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "SobolBars"}
	c.nonEmpty("params", len(params))
	for k, f := range sobolFields {
		c.length(f, 0, "", len(v[k]), len(params))
	}
	for k, f := range sobolFields {
		if c.err == nil {
			c.finite(f, v[k], params)
		}
	}
	if c.err == nil {
		c.interval("firstLo", v[1], v[2], params)
		c.interval("totalLo", v[4], v[5], params)
	}
	if c.err != nil {
		return nil, nil, c.err
	}
	first, firstLo, firstHi, total, totalLo, totalHi := v[0], v[1], v[2], v[3], v[4], v[5]

	n := len(params)
	order := byDecreasing(n, func(i int) float64 { return total[i] })
	p := newPlot(title)
	p.X.Label.Text = "Sobol index"
	bars := &hbars{thick: sobolThick, maxThick: vg.Points(sobolMax), outline: barOutline}
	var ivs intervals
	names := make([]string, n)
	xmin, xmax := 0.0, 0.0
	for rank, i := range order {
		y := float64(n - 1 - rank)
		names[n-1-rank] = params[i]
		yf, yt := y+sobolOffset, y-sobolOffset
		bars.bars = append(bars.bars,
			hbar{y: yf, x0: 0, x1: first[i], fill: firstColor},
			hbar{y: yt, x0: 0, x1: total[i], fill: totalColor})
		ivs = append(ivs,
			interval{y: yf, lo: firstLo[i], hi: firstHi[i]},
			interval{y: yt, lo: totalLo[i], hi: totalHi[i]})
		for _, x := range []float64{first[i], firstLo[i], firstHi[i], total[i], totalLo[i], totalHi[i]} {
			xmin, xmax = min(xmin, x), max(xmax, x)
		}
	}
	categoryAxis(&p.Y, wrapLabels(names, &p.Y))
	whiskers, err := plotter.NewXErrorBars(ivs)
	if err != nil {
		panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
	}
	whiskers.LineStyle = whisker
	whiskers.CapWidth = vg.Points(6)

	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	plotters := []plot.Plotter{grid, bars, whiskers}
	p.Add(plotters...)
	if xmax == xmin {
		xmax = xmin + 1 // all zero: an axis of no length cannot be drawn
	}
	pad := 0.04 * (xmax - xmin)
	p.X.Min, p.X.Max = xmin, xmax+pad
	if xmin < 0 {
		p.X.Min = xmin - pad
	}
	p.Y.Min, p.Y.Max = -0.5, float64(n)-0.5
	// Right of the data area: the bars and whiskers of the largest indices
	// reach the corners.
	legendOutside(p, []legendEntry{
		{legendFirst, []plot.Thumbnailer{swatch{firstColor}}},
		{legendTotal, []plot.Thumbnailer{swatch{totalColor}}},
		{legendInterval, []plot.Thumbnailer{whiskerThumb{}}},
	})
	return p, plotters, nil
}

// byDecreasing returns 0..n-1 sorted by decreasing key, ties in order.
func byDecreasing(n int, key func(int) float64) []int {
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(key(b), key(a)) })
	return order
}

// verticalLine returns a line at x from y0 to y1.
func verticalLine(x, y0, y1 float64, sty draw.LineStyle) *plotter.Line {
	return lineSegment(x, y0, x, y1, sty)
}

// interval is a horizontal interval [lo, hi] at y.
type interval struct{ y, lo, hi float64 }

// intervals are drawn by plotter.XErrorBars as errors around lo: 0 below
// and hi-lo above. Errors around the estimate would need it to lie in its
// interval, which a bootstrap does not promise.
type intervals []interval

func (v intervals) Len() int                         { return len(v) }
func (v intervals) XY(i int) (x, y float64)          { return v[i].lo, v[i].y }
func (v intervals) XError(i int) (low, high float64) { return 0, v[i].hi - v[i].lo }

// whiskerThumb is the legend thumbnail of an interval: a line with caps.
type whiskerThumb struct{}

// Thumbnail implements plot.Thumbnailer.
func (whiskerThumb) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	h := vg.Points(3)
	c.StrokeLine2(whisker, c.Min.X, y, c.Max.X, y)
	c.StrokeLine2(whisker, c.Min.X, y-h, c.Min.X, y+h)
	c.StrokeLine2(whisker, c.Max.X, y-h, c.Max.X, y+h)
}
