package plots

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

var update = flag.Bool("update", false, "rewrite golden files")

// goldenSeries is the fixed input of the golden SVG: two series of 5 rounds
// with bands, the second named and the first not.
var goldenSeries = []Series{
	{
		Cum: []float64{0.05, 0.15, 0.3, 0.45, 0.55},
		Lo:  []float64{0.02, 0.1, 0.24, 0.38, 0.48},
		Hi:  []float64{0.08, 0.2, 0.36, 0.52, 0.62},
	},
	{
		Name: "tit-for-tat",
		Cum:  []float64{0.2, 0.4, 0.6, 0.7, 0.75},
		Lo:   []float64{0.14, 0.33, 0.53, 0.63, 0.68},
		Hi:   []float64{0.26, 0.47, 0.67, 0.77, 0.82},
	},
}

func TestAgreementByRoundStructure(t *testing.T) {
	line := Series{Name: "a", Cum: []float64{0.1, 0.2, 0.3}}
	banded := Series{Cum: []float64{0.1, 0.2}, Lo: []float64{0, 0.1}, Hi: []float64{0.2, 0.3}}
	tests := []struct {
		name    string
		series  []Series
		rounds  int      // data must span rounds 1..rounds
		types   []string // plotter types, in drawing order
		legends []string // legend names
	}{
		{
			name:    "one series, no band",
			series:  []Series{line},
			rounds:  3,
			types:   []string{"*plotter.Grid", "*plotter.Line", "*plotter.Scatter"},
			legends: []string{"a"},
		},
		{
			name:    "one unnamed series with band",
			series:  []Series{banded},
			rounds:  2,
			types:   []string{"*plotter.Grid", "*plotter.Polygon", "*plotter.Line", "*plotter.Scatter"},
			legends: nil,
		},
		{
			name:   "two series of different lengths",
			series: []Series{banded, line},
			rounds: 3,
			types: []string{"*plotter.Grid",
				"*plotter.Polygon", "*plotter.Line", "*plotter.Scatter",
				"*plotter.Line", "*plotter.Scatter"},
			legends: []string{"a", "series 1"},
		},
		{
			name:    "one round",
			series:  []Series{{Name: "a", Cum: []float64{0.4}}},
			rounds:  1,
			types:   []string{"*plotter.Grid", "*plotter.Line", "*plotter.Scatter"},
			legends: []string{"a"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const title = "Chance of agreement"
			p, plotters, err := agreementByRound(title, tt.series)
			if err != nil {
				t.Fatalf("agreementByRound: %v", err)
			}
			if p.Title.Text != title {
				t.Errorf("title = %q, want %q", p.Title.Text, title)
			}
			if p.X.Label.Text != "round" || p.Y.Label.Text != "P(agreement by round)" {
				t.Errorf("axis labels = %q, %q, want %q, %q", p.X.Label.Text, p.Y.Label.Text, "round", "P(agreement by round)")
			}
			if p.Y.Min != 0 || p.Y.Max != 1 {
				t.Errorf("y range = [%v, %v], want [0, 1]", p.Y.Min, p.Y.Max)
			}
			if p.X.Min > 1 || p.X.Max < float64(tt.rounds) || p.X.Min < 0.5 || p.X.Max > float64(tt.rounds)+0.5 {
				t.Errorf("x range = [%v, %v], want about [1, %d]", p.X.Min, p.X.Max, tt.rounds)
			}
			var types []string
			for _, pl := range plotters {
				types = append(types, fmt.Sprintf("%T", pl))
			}
			if got, want := strings.Join(types, " "), strings.Join(tt.types, " "); got != want {
				t.Errorf("plotters = %s, want %s", got, want)
			}
			// Every plotter must reach the plot: the glyph boxes of the
			// lines and points (one per round each) show that they did;
			// tickLabelRoom adds one per labelled round.
			wantBoxes := 0
			for _, s := range tt.series {
				wantBoxes += 2 * len(s.Cum)
			}
			for _, tk := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
				if tk.Label != "" {
					wantBoxes++
				}
			}
			if got := len(p.GlyphBoxes(p)); got != wantBoxes {
				t.Errorf("glyph boxes = %d, want %d", got, wantBoxes)
			}
			checkDataInRange(t, plotters, tt.rounds)
			candidates := []string{"a", "series 1", "series 2"}
			if got, want := legendNames(t, p, candidates), tt.legends; fmt.Sprint(got) != fmt.Sprint(want) {
				t.Errorf("legend = %q, want %q", got, want)
			}
		})
	}
}

// checkDataInRange checks that the plotted data lie within rounds
// 1..rounds and [0,1].
func checkDataInRange(t *testing.T, plotters []plot.Plotter, rounds int) {
	t.Helper()
	for _, pl := range plotters {
		dr, ok := pl.(plot.DataRanger)
		if !ok {
			continue
		}
		xmin, xmax, ymin, ymax := dr.DataRange()
		if xmin < 1 || xmax > float64(rounds) || ymin < 0 || ymax > 1 {
			t.Errorf("%T data range = x [%v, %v] y [%v, %v], want within x [1, %d] y [0, 1]", pl, xmin, xmax, ymin, ymax, rounds)
		}
	}
}

// legendNames returns the legend names that p's SVG rendering shows, out
// of candidates; plot.Legend keeps its entries unexported.
func legendNames(t *testing.T, p *plot.Plot, candidates []string) []string {
	t.Helper()
	svg := renderSVG(t, p)
	var names []string
	for _, c := range candidates {
		if bytes.Contains(svg, []byte(">"+c+"</text>")) {
			names = append(names, c)
		}
	}
	return names
}

// renderSVG returns p drawn as SVG at the default size.
func renderSVG(t *testing.T, p *plot.Plot) []byte {
	t.Helper()
	return renderSVGSize(t, p, DefaultWidth, DefaultHeight)
}

func TestBand(t *testing.T) {
	b := newBand([]float64{0.1, 0.2, 0.3}, []float64{0.4, 0.5, 0.6}, nil)
	want := plotter.XYs{{X: 1, Y: 0.1}, {X: 2, Y: 0.2}, {X: 3, Y: 0.3}, {X: 3, Y: 0.6}, {X: 2, Y: 0.5}, {X: 1, Y: 0.4}}
	if len(b.XYs) != 1 {
		t.Fatalf("band has %d rings, want 1", len(b.XYs))
	}
	if got := b.XYs[0]; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("band ring = %v, want %v", got, want)
	}
}

func TestAgreementByRoundErrors(t *testing.T) {
	ok := Series{Name: "ok", Cum: []float64{0.1, 0.2}}
	tests := []struct {
		name   string
		series []Series
		// want is the *SeriesError expected, with the sentinel its Err wraps;
		// nil means ErrNoSeries.
		want *SeriesError
	}{
		{name: "no series", series: nil, want: nil},
		{
			name:   "empty",
			series: []Series{{Name: "e"}},
			want:   &SeriesError{Series: 1, Name: "e", Field: "Cum", Err: ErrEmpty},
		},
		{
			name:   "Lo shorter than Cum",
			series: []Series{ok, {Name: "b", Cum: []float64{0.1, 0.2}, Lo: []float64{0.1}, Hi: []float64{0.2, 0.3}}},
			want:   &SeriesError{Series: 2, Name: "b", Field: "Lo", Err: ErrLength},
		},
		{
			name:   "Hi longer than Cum",
			series: []Series{{Cum: []float64{0.1}, Lo: []float64{0.1}, Hi: []float64{0.2, 0.3}}},
			want:   &SeriesError{Series: 1, Field: "Hi", Err: ErrLength},
		},
		{
			name:   "Lo without Hi",
			series: []Series{{Cum: []float64{0.1}, Lo: []float64{0.1}}},
			want:   &SeriesError{Series: 1, Field: "Hi", Err: ErrLength},
		},
		{
			name:   "Hi without Lo",
			series: []Series{{Cum: []float64{0.1}, Hi: []float64{0.1}}},
			want:   &SeriesError{Series: 1, Field: "Lo", Err: ErrLength},
		},
		{
			name:   "NaN in Cum",
			series: []Series{{Cum: []float64{0.1, math.NaN()}}},
			want:   &SeriesError{Series: 1, Field: "Cum", Round: 2, Err: ErrRange},
		},
		{
			name:   "Cum above 1",
			series: []Series{{Cum: []float64{1.01}}},
			want:   &SeriesError{Series: 1, Field: "Cum", Round: 1, Err: ErrRange},
		},
		{
			name:   "infinite Cum",
			series: []Series{{Cum: []float64{math.Inf(1)}}},
			want:   &SeriesError{Series: 1, Field: "Cum", Round: 1, Err: ErrRange},
		},
		{
			name:   "negative Lo",
			series: []Series{{Cum: []float64{0.1, 0.2, 0.3}, Lo: []float64{0, 0.1, -0.01}, Hi: []float64{0.2, 0.3, 0.4}}},
			want:   &SeriesError{Series: 1, Field: "Lo", Round: 3, Err: ErrRange},
		},
		{
			name:   "NaN in Hi",
			series: []Series{{Cum: []float64{0.1}, Lo: []float64{0}, Hi: []float64{math.NaN()}}},
			want:   &SeriesError{Series: 1, Field: "Hi", Round: 1, Err: ErrRange},
		},
		{
			name:   "Lo above Hi",
			series: []Series{{Cum: []float64{0.1, 0.2}, Lo: []float64{0, 0.3}, Hi: []float64{0.2, 0.25}}},
			want:   &SeriesError{Series: 1, Field: "Lo", Round: 2, Err: ErrInterval},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := AgreementByRound("t", tt.series...)
			if err == nil {
				t.Fatalf("AgreementByRound(%v) = %v, nil; want an error", tt.series, p)
			}
			if p != nil {
				t.Errorf("AgreementByRound(%v) returned a plot with error %v", tt.series, err)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
			if tt.want == nil {
				if !errors.Is(err, ErrNoSeries) {
					t.Errorf("AgreementByRound(%v) error = %v, want ErrNoSeries", tt.series, err)
				}
				return
			}
			var se *SeriesError
			if !errors.As(err, &se) {
				t.Fatalf("AgreementByRound(%v) error = %v (%T), want *SeriesError", tt.series, err, err)
			}
			if se.Series != tt.want.Series || se.Name != tt.want.Name || se.Field != tt.want.Field || se.Round != tt.want.Round {
				t.Errorf("error at series %d %q %s round %d, want series %d %q %s round %d",
					se.Series, se.Name, se.Field, se.Round, tt.want.Series, tt.want.Name, tt.want.Field, tt.want.Round)
			}
			if !errors.Is(err, tt.want.Err) {
				t.Errorf("error %v does not wrap %v", err, tt.want.Err)
			}
		})
	}
}

func TestAgreementByRoundGolden(t *testing.T) {
	golden := filepath.Join("testdata", "agreement_by_round_golden.svg")
	p, err := AgreementByRound("Chance of agreement by round", goldenSeries...)
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	got := renderSVG(t, p)

	// Drawing the same plot again must give the same bytes, or a golden
	// file would be meaningless.
	if again := renderSVG(t, p); !bytes.Equal(got, again) {
		t.Fatal("two SVG renderings of the same plot differ")
	}

	compareGolden(t, golden, got)
}

func TestRoundTicks(t *testing.T) {
	tests := []struct {
		min, max float64
		labels   string // labelled values
		ticks    int    // all ticks
	}{
		{1, 5, "1 2 3 4 5", 5},
		{0.5, 1.5, "1", 1},
		{1, 11, "1 2 3 4 5 6 7 8 9 10 11", 11},
		{1, 12, "2 4 6 8 10 12", 12},
		{1, 40, "5 10 15 20 25 30 35 40", 40},
		{1, 100, "10 20 30 40 50 60 70 80 90 100", 50},
		{1, 1000, "100 200 300 400 500 600 700 800 900 1000", 50},
	}
	for _, tt := range tests {
		ticks := roundTicks{}.Ticks(tt.min, tt.max)
		var labels []string
		for _, tk := range ticks {
			if tk.Value != math.Trunc(tk.Value) || tk.Value < tt.min || tk.Value > tt.max {
				t.Errorf("roundTicks.Ticks(%v, %v) has tick at %v, want whole rounds in range", tt.min, tt.max, tk.Value)
			}
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != tt.labels {
			t.Errorf("roundTicks.Ticks(%v, %v) labels = %s, want %s", tt.min, tt.max, got, tt.labels)
		}
		if len(ticks) != tt.ticks {
			t.Errorf("roundTicks.Ticks(%v, %v) has %d ticks, want %d", tt.min, tt.max, len(ticks), tt.ticks)
		}
	}
}

// variants returns n named series of 12 rounds with bands; if fast, the
// last reaches 0.7 in the first round, where a legend in a corner would
// hide it.
func variants(n int, fast bool) []Series {
	names := []string{"Boulware", "conceder", "tit-for-tat", "linear", "hardliner"}
	var ss []Series
	for i := range n {
		s := Series{Name: names[i]}
		for r := range 12 {
			v := float64(r+1) / 12 * (0.3 + 0.12*float64(i))
			if fast && i == n-1 {
				v = 0.7 + 0.02*float64(r)
			}
			s.Cum = append(s.Cum, v)
			s.Lo = append(s.Lo, max(v-0.04, 0))
			s.Hi = append(s.Hi, min(v+0.04, 1))
		}
		ss = append(ss, s)
	}
	return ss
}

// TestAgreementByRoundVariants checks plots of several variants: each in
// its own colour and glyph, all named in the legend, which moves right of
// the data area when every corner would hide a curve.
func TestAgreementByRoundVariants(t *testing.T) {
	tests := []struct {
		name string
		ss   []Series
		side bool // legend right of the data area
	}{
		{"3 variants", variants(3, false), false},
		{"5 variants, one fast", variants(5, true), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, plotters, err := agreementByRound("Variants", tt.ss)
			if err != nil {
				t.Fatalf("agreementByRound: %v", err)
			}
			want := "*plotter.Grid" + strings.Repeat(" *plotter.Polygon *plotter.Line *plotter.Scatter", len(tt.ss))
			if got := plotterTypes(plotters); got != want {
				t.Errorf("plotters = %s, want %s", got, want)
			}
			colours := map[string]bool{}
			shapes := map[string]bool{}
			for i := range tt.ss {
				line := plotters[2+3*i].(*plotter.Line)
				points := plotters[3+3*i].(*plotter.Scatter)
				colours[fmt.Sprint(line.Color)] = true
				shapes[fmt.Sprintf("%T", points.Shape)] = true
			}
			if len(colours) != len(tt.ss) || len(shapes) != len(tt.ss) {
				t.Errorf("%d colours and %d glyph shapes for %d series, want one each", len(colours), len(shapes), len(tt.ss))
			}
			var names []string
			for _, s := range tt.ss {
				names = append(names, s.Name)
			}
			if got := legendNames(t, p, names); fmt.Sprint(got) != fmt.Sprint(names) {
				t.Errorf("legend = %q, want %q", got, names)
			}
			// A legend right of the data area leaves a wide right margin.
			c := p.DataCanvas(draw.New(vgimg.New(DefaultWidth, DefaultHeight)))
			if side := DefaultWidth-c.Max.X > 2*vg.Centimeter; side != tt.side {
				t.Errorf("right margin %v: legend beside the data area %v, want %v", DefaultWidth-c.Max.X, side, tt.side)
			}
		})
	}
}

// TestBandTooNarrowToSee: an interval band narrower than its line at a
// reader's scale is named, with its largest distance from the line, in a
// note under the x axis's label, and not in the legend as a swatch nobody
// sees; a wide one keeps its swatch (issue #13: bands were invisible).
func TestBandTooNarrowToSee(t *testing.T) {
	est := []float64{0.2, 0.4, 0.5}
	around := func(d float64) (lo, hi []float64) {
		for _, v := range est {
			lo, hi = append(lo, v-d), append(hi, v+d)
		}
		return lo, hi
	}
	nlo, nhi := around(0.002)
	wlo, whi := around(0.05)
	narrow := "95% interval too narrow to see (±0.002 at most)"
	tests := []struct {
		name   string
		build  func() (*plot.Plot, error)
		xlabel string
		legend []string
	}{
		{"sweep, narrow", func() (*plot.Plot, error) { return SweepLine("t", "x", []float64{1, 2, 3}, est, nlo, nhi) }, "x\n" + narrow, []string{"estimate"}},
		{"sweep, wide", func() (*plot.Plot, error) { return SweepLine("t", "x", []float64{1, 2, 3}, est, wlo, whi) }, "x", []string{"estimate", "95% interval"}},
		{"by round, both narrow", func() (*plot.Plot, error) {
			return AgreementByRound("t", Series{Name: "A", Cum: est, Lo: nlo, Hi: nhi}, Series{Name: "B", Cum: est, Lo: nlo, Hi: nhi})
		}, "round\n" + narrow, []string{"A", "B"}},
		{"by round, B narrow", func() (*plot.Plot, error) {
			return AgreementByRound("t", Series{Name: "A", Cum: est, Lo: wlo, Hi: whi}, Series{Name: "B", Cum: est, Lo: nlo, Hi: nhi})
		}, "round\n95% interval of B too narrow to see (±0.002 at most)", []string{"A", "B"}},
		{"by round, unnamed, the second narrow", func() (*plot.Plot, error) {
			return AgreementByRound("t", Series{Cum: est, Lo: wlo, Hi: whi}, Series{Cum: est, Lo: nlo, Hi: nhi})
		}, "round\n95% interval of series 2 too narrow to see (±0.002 at most)", []string{"series 1", "series 2"}},
		{"by round, wide", func() (*plot.Plot, error) {
			return AgreementByRound("t", Series{Name: "A", Cum: est, Lo: wlo, Hi: whi})
		}, "round", []string{"A"}},
	}
	for _, tt := range tests {
		p, err := tt.build()
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if p.X.Label.Text != tt.xlabel {
			t.Errorf("%s: x label = %q, want %q", tt.name, p.X.Label.Text, tt.xlabel)
		}
		if got := legendNames(t, p, []string{"estimate", "95% interval", "A", "B", "series 1", "series 2"}); fmt.Sprint(got) != fmt.Sprint(tt.legend) {
			t.Errorf("%s: legend = %q, want %q", tt.name, got, tt.legend)
		}
	}
}
