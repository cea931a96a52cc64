package plots

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

// goldenPackages is the fixed input of the golden SVG of TopPackages: six
// packages out of order, with long labels, one broken by the caller.
var goldenPackages = struct {
	labels []string
	shares []float64
}{
	labels: []string{
		"ceasefire=energy intelligence=suspended sanctions=partial territory=frozen",
		"ceasefire=full intelligence=shared sanctions=lifted territory=frozen",
		"ceasefire=energy\nintelligence=shared",
		"ceasefire=none intelligence=suspended sanctions=kept territory=contested",
		"ceasefire=full intelligence=suspended",
		"status quo",
	},
	shares: []float64{0.18, 0.31, 0.12, 0.004, 0.12, 0.07},
}

func TestTopPackagesGolden(t *testing.T) {
	checkGolden(t, "top_packages", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return TopPackages("Most frequent agreements", goldenPackages.labels, goldenPackages.shares)
	})
}

func TestTopPackagesStructure(t *testing.T) {
	g := goldenPackages
	p, plotters, err := topPackages("Top", g.labels, g.shares)
	if err != nil {
		t.Fatalf("topPackages: %v", err)
	}
	checkTitleLabels(t, p, "Top", "share of agreements", "")
	if got := plotterTypes(plotters); got != "*plotter.Grid *plots.hbars plots.endLabels" {
		t.Errorf("plotters = %s", got)
	}
	if p.X.Min != 0 || p.X.Max != 0.31 {
		t.Errorf("x range = [%v, %v], want [0, 0.31]", p.X.Min, p.X.Max)
	}
	if p.Y.Min != -0.5 || p.Y.Max != 5.5 {
		t.Errorf("y range = [%v, %v], want [-0.5, 5.5]", p.Y.Min, p.Y.Max)
	}
	// Largest on top (the highest y); equal shares keep their order.
	bars := plotters[1].(*hbars).bars
	wantShares := []float64{0.31, 0.18, 0.12, 0.12, 0.07, 0.004}
	for rank, w := range wantShares {
		b := bars[rank]
		if b.x0 != 0 || b.x1 != w || b.y != float64(5-rank) {
			t.Errorf("bar %d = %+v, want from 0 to %v at y %d", rank, b, w, 5-rank)
		}
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	if len(ticks) != 6 {
		t.Fatalf("%d category ticks, want 6", len(ticks))
	}
	// The top tick names the largest share; the third package (the
	// first of the two at 12%) keeps the caller's line break.
	if got := ticks[5].Label; !strings.HasPrefix(got, "ceasefire=full intelligence=shared") || !strings.Contains(got, "\n") {
		t.Errorf("top label = %q, want the 31%% package, wrapped", got)
	}
	if got, want := ticks[3].Label, "ceasefire=energy\nintelligence=shared"; got != want {
		t.Errorf("label of the first 12%% package = %q, want %q", got, want)
	}
	texts := plotters[2].(endLabels).Labels.Labels
	if got, want := strings.Join(texts, " "), "31% 18% 12% 12% 7.0% 0.4%"; got != want {
		t.Errorf("share labels = %s, want %s", got, want)
	}
	svg := renderSVG(t, p)
	for _, s := range []string{"31%", "status quo", "Top"} {
		if textCount(svg, s) != 1 {
			t.Errorf("%q drawn %d times, want once", s, textCount(svg, s))
		}
	}
}

func TestTopPackagesErrors(t *testing.T) {
	tests := []struct {
		name   string
		labels []string
		shares []float64
		want   DataError
	}{
		{"no packages", nil, nil, DataError{Field: "labels", Err: ErrNoData}},
		{"short shares", []string{"a", "b"}, []float64{0.5}, DataError{Field: "shares", Err: ErrMismatch}},
		{"NaN share", []string{"a", "b"}, []float64{0.5, math.NaN()}, DataError{Field: "shares", Index: 2, Name: "b", Err: ErrRange}},
		{"negative share", []string{"a"}, []float64{-0.1}, DataError{Field: "shares", Index: 1, Name: "a", Err: ErrRange}},
		{"infinite share", []string{"a"}, []float64{math.Inf(1)}, DataError{Field: "shares", Index: 1, Name: "a", Err: ErrRange}},
		{"sum above 1", []string{"a", "b"}, []float64{0.6, 0.5}, DataError{Field: "shares", Err: ErrSum}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := TopPackages("t", tt.labels, tt.shares)
			checkDataError(t, fmt.Sprintf("TopPackages(%q, %v)", tt.labels, tt.shares), p, err, "TopPackages", tt.want)
		})
	}
}

func TestShareLabel(t *testing.T) {
	tests := []struct {
		v    float64
		want string
	}{
		{0, "0%"}, {0.0004, "<0.1%"}, {0.0005, "0.1%"}, {0.0449, "4.5%"}, {0.0999, "10.0%"}, {0.1, "10%"}, {0.316, "32%"}, {1, "100%"},
	}
	for _, tt := range tests {
		if got := shareLabel(tt.v); got != tt.want {
			t.Errorf("shareLabel(%v) = %q, want %q", tt.v, got, tt.want)
		}
	}
}
