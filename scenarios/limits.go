package scenarios

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/negsim/negsim/internal/inputfile"
	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
)

// Limits on a scenario file's size and shape, checked before the file is
// decoded, so that a careless or hostile file is answered at once rather
// than after minutes or gigabytes. viper, which reads the files, costs far
// more per key and per level of nesting than the YAML, JSON and TOML parsers
// do, so the checks run on the parsers' own output, and a cheap count of
// the bytes comes before even that.
const (
	// MaxFileSize caps every scenario file read: the file named, its bases
	// and the GENIUS files it imports. Only regular files are read, so that
	// a pipe or a device named by mistake cannot block or never end.
	MaxFileSize = inputfile.MaxSize
	// MaxDepth caps how deeply mappings and lists nest, the file's top
	// level counted as 1. The format needs 9 at most:
	// variants.NAME.parties.ID.values.ISSUE.OPTION.dist.
	MaxDepth = 12
	// MaxEntries caps the entries of a scenario file (every key, value and
	// list item, YAML aliases expanded) and of its bases together.
	MaxEntries = 50_000
)

// MaxWeight caps a weight. Weights are relative, and normalised in every
// run; the cap keeps the sum of MaxIssues of them finite (1e308 each
// summed to +Inf, and every weight then normalised to 0).
const MaxWeight = 1e300

// formatDepth is the deepest nesting the format uses (see MaxDepth).
const formatDepth = 9

// MaxKeys caps the keys of one mapping: the format needs MaxParties or
// MaxIssues at most, and the YAML decoder's check for duplicate keys is
// quadratic in them.
const MaxKeys = 1000

// decodeFile checks data, a scenario file in format, against MaxFileSize,
// MaxDepth, MaxKeys and MaxEntries, checks that a YAML file holds one
// document and that no mapping of a YAML or JSON file has a key twice, and
// decodes it, as viper would, into nested maps. It returns the YAML or
// JSON file's node tree as positions, and the number of entries.
func decodeFile(origin, format string, data []byte) (raw map[string]any, pos *positions, entries int, fe *FieldError) {
	fail := func(line int, field, format string, a ...any) (map[string]any, *positions, int, *FieldError) {
		return nil, nil, 0, &FieldError{File: origin, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)}
	}
	if len(data) > MaxFileSize {
		return fail(0, "", "file of %d bytes, at most %d (%d MiB) allowed", len(data), MaxFileSize, MaxFileSize>>20)
	}
	// The parsers' time and memory grow with the entries, not the bytes:
	// bound them from the bytes alone before parsing.
	if n := roughEntries(data, format); n > 2*MaxEntries {
		return fail(0, "", "more than %d lines and separators (%s); a scenario file has at most %d entries (keys, values and list items)", 2*MaxEntries, separators[format], MaxEntries)
	}
	w := &walker{}
	var doc yaml.Node
	switch format {
	case "toml":
		// go-toml recurses once per bracket: bound them before it parses.
		if line, deep := tomlBrackets(data); deep {
			return fail(line, "", "lists and inline tables nested more than %d levels deep; the scenario format needs at most %d", MaxDepth, formatDepth)
		}
		if err := toml.Unmarshal(data, &raw); err != nil {
			return nil, nil, 0, malformed(origin, format, data, err)
		}
		w.value(raw, 1)
	case "json":
		// encoding/json is what viper reads JSON with; the YAML parser
		// gives positions, and sees duplicate keys.
		if err := json.Unmarshal(data, &raw); err != nil {
			return nil, nil, 0, malformed(origin, format, data, err)
		}
		if yaml.Unmarshal(data, &doc) == nil && len(doc.Content) > 0 {
			pos = &positions{root: doc.Content[0]}
			w.node(doc.Content[0], 1)
		} else {
			w.value(raw, 1)
		}
	default:
		dec := yaml.NewDecoder(bytes.NewReader(data))
		if err := dec.Decode(&doc); err != nil && err != io.EOF {
			return nil, nil, 0, malformed(origin, format, data, err)
		}
		var next yaml.Node
		if err := dec.Decode(&next); err != io.EOF && (err != nil || len(next.Content) > 0) {
			line := next.Line
			if len(next.Content) > 0 {
				line = next.Content[0].Line
			}
			return fail(line, "", "a second YAML document (after ---): a scenario file holds one document, and the rest would be ignored")
		}
		if len(doc.Content) == 0 {
			break
		}
		pos = &positions{root: doc.Content[0]}
		if w.node(doc.Content[0], 1); w.err == nil {
			// Decoded from the nodes, not parsed again.
			if err := doc.Decode(&raw); err != nil {
				return nil, nil, 0, malformed(origin, format, data, err)
			}
		}
	}
	if w.err != nil {
		w.err.File = origin
		return nil, nil, 0, w.err
	}
	if raw == nil {
		raw = map[string]any{}
	}
	return raw, pos, w.entries, nil
}

// separators names, by format, what roughEntries counts besides lines.
var separators = map[string]string{
	"yaml": "',', '[', '{', '- ', ': ', '? '",
	"yml":  "',', '[', '{', '- ', ': ', '? '",
	"json": "',', ':', '[', '{'",
	"toml": "',', '[', '{', '.', '='",
}

// roughEntries counts the lines of data and the separators that can start
// an entry, strings and comments included. For a file of one entry a line
// or a list item it is about the number of entries; prose counts more.
// Every entry the parsers build needs one, or a few at most (a YAML "key:
// value" line is three entries: the mapping, the key and the value), so it
// bounds their work.
func roughEntries(data []byte, format string) int {
	n := 1
	for i, c := range data {
		switch c {
		case '\n', ',', '[', '{':
			n++
		case ':':
			if format == "json" {
				n++
				continue
			}
			fallthrough
		case '-', '?':
			if (format == "yaml" || format == "yml") && (i+1 == len(data) || data[i+1] == ' ' || data[i+1] == '\t' || data[i+1] == '\n' || data[i+1] == '\r') {
				n++
			}
		case '.', '=':
			if format == "toml" {
				n++
			}
		}
	}
	return n
}

// walker measures a parsed file, stopping at the first problem.
type walker struct {
	entries int
	at      path
	err     *FieldError
}

func (w *walker) tooDeep(line int) {
	at := w.at
	if len(at) > MaxDepth {
		at = append(at[:MaxDepth:MaxDepth], "...")
	}
	w.err = &FieldError{Line: line, Field: at.String(), Msg: fmt.Sprintf("nested more than %d levels deep (mappings and lists); the scenario format needs at most %d", MaxDepth, formatDepth)}
}

func (w *walker) tooManyKeys(line, n int) {
	w.err = &FieldError{Line: line, Field: w.at.String(), Msg: fmt.Sprintf("a mapping of %d keys, at most %d allowed", n, MaxKeys)}
}

func (w *walker) count(line int) bool {
	w.entries++
	if w.entries > MaxEntries {
		w.err = &FieldError{Line: line, Msg: fmt.Sprintf("more than %d entries (keys, values and list items, YAML aliases expanded); a scenario needs far fewer", MaxEntries)}
		return false
	}
	return true
}

// node walks a YAML node at the given depth (the top level is 1).
func (w *walker) node(n *yaml.Node, depth int) {
	if w.err != nil || !w.count(n.Line) {
		return
	}
	for hops := 0; n.Kind == yaml.AliasNode && n.Alias != nil; hops++ {
		if hops > MaxEntries {
			return
		}
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode, yaml.SequenceNode:
		if depth > MaxDepth {
			w.tooDeep(n.Line)
			return
		}
	}
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content)/2 > MaxKeys {
			w.tooManyKeys(n.Line, len(n.Content)/2)
			return
		}
		w.duplicates(n)
		for i := 0; i+1 < len(n.Content) && w.err == nil; i += 2 {
			k := n.Content[i]
			if !w.count(k.Line) {
				return
			}
			w.at = append(w.at, strings.ToLower(k.Value))
			w.node(n.Content[i+1], depth+1)
			w.at = w.at[:len(w.at)-1]
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			if w.err != nil {
				return
			}
			w.at = append(w.at, index(i))
			w.node(c, depth+1)
			w.at = w.at[:len(w.at)-1]
		}
	}
}

// duplicates reports a key given twice in the mapping n. YAML forbids it,
// and JSON leaves it undefined: encoding/json keeps the last silently.
func (w *walker) duplicates(n *yaml.Node) {
	if w.err != nil || len(n.Content) < 4 {
		return
	}
	seen := make(map[string]int, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if k.Kind != yaml.ScalarNode || k.Tag == "!!merge" {
			continue
		}
		if first, dup := seen[k.Value]; dup {
			w.err = &FieldError{Line: k.Line, Col: k.Column, Field: w.at.with(strings.ToLower(k.Value)).String(),
				Msg: fmt.Sprintf("key %q is given twice in this mapping (first on line %d); give each key once", k.Value, first)}
			return
		}
		seen[k.Value] = k.Line
	}
}

// value walks a decoded value at the given depth, for TOML (and JSON the
// YAML parser rejects), which have no positions.
func (w *walker) value(v any, depth int) {
	if w.err != nil || !w.count(0) {
		return
	}
	switch x := v.(type) {
	case map[string]any:
		if depth > MaxDepth {
			w.tooDeep(0)
			return
		}
		if len(x) > MaxKeys {
			w.tooManyKeys(0, len(x))
			return
		}
		for _, k := range sortedKeys(x) {
			if w.err != nil || !w.count(0) {
				return
			}
			w.at = append(w.at, strings.ToLower(k))
			w.value(x[k], depth+1)
			w.at = w.at[:len(w.at)-1]
		}
	case []any:
		if depth > MaxDepth {
			w.tooDeep(0)
			return
		}
		for i, c := range x {
			w.at = append(w.at, index(i))
			w.value(c, depth+1)
			w.at = w.at[:len(w.at)-1]
		}
	}
}

// tomlBrackets reports whether the lists and inline tables of a TOML file
// nest more than MaxDepth deep, and the line where they first do. Outside
// strings and comments, a bracket in TOML is always structure.
func tomlBrackets(data []byte) (line int, deep bool) {
	depth := 0
	line = 1
	for i := 0; i < len(data); i++ {
		switch c := data[i]; c {
		case '\n':
			line++
		case '#':
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
		case '"', '\'':
			// A string: basic ("...", with \ escapes) or literal ('...'),
			// or their multi-line forms (""" and ''').
			delim := []byte{c}
			if i+2 < len(data) && data[i+1] == c && data[i+2] == c {
				delim = []byte{c, c, c}
			}
			i += len(delim)
			for i < len(data) && !bytes.HasPrefix(data[i:], delim) {
				if data[i] == '\n' {
					if len(delim) == 1 {
						i-- // unterminated: the parser reports it
						break
					}
					line++
				}
				if c == '"' && data[i] == '\\' {
					i++
				}
				i++
			}
			i += len(delim) - 1
		case '[', '{':
			depth++
			if depth > MaxDepth {
				return line, true
			}
		case ']', '}':
			depth = max(depth-1, 0)
		}
	}
	return 0, false
}
