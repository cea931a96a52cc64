package plots

import (
	"bytes"
	"errors"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

func TestSave(t *testing.T) {
	p, err := AgreementByRound("Chance of agreement by round", goldenSeries...)
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	tests := []struct {
		file   string
		prefix string // the file must start with it
		has    string // the file must contain it
	}{
		{"plot.png", "\x89PNG\r\n\x1a\n", ""},
		{"plot.svg", "<?xml", "<svg"},
		{"PLOT.SVG", "<?xml", "<svg"},
		{"plot.pdf", "%PDF-", ""},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := Save(p, DefaultWidth, DefaultHeight, path); err != nil {
				t.Fatalf("Save(%s) = %v", tt.file, err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte(tt.prefix)) {
				t.Errorf("Save(%s) wrote a file starting %q, want %q", tt.file, got[:min(len(got), 16)], tt.prefix)
			}
			if !bytes.Contains(got, []byte(tt.has)) {
				t.Errorf("Save(%s) wrote a file without %q", tt.file, tt.has)
			}
			checkOnlyFile(t, dir, tt.file)
		})
	}
}

func TestSaveErrors(t *testing.T) {
	p, err := AgreementByRound("t", Series{Cum: []float64{0.5}})
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	tests := []struct {
		file          string
		width, height vg.Length
		want          error // nil: any error
	}{
		{"plot.jpg", DefaultWidth, DefaultHeight, ErrExtension},
		{"plot", DefaultWidth, DefaultHeight, ErrExtension},
		{"plot.png.txt", DefaultWidth, DefaultHeight, ErrExtension},
		{"plot.svg", 0, DefaultHeight, nil},
		{"plot.png", DefaultWidth, -1, nil},
		{filepath.Join("missing", "plot.svg"), DefaultWidth, DefaultHeight, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			err := Save(p, tt.width, tt.height, filepath.Join(dir, tt.file))
			if err == nil {
				t.Fatalf("Save(%s, %v, %v) = nil, want an error", tt.file, tt.width, tt.height)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("Save(%s, %v, %v) = %v, want %v", tt.file, tt.width, tt.height, err, tt.want)
			}
			if !bytes.Contains([]byte(err.Error()), []byte(tt.file)) {
				t.Errorf("Save(%s, ...) error %q does not name the file", tt.file, err)
			}
			checkOnlyFile(t, dir, "")
		})
	}
}

// TestSaverDPI checks that a PNG has as many pixels as its size and the
// Saver's resolution give, that SVG does not depend on the resolution, and
// that a resolution out of range is an error that writes nothing.
func TestSaverDPI(t *testing.T) {
	p, err := AgreementByRound("t", Series{Cum: []float64{0.5}})
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	tests := []struct {
		dpi, want int // want: the resolution of the file; 0 for an error
	}{
		{0, DefaultDPI},
		{MinDPI, MinDPI},
		{96, 96},
		{300, 300},
		{MaxDPI, MaxDPI},
		{MinDPI - 1, 0},
		{MaxDPI + 1, 0},
		{-200, 0},
	}
	for _, tt := range tests {
		dir := t.TempDir()
		s := Saver{DPI: tt.dpi}
		for _, save := range []struct {
			name string
			f    func(path string) error
		}{
			{"Save", func(path string) error { return s.Save(p, DefaultWidth, DefaultHeight, path) }},
			{"SaveGrid", func(path string) error {
				return s.SaveGrid([][]*plot.Plot{{p}}, DefaultWidth, DefaultHeight, path)
			}},
		} {
			path := filepath.Join(dir, "plot.png")
			err := save.f(path)
			if tt.want == 0 {
				if !errors.Is(err, ErrDPI) {
					t.Errorf("Saver{DPI: %d}.%s = %v, want %v", tt.dpi, save.name, err, ErrDPI)
				}
				checkOnlyFile(t, dir, "")
				continue
			}
			if err != nil {
				t.Fatalf("Saver{DPI: %d}.%s = %v", tt.dpi, save.name, err)
			}
			f, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cfg, err := png.DecodeConfig(bytes.NewReader(f))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			w := int(math.Round(float64(DefaultWidth) / 72 * float64(tt.want)))
			if abs(cfg.Width-w) > 1 {
				t.Errorf("Saver{DPI: %d}.%s wrote a PNG %d pixels wide, want %d", tt.dpi, save.name, cfg.Width, w)
			}
		}
	}
	// SVG is the same at any resolution.
	var svgs [2][]byte
	for i, dpi := range []int{0, 400} {
		path := filepath.Join(t.TempDir(), "plot.svg")
		if err := (Saver{DPI: dpi}).Save(p, DefaultWidth, DefaultHeight, path); err != nil {
			t.Fatalf("Saver{DPI: %d}.Save(svg) = %v", dpi, err)
		}
		if svgs[i], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(svgs[0], svgs[1]) {
		t.Error("the SVG of a plot depends on the Saver's DPI")
	}
}

// TestSaveKeepsOldFile checks that a failed Save leaves an existing file as
// it was.
func TestSaveKeepsOldFile(t *testing.T) {
	p, err := AgreementByRound("t", Series{Cum: []float64{0.5}})
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "plot.svg")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Save(p, 0, 0, path); err == nil {
		t.Fatal("Save with zero size = nil, want an error")
	}
	if got, err := os.ReadFile(path); err != nil || string(got) != "old" {
		t.Errorf("after a failed Save, file = %q, %v; want %q", got, err, "old")
	}
	checkOnlyFile(t, dir, "plot.svg")
}

// checkOnlyFile checks that dir holds only the file name, or nothing if name
// is empty: no temporary file may be left behind.
func checkOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := []string{}
	if name != "" {
		want = []string{name}
	}
	if len(names) != len(want) || (len(want) == 1 && names[0] != want[0]) {
		t.Errorf("%s holds %q, want %q", dir, names, want)
	}
}

func TestSaveGrid(t *testing.T) {
	a, err := UtilityPlot(goldenSpace)
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	b, err := AgreementByRound("Chance of agreement by round", goldenSeries...)
	if err != nil {
		t.Fatalf("AgreementByRound: %v", err)
	}
	// Two rows of two columns, the second row short, with a blank panel.
	panels := [][]*plot.Plot{{a, nil}, {b}}
	const cols, rows = 2, 2
	tests := []struct {
		file   string
		prefix string // the file must start with it
	}{
		{"grid.png", "\x89PNG\r\n\x1a\n"},
		{"grid.svg", "<?xml"},
		{"GRID.PDF", "%PDF-"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			if err := SaveGrid(panels, SquareSize, SquareSize, path); err != nil {
				t.Fatalf("SaveGrid(%s) = %v", tt.file, err)
			}
			got, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(got, []byte(tt.prefix)) {
				t.Errorf("SaveGrid(%s) wrote a file starting %q, want %q", tt.file, got[:min(len(got), 16)], tt.prefix)
			}
			checkOnlyFile(t, dir, tt.file)

			switch filepath.Ext(tt.file) {
			case ".png":
				cfg, err := png.DecodeConfig(bytes.NewReader(got))
				if err != nil {
					t.Fatalf("decode %s: %v", tt.file, err)
				}
				// SaveGrid draws PNG at DefaultDPI.
				dots := func(n int) int {
					return int(math.Round(float64(vg.Length(n)*SquareSize+vg.Length(n-1)*gridGap) / 72 * DefaultDPI))
				}
				if w, h := dots(cols), dots(rows); abs(cfg.Width-w) > 1 || abs(cfg.Height-h) > 1 {
					t.Errorf("%s is %d×%d pixels, want %d×%d", tt.file, cfg.Width, cfg.Height, w, h)
				}
			case ".svg":
				for _, title := range []string{"Alice and Bob", "Chance of agreement by round"} {
					if n := textCount(got, title); n != 1 {
						t.Errorf("%s draws the title %q %d times, want 1", tt.file, title, n)
					}
				}
			}
		})
	}
}

// TestSaveGridDeterministic checks that the same grid gives the same SVG.
func TestSaveGridDeterministic(t *testing.T) {
	p, err := UtilityPlot(goldenSpace)
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	dir := t.TempDir()
	var files [2][]byte
	for i := range files {
		path := filepath.Join(dir, "grid.svg")
		if err := SaveGrid([][]*plot.Plot{{p, p}}, SquareSize, SquareSize, path); err != nil {
			t.Fatalf("SaveGrid: %v", err)
		}
		if files[i], err = os.ReadFile(path); err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two SVG files of the same grid differ")
	}
}

func TestSaveGridErrors(t *testing.T) {
	p, err := UtilityPlot(UtilitySpace{ResX: math.NaN(), ResY: math.NaN()})
	if err != nil {
		t.Fatalf("UtilityPlot: %v", err)
	}
	one := [][]*plot.Plot{{p}}
	tests := []struct {
		name          string
		panels        [][]*plot.Plot
		file          string
		width, height vg.Length
		want          error // nil: any error
	}{
		{"unknown extension", one, "grid.jpg", SquareSize, SquareSize, ErrExtension},
		{"no extension", one, "grid", SquareSize, SquareSize, ErrExtension},
		{"no rows", nil, "grid.svg", SquareSize, SquareSize, ErrNoPanels},
		{"no columns", [][]*plot.Plot{{}, nil}, "grid.png", SquareSize, SquareSize, ErrNoPanels},
		{"zero width", one, "grid.svg", 0, SquareSize, nil},
		{"negative height", one, "grid.png", SquareSize, -1, nil},
		{"missing directory", one, filepath.Join("missing", "grid.svg"), SquareSize, SquareSize, os.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			err := SaveGrid(tt.panels, tt.width, tt.height, filepath.Join(dir, tt.file))
			if err == nil {
				t.Fatalf("SaveGrid(%s, %v, %v) = nil, want an error", tt.file, tt.width, tt.height)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Errorf("SaveGrid(%s, %v, %v) = %v, want %v", tt.file, tt.width, tt.height, err, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") || !strings.Contains(err.Error(), tt.file) {
				t.Errorf("SaveGrid(%s, ...) error %q lacks the package prefix or the file", tt.file, err)
			}
			checkOnlyFile(t, dir, "")
		})
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// TestSaveEdgeMargin checks that Save leaves a blank border round the
// plot: a tornado whose longest parameter name sets the width of its left
// margin, and whose legend sits right of the data, must not touch the
// image's edges (they did, by a few pixels of glyph).
func TestSaveEdgeMargin(t *testing.T) {
	params := []string{"shocks.airstrikes.breaks.energy_truce", "parties.russia.reservation", "deadline"}
	p, err := Tornado("What moves P(agreement)", params, []float64{0.97, 0.90, 0.98}, []float64{0.99, 0.995, 0.985}, 0.985)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "tornado.png")
	if err := (Saver{DPI: 96}).Save(p, DefaultWidth, DefaultHeight, path); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	const band = 3 // pixels: under the 4 pt (5.3 px at 96 dpi) margin
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if x >= b.Min.X+band && x < b.Max.X-band && y >= b.Min.Y+band && y < b.Max.Y-band {
				continue
			}
			if r, g, bl, _ := img.At(x, y).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
				t.Fatalf("pixel (%d, %d) at the edge of a %dx%d plot is not white", x, y, b.Dx(), b.Dy())
			}
		}
	}
}
