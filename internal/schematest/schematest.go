package schematest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/pelletier/go-toml/v2"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// Compile reads and compiles the schema in the file at path.
func Compile(t testing.TB, path string) *jsonschema.Schema {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	c := jsonschema.NewCompiler()
	url := "file:///" + filepath.Base(path)
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatalf("%s does not compile: %v", path, err)
	}
	return s
}

// Decode reads a scenario file (by its extension: .yaml, .yml, .json or
// .toml) or a JSON output into the values a validator takes.
func Decode(path string, data []byte) (any, error) {
	var v any
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml":
		if err := yaml.Unmarshal(data, &v); err != nil {
			return nil, err
		}
	case ".toml":
		var m map[string]any
		if err := toml.Unmarshal(data, &m); err != nil {
			return nil, err
		}
		v = m
	case ".json":
		return jsonschema.UnmarshalJSON(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("%s: unknown file type", path)
	}
	// Through JSON, as a JSON document would be read: YAML's and TOML's
	// numbers and mappings become JSON's.
	v, err := stringKeys(v)
	if err != nil {
		return nil, err
	}
	js, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(js))
}

// stringKeys turns YAML mappings with keys of other types into mappings
// with string keys, as viper reads them.
func stringKeys(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, c := range x {
			c, err := stringKeys(c)
			if err != nil {
				return nil, err
			}
			x[k] = c
		}
	case map[any]any:
		m := make(map[string]any, len(x))
		for k, c := range x {
			c, err := stringKeys(c)
			if err != nil {
				return nil, err
			}
			m[fmt.Sprint(k)] = c
		}
		return m, nil
	case []any:
		for i, c := range x {
			c, err := stringKeys(c)
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
	}
	return v, nil
}

// Validate validates the file at path, or data if not nil (as if read
// from path), against s, and returns the validator's error.
func Validate(s *jsonschema.Schema, path string, data []byte) error {
	if data == nil {
		var err error
		if data, err = os.ReadFile(path); err != nil {
			return err
		}
	}
	v, err := Decode(path, data)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return s.Validate(v)
}
