package scenarios

import (
	"reflect"
	"strings"

	"github.com/invopop/jsonschema"
	"github.com/negsim/negsim/internal/schemagen"
	orderedmap "github.com/pb33f/ordered-map/v2"
)

// JSONSchema returns the JSON Schema (draft-07: see internal/schemagen) of
// a scenario file, generated from
// File and its parts: the keys are their mapstructure tags, and every key
// is optional (a file that extends another, a variant, or a GENIUS import
// may give any part). It checks the form of a file: known keys, numbers
// where numbers belong, parameters as a number, a distribution or
// {value|dist, source, assumption}, ids in lowercase. What only the whole
// scenario can tell (references to ids, ranges, required parts) is left to
// the loader, so that the schema never rejects a file that loads, with one
// exception: the loose conversions that viper's decoder allows (a string
// "0.4" for value:, a number for a label, one word for a list) are
// rejected as the mistakes they most likely are.
func JSONSchema() ([]byte, error) {
	r := &jsonschema.Reflector{
		FieldNameTag:               "mapstructure",
		RequiredFromJSONSchemaTags: true, // nothing is required
		ExpandedStruct:             true,
		Anonymous:                  true,
		Mapper:                     schemaMapper,
	}
	s := r.Reflect(fileText{})
	s.Description = "A negsim scenario file (docs/scenario-format.md). Generated from the Go types by negsim schema; do not edit."
	prop := func(s *jsonschema.Schema, name string) *jsonschema.Schema {
		p, ok := s.Properties.Get(name)
		if !ok {
			panic("scenarios: schema has no property " + name)
		}
		return p
	}
	lowercaseKeys(s)
	for _, d := range s.Definitions {
		lowercaseKeys(d)
	}
	// Ids that the loader checks against idRE.
	ids := &jsonschema.Schema{Pattern: idRE.String()}
	for _, m := range []*jsonschema.Schema{
		prop(s, "parties"), prop(s, "shocks"), prop(s, "variants"),
		prop(s.Definitions["AgendaFile"], "items"), prop(s.Definitions["ItemFile"], "conditions"),
	} {
		m.PropertyNames = ids
	}
	for _, p := range []*jsonschema.Schema{prop(s, "name"), prop(s.Definitions["IssueFile"], "id"), prop(s.Definitions["OptionFile"], "id")} {
		p.Pattern = idRE.String()
	}
	// deadline and agenda.horizon are whole numbers of rounds.
	s.Properties.Set("deadline", &jsonschema.Schema{Ref: "#/$defs/Rounds"})
	s.Definitions["File"].Properties.Set("deadline", &jsonschema.Schema{Ref: "#/$defs/Rounds"})
	prop(s.Definitions["AgendaFile"], "horizon").Ref = "#/$defs/Rounds"
	for k, v := range paramSchemas() {
		s.Definitions[k] = v
	}
	s.Definitions["Rounds"] = roundsSchema()
	prop(s, "extends").Description = "The base scenario this file is merged over: a bundled scenario's name, or a file relative to this one."
	prop(s, "variants").Description = "Named variants: each is merged over the scenario, key by key, and may change any field; negsim run --variant NAME chooses one."
	return schemagen.Marshal(s)
}

// schemaMapper gives the types whose written forms are not their struct
// fields (see decodeHook) their schemas.
func schemaMapper(t reflect.Type) *jsonschema.Schema {
	switch t {
	case paramType:
		return &jsonschema.Schema{Ref: "#/$defs/Param"}
	case valueTableType:
		return &jsonschema.Schema{Ref: "#/$defs/ValueTable"}
	}
	return nil
}

var (
	// numberRE is a decimal number as strconv.ParseFloat reads it (hex
	// floats, Inf and NaN left out: they are no sensible parameter).
	numberRE = `[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`
	// distRE is a distribution in short form, as parseShortDist reads it.
	distRE = func() string {
		var alts []string
		for _, name := range distNames {
			// parseShortDist lowercases the name.
			var ci strings.Builder
			for _, c := range name {
				ci.WriteString("[" + string(c) + strings.ToUpper(string(c)) + "]")
			}
			args := make([]string, len(distArgs[name]))
			for i := range args {
				args[i] = `\s*` + numberRE + `\s*`
			}
			alts = append(alts, ci.String()+`\s*\(`+strings.Join(args, ",")+`\)`)
		}
		return `(?:` + strings.Join(alts, "|") + `)`
	}()
)

// paramSchemas are the definitions Param, ValueTable, Dist and Rounds
// refer to.
func paramSchemas() map[string]*jsonschema.Schema {
	str := func(desc string) *jsonschema.Schema { return &jsonschema.Schema{Type: "string", Description: desc} }
	source := str("A quote from the source document that supports this.")
	assumption := str("A judgement that this rests on, with its reason.")
	const distDesc = `A distribution in short form: uniform(min, max), normal(mean, sd), beta(alpha, beta) or triangular(min, mode, max).`
	shortDist := &jsonschema.Schema{Type: "string", Pattern: `^\s*` + distRE + `\s*$`, Description: distDesc}
	// A parameter may also be a number written as a string, or blank (its
	// default applies), as --set gives it.
	paramString := &jsonschema.Schema{Type: "string", Pattern: `^\s*(?:` + numberRE + `|` + distRE + `)?\s*$`, Description: distDesc}
	var dists []*jsonschema.Schema
	for _, name := range distNames {
		d := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), Required: []string{"type"}, AdditionalProperties: jsonschema.FalseSchema}
		d.Properties.Set("type", &jsonschema.Schema{Const: name})
		for _, a := range distArgs[name] {
			d.Properties.Set(a, &jsonschema.Schema{Type: "number"})
			d.Required = append(d.Required, a)
		}
		dists = append(dists, d)
	}
	param := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(), AdditionalProperties: jsonschema.FalseSchema,
		Not: &jsonschema.Schema{Required: []string{"value", "dist"}}}
	param.Properties.Set("value", &jsonschema.Schema{Type: "number"})
	param.Properties.Set("dist", &jsonschema.Schema{Ref: "#/$defs/Dist"})
	param.Properties.Set("source", source)
	param.Properties.Set("assumption", assumption)
	vt := &jsonschema.Schema{Type: "object", Properties: jsonschema.NewProperties(),
		AdditionalProperties: &jsonschema.Schema{Ref: "#/$defs/Param"}, PropertyNames: lowercase,
		Description: "A party's values for the options of one issue: OPTION: value (a parameter), with one source or assumption for the table."}
	vt.Properties.Set("source", source)
	vt.Properties.Set("assumption", assumption)
	return map[string]*jsonschema.Schema{
		"Param": {
			Description: `A number, a distribution such as "uniform(0.1, 0.35)", or {value: NUMBER | dist: DISTRIBUTION, source: ..., assumption: ...}. The loader checks the range.`,
			AnyOf:       []*jsonschema.Schema{{Type: "number"}, paramString, param},
		},
		"Dist": {
			Description: `A distribution: in short form, or {type: uniform|normal|beta|triangular, and its parameters}.`,
			AnyOf:       append([]*jsonschema.Schema{shortDist}, dists...),
		},
		"ValueTable": vt,
	}
}

// roundsSchema is a Param that is a whole number of rounds when fixed.
func roundsSchema() *jsonschema.Schema {
	return &jsonschema.Schema{
		Description: `A whole number of rounds, a distribution such as "triangular(8, 14, 24)", or {value|dist, source, assumption}.`,
		AllOf:       []*jsonschema.Schema{{Ref: "#/$defs/Param"}},
		AnyOf: []*jsonschema.Schema{
			{Type: "integer"},
			{Not: &jsonschema.Schema{Type: "number"}},
		},
		If:   &jsonschema.Schema{Type: "object", Required: []string{"value"}},
		Then: &jsonschema.Schema{Properties: props("value", &jsonschema.Schema{Type: "integer"})},
	}
}

func props(name string, s *jsonschema.Schema) *orderedmap.OrderedMap[string, *jsonschema.Schema] {
	p := jsonschema.NewProperties()
	p.Set(name, s)
	return p
}

// lowercase is the rule for every mapping key: viper lowercases keys, so
// the loader rejects keys with capitals.
var lowercase = &jsonschema.Schema{Pattern: `^[^A-Z]*$`}

// lowercaseKeys sets the rule on every mapping with keys of any name (a Go
// map) in s.
func lowercaseKeys(s *jsonschema.Schema) {
	if s == nil {
		return
	}
	if s.Type == "object" && s.Properties == nil && s.AdditionalProperties != nil && s.PropertyNames == nil {
		s.PropertyNames = lowercase
	}
	if s.Properties != nil {
		for _, p := range s.Properties.FromOldest() {
			lowercaseKeys(p)
		}
	}
	lowercaseKeys(s.AdditionalProperties)
	lowercaseKeys(s.Items)
}
