package cmd

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/internal/schemagen"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// SchemaVersion is the version of the JSON that negsim writes (results,
// sweep, sensitivity, compare, analysis, forecast), recorded in each as
// schema_version. It goes up when a field is removed or changes meaning;
// adding a field keeps it (docs/results.md).
const SchemaVersion = 1

// SweepResult is what sweep writes to sweep.json.
type SweepResult struct {
	SchemaVersion int `json:"schema_version"`
	// Metric is the figure swept (explore.ParseMetric), so that negsim
	// plot redraws the same one.
	Metric string `json:"metric,omitempty"`
	// Title and Variant are the scenario's title and variant, and Base
	// the scenario's own value of a 1-D sweep's numeric parameter (its
	// median if random), so that negsim plot redraws the plot as sweep
	// drew it; each is left out when there is none.
	Title   string   `json:"title,omitempty"`
	Variant string   `json:"variant,omitempty"`
	Base    *float64 `json:"base,omitempty"`
	*explore.SweepResult
	// Embedded is the scenario as run, for plot's report.
	Embedded *EmbeddedScenario `json:"embedded_scenario,omitempty"`
}

// CompareResult is what compare writes to compare.json.
type CompareResult struct {
	SchemaVersion int    `json:"schema_version"`
	NameA         string `json:"a_name"`
	NameB         string `json:"b_name"`
	*explore.Comparison
	// Metric is the figure compared (explore.ParseMetric); EmbeddedA and
	// EmbeddedB are the scenarios as run, for plot's report.
	Metric    string            `json:"metric,omitempty"`
	EmbeddedA *EmbeddedScenario `json:"embedded_a,omitempty"`
	EmbeddedB *EmbeddedScenario `json:"embedded_b,omitempty"`
}

// outputs are the JSON files negsim writes, by schema name, each with
// its Go type and what writes it.
var outputSchemas = []struct {
	name, what string
	t          reflect.Type
}{
	{"results", "negsim run: results.json in --out, and --json", reflect.TypeFor[Results]()},
	{"sweep", "negsim sweep: sweep.json in --out, and --json", reflect.TypeFor[SweepResult]()},
	{"sensitivity", "negsim sensitivity: sensitivity.json in --out, and --json", reflect.TypeFor[SensitivityResult]()},
	{"compare", "negsim compare: compare.json in --out, and --json", reflect.TypeFor[CompareResult]()},
	{"analysis", "negsim analyze: analysis.json in --out, and --json", reflect.TypeFor[AnalysisReport]()},
	{"forecast", "negsim forecast: forecast.json in --out, and --json", reflect.TypeFor[ForecastReport]()},
	{"partial", "a shard (negsim run, sweep or sensitivity --shard K/N): partial.json in --out, for negsim merge", reflect.TypeFor[PartialResult]()},
}

// schemas are the JSON Schemas negsim schema prints, by name; each is
// shipped as docs/schema/NAME.schema.json.
var schemas = func() map[string]func() ([]byte, error) {
	m := map[string]func() ([]byte, error){"scenario": scenarios.JSONSchema}
	for _, o := range outputSchemas {
		m[o.name] = func() ([]byte, error) { return outputSchema(o.t, o.what) }
	}
	return m
}()

// outputSchema generates the schema of an output of Go type t from its
// json tags: a field without omitempty is required; other keys are
// allowed, since a later negsim of the same schema_version may add fields.
// Go's nil slices, maps and pointers are written as null, so the schema
// allows null for them.
func outputSchema(t reflect.Type, what string) ([]byte, error) {
	r := &jsonschema.Reflector{Anonymous: true, ExpandedStruct: true, AllowAdditionalProperties: true}
	s := r.ReflectFromType(t)
	n := nullables{defs: s.Definitions, root: t, rootSchema: s, seen: map[reflect.Type]bool{}}
	n.structType(t)
	s.Properties.Set("schema_version", &jsonschema.Schema{Type: "integer", Const: SchemaVersion,
		Description: "The version of this schema: it goes up when a field is removed or changes meaning (docs/results.md)."})
	s.Description = fmt.Sprintf("The JSON written by %s, schema_version %d (docs/results.md). Generated from negsim's Go types by negsim schema; do not edit.", what, SchemaVersion)
	return schemagen.Marshal(s)
}

// nullables makes the schemas of nil-able Go values accept null.
type nullables struct {
	defs       jsonschema.Definitions
	root       reflect.Type
	rootSchema *jsonschema.Schema
	seen       map[reflect.Type]bool
}

func orNull(s *jsonschema.Schema) *jsonschema.Schema {
	return &jsonschema.Schema{AnyOf: []*jsonschema.Schema{s, {Type: "null"}}}
}

// value returns s, the schema of a value of type t, fixed.
func (n nullables) value(s *jsonschema.Schema, t reflect.Type) *jsonschema.Schema {
	switch t.Kind() {
	case reflect.Pointer:
		return orNull(n.value(s, t.Elem()))
	case reflect.Slice:
		if s.Items != nil {
			s.Items = n.value(s.Items, t.Elem())
		}
		return orNull(s)
	case reflect.Map:
		if s.AdditionalProperties != nil {
			s.AdditionalProperties = n.value(s.AdditionalProperties, t.Elem())
		}
		return orNull(s)
	case reflect.Array:
		if s.Items != nil {
			s.Items = n.value(s.Items, t.Elem())
		}
	case reflect.Struct:
		n.structType(t)
	}
	return s
}

// structType fixes the fields of struct type t, in its definition.
func (n nullables) structType(t reflect.Type) {
	if n.seen[t] {
		return
	}
	n.seen[t] = true
	s := n.rootSchema
	if t != n.root {
		s = n.defs[t.Name()]
	}
	if s == nil || s.Properties == nil {
		return
	}
	n.fields(s, t)
}

// fields fixes the properties of s for the fields of t, those of embedded
// structs included (encoding/json writes them in place).
func (n nullables) fields(s *jsonschema.Schema, t reflect.Type) {
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		if f.Anonymous && name == "" {
			et := f.Type
			if et.Kind() == reflect.Pointer {
				et = et.Elem()
			}
			if et.Kind() == reflect.Struct {
				n.fields(s, et)
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		if p, ok := s.Properties.Get(name); ok {
			s.Properties.Set(name, n.value(p, f.Type))
		}
	}
}

// upgradeResults brings results read from a file to what this negsim
// writes, for a replay to compare: results from before schema_version
// had histograms without their range and bin width, which were always
// those of sim.UtilityBins over [0,1]. Results of a later schema version
// cannot be compared.
func upgradeResults(r *Results) error {
	if r.SchemaVersion > SchemaVersion {
		return fmt.Errorf("results of schema_version %d, written by a later negsim; this one (%s) reads up to %d", r.SchemaVersion, Version, SchemaVersion)
	}
	if r.Summary == nil {
		return nil
	}
	for i, u := range r.Utility {
		if len(u.Histogram) == sim.UtilityBins && u.HistogramBinWidth == 0 {
			r.Utility[i].HistogramRange, r.Utility[i].HistogramBinWidth = [2]float64{0, 1}, 1.0/sim.UtilityBins
		}
	}
	return nil
}

func schemaNames() []string {
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema [" + strings.Join(schemaNames(), "|") + "]",
		Short: "Print the JSON Schema of scenario files or of an output",
		Long: `Schema prints a JSON Schema (draft-07), generated from negsim's types: by
default that of scenario files, for editors (with the YAML language server,
put "# yaml-language-server: $schema=PATH" on a scenario's first line) and
validators. The same schemas are in docs/schema/ of negsim's repository.`,
		Example:   `  negsim schema > scenario.schema.json`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: schemaNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "scenario"
			if len(args) > 0 {
				name = args[0]
			}
			gen, ok := schemas[name]
			if !ok {
				return fmt.Errorf("schema: unknown schema %q%s (schemas: %s)", name, scenarios.Suggest(name, schemaNames()), strings.Join(schemaNames(), ", "))
			}
			data, err := gen()
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
}

// modeline starts the line by which the YAML language server finds a
// file's schema.
const modeline = "# yaml-language-server:"

// initTemplate is the template negsim init writes: without the schema line
// of cmd/templates/scenario.yaml, whose path is relative to negsim's
// repository and would not resolve beside the new file (the template says
// how to add one).
func initTemplate() string {
	if strings.HasPrefix(scenarioTemplate, modeline) {
		_, rest, _ := strings.Cut(scenarioTemplate, "\n")
		return rest
	}
	return scenarioTemplate
}
