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

	"github.com/negsim/negsim/internal/atomicfile"
)

// Default plot size, readable on screen and in a printed report.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// Errors that Save and SaveGrid wrap.
var (
	// ErrExtension is wrapped by the error Save or SaveGrid returns for a
	// path whose extension is not one it can write.
	ErrExtension = errors.New("unknown extension, want .png, .svg or .pdf")
	// ErrNoPanels is wrapped by the error SaveGrid returns when it is
	// given no rows or no columns.
	ErrNoPanels = errors.New("no panels")
)

// gridGap is the space SaveGrid leaves between panels, so that the tick
// labels of one do not touch the next.
const gridGap = 5 * vg.Millimeter

// Save writes p to path in the format given by its extension (.png, .svg, .pdf),
// width by height, atomically: a temporary file in the same directory is renamed over path only when the whole plot has been written.
//
// The extension is matched without regard to case. Save returns an error,
// and leaves path as it was, if the extension is unknown, the size is not
// positive, or the file cannot be written.
func Save(p *plot.Plot, width, height vg.Length, path string) error {
	format, err := checkSave(width, height, path)
	if err != nil {
		return err
	}
	// Draw before creating any file, so that a failure leaves nothing behind.
	wt, err := p.WriterTo(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: save %s: %w", path, err)
	}
	return write(wt, path)
}

// SaveGrid lays out panels in rows and columns, each panel width by height
// with a gap of 5 mm between them, and writes them to path as Save does. A
// nil panel, or a missing one at the end of a row shorter than the
// longest, is left blank. The data areas of the panels in a row are aligned
// (plot.Align), and so are those in a column.
//
// SaveGrid returns an error, and leaves path as it was, if the extension is
// unknown, the size is not positive, panels has no rows or no columns
// (ErrNoPanels), or the file cannot be written.
func SaveGrid(panels [][]*plot.Plot, width, height vg.Length, path string) error {
	format, err := checkSave(width, height, path)
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
	c, err := draw.NewFormattedCanvas(w, h, format)
	if err != nil {
		return fmt.Errorf("plots: save %s: %w", path, err)
	}
	dc := draw.New(c)
	// Blank panels and gaps would be transparent in SVG and PDF.
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	tiles := draw.Tiles{Rows: rows, Cols: cols, PadX: gridGap, PadY: gridGap}
	canvases := plot.Align(grid, tiles, dc)
	for j, row := range grid {
		for i, p := range row {
			if p != nil {
				p.Draw(canvases[j][i])
			}
		}
	}
	return write(c, path)
}

// checkSave returns the format named by path's extension, or an error if
// it is unknown or the size is not positive.
func checkSave(width, height vg.Length, path string) (string, error) {
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
