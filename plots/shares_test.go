package plots

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// goldenOptions is the fixed input of the golden SVG of OptionShares: four
// issues with 2 to 5 options, wide and narrow segments, one issue whose
// shares leave room for "other" and one with an option never agreed on.
var goldenOptions = struct {
	issues  []string
	options [][]string
	shares  [][]float64
}{
	issues: []string{"ceasefire", "intelligence sharing", "sanctions", "territory"},
	options: [][]string{
		{"none", "energy", "full"},
		{"suspended", "shared"},
		{"kept", "partial", "lifted", "phased", "frozen assets"},
		{"frozen", "contested", "ceded"},
	},
	shares: [][]float64{
		{0.12, 0.55, 0.33},
		{0.6, 0.3},
		{0.62, 0.25, 0.06, 0.04, 0.03},
		{0.8, 0.15, 0},
	},
}

func TestOptionSharesGolden(t *testing.T) {
	g := goldenOptions
	checkGolden(t, "option_shares", DefaultWidth, DefaultHeight, func() (*plot.Plot, error) {
		return OptionShares("Options agreed on", g.issues, g.options, g.shares)
	})
}

func TestOptionSharesStructure(t *testing.T) {
	g := goldenOptions
	p, plotters, err := optionShares("Options", g.issues, g.options, g.shares)
	if err != nil {
		t.Fatalf("optionShares: %v", err)
	}
	checkTitleLabels(t, p, "Options", "share of agreements", "")
	if got := plotterTypes(plotters); got != "*plots.optionBars" {
		t.Fatalf("plotters = %s", got)
	}
	if p.X.Min != 0 || p.X.Max != 1 || p.Y.Min != -0.5 || p.Y.Max != 3.5 {
		t.Errorf("ranges = x [%v, %v] y [%v, %v], want x [0, 1] y [-0.5, 3.5]", p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	bars := plotters[0].(*optionBars).bars
	// The first issue on top; "other" only where the shares leave room.
	wantSegments := []int{3, 3, 5, 4}
	for i, b := range bars {
		if want := float64(3-i) + optionLift; b.y != want {
			t.Errorf("bar of %s at y %v, want %v", g.issues[i], b.y, want)
		}
		if len(b.segments) != wantSegments[i] {
			t.Errorf("bar of %s has %d segments, want %d", g.issues[i], len(b.segments), wantSegments[i])
		}
		last := b.segments[len(b.segments)-1]
		if last.x1 < 1-1e-12 || last.x1 > 1+1e-12 {
			t.Errorf("bar of %s ends at %v, want 1", g.issues[i], last.x1)
		}
	}
	if got := bars[1].segments[2]; got.name != otherName || math.Abs(got.share-0.1) > 1e-12 {
		t.Errorf("third segment of %s = %+v, want %q of 0.1", g.issues[1], got, otherName)
	}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	for i, tk := range ticks {
		if want := float64(i) + optionLift; tk.Value != want || tk.Label != g.issues[3-i] {
			t.Errorf("tick %d = %v %q, want %v %q", i, tk.Value, tk.Label, want, g.issues[3-i])
		}
	}
}

// TestOptionSharesLayout checks that the names written inside segments fit
// them, and that the keys under the bars name the rest, clear of the bars,
// of each other, and inside the plot.
func TestOptionSharesLayout(t *testing.T) {
	g := goldenOptions
	for _, size := range [][2]vg.Length{{DefaultWidth, DefaultHeight}, {10 * vg.Centimeter, DefaultHeight}} {
		t.Run(fmt.Sprintf("%v×%v", size[0], size[1]), func(t *testing.T) {
			p, plotters, err := optionShares("Options", g.issues, g.options, g.shares)
			if err != nil {
				t.Fatalf("optionShares: %v", err)
			}
			o := plotters[0].(*optionBars)
			c := p.DataCanvas(draw.New(vgimg.New(size[0], size[1])))
			layout := o.layout(c, p)
			var bars, keys []vg.Rectangle
			for _, l := range layout {
				bars = append(bars, l.bar)
			}
			for i, l := range layout {
				segs := o.bars[i].segments
				named := 0
				for k, in := range l.inside {
					if !in {
						continue
					}
					named++
					if w := o.inside.Width(segs[k].label()); w > l.rects[k].Size().X {
						t.Errorf("%q (%v wide) written in a segment %v wide", segs[k].label(), w, l.rects[k].Size().X)
					}
				}
				named += len(l.keys)
				if named != len(segs) {
					t.Errorf("bar %d names %d of its %d segments", i, named, len(segs))
				}
				for _, item := range l.keys {
					if item.box.Min.X < c.Min.X-1e-9 || item.box.Max.X > c.Max.X || item.box.Min.Y < c.Min.Y {
						t.Errorf("key %q at %v, outside the data area %v", segs[item.segment].label(), item.box, c.Rectangle)
					}
					for _, b := range bars {
						if overlap(item.box, b) {
							t.Errorf("key %q at %v overlaps a bar at %v", segs[item.segment].label(), item.box, b)
						}
					}
					for _, k := range keys {
						if overlap(item.box, k) {
							t.Errorf("key %q at %v overlaps another at %v", segs[item.segment].label(), item.box, k)
						}
					}
					keys = append(keys, item.box)
				}
			}
			if len(keys) == 0 {
				t.Error("no key at all; the golden input has narrow segments")
			}
		})
	}
}

func TestOptionSharesErrors(t *testing.T) {
	issues := []string{"a", "b"}
	options := [][]string{{"x", "y"}, {"z"}}
	tests := []struct {
		name    string
		issues  []string
		options [][]string
		shares  [][]float64
		want    DataError
	}{
		{"no issues", nil, nil, nil, DataError{Field: "issues", Err: ErrNoData}},
		{"short options", issues, options[:1], [][]float64{{0.5, 0.5}, {1}}, DataError{Field: "options", Err: ErrMismatch}},
		{"short shares", issues, options, [][]float64{{0.5, 0.5}}, DataError{Field: "shares", Err: ErrMismatch}},
		{"short inner shares", issues, options, [][]float64{{0.5, 0.5}, {}}, DataError{Field: "shares", Index: 2, Name: "b", Err: ErrMismatch}},
		{"NaN share", issues, options, [][]float64{{0.5, math.NaN()}, {1}}, DataError{Field: "shares", Index: 1, Inner: 2, Name: "y", Err: ErrRange}},
		{"share above 1", issues, options, [][]float64{{0.5, 0.5}, {1.5}}, DataError{Field: "shares", Index: 2, Inner: 1, Name: "z", Err: ErrRange}},
		{"sum above 1", issues, options, [][]float64{{0.6, 0.5}, {1}}, DataError{Field: "shares", Index: 1, Name: "a", Err: ErrSum}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := OptionShares("t", tt.issues, tt.options, tt.shares)
			checkDataError(t, fmt.Sprintf("OptionShares(%q, %q, %v)", tt.issues, tt.options, tt.shares), p, err, "OptionShares", tt.want)
		})
	}
}

// TestOptionSharesWrappedKeyRoom: an issue whose key wraps onto a second
// line gets more room under its bar, so that at OptionSharesHeight the
// key's last line stands clear of the next bar (issue #13: it touched it).
func TestOptionSharesWrappedKeyRoom(t *testing.T) {
	issues := []string{"Ceasefire scope", "US intelligence sharing with Ukraine", "Occupied regions", "Zaporizhzhia nuclear plant", "Peacekeeping force", "Raw-materials deal", "Sanctions"}
	var options [][]string
	var shares [][]float64
	for i := range issues {
		options = append(options, []string{"Energy infrastructure only", "No ceasefire", "Energy and civilian infrastructure (ports, rail)", "Total truce"})
		shares = append(shares, []float64{0.97, 0.005, 0.008, 0.017})
		if i > 0 {
			options[i], shares[i] = []string{"Suspended", "Continues"}, []float64{0.99, 0.01}
		}
	}
	p, plotters, err := optionShares("t", issues, options, shares)
	if err != nil {
		t.Fatal(err)
	}
	o := plotters[0].(*optionBars)
	if gap := o.bars[0].y - o.bars[1].y; gap <= 1 {
		t.Errorf("the bar with a wrapped key is %v above the next, want more than 1", gap)
	}
	h := OptionSharesHeight(issues, options, shares)
	c := p.DataCanvas(draw.New(vgimg.New(DefaultWidth, h)))
	layout := o.layout(c, p)
	lowest := layout[0].bar.Min.Y
	lines := map[vg.Length]bool{}
	for _, k := range layout[0].keys {
		lowest = min(lowest, k.box.Min.Y)
		lines[k.box.Min.Y] = true
	}
	if len(lines) < 2 {
		t.Fatalf("the key of %q takes %d line(s), want 2 for this test", issues[0], len(lines))
	}
	if gap := lowest - layout[1].bar.Max.Y; gap < vg.Points(4) {
		t.Errorf("the wrapped key's last line is %v above the next bar, want at least 4 pt", gap)
	}
}
