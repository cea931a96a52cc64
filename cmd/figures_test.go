package cmd

import (
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/plots"
)

// TestMain draws the tests' PNG plots at 72 dpi (defaultDPI): at the
// default 200 their encoding took most of the package's time, and under
// the race detector more than the test timeout.
func TestMain(m *testing.M) {
	defaultDPI = 72
	os.Exit(m.Run())
}

// TestDPI checks that --dpi sets the resolution of the PNG plots (their
// width in pixels is proportional to it), that its default is 200, and
// that a value out of range is a usage error that writes nothing.
func TestDPI(t *testing.T) {
	defer func(d int) { defaultDPI = d }(defaultDPI)
	defaultDPI = plots.DefaultDPI
	width := func(t *testing.T, args ...string) int {
		t.Helper()
		dir := filepath.Join(t.TempDir(), "out")
		code, _, errOut := run(t, append([]string{"analyze", "--variant", "grand-bargain", "--out", dir}, args...)...)
		if code != 0 {
			t.Fatalf("analyze %v: exit %d: %s", args, code, errOut)
		}
		f, err := os.Open(filepath.Join(dir, UtilityPlot+".png"))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cfg, err := png.DecodeConfig(f)
		if err != nil {
			t.Fatal(err)
		}
		return cfg.Width
	}
	w100 := width(t, "--dpi", "100")
	tests := []struct {
		args  []string
		scale int // the width is scale times that at 100 dpi
	}{
		{nil, 2},
		{[]string{"--dpi", "300"}, 3},
	}
	for _, tt := range tests {
		if got := width(t, tt.args...); got < tt.scale*w100-tt.scale || got > tt.scale*w100+tt.scale {
			t.Errorf("analyze %v: utility_space.png is %d pixels wide, want %d (%d at 100 dpi)", tt.args, got, tt.scale*w100, w100)
		}
	}

	for _, bad := range []string{"0", "49", "601", "high"} {
		for _, command := range []string{"run", "plot", "sweep", "sensitivity", "compare", "forecast", "analyze"} {
			dir := filepath.Join(t.TempDir(), "out")
			code, _, errOut := run(t, command, "--dpi", bad, "--out", dir)
			if code == 0 || !strings.Contains(errOut, "--dpi") {
				t.Errorf("%s --dpi %s: exit %d, stderr %q; want a usage error naming --dpi", command, bad, code, errOut)
			}
			if _, err := os.Stat(dir); err == nil {
				t.Errorf("%s --dpi %s wrote %s", command, bad, dir)
			}
		}
	}
}
