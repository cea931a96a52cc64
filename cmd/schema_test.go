package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/negsim/negsim/internal/schematest"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the shipped schemas.
var schemaDir = filepath.Join("..", "docs", "schema")

// The shipped output schemas are the ones the Go types generate: a
// change to an output type must come with the regenerated schema
// (go test ./cmd -update), and, if it removes a field or changes its
// meaning, a new SchemaVersion. (The scenario schema's test is in
// scenarios.)
func TestOutputSchemasUpToDate(t *testing.T) {
	for _, o := range outputSchemas {
		got, err := schemas[o.name]()
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(schemaDir, o.name+".schema.json")
		if *update {
			if err := os.WriteFile(path, got, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test ./cmd -update writes it)", err)
		}
		if string(got) != string(want) {
			t.Errorf("%s is not what the Go types generate; go test ./cmd -update rewrites it", path)
		}
	}
}

// negsim schema prints the shipped schemas, and rejects an unknown name.
func TestSchemaCommand(t *testing.T) {
	for name := range schemas {
		args := []string{"schema", name}
		if name == "scenario" {
			args = args[:1] // the default
		}
		code, out, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		want, err := os.ReadFile(filepath.Join(schemaDir, name+".schema.json"))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%v does not print docs/schema/%s.schema.json", args, name)
		}
	}
	if code, _, errOut := run(t, "schema", "scenarios"); code == 0 || !strings.Contains(errOut, `did you mean "scenario"`) {
		t.Errorf("schema scenarios: exit %d, %s; want an error that suggests scenario", code, errOut)
	}
}

// Real outputs of every command that writes JSON pass their schemas,
// with --json and as written into --out (small runs; the bundled
// scenario has an agenda, which the grand-bargain variant turns off).
func TestOutputsMatchSchemas(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		schema string
		args   []string
		file   string // written into --out, "" for none
	}{
		{"results", []string{"run", "--runs", "200", "--seed", "2"}, ResultsFile},
		{"results", []string{"run", "--runs", "200", "--variant", "grand-bargain", "--no-analysis"}, ResultsFile},
		{"results", []string{"run", "w1", "--runs", "100"}, ResultsFile},
		{"sweep", []string{"sweep", "w1", "--param", "parties.buyer.reservation", "--from", "0.2", "--to", "0.4", "--steps", "2", "--runs", "100"}, "sweep.json"},
		{"sweep", []string{"sweep", "w1", "--param", "parties.buyer.reservation", "--from", "0.2", "--to", "0.4", "--steps", "2",
			"--param", "parties.seller.reservation", "--steps", "2", "--runs", "100"}, ""},
		{"sensitivity", []string{"sensitivity", "w1", "--runs", "100", "--samples", "16", "--bootstrap", "20"}, "sensitivity.json"},
		{"compare", []string{"compare", "--variant-b", "grand-bargain", "--runs", "100"}, "compare.json"},
		{"analysis", []string{"analyze"}, "analysis.json"},
		{"analysis", []string{"analyze", "w1"}, ""},
		{"forecast", []string{"forecast", batchFile, "--runs", "100"}, ForecastFile},
		{"forecast", []string{"forecast", soeFile, "--model", "all", "--trace"}, ""},
	}
	compiled := map[string]*jsonschema.Schema{}
	for i, tt := range tests {
		s := compiled[tt.schema]
		if s == nil {
			s = schematest.Compile(t, filepath.Join(schemaDir, tt.schema+".schema.json"))
			compiled[tt.schema] = s
		}
		code, out, errOut := run(t, append(tt.args, "--json")...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", tt.args, code, errOut)
		}
		if err := schematest.Validate(s, "out.json", []byte(out)); err != nil {
			t.Errorf("%v --json does not match %s.schema.json:\n%v", tt.args, tt.schema, err)
		}
		if !strings.Contains(out, fmt.Sprintf(`"schema_version": %d`, SchemaVersion)) {
			t.Errorf("%v --json has no schema_version %d", tt.args, SchemaVersion)
		}
		if tt.file == "" {
			continue
		}
		od := filepath.Join(dir, strconv.Itoa(i))
		if code, _, errOut := run(t, append(tt.args, "--out", od)...); code != 0 {
			t.Fatalf("%v --out: exit %d: %s", tt.args, code, errOut)
		}
		if err := schematest.Validate(s, filepath.Join(od, tt.file), nil); err != nil {
			t.Errorf("%v: %s does not match %s.schema.json:\n%v", tt.args, tt.file, tt.schema, err)
		}
	}
	// The schemas check something: a results file without a required
	// field, or with a string for a number, fails.
	s := compiled["results"]
	for _, bad := range []string{`{"schema_version": 1}`, `{"schema_version": "1"}`} {
		if err := schematest.Validate(s, "bad.json", []byte(bad)); err == nil {
			t.Errorf("results.schema.json accepts %s", bad)
		}
	}
}

// Replay compares results written before schema_version (no version, no
// histogram range) with a rerun, and refuses results of a later version.
func TestReplayAcrossSchemaVersions(t *testing.T) {
	out := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := run(t, "run", "w1", "--runs", "300", "--out", out); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	path := filepath.Join(out, ResultsFile)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	delete(m, "schema_version")
	for _, u := range m["utility"].([]any) {
		delete(u.(map[string]any), "histogram_range")
		delete(u.(map[string]any), "histogram_bin_width")
	}
	write := func() {
		t.Helper()
		data, _ := json.MarshalIndent(m, "", "  ")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write()
	if code, stdout, errOut := run(t, "run", "--replay", path); code != 0 || !strings.Contains(stdout, "identical") {
		t.Errorf("replay of results from before schema_version: exit %d, %s%s", code, stdout, errOut)
	}
	m["schema_version"] = SchemaVersion + 1
	write()
	if code, _, errOut := run(t, "run", "--replay", path); code == 0 || !strings.Contains(errOut, "later negsim") {
		t.Errorf("replay of results of a later schema: exit %d, %s; want a refusal", code, errOut)
	}
}

// The template in the repository points editors at the shipped schema; the
// one negsim init writes has no such line (the path would not resolve
// beside it) and passes the schema.
func TestInitTemplateSchema(t *testing.T) {
	first, _, _ := strings.Cut(scenarioTemplate, "\n")
	if first != modeline+" $schema=../../docs/schema/scenario.schema.json" {
		t.Errorf("templates/scenario.yaml starts with %q, want the schema line", first)
	}
	if _, err := os.Stat(filepath.Join("templates", "../../docs/schema/scenario.schema.json")); err != nil {
		t.Errorf("the template's schema line points at no file: %v", err)
	}
	dir := t.TempDir()
	if code, _, errOut := run(t, "init", "talks", "--dir", dir); code != 0 {
		t.Fatalf("init: exit %d: %s", code, errOut)
	}
	path := filepath.Join(dir, "talks.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasPrefix(string(data), modeline) {
		t.Error("negsim init wrote the repository's schema line")
	}
	s := schematest.Compile(t, filepath.Join(schemaDir, "scenario.schema.json"))
	if err := schematest.Validate(s, path, nil); err != nil {
		t.Errorf("the schema rejects the template negsim init writes:\n%v", err)
	}
}
