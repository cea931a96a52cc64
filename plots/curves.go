package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Legend names of the curves of P(agreement).
const (
	legendRunning  = "running estimate"
	legendEstimate = "estimate"
	legendBand     = "95% interval"
	legendFinal    = "final estimate"
	legendBaseX    = "scenario's value"
)

// Looks of the curves of P(agreement).
const (
	// logRatio is the ratio of the ends of an x axis above which it is
	// drawn on a log scale: from two decades, a linear axis crushes the
	// first one into a sliver.
	logRatio = 100
	// curveGlyphsMax is the most points of a convergence curve that get a
	// glyph each; more would blur into a thick line.
	curveGlyphsMax = 30
)

var finalStyle = draw.LineStyle{Color: color.Gray{Y: 0x55}, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}

// Convergence returns a plot of the running estimate of P(agreement), p[i]
// after runs[i] runs, with its 95% interval [lo[i], hi[i]] as a shaded band,
// and a dashed line at the last estimate, so that one can see how many runs
// it took to settle. lo and hi may both be nil for no band. The x axis,
// "runs", spans runs[0] to the last; it is logarithmic, with a label at
// every power of 10, when the last is more than 100 times the first. The y
// axis, "P(agreement)", spans [0,1]. The legend, in the corner where it
// hides least (or right of the plot if every corner is taken), names the
// running estimate, the interval and the final estimate with its value.
//
// It returns a *DataError if there are no runs (ErrNoData), p, lo or hi is
// not as long as runs, or only one of lo and hi is nil (ErrMismatch), runs
// are not at least 1 (ErrNotPositive) or not strictly increasing
// (ErrOrder), a value is outside [0,1] or NaN (ErrRange), or lo is above hi
// (ErrInterval).
func Convergence(title string, runs []int, p, lo, hi []float64) (*plot.Plot, error) {
	pl, _, err := convergence(title, runs, p, lo, hi)
	return pl, err
}

// convergence builds the plot of Convergence and also returns its plotters
// in drawing order, for tests.
func convergence(title string, runs []int, est, lo, hi []float64) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "Convergence"}
	c.nonEmpty("runs", len(runs))
	c.length("p", 0, "", len(est), len(runs))
	xs := make([]float64, len(runs))
	for i, r := range runs {
		if r < 1 {
			c.fail("runs", i+1, 0, "", fmt.Errorf("%d: %w", r, ErrNotPositive))
		}
		xs[i] = float64(r)
	}
	c.increasing("runs", xs)
	if c.err == nil {
		c.unit("p", 0, est, nil)
		c.band(len(runs), lo, hi)
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	p := newPlot(title)
	p.X.Label.Text = "runs"
	plotters, entries, avoid, note := curve(xs, est, lo, hi, len(xs) <= curveGlyphsMax)
	entries[0].name = legendRunning
	last := est[len(est)-1]
	final := horizontalLine(last, xs[0], xs[len(xs)-1], finalStyle)
	plotters = append(plotters, final)
	entries = append(entries, legendEntry{legendFinal + " " + strconv.FormatFloat(last, 'f', 3, 64), []plot.Thumbnailer{final}})
	// The final line is left out of the obstacles: the legend's box lets a
	// reference line show through, and the estimate settles on it anyway.
	side := finishCurve(p, xs, plotters, entries, avoid, nil)
	addNote(&p.X, note, resultDataWidth-side)
	return p, plotters, nil
}

// SweepLine returns a plot of P(agreement), p[i], against a parameter swept
// over x[i], with the 95% interval [lo[i], hi[i]] as a shaded band; lo and
// hi may both be nil for no band. Each x is marked with a point. The x axis
// is labelled xlabel and spans x[0] to the last; it is logarithmic when
// x[0] > 0 and the last is more than 100 times it, else it has a tick at
// each x if there are 12 or fewer, spread evenly enough for their labels.
// The y axis, "P(agreement)", spans [0,1]. The legend, placed as in
// Convergence, names the estimate and the interval.
//
// It returns a *DataError if x is empty (ErrNoData), p, lo or hi is not as
// long as x, or only one of lo and hi is nil (ErrMismatch), an x is NaN or
// infinite (ErrNotFinite) or x is not strictly increasing (ErrOrder), a
// value of p, lo or hi is outside [0,1] or NaN (ErrRange), or lo is above
// hi (ErrInterval).
func SweepLine(title, xlabel string, x, p, lo, hi []float64) (*plot.Plot, error) {
	pl, _, err := sweepLine(title, xlabel, x, p, lo, hi, math.NaN(), nil)
	return pl, err
}

// SweepChoices is SweepLine over the options of a choice (a protocol, a
// strategy type, ...): p[i] is the estimate with the i-th of labels, which
// names its tick on the x axis. The axis reaches half a step past the
// first and the last option, so that their labels and points stand clear
// of the edges. It returns the errors of SweepLine, with labels as x.
func SweepChoices(title, xlabel string, labels []string, p, lo, hi []float64) (*plot.Plot, error) {
	x := make([]float64, len(labels))
	for i := range x {
		x[i] = float64(i)
	}
	pl, _, err := sweepLine(title, xlabel, x, p, lo, hi, math.NaN(), labels)
	return pl, err
}

// SweepLineAt is SweepLine with the scenario's own value of the parameter,
// base, marked by a dashed vertical line named in the legend with its
// value, so that a reader sees where the scenario stands on the curve. A
// base that is NaN, or outside the span of x, is not marked.
func SweepLineAt(title, xlabel string, x, p, lo, hi []float64, base float64) (*plot.Plot, error) {
	pl, _, err := sweepLine(title, xlabel, x, p, lo, hi, base, nil)
	return pl, err
}

// sweepLine builds the plot of SweepLineAt, or of SweepChoices if labels
// is not nil, and also returns its plotters in drawing order, for tests.
func sweepLine(title, xlabel string, xs, est, lo, hi []float64, base float64, labels []string) (*plot.Plot, []plot.Plotter, error) {
	c := checker{plot: "SweepLine"}
	c.nonEmpty("x", len(xs))
	c.length("p", 0, "", len(est), len(xs))
	c.finite("x", xs, nil)
	c.increasing("x", xs)
	if c.err == nil {
		c.unit("p", 0, est, nil)
		c.band(len(xs), lo, hi)
	}
	if c.err != nil {
		return nil, nil, c.err
	}

	p := newPlot(title)
	p.X.Label.Text = xlabel
	plotters, entries, avoid, note := curve(xs, est, lo, hi, true)
	if base >= xs[0] && base <= xs[len(xs)-1] {
		// Left out of the obstacles, as the final line of Convergence.
		l := verticalLine(base, 0, 1, finalStyle)
		plotters = append(plotters, l)
		entries = append(entries, legendEntry{legendBaseX + " " + strconv.FormatFloat(base, 'g', 3, 64), []plot.Thumbnailer{l}})
	}
	side := finishCurve(p, xs, plotters, entries, avoid, labels)
	addNote(&p.X, note, resultDataWidth-side)
	return p, plotters, nil
}

// curve returns the plotters of a curve of P(agreement) at xs in drawing
// order (grid, band, line, points if glyphs), its legend entries (the
// estimate first, then the band), the obstacles to its legend, and a note
// for under the x axis's label if the band is too narrow to see (then it
// has no legend entry).
func curve(xs, est, lo, hi []float64, glyphs bool) ([]plot.Plotter, []legendEntry, *obstacles, string) {
	xys := make(plotter.XYs, len(xs))
	for i := range xs {
		xys[i] = plotter.XY{X: xs[i], Y: est[i]}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
	}
	line.Color = blue
	line.Width = vg.Points(lineWidth)
	points.Color = blue
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(glyphSize)

	grid := plotter.NewGrid()
	plotters := []plot.Plotter{grid}
	avoid := &obstacles{lines: []plotter.XYs{xys}}
	thumbs := []plot.Thumbnailer{line}
	var entries []legendEntry
	var band *plotter.Polygon
	if lo != nil {
		band = newBandAt(xs, lo, hi, translucent(blue, bandAlpha))
		plotters = append(plotters, band)
		b := [2]plotter.XYs{make(plotter.XYs, len(xs)), make(plotter.XYs, len(xs))}
		for i := range xs {
			b[0][i] = plotter.XY{X: xs[i], Y: lo[i]}
			b[1][i] = plotter.XY{X: xs[i], Y: hi[i]}
		}
		avoid.bands = append(avoid.bands, b)
	}
	plotters = append(plotters, line)
	if glyphs {
		plotters = append(plotters, points)
		thumbs = append(thumbs, points)
	}
	entries = append(entries, legendEntry{legendEstimate, thumbs})
	note := ""
	if band != nil {
		if hidden, half := bandHidden(est, lo, hi); hidden {
			note = bandNote(nil, half)
		} else {
			entries = append(entries, legendEntry{legendBand, []plot.Thumbnailer{band}})
		}
	}
	return plotters, entries, avoid, note
}

// finishCurve adds the plotters of a curve at xs to p, sets its axes and
// places its legend, returning the width the legend takes right of the
// data area (see placeLegend). With labels, xs are 0, 1, ... and each is a
// choice's option, named by its label.
func finishCurve(p *plot.Plot, xs []float64, plotters []plot.Plotter, entries []legendEntry, avoid *obstacles, labels []string) vg.Length {
	p.Y.Label.Text = "P(agreement)"
	p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	p.Add(plotters...)
	first, last := xs[0], xs[len(xs)-1]
	p.X.Min, p.X.Max = first, last
	switch {
	case first > 0 && last/first > logRatio:
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = logTicks{}
	case first == last:
		p.X.Min, p.X.Max = first-0.5, first+0.5
	case labels != nil:
		p.X.Min, p.X.Max = first-0.5, last+0.5
		p.X.Tick.Marker = choiceTicks(labels, p.X.Tick.Label)
	case len(xs) <= valueTicksMax && evenEnough(xs):
		p.X.Tick.Marker = valueTicks(xs)
	}
	p.Y.Min, p.Y.Max = 0, 1
	p.Add(tickLabelRoom{})
	return placeLegend(p, entries, avoid)
}

// choiceTicks labels 0, 1, ... with the options of a choice, each
// wrapped to the width of its share of a DefaultWidth plot.
func choiceTicks(labels []string, sty text.Style) plot.ConstantTicks {
	w := vg.Length(float64(resultDataWidth) / float64(len(labels)))
	ticks := categoryTicks(labels)
	for i := range ticks {
		ticks[i].Label = wrapLabel(ticks[i].Label, sty, w-vg.Points(4))
	}
	return ticks
}

// evenEnough reports whether labels at each of xs, which are increasing,
// would stand clear of each other: no two are closer than a fifteenth of
// the span.
func evenEnough(xs []float64) bool {
	span := xs[len(xs)-1] - xs[0]
	for i := 1; i < len(xs); i++ {
		if xs[i]-xs[i-1] < span/15 {
			return false
		}
	}
	return true
}

// horizontalLine returns a line at y from x0 to x1.
func horizontalLine(y, x0, x1 float64, sty draw.LineStyle) *plotter.Line {
	return lineSegment(x0, y, x1, y, sty)
}

// lineSegment returns the line from (x0, y0) to (x1, y1).
func lineSegment(x0, y0, x1, y1 float64, sty draw.LineStyle) *plotter.Line {
	l, err := plotter.NewLine(plotter.XYs{{X: x0, Y: y0}, {X: x1, Y: y1}})
	if err != nil {
		panic("plots: " + err.Error()) // the checks have ruled out NaN and infinities
	}
	l.LineStyle = sty
	return l
}

// logTicks marks a log axis: a labelled tick at each power of 10 in range
// and unlabelled ones at its multiples 2 to 9. Whole numbers from 1,000 up
// have their thousands grouped; the rest are written as %g would.
type logTicks struct{}

// Ticks implements plot.Ticker.
func (logTicks) Ticks(min, max float64) []plot.Tick {
	if !(min > 0 && max >= min) {
		return nil
	}
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		decade := math.Pow(10, e)
		for k := 1; k < 10; k++ {
			v := decade * float64(k)
			if v < min*(1-1e-12) || v > max*(1+1e-12) {
				continue
			}
			t := plot.Tick{Value: v}
			if k == 1 {
				t.Label = logLabel(v, e)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}

// logLabel formats 10^e, which is v.
func logLabel(v, e float64) string {
	if e < 0 || e > 15 {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	s := strconv.FormatInt(int64(math.Round(v)), 10)
	if len(s) < 5 {
		return s // 1000 reads better without a comma in a row of 10s and 100s
	}
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return string(out)
}
