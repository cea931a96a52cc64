package plots

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

var pngDir = flag.String("png", "", "also write PNG renderings of the golden plots of results to this directory, to look at")

// checkGolden builds a plot twice, checks that its SVG rendering at w by h
// is the same each time, and compares it with testdata/<name>_golden.svg,
// which -update rewrites.
func checkGolden(t *testing.T, name string, w, h vg.Length, build func() (*plot.Plot, error)) {
	t.Helper()
	golden := filepath.Join("testdata", name+"_golden.svg")
	p, err := build()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	got := renderSVGSize(t, p, w, h)
	// Drawing the same plot again, or building it again, must give the
	// same bytes, or a golden file would be meaningless.
	if again := renderSVGSize(t, p, w, h); !bytes.Equal(got, again) {
		t.Fatal("two SVG renderings of the same plot differ")
	}
	p2, err := build()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if again := renderSVGSize(t, p2, w, h); !bytes.Equal(got, again) {
		t.Fatal("SVG renderings of two plots of the same data differ")
	}
	if *pngDir != "" {
		if err := Save(p, w, h, filepath.Join(*pngDir, name+".png")); err != nil {
			t.Error(err)
		}
	}

	compareGolden(t, golden, got)
}

// checkTitleLabels checks the title and axis labels of p.
func checkTitleLabels(t *testing.T, p *plot.Plot, title, x, y string) {
	t.Helper()
	if p.Title.Text != title {
		t.Errorf("title = %q, want %q", p.Title.Text, title)
	}
	if p.X.Label.Text != x || p.Y.Label.Text != y {
		t.Errorf("axis labels = %q, %q, want %q, %q", p.X.Label.Text, p.Y.Label.Text, x, y)
	}
}

// plotterTypes returns the types of plotters, separated by spaces.
func plotterTypes(plotters []plot.Plotter) string {
	types := make([]string, len(plotters))
	for i, pl := range plotters {
		types[i] = fmt.Sprintf("%T", pl)
	}
	return strings.Join(types, " ")
}

// checkDataError checks that call returned no plot and a *DataError from
// function fn at the place of want, wrapping want.Err.
func checkDataError(t *testing.T, call string, p *plot.Plot, err error, fn string, want DataError) {
	t.Helper()
	if err == nil {
		t.Fatalf("%s = %v, nil; want an error", call, p)
	}
	if p != nil {
		t.Errorf("%s returned a plot with error %v", call, err)
	}
	if !strings.HasPrefix(err.Error(), "plots: "+fn+": ") {
		t.Errorf("error %q lacks the prefix %q", err, "plots: "+fn+": ")
	}
	var de *DataError
	if !errors.As(err, &de) {
		t.Fatalf("%s error = %v (%T), want *DataError", call, err, err)
	}
	if de.Plot != fn || de.Field != want.Field || de.Index != want.Index || de.Inner != want.Inner || de.Name != want.Name {
		t.Errorf("%s error at %s %s %d.%d %q, want %s %s %d.%d %q", call,
			de.Plot, de.Field, de.Index, de.Inner, de.Name, fn, want.Field, want.Index, want.Inner, want.Name)
	}
	if !errors.Is(err, want.Err) {
		t.Errorf("%s error %v does not wrap %v", call, err, want.Err)
	}
}

// compareGolden compares got with the golden file, or rewrites the file
// with -update.
func compareGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./plots -run Golden -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		gl, wl := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("SVG differs from %s at line %d:\ngot:  %s\nwant: %s\n(run with -update if the change is intended)", golden, i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("SVG differs from %s: %d lines, want %d (run with -update if the change is intended)", golden, len(gl), len(wl))
	}
}
