package scenarios_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/internal/schematest"
	"github.com/negsim/negsim/scenarios"
)

var updateSchema = flag.Bool("update", false, "rewrite docs/schema/scenario.schema.json")

// schemaFile is the shipped scenario schema, which editors read through the
// yaml-language-server line of the bundled scenarios.
var schemaFile = filepath.Join("..", "docs", "schema", "scenario.schema.json")

// The shipped schema is the one the Go types generate: a change to File
// must come with the regenerated schema (go test ./scenarios -update).
func TestSchemaUpToDate(t *testing.T) {
	got, err := scenarios.JSONSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *updateSchema {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (go test ./scenarios -update writes it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is not what the Go types generate; go test ./scenarios -update rewrites it", schemaFile)
	}
}

// Every scenario that loads passes the schema: the bundled ones, the valid
// test files in each format, their variants (checked as written, as part
// of the file), and a GENIUS-importing scenario.
func TestSchemaAcceptsValidFiles(t *testing.T) {
	s := schematest.Compile(t, schemaFile)
	var files []string
	for _, glob := range []string{"bundled/*.yaml", "testdata/valid/*", "testdata/genius/*.yaml"} {
		fs, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, fs...)
	}
	if len(files) < 6 {
		t.Fatalf("found only %d scenario files: %v", len(files), files)
	}
	for _, f := range files {
		if _, err := scenarios.Load(f, nil); err != nil {
			t.Errorf("%s does not load, so it cannot show that the schema accepts valid files: %v", f, err)
			continue
		}
		if err := schematest.Validate(s, f, nil); err != nil {
			t.Errorf("the schema rejects %s, which loads:\n%v", f, err)
		}
	}
}

// The schema rejects the mistakes it can see without the whole scenario:
// unknown keys, a word where a number belongs, an unknown distribution, a
// fraction of a round, a capital in an id. (The other files in
// testdata/invalid need the loader: references, ranges, ...)
func TestSchemaRejects(t *testing.T) {
	s := schematest.Compile(t, schemaFile)
	tests := []struct {
		file, why string
	}{
		{"unknown-top-level-key.yaml", "dedline"},
		{"unknown-party-field.yaml", "reservaton"},
		{"unknown-dist.yaml", "reservation"},
		{"unknown-dist-type.yaml", "type"},
		{"deadline-fraction.yaml", "deadline"},
		{"uppercase-party.yaml", "South"},
		{"agenda-horizon-fraction.yaml", "horizon"},
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", "invalid", tt.file)
		if _, err := scenarios.Load(path, nil); err == nil {
			t.Errorf("%s loads; the test wants an invalid file", path)
		}
		err := schematest.Validate(s, path, nil)
		if err == nil {
			t.Errorf("the schema accepts %s", path)
			continue
		}
		if !strings.Contains(err.Error(), tt.why) {
			t.Errorf("the schema rejects %s, but not at %s:\n%v", path, tt.why, err)
		}
	}
	// Mistakes in a variant, and a string where a number belongs, written
	// here rather than as files. The loader reports them as well, but for a
	// number written as a string after value:, which viper's loose
	// decoding reads as the number (loads): the schema, stricter, rejects
	// it as the likely mistake it is.
	base, err := os.ReadFile(filepath.Join("testdata", "valid", "minimal.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, add, why string
		loads          bool
	}{
		{"word for a number", "end_chance: high\n", "end_chance", false},
		{"value as a string", "end_chance: {value: \"0.1\"}\n", "end_chance", true},
		{"value and dist", "end_chance: {value: 0.1, dist: \"uniform(0, 0.2)\"}\n", "end_chance", false},
		{"dist missing an argument", "end_chance: {dist: {type: uniform, min: 0}}\n", "end_chance", false},
		{"unknown key in a variant", "variants:\n  short:\n    dedline: 5\n", "dedline", false},
		{"extends in a variant", "variants:\n  short:\n    extends: w1\n", "extends", false},
		{"bad variant name", "variants:\n  Short:\n    deadline: 5\n", "Short", false},
	} {
		path := filepath.Join(t.TempDir(), "s.yaml")
		data := append(append([]byte{}, base...), tt.add...)
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := scenarios.Load(path, nil); (err == nil) != tt.loads {
			t.Errorf("%s: Load error %v, want one: %t", tt.name, err, !tt.loads)
		}
		err := schematest.Validate(s, path, data)
		if err == nil {
			t.Errorf("%s: the schema accepts it", tt.name)
		} else if !strings.Contains(err.Error(), tt.why) {
			t.Errorf("%s: the schema rejects it, but not at %s:\n%v", tt.name, tt.why, err)
		}
	}
}
