package plots

import (
	"errors"
	"fmt"
	"image/color"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/negsim/negsim/internal/atomicfile"
)

// Default plot size, readable on screen and in a printed report.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// Resolutions of PNG files, in dots per inch. DefaultDPI is high enough for
// a printed page: a DefaultWidth plot is 1260 pixels wide, so that its
// smallest text (8.5-point notes) stays sharp at the 150–300 dpi of a
// printer, where gonum's own 96 dpi blurs it; it is also sharp on a
// high-density screen. MaxDPI bounds the memory a PNG takes to draw (a
// plot grid of the utility space at 600 dpi is already about 100 MB).
const (
	DefaultDPI = 200
	MinDPI     = 50
	MaxDPI     = 600
)

// Errors that Save and SaveGrid wrap.
var (
	// ErrExtension is wrapped by the error Save or SaveGrid returns for a
	// path whose extension is not one it can write.
	ErrExtension = errors.New("unknown extension, want .png, .svg or .pdf")
	// ErrNoPanels is wrapped by the error SaveGrid returns when it is
	// given no rows or no columns.
	ErrNoPanels = errors.New("no panels")
	// ErrDPI is wrapped by the error a Saver returns when its DPI is
	// outside [MinDPI, MaxDPI].
	ErrDPI = errors.New("resolution out of range")
)

// Saver writes plots to files. DPI is the resolution of PNG files, in
// [MinDPI, MaxDPI], or 0 for DefaultDPI; SVG and PDF are drawn in vectors
// and do not depend on it.
type Saver struct {
	DPI int
}

// Save is Saver{}.Save: PNG files are drawn at DefaultDPI.
func Save(p *plot.Plot, width, height vg.Length, path string) error {
	return Saver{}.Save(p, width, height, path)
}

// SaveGrid is Saver{}.SaveGrid: PNG files are drawn at DefaultDPI.
func SaveGrid(panels [][]*plot.Plot, width, height vg.Length, path string) error {
	return Saver{}.SaveGrid(panels, width, height, path)
}

// gridGap is the space SaveGrid leaves between panels, so that the tick
// labels of one do not touch the next.
const gridGap = 5 * vg.Millimeter

// Save writes p to path in the format given by its extension (.png, .svg, .pdf),
// width by height, atomically: a temporary file in the same directory is renamed over path only when the whole plot has been written.
//
// The extension is matched without regard to case. Save returns an error,
// and leaves path as it was, if the extension is unknown, the size is not
// positive, the resolution is out of range (ErrDPI), or the file cannot be
// written.
func (s Saver) Save(p *plot.Plot, width, height vg.Length, path string) error {
	format, err := s.check(width, height, path)
	if err != nil {
		return err
	}
	// Draw before creating any file, so that a failure leaves nothing behind.
	c, err := s.canvas(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: save %s: %w", path, err)
	}
	dc := draw.New(c)
	dc.SetColor(color.White) // the margin too, which SVG would leave transparent
	dc.Fill(dc.Rectangle.Path())
	p.Draw(inMargin(dc))
	return write(c, path)
}

// SaveGrid lays out panels in rows and columns, each panel width by height
// with a gap of 5 mm between them, and writes them to path as Save does. A
// nil panel, or a missing one at the end of a row shorter than the
// longest, is left blank. The data areas of the panels in a row are aligned
// (plot.Align), and so are those in a column.
//
// SaveGrid returns an error, and leaves path as it was, if the extension is
// unknown, the size is not positive, the resolution is out of range
// (ErrDPI), panels has no rows or no columns (ErrNoPanels), or the file
// cannot be written.
func (s Saver) SaveGrid(panels [][]*plot.Plot, width, height vg.Length, path string) error {
	return s.SaveGridTitled("", panels, width, height, path)
}

// SaveGridTitled is SaveGrid with a title over the whole grid, in the
// style of the panels' titles, broken into lines as wide as the grid; the
// file is taller by the title's height. An empty title is SaveGrid.
func (s Saver) SaveGridTitled(title string, panels [][]*plot.Plot, width, height vg.Length, path string) error {
	format, err := s.check(width, height, path)
	if err != nil {
		return err
	}
	rows, cols := len(panels), 0
	for _, row := range panels {
		cols = max(cols, len(row))
	}
	if rows == 0 || cols == 0 {
		return fmt.Errorf("plots: save %s: %w", path, ErrNoPanels)
	}
	// plot.Align panics on ragged rows.
	grid := make([][]*plot.Plot, rows)
	for j, row := range panels {
		grid[j] = make([]*plot.Plot, cols)
		copy(grid[j], row)
	}

	w := vg.Length(cols)*width + vg.Length(cols-1)*gridGap
	h := vg.Length(rows)*height + vg.Length(rows-1)*gridGap
	// The title in a plot of the width, whose Title is drawn alone.
	head := plot.New()
	setTitle(head, title, w-vg.Centimeter)
	th := vg.Length(0)
	if title != "" {
		// vg.Length(…) around the product keeps it from being fused into
		// the add (docs/model.md, Reproducibility).
		th = head.Title.TextStyle.Height(head.Title.Text) + vg.Length(2*head.Title.Padding)
	}
	c, err := s.canvas(w, h+th, format)
	if err != nil {
		return fmt.Errorf("plots: save %s: %w", path, err)
	}
	dc := draw.New(c)
	// Blank panels and gaps would be transparent in SVG and PDF.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	if title != "" {
		sty := head.Title.TextStyle
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YTop
		dc.FillText(sty, vg.Point{X: w / 2, Y: dc.Max.Y - head.Title.Padding}, head.Title.Text)
		dc.Max.Y -= th
	}
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: gridGap, PadY: gridGap}
	canvases := plot.Align(grid, tiles, inMargin(dc))
	for j, row := range grid {
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
	return write(c, path)
}

// edgeMargin is the blank border Save and SaveGrid leave around a plot:
// gonum fits tick labels and legends exactly to the canvas's edge, and
// rendered glyphs run a little past their metrics, so long tick labels on
// the left (a tornado's parameter names) and side legends on the right
// touched or lost their last pixels.
var edgeMargin = vg.Points(4)

// inMargin is c less edgeMargin on every side.
func inMargin(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, edgeMargin, -edgeMargin, edgeMargin, -edgeMargin)
}

// canvas returns a canvas of the size in the format, PNG at s's resolution.
func (s Saver) canvas(w, h vg.Length, format string) (vg.CanvasWriterTo, error) {
	if format != "png" {
		return draw.NewFormattedCanvas(w, h, format)
	}
	return vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(s.dpi()))}, nil
}

// dpi returns s's resolution, DefaultDPI for 0.
func (s Saver) dpi() int {
	if s.DPI == 0 {
		return DefaultDPI
	}
	return s.DPI
}

// check returns the format named by path's extension, or an error if it is
// unknown, the size is not positive or the resolution out of range.
func (s Saver) check(width, height vg.Length, path string) (string, error) {
	if d := s.dpi(); d < MinDPI || d > MaxDPI {
		return "", fmt.Errorf("plots: save %s: %d dpi: %w (want %d to %d)", path, d, ErrDPI, MinDPI, MaxDPI)
	}
	ext := filepath.Ext(path)
	format := strings.ToLower(strings.TrimPrefix(ext, "."))
	switch format {
	case "png", "svg", "pdf":
	default:
		return "", fmt.Errorf("plots: save %s: %q: %w", path, ext, ErrExtension)
	}
	if !(width > 0 && height > 0) {
		return "", fmt.Errorf("plots: save %s: size %v by %v must be positive", path, width, height)
	}
	return format, nil
}

// write writes a drawn plot to path atomically.
func write(wt io.WriterTo, path string) error {
	if err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	}); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}
