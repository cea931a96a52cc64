package plots

import (
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The data area of a SquareSize panel is about 2 cm narrower than the panel
// (the y axis) and 2.5 cm shorter (the title and the x axis). UtilityPlot
// uses these to guess, before the panel is drawn, how much of the axes a
// text or the legend will take.
const (
	squareDataWidth  = SquareSize - 2*vg.Centimeter
	squareDataHeight = SquareSize - 2.5*vg.Centimeter
)

// Looks of the legend's box.
var (
	backdropColor = color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xc8}
	backdropLine  = draw.LineStyle{Color: color.Gray{Y: 0xb0}, Width: vg.Points(0.5)}
)

// backdropMargin is the space between the legend's entries and its box.
const backdropMargin = 3

// backdrop is the first thumbnail of a legend's first entry: before any
// entry is drawn, it draws a translucent white box with a thin border under
// the whole legend, so that the legend stays readable over the data it
// covers. gonum/plot draws the legend after the plotters and reveals its
// place to nothing but the thumbnails, so the box is found from the place of
// the first thumbnail, which is at the top of the legend: on its left side
// if the legend is on the left, else on its right.
type backdrop struct{ legend *plot.Legend }

// Thumbnail implements plot.Thumbnailer.
func (b backdrop) Thumbnail(c *draw.Canvas) {
	size := legendSize(b.legend)
	var r vg.Rectangle
	r.Max.Y = c.Max.Y
	r.Min.Y = r.Max.Y - size.Y
	if b.legend.Left {
		r.Min.X = c.Min.X
		r.Max.X = r.Min.X + size.X
	} else {
		r.Max.X = c.Max.X
		r.Min.X = r.Max.X - size.X
	}
	r = grow(r, vg.Points(backdropMargin))
	c.SetColor(backdropColor)
	c.Fill(r.Path())
	c.SetLineStyle(backdropLine)
	c.Stroke(r.Path())
}

// legendSize returns the width and height of l's entries.
func legendSize(l *plot.Legend) vg.Point {
	// Rectangle gets the size right, though not the place (gonum/plot v0.17).
	return l.Rectangle(draw.Canvas{}).Size()
}

// legendRect returns about where l and its box are drawn on c: the legend is
// drawn on a canvas a little larger than the data area.
func legendRect(l *plot.Legend, c draw.Canvas) vg.Rectangle {
	size := legendSize(l)
	if size.X == 0 {
		return vg.Rectangle{}
	}
	var r vg.Rectangle
	if l.Left {
		r.Min.X = c.Min.X + l.XOffs
	} else {
		r.Min.X = c.Max.X + l.XOffs - size.X
	}
	if l.Top {
		r.Min.Y = c.Max.Y + l.YOffs - size.Y
	} else {
		r.Min.Y = c.Min.Y + l.YOffs
	}
	r.Max = r.Min.Add(size)
	return grow(r, vg.Points(backdropMargin+1))
}

// grow returns r with d more on every side.
func grow(r vg.Rectangle, d vg.Length) vg.Rectangle {
	return vg.Rectangle{
		Min: vg.Point{X: r.Min.X - d, Y: r.Min.Y - d},
		Max: vg.Point{X: r.Max.X + d, Y: r.Max.Y + d},
	}
}

// legendArea returns the fractions of the axes that a legend of the given
// size, with its box and offset, takes on a SquareSize panel.
func legendArea(size vg.Point) (w, h float64) {
	if size.X == 0 {
		return 0, 0
	}
	margin := 2 * vg.Points(backdropMargin+6)
	return min(float64((size.X+margin)/squareDataWidth), 0.9), min(float64((size.Y+margin)/squareDataHeight), 0.9)
}

// cornerBox returns the box (x0, y0, x1, y1) of a w×h legend in a corner,
// in fractions of the axes.
func cornerBox(top, left bool, w, h float64) [4]float64 {
	x0, y0 := 1-w, 1-h
	if left {
		x0 = 0
	}
	if !top {
		y0 = 0
	}
	return [4]float64{x0, y0, x0 + w, y0 + h}
}

// Weights of what a legend would hide, for legendCorner.
const (
	hideVertex    = 20 // a frontier point, or where the reservation lines cross
	hideSegment   = 2  // one of 21 samples along a frontier segment
	hideSolution  = 30
	hideAgreement = 10
	hideReserve   = 1  // one of 21 samples along a reservation line
	hidePackages  = 20 // all the packages
)

// legendCorner returns the corner of the data area where a legend taking w
// and h of the axes hides the least, by the weights above. Ties go to the
// top right, which is beyond the frontier and so often empty, then the top
// left, the bottom right and the bottom left. The labels of the reservation
// lines do not count: they move out of the legend's way.
func legendCorner(u UtilitySpace, xr, yr [2]float64, w, h float64) (top, left bool) {
	if w == 0 {
		return true, false
	}
	front := sortedFrontier(u.Frontier)

	type corner struct{ top, left bool }
	corners := []corner{{true, false}, {true, true}, {false, false}, {false, true}}
	best, bestScore := corners[0], math.Inf(1)
	for _, c := range corners {
		box := cornerBox(c.top, c.left, w, h)
		in := func(x, y float64) bool {
			nx, ny := (x-xr[0])/(xr[1]-xr[0]), (y-yr[0])/(yr[1]-yr[0])
			return nx >= box[0] && nx <= box[2] && ny >= box[1] && ny <= box[3]
		}
		var score float64
		// Sample segments, so that a line crossing the corner counts even
		// when neither end lies in it.
		segment := func(s [2]plotter.XY, weight float64) {
			for k := range 21 {
				t := float64(k) / 20
				if in(s[0].X+t*(s[1].X-s[0].X), s[0].Y+t*(s[1].Y-s[0].Y)) {
					score += weight
				}
			}
		}
		for i, pt := range front {
			if in(pt.X, pt.Y) {
				score += hideVertex
			}
			if i > 0 {
				segment([2]plotter.XY{front[i-1], pt}, hideSegment)
			}
		}
		for _, s := range u.Solutions {
			if in(s.X, s.Y) {
				score += hideSolution
			}
		}
		for _, a := range u.Agreements {
			if in(a.X, a.Y) {
				score += hideAgreement
			}
		}
		if !math.IsNaN(u.ResX) {
			segment([2]plotter.XY{{X: u.ResX, Y: yr[0]}, {X: u.ResX, Y: yr[1]}}, hideReserve)
		}
		if !math.IsNaN(u.ResY) {
			segment([2]plotter.XY{{X: xr[0], Y: u.ResY}, {X: xr[1], Y: u.ResY}}, hideReserve)
		}
		if !math.IsNaN(u.ResX) && !math.IsNaN(u.ResY) && in(u.ResX, u.ResY) {
			score += hideVertex
		}
		if n := len(u.Packages); n > 0 {
			inside := 0
			for _, pt := range u.Packages {
				if in(pt.X, pt.Y) {
					inside++
				}
			}
			score += hidePackages * float64(inside) / float64(n)
		}
		if score < bestScore {
			best, bestScore = c, score
		}
	}
	return best.top, best.left
}
