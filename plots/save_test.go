package plots

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

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
