package plots

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func TestWrapLabel(t *testing.T) {
	sty := plot.New().Y.Tick.Label
	long := "ceasefire=energy intelligence=suspended sanctions=partial territory=frozen"
	width := sty.Width("ceasefire=energy intelligence=suspended")
	tests := []struct {
		s, want string
	}{
		{"short", "short"},
		{long, "ceasefire=energy intelligence=suspended\nsanctions=partial territory=frozen"},
		{"a\nb c d e f g h i j k l m n o p q r s t u v w x y z", "a\nb c d e f g h i j k l m n o p q r s t u v w x y z"}, // the caller's breaks
		{"averyveryverylongwordthatcannotbebrokenatallbywrapLabel x", "averyveryverylongwordthatcannotbebrokenatallbywrapLabel\nx"},
	}
	for _, tt := range tests {
		if got := wrapLabel(tt.s, sty, width); got != tt.want {
			t.Errorf("wrapLabel(%q) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

// TestPlaceLegend checks the corner that placeLegend picks, and that it
// puts the legend beside the data area when every corner is taken.
func TestPlaceLegend(t *testing.T) {
	tests := []struct {
		name      string
		avoid     *obstacles
		top, left bool
		side      bool
	}{
		{"nothing to avoid: top right", nil, true, false, false},
		{"a point top right: top left", &obstacles{points: []plotter.XY{{X: 0.95, Y: 0.95}}}, true, true, false},
		{"a rising line: top left", &obstacles{lines: []plotter.XYs{{{X: 0, Y: 0}, {X: 1, Y: 1}}}}, true, true, false},
		{"the top half filled: bottom right", &obstacles{rects: [][2]plotter.XY{{{X: 0, Y: 0.5}, {X: 1, Y: 1}}}}, false, false, false},
		{"all filled: beside", &obstacles{rects: [][2]plotter.XY{{{X: 0, Y: 0}, {X: 1, Y: 1}}}}, false, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newPlot("t")
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
			placeLegend(p, []legendEntry{{"first", []plot.Thumbnailer{swatch{blue}}}, {"second", nil}}, tt.avoid)
			side := len(p.GlyphBoxes(p)) == 1
			if side != tt.side {
				t.Fatalf("legend beside the data area: %v, want %v", side, tt.side)
			}
			svg := renderSVG(t, p)
			for _, name := range []string{"first", "second"} {
				if textCount(svg, name) != 1 {
					t.Errorf("legend entry %q drawn %d times, want once", name, textCount(svg, name))
				}
			}
			if side {
				return
			}
			if p.Legend.Top != tt.top || p.Legend.Left != tt.left {
				t.Errorf("legend top %v, left %v; want top %v, left %v", p.Legend.Top, p.Legend.Left, tt.top, tt.left)
			}
		})
	}
}

func TestPercentTicks(t *testing.T) {
	var labels []string
	for _, tk := range percentTicks.Ticks(0, 0.31) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got, want := strings.Join(labels, " "), "0% 10% 20% 30%"; got != want {
		t.Errorf("percentTicks(0, 0.31) labels = %s, want %s", got, want)
	}
	labels = nil
	for _, tk := range percentUnitTicks() {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if got, want := strings.Join(labels, " "), "0% 20% 40% 60% 80% 100%"; got != want {
		t.Errorf("percentUnitTicks labels = %s, want %s", got, want)
	}
}

// TestHbars checks that bars are as thick as a fraction of the distance
// between categories, up to their cap, whichever way they run.
func TestHbars(t *testing.T) {
	b := &hbars{bars: []hbar{{y: 0, x0: 0.5, x1: 0.2}, {y: 1, x0: 0, x1: 1}}, thick: 0.5, maxThick: vg.Points(20)}
	xmin, xmax, ymin, ymax := b.DataRange()
	if xmin != 0 || xmax != 1 || ymin != -0.25 || ymax != 1.25 {
		t.Errorf("DataRange = x [%v, %v] y [%v, %v], want x [0, 1] y [-0.25, 1.25]", xmin, xmax, ymin, ymax)
	}
	p := plot.New()
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, -0.5, 1.5
	tests := []struct {
		height vg.Length // of the data area, 2 units of y
		want   vg.Length // thickness
	}{
		{100, 20}, // half a unit would be 25: capped
		{40, 10},
	}
	for _, tt := range tests {
		c := draw.Canvas{Rectangle: vg.Rectangle{Max: vg.Point{X: 100, Y: tt.height}}}
		r := b.rect(c, p, 0)
		want := vg.Rectangle{Min: vg.Point{X: 20, Y: tt.height/4 - tt.want/2}, Max: vg.Point{X: 50, Y: tt.height/4 + tt.want/2}}
		if math.Abs(float64(r.Min.X-want.Min.X)) > 1e-9 || math.Abs(float64(r.Max.X-want.Max.X)) > 1e-9 ||
			math.Abs(float64(r.Min.Y-want.Min.Y)) > 1e-9 || math.Abs(float64(r.Max.Y-want.Max.Y)) > 1e-9 {
			t.Errorf("bar on a data area %v high = %v, want %v", tt.height, r, want)
		}
	}
}
