package plots

import (
	"math"
	"strconv"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// reserve is the dashed line of a reservation value and its label.
type reserve struct {
	line    *plotter.Line
	segment [2]plotter.XY // the line's ends
	label   *reserveLabel
}

// reserveLabel is the label of a reservation line. It runs along the line
// on the side away from the individually rational region (right of the
// vertical line and above the horizontal one), where agreements lie: the
// label of the vertical line reads upwards on its left, the other reads
// rightwards below its line. place sets where along the line it starts.
type reserveLabel struct {
	labels   *plotter.Labels
	vertical bool
	value    float64 // the reservation value
	other    float64 // the other party's, or NaN
	// length along the line and width across it, as fractions of the axes
	// of a SquareSize panel
	length, width float64
}

// newReserve returns the reservation line of the party on the x axis if
// vertical, else of the party on the y axis; nil if there is none.
func newReserve(u UtilitySpace, xr, yr [2]float64, vertical bool, sty text.Style) *reserve {
	party, value, other := u.XLabel, u.ResX, u.ResY
	seg := [2]plotter.XY{{X: value, Y: yr[0]}, {X: value, Y: yr[1]}}
	along, across := squareDataHeight, squareDataWidth
	if vertical {
		sty.Rotation = math.Pi / 2
	} else {
		party, value, other = u.YLabel, u.ResY, u.ResX
		seg = [2]plotter.XY{{X: xr[0], Y: value}, {X: xr[1], Y: value}}
		along, across = across, along
		sty.YAlign = draw.YTop
	}
	if math.IsNaN(value) {
		return nil
	}
	line, err := plotter.NewLine(plotter.XYs(seg[:]))
	if err != nil {
		panic("plots: " + err.Error()) // check has ruled out infinities
	}
	line.LineStyle = draw.LineStyle{
		Color:  reserveColor,
		Width:  vg.Points(reserveWidth),
		Dashes: []vg.Length{vg.Points(4), vg.Points(3)},
	}

	txt := reserveText(party, value)
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{seg[0]}, Labels: []string{txt}})
	if err != nil {
		panic("plots: " + err.Error())
	}
	labels.TextStyle[0] = sty
	const gap, lead = 2, 4 // points from the line, and from the start
	if vertical {
		labels.Offset = vg.Point{X: -vg.Points(gap), Y: vg.Points(lead)}
	} else {
		labels.Offset = vg.Point{X: vg.Points(lead), Y: -vg.Points(gap)}
	}
	return &reserve{
		line:    line,
		segment: seg,
		label: &reserveLabel{
			labels:   labels,
			vertical: vertical,
			value:    value,
			other:    other,
			length:   float64((sty.Width(txt) + vg.Points(lead+2)) / along),
			width:    float64((sty.Height(txt) + vg.Points(gap+1)) / across),
		},
	}
}

// place sets where l starts along its line. It tries, in order: where the
// two lines cross, so that the label does not cross the other line; the
// start of the axis; just past either end of the legend; the end of the
// axis. It takes the first that keeps the label inside the axes and clear of
// the legend's box (x0, y0, x1, y1, in fractions of the axes), the points
// and the segments (in data coordinates), or else the one with the fewest
// clashes.
func (l *reserveLabel) place(xr, yr [2]float64, legend [4]float64, points []plotter.XY, segments [][2]plotter.XY) {
	norm := func(pt plotter.XY) plotter.XY {
		return plotter.XY{X: (pt.X - xr[0]) / (xr[1] - xr[0]), Y: (pt.Y - yr[0]) / (yr[1] - yr[0])}
	}
	along, across := yr, xr
	if !l.vertical {
		along, across = xr, yr
	}
	c := (l.value - across[0]) / (across[1] - across[0])
	// box returns the label's box, shrunk a little so that touching does
	// not count, when it starts at s.
	const slack = 0.005
	box := func(s float64) [4]float64 {
		if l.vertical {
			return [4]float64{c - l.width + slack, s + slack, c - slack, s + l.length - slack}
		}
		return [4]float64{s + slack, c - l.width + slack, s + l.length - slack, c - slack}
	}
	lo, hi := legend[1], legend[3]
	if !l.vertical {
		lo, hi = legend[0], legend[2]
	}

	var starts []float64
	if !math.IsNaN(l.other) {
		starts = append(starts, (l.other-along[0])/(along[1]-along[0]))
	}
	starts = append(starts, 0, hi, lo-l.length, 1-l.length)
	best, bestCost := 0.0, math.MaxInt
	for k, s := range starts {
		if s < 0 || s+l.length > 1 {
			continue
		}
		b := box(s)
		cost := k
		if boxesOverlap(b, legend) {
			cost += costOverlap
		}
		for _, pt := range points {
			if pt := norm(pt); pt.X >= b[0] && pt.X <= b[2] && pt.Y >= b[1] && pt.Y <= b[3] {
				cost += costCross
			}
		}
		for _, sg := range segments {
			if segmentInBox(b, norm(sg[0]), norm(sg[1])) {
				cost += costCross
			}
		}
		if cost < bestCost {
			best, bestCost = s, cost
		}
	}
	v := along[0] + best*(along[1]-along[0])
	if l.vertical {
		l.labels.XYs[0].Y = v
	} else {
		l.labels.XYs[0].X = v
	}
}

// boxesOverlap reports whether boxes (x0, y0, x1, y1) a and b overlap; an
// empty box overlaps nothing.
func boxesOverlap(a, b [4]float64) bool {
	if b[2] <= b[0] || b[3] <= b[1] {
		return false
	}
	return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

// reserveText returns the label of a party's reservation line.
func reserveText(party string, v float64) string {
	s := "reservation " + strconv.FormatFloat(v, 'f', 2, 64)
	if party == "" {
		return s
	}
	return party + " " + s
}
