package plots

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/negsim/negsim/internal/atomicfile"
)

// Default plot size, readable on screen and in a printed report.
const (
	DefaultWidth  = 16 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// ErrExtension is wrapped by the error Save returns for a path whose
// extension is not one it can write.
var ErrExtension = errors.New("unknown extension, want .png, .svg or .pdf")

// Save writes p to path in the format given by its extension (.png, .svg, .pdf),
// width by height, atomically: a temporary file in the same directory is renamed over path only when the whole plot has been written.
//
// The extension is matched without regard to case. Save returns an error,
// and leaves path as it was, if the extension is unknown, the size is not
// positive, or the file cannot be written.
func Save(p *plot.Plot, width, height vg.Length, path string) error {
	ext := filepath.Ext(path)
	format := strings.ToLower(strings.TrimPrefix(ext, "."))
	switch format {
	case "png", "svg", "pdf":
	default:
		return fmt.Errorf("plots: save %s: %q: %w", path, ext, ErrExtension)
	}
	if !(width > 0 && height > 0) {
		return fmt.Errorf("plots: save %s: size %v by %v must be positive", path, width, height)
	}
	// Draw before creating any file, so that a failure leaves nothing behind.
	wt, err := p.WriterTo(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: save %s: %w", path, err)
	}
	if err := atomicfile.Write(path, func(w io.Writer) error {
		_, err := wt.WriteTo(w)
		return err
	}); err != nil {
		return fmt.Errorf("plots: %w", err)
	}
	return nil
}
