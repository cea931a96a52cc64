package plots

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one line of a by-round plot: Cum[r] is the estimated chance that
// an agreement has been reached by the end of round r+1; Lo and Hi, when not
// nil, are the bounds of its 95% interval at each round (same length as Cum).
type Series struct {
	Name   string
	Cum    []float64
	Lo, Hi []float64
}

// Errors that AgreementByRound returns, or wraps in a *SeriesError.
var (
	// ErrNoSeries is returned when AgreementByRound is given no series.
	ErrNoSeries = errors.New("plots: no series")
	// ErrEmpty means that a series has no rounds.
	ErrEmpty = errors.New("no rounds")
	// ErrLength means that Lo or Hi is not as long as Cum; a nil Lo with a
	// non-nil Hi, or the reverse, is a length mismatch too.
	ErrLength = errors.New("length differs from Cum")
	// ErrRange means that a value is NaN or outside [0,1].
	ErrRange = errors.New("not in [0,1]")
	// ErrInterval means that Lo is above Hi at some round.
	ErrInterval = errors.New("Lo above Hi")
)

// SeriesError reports an invalid series given to AgreementByRound.
type SeriesError struct {
	Series int    // position of the series among the arguments, from 1
	Name   string // Name of the series
	Field  string // "Cum", "Lo" or "Hi"
	Round  int    // round of the bad value, from 1; 0 if the whole field is bad
	Err    error  // wraps ErrEmpty, ErrLength, ErrRange or ErrInterval
}

func (e *SeriesError) Error() string {
	place := e.Field
	if e.Round > 0 {
		place += " at round " + strconv.Itoa(e.Round)
	}
	name := ""
	if e.Name != "" {
		name = " " + strconv.Quote(e.Name)
	}
	return fmt.Sprintf("plots: series %d%s: %s: %v", e.Series, name, place, e.Err)
}

func (e *SeriesError) Unwrap() error { return e.Err }

// Looks of the by-round plot.
const (
	// bandAlpha is the opacity of an interval band: dark enough to be seen
	// on a printed page, light enough that the lines and an overlapping
	// band stay visible through it.
	bandAlpha = 0x66
	lineWidth = 1.5
	glyphSize = 2.5
	// bandMinWidth is the narrowest, in points, that an interval band
	// must be at its widest to be seen at a reader's scale: a point wider
	// than its line on each side. A narrower band is still drawn (an SVG
	// can be zoomed), and the legend says that it is too narrow to see.
	bandMinWidth = lineWidth + 2
)

// seriesColors are the colours of the lines of a by-round plot: the
// Okabe–Ito palette, the first two (often A and B of a comparison) blue
// and vermillion, which contrast for every reader.
var seriesColors = []color.Color{okabeIto[4], okabeIto[5], okabeIto[2], okabeIto[0], okabeIto[6], okabeIto[1], okabeIto[3], okabeIto[7]}

// bandHidden reports whether the interval [lo, hi] around est is too
// narrow to see on a plot of results whose y axis spans [0, 1] (see
// bandMinWidth), and returns its largest distance from est.
func bandHidden(est, lo, hi []float64) (bool, float64) {
	w, half := 0.0, 0.0
	for i := range lo {
		w = max(w, hi[i]-lo[i])
		half = max(half, hi[i]-est[i], est[i]-lo[i])
	}
	return vg.Length(w)*resultDataHeight < vg.Points(bandMinWidth), half
}

// bandNote is the note for intervals too narrow to see, of the named
// series if any, at most half from their estimates. It goes under the x
// axis's label, where it takes none of the data area (a legend right of
// the data would).
func bandNote(names []string, half float64) string {
	of := ""
	if len(names) > 0 {
		of = " of " + strings.Join(names, ", ")
	}
	return legendBand + of + " too narrow to see (±" + strconv.FormatFloat(half, 'g', 2, 64) + " at most)"
}

// AgreementByRound returns a plot of the cumulative chance of agreement by
// round, one line per series, with a shaded interval band where Lo and Hi are
// given. The y axis spans [0,1]; the x axis spans rounds 1..max len(Cum).
// It returns an error if there is no series, a series is empty, lengths differ, or a value is outside [0,1] or NaN.
//
// Errors about a series are *SeriesError values, which also reject a Lo
// above its Hi; ErrNoSeries is returned as is.
//
// Series are drawn in the colours of the Okabe–Ito palette (seriesColors)
// and the glyph shapes of plotutil.Shape(i). A series is named in the
// legend when its Name is not empty, or as "series i" (from 1) when there
// are several. A band too narrow to see at a reader's scale (see
// bandMinWidth) is left out of its series' thumbnail, and a note under the
// x axis's label says so, with the interval's largest distance from its
// line. The legend sits
// on a translucent box in the corner of the plot where it hides the least
// of the curves and bands.
func AgreementByRound(title string, series ...Series) (*plot.Plot, error) {
	p, _, err := agreementByRound(title, series)
	return p, err
}

// agreementByRound builds the plot of AgreementByRound and also returns the
// plotters it added, in drawing order, so that tests can check them.
func agreementByRound(title string, series []Series) (*plot.Plot, []plot.Plotter, error) {
	if len(series) == 0 {
		return nil, nil, ErrNoSeries
	}
	rounds := 0
	for i, s := range series {
		if err := s.check(i); err != nil {
			return nil, nil, err
		}
		rounds = max(rounds, len(s.Cum))
	}

	p := plot.New()
	setTitle(p, title, titleWidth)
	p.X.Label.Text = "round"
	p.Y.Label.Text = "P(agreement by round)"
	p.X.Tick.Marker = roundTicks{}
	p.Y.Tick.Marker = plot.ConstantTicks(probabilityTicks())
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // one line per round would be clutter
	plotters := []plot.Plotter{grid}

	var entries []legendEntry
	avoid := &obstacles{}
	var hidden []string
	bands, half := 0, 0.0
	for i, s := range series {
		ps, thumbs := s.plotters(i)
		plotters = append(plotters, ps...)
		name := s.Name
		if name == "" && len(series) > 1 {
			name = "series " + strconv.Itoa(i+1)
		}
		if s.Lo != nil {
			bands++
			if h, d := bandHidden(s.Cum, s.Lo, s.Hi); h {
				thumbs = thumbs[1:] // the band's swatch
				hidden, half = append(hidden, name), max(half, d)
			}
		}
		if name != "" {
			entries = append(entries, legendEntry{name, thumbs})
		}
		avoid.lines = append(avoid.lines, byRound(s.Cum))
		if s.Lo != nil {
			avoid.bands = append(avoid.bands, [2]plotter.XYs{byRound(s.Lo), byRound(s.Hi)})
		}
	}
	p.Add(plotters...)
	p.Add(tickLabelRoom{})

	// Set the ranges after Add, which widens them to the data.
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Min, p.X.Max = 1, float64(rounds)
	if rounds == 1 {
		p.X.Min, p.X.Max = 0.5, 1.5
	}
	// The corner where the legend hides the least of the curves and bands:
	// cumulative curves usually start low, but a fast variant may not.
	side := placeLegend(p, entries, avoid)
	if len(hidden) > 0 {
		if len(hidden) == bands {
			hidden = nil // every band: the note need not name them
		}
		addNote(&p.X, bandNote(hidden, half), resultDataWidth-side)
	}
	return p, plotters, nil
}

// check returns a *SeriesError if s cannot be plotted; i is its index.
func (s Series) check(i int) error {
	fail := func(field string, round int, err error) error {
		return &SeriesError{Series: i + 1, Name: s.Name, Field: field, Round: round, Err: err}
	}
	n := len(s.Cum)
	if n == 0 {
		return fail("Cum", 0, ErrEmpty)
	}
	band := s.Lo != nil || s.Hi != nil
	fields := []struct {
		name string
		v    []float64
	}{{"Cum", s.Cum}, {"Lo", s.Lo}, {"Hi", s.Hi}}
	for _, f := range fields {
		if f.name != "Cum" && !band {
			continue
		}
		if len(f.v) != n {
			return fail(f.name, 0, fmt.Errorf("%d values, want %d: %w", len(f.v), n, ErrLength))
		}
		for r, v := range f.v {
			if !(v >= 0 && v <= 1) { // also catches NaN
				return fail(f.name, r+1, fmt.Errorf("%v %w", v, ErrRange))
			}
		}
	}
	if band {
		for r := range s.Lo {
			if s.Lo[r] > s.Hi[r] {
				return fail("Lo", r+1, fmt.Errorf("%v, Hi %v: %w", s.Lo[r], s.Hi[r], ErrInterval))
			}
		}
	}
	return nil
}

// plotters returns the plotters that draw s as the i-th series, in drawing
// order (band, line, points), and the same as legend thumbnails. s must have
// passed check.
func (s Series) plotters(i int) ([]plot.Plotter, []plot.Thumbnailer) {
	c := seriesColors[i%len(seriesColors)]
	cum := make(plotter.XYs, len(s.Cum))
	for r, v := range s.Cum {
		cum[r] = plotter.XY{X: float64(r + 1), Y: v}
	}
	line, points, err := plotter.NewLinePoints(cum)
	if err != nil {
		// check has ruled out NaN and infinities, the only causes.
		panic("plots: " + err.Error())
	}
	line.Color = c
	line.Width = vg.Points(lineWidth)
	points.Color = c
	points.Shape = plotutil.Shape(i)
	points.Radius = vg.Points(glyphSize)

	if s.Lo == nil {
		return []plot.Plotter{line, points}, []plot.Thumbnailer{line, points}
	}
	band := newBand(s.Lo, s.Hi, translucent(c, bandAlpha))
	return []plot.Plotter{band, line, points}, []plot.Thumbnailer{band, line, points}
}

// newBand returns a filled polygon between lo and hi at rounds 1..len(lo),
// with no outline unless there is only one round.
func newBand(lo, hi []float64, fill color.Color) *plotter.Polygon {
	xs := make([]float64, len(lo))
	for r := range xs {
		xs[r] = float64(r + 1)
	}
	return newBandAt(xs, lo, hi, fill)
}

// newBandAt returns a filled polygon between lo and hi at xs, with no
// outline unless there is only one x.
func newBandAt(xs, lo, hi []float64, fill color.Color) *plotter.Polygon {
	n := len(lo)
	ring := make(plotter.XYs, 0, 2*n)
	for i := range n {
		ring = append(ring, plotter.XY{X: xs[i], Y: lo[i]})
	}
	for i := n - 1; i >= 0; i-- {
		ring = append(ring, plotter.XY{X: xs[i], Y: hi[i]})
	}
	band := &plotter.Polygon{
		XYs:       []plotter.XYs{ring},
		LineStyle: draw.LineStyle{Color: fill, Width: 0},
		Color:     fill,
	}
	if n == 1 {
		// A band over one x has no area; its outline shows the interval.
		band.Width = vg.Points(2 * glyphSize)
	}
	return band
}

// byRound returns the points (r+1, v[r]).
func byRound(v []float64) plotter.XYs {
	xys := make(plotter.XYs, len(v))
	for r, y := range v {
		xys[r] = plotter.XY{X: float64(r + 1), Y: y}
	}
	return xys
}

// translucent returns c with opacity a, in 0..255.
func translucent(c color.Color, a uint8) color.Color {
	n := color.NRGBAModel.Convert(c).(color.NRGBA)
	n.A = a
	return n
}

// probabilityTicks labels every 0.2 of [0,1], with minor ticks every 0.1.
func probabilityTicks() []plot.Tick {
	ticks := make([]plot.Tick, 0, 11)
	for k := 0; k <= 10; k++ {
		t := plot.Tick{Value: float64(k) / 10}
		if k%2 == 0 {
			t.Label = strconv.FormatFloat(t.Value, 'f', -1, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}

// roundTicks marks whole rounds only, since there is nothing between two
// rounds: labels every 1, 2, 5, 10, 20, 50, ... rounds, so that there are at
// most maxRoundLabels of them, with unlabelled ticks in between.
type roundTicks struct{}

const maxRoundLabels = 10

// Ticks implements plot.Ticker.
func (roundTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := math.Ceil(min), math.Floor(max)
	if lo > hi {
		return nil
	}
	step, minor := 1.0, 0.0
	for mag := 1.0; ; mag *= 10 {
		if (hi-lo)/(mag) <= maxRoundLabels {
			step, minor = mag, mag/5
			break
		}
		if (hi-lo)/(2*mag) <= maxRoundLabels {
			step, minor = 2*mag, mag
			break
		}
		if (hi-lo)/(5*mag) <= maxRoundLabels {
			step, minor = 5*mag, mag
			break
		}
	}
	if minor < 1 {
		minor = step
	}
	var ticks []plot.Tick
	for v := math.Ceil(lo/minor) * minor; v <= hi; v += minor {
		t := plot.Tick{Value: v}
		if math.Mod(v, step) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', 0, 64)
		}
		ticks = append(ticks, t)
	}
	return ticks
}
