package schemagen

import (
	"bytes"
	"encoding/json"

	"github.com/invopop/jsonschema"
)

// Draft is the JSON Schema draft that Marshal writes.
const Draft = "http://json-schema.org/draft-07/schema#"

// Marshal writes s, as invopop/jsonschema builds it for draft 2020-12, as
// draft-07, indented and ending in a newline. The schemas negsim builds
// use no keyword that draft-07 lacks, so the only differences are $schema
// and the name of the definitions ($defs, in draft-07 definitions).
func Marshal(s *jsonschema.Schema) ([]byte, error) {
	s.Version = Draft
	data, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	data = bytes.ReplaceAll(data, []byte(`"$defs":`), []byte(`"definitions":`))
	data = bytes.ReplaceAll(data, []byte(`"#/$defs/`), []byte(`"#/definitions/`))
	var out bytes.Buffer
	if err := json.Indent(&out, data, "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}
