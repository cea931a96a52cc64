package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
)

var fuzzFormats = []string{"yaml", "json", "toml"}

// extendsSeeds are scenarios that extend a bundled one and define
// variants, in each format.
var extendsSeeds = []struct {
	format, data string
}{
	{"yaml", "extends: ukraine-2025-03\nparties:\n  russia:\n    reservation: 0.6\nvariants:\n  fast: {deadline: 4}\n  shuttle:\n    protocol: {format: shuttle}\n"},
	{"yaml", "extends: w1\nprotocol: {type: mediated, mediator: buyer}\nvariants:\n  late:\n    parties: {seller: {strategy: {type: hard-liner}}}\n"},
	{"json", `{"extends": "ukraine-2025-03", "shocks": {"airstrikes": {"probability": 0.5}}, "variants": {"x": {"parties": {"eu": {"role": "table"}}}}}`},
	{"toml", "extends = \"w1\"\ndeadline = 20\n[variants.short]\ndeadline = 5\n"},
}

// FuzzLoad feeds Parse every bundled scenario and every file in testdata,
// mutated, in each format, and scenarios that extend bundled ones. Parse
// must not panic, and must return either a scenario that passes sim's
// Check or an Errors of *FieldError that name the input or a file it
// reads (a base, a GENIUS file).
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
	for _, e := range extendsSeeds {
		f.Add([]byte(e.data), uint8(slices.Index(fuzzFormats, e.format)))
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		fm := fuzzFormats[int(format)%len(fuzzFormats)]
		origin := "fuzz." + fm
		s, err := scenarios.Parse(origin, fm, data, nil)
		checkParse(t, fm, origin, "", s, err)
		if s == nil {
			return
		}
		// Every variant, too, loads or is reported.
		for _, v := range s.VariantNames[:min(3, len(s.VariantNames))] {
			vs, err := scenarios.ParseVariant(origin, fm, data, v, nil)
			checkParse(t, fm, origin, v, vs, err)
		}
	})
}

// checkParse checks the result of ParseVariant(origin, fm, ..., variant).
func checkParse(t *testing.T, fm, origin, variant string, s *scenarios.Scenario, err error) {
	t.Helper()
	if err == nil {
		if s == nil || s.Sim == nil || s.File == nil {
			t.Fatalf("Parse(%s, %q) = %+v, nil; want a complete scenario", fm, variant, s)
		}
		if err := s.Sim.Check(); err != nil {
			t.Fatalf("Parse(%s, %q) returned a scenario that fails Check: %v", fm, variant, err)
		}
		if s.Variant != variant || s.File.Variant != variant {
			t.Fatalf("Parse(%s, %q): Variant %q, File.Variant %q", fm, variant, s.Variant, s.File.Variant)
		}
		return
	}
	if s != nil {
		t.Errorf("Parse(%s, %q) returned a scenario and an error", fm, variant)
	}
	es, ok := err.(scenarios.Errors)
	if !ok {
		t.Fatalf("Parse(%s, %q) error is %T, want scenarios.Errors: %v", fm, variant, err, err)
	}
	if len(es) == 0 || len(es) > scenarios.MaxErrors {
		t.Fatalf("Parse(%s, %q): %d errors, want 1 to %d", fm, variant, len(es), scenarios.MaxErrors)
	}
	for _, e := range es {
		if e == nil {
			t.Fatalf("Parse(%s, %q): nil *FieldError in %v", fm, variant, es)
		}
		if e.File != origin && !strings.HasPrefix(e.File, "bundled:") {
			if _, err := os.Stat(e.File); err != nil {
				t.Fatalf("Parse(%s, %q): FieldError.File = %q, want %q or a file it reads", fm, variant, e.File, origin)
			}
		}
		if !errors.Is(e, scenarios.ErrInvalid) {
			t.Fatalf("Parse(%s, %q): %v does not wrap ErrInvalid", fm, variant, e)
		}
	}
}
