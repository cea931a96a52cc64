package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
)

var fuzzFormats = []string{"yaml", "json", "toml"}

// FuzzLoad feeds Parse every bundled scenario and every file in testdata,
// mutated, in each format. Parse must not panic, and must return either a
// scenario that passes sim's Check or an Errors of *FieldError that name
// the input.
func FuzzLoad(f *testing.F) {
	seeds, err := filepath.Glob("bundled/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, dir := range []string{"testdata/valid", "testdata/invalid"} {
		ps, err := filepath.Glob(filepath.Join(dir, "*"))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, ps...)
	}
	if len(seeds) < 3 {
		f.Fatalf("only %d seed files", len(seeds))
	}
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		ext := strings.TrimPrefix(filepath.Ext(p), ".")
		for i, format := range fuzzFormats {
			if format == ext {
				f.Add(data, uint8(i))
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		fm := fuzzFormats[int(format)%len(fuzzFormats)]
		origin := "fuzz." + fm
		s, err := scenarios.Parse(origin, fm, data, nil)
		if err == nil {
			if s == nil || s.Sim == nil || s.File == nil {
				t.Fatalf("Parse(%s) = %+v, nil; want a complete scenario", fm, s)
			}
			if err := s.Sim.Check(); err != nil {
				t.Fatalf("Parse(%s) returned a scenario that fails Check: %v", fm, err)
			}
			return
		}
		if s != nil {
			t.Errorf("Parse(%s) returned a scenario and an error", fm)
		}
		es, ok := err.(scenarios.Errors)
		if !ok {
			t.Fatalf("Parse(%s) error is %T, want scenarios.Errors: %v", fm, err, err)
		}
		if len(es) == 0 || len(es) > scenarios.MaxErrors {
			t.Fatalf("Parse(%s): %d errors, want 1 to %d", fm, len(es), scenarios.MaxErrors)
		}
		for _, e := range es {
			if e == nil {
				t.Fatalf("Parse(%s): nil *FieldError in %v", fm, es)
			}
			if e.File != origin {
				t.Fatalf("Parse(%s): FieldError.File = %q, want %q", fm, e.File, origin)
			}
			if !errors.Is(e, scenarios.ErrInvalid) {
				t.Fatalf("Parse(%s): %v does not wrap ErrInvalid", fm, e)
			}
		}
	})
}
