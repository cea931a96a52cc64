package scenarios

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/negsim/negsim/internal/inputfile"
	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/viper"
	"go.yaml.in/yaml/v3"
)

// Extends and variants: a scenario file may name a base scenario to extend
// (extends: BASE) and define variants of itself (variants: {NAME: {...}}).
// Each file is read and checked on its own (a layer); the chain of bases is
// then merged, the base under the file that extends it, and the chosen
// variant over the result. Alongside the merged content, a src tree records
// which file, and which path in it, wrote each part, so that a problem is
// reported in the file and on the line that caused it.
// docs/scenario-format.md gives the rules.

// MaxExtends caps how many bases a chain of extends may have.
const MaxExtends = 16

// fileText is a scenario file as written: a File, the base scenario it
// extends and its variants. Only the File part survives resolution.
type fileText struct {
	File     `mapstructure:",squash"`
	Extends  string          `mapstructure:"extends"`
	Variants map[string]File `mapstructure:"variants"`
}

var (
	fileType     = reflect.TypeOf(File{})
	fileTextType = reflect.TypeOf(fileText{})
)

// layer is one scenario file of an extends chain.
type layer struct {
	origin string         // the file's path, or "bundled:NAME"
	pos    *positions     // nil for TOML
	raw    map[string]any // the content, as viper read it
}

// src says where a part of a merged scenario was written: the file, and
// the path in that file (which starts with variants.NAME for a variant).
// kids is set for a mapping merged key by key, and names where each of its
// keys was written; a part without kids was written whole by file.
type src struct {
	file *layer
	at   path
	kids map[string]*src
}

// newSrc returns the src of v, read from file at path at.
func newSrc(v any, file *layer, at path) *src {
	s := &src{file: file, at: at}
	if m, ok := v.(map[string]any); ok {
		s.kids = make(map[string]*src, len(m))
		for k, c := range m {
			s.kids[k] = newSrc(c, file, at.with(k))
		}
	}
	return s
}

// kid returns the src of key k of s, or nil.
func (s *src) kid(k string) *src {
	if s == nil {
		return nil
	}
	return s.kids[k]
}

// locate returns where the part of the merged scenario at p was written:
// the file, the line and column (0 when unknown), how many segments of p
// the file accounts for, and the variant it comes from, if any.
func (s *src) locate(p path) (file string, line, col, depth int, variant string) {
	n, d := s, 0
	for d < len(p) && n.kids != nil {
		c, ok := n.kids[p[d]]
		if !ok {
			break
		}
		n, d = c, d+1
	}
	fp := n.at.with(p[d:]...)
	line, col, fd := n.file.pos.locate(fp)
	depth = d
	if fd > len(n.at) {
		depth += fd - len(n.at)
	}
	if len(n.at) >= 2 && n.at[0] == "variants" {
		variant = n.at[1]
	}
	return n.file.origin, line, col, depth, variant
}

// without returns raw and its src without the given top-level keys.
func without(raw map[string]any, s *src, keys ...string) (map[string]any, *src) {
	raw = maps.Clone(raw)
	if s != nil {
		c := *s
		c.kids = maps.Clone(s.kids)
		s = &c
	}
	for _, k := range keys {
		delete(raw, k)
		if s != nil {
			delete(s.kids, k)
		}
	}
	return raw, s
}

// addition is a party or a shock that a file extending a base, or a
// variant, names although what it is merged over lacks it.
type addition struct {
	kind, id string // kind is "parties" or "shocks"
	over     string // what it is merged over: a base's origin, or "" for a variant
}

// failIn reports a problem at p in the file l itself.
func (b *builder) failIn(l *layer, p path, format string, a ...any) {
	line, col := l.pos.find(p)
	b.errs = append(b.errs, &FieldError{File: l.origin, Line: line, Col: col, Field: p.String(), Msg: fmt.Sprintf(format, a...)})
}

// read parses one scenario file and checks it on its own: its syntax, its
// keys, and the form of extends and variants. It returns nil, after
// reporting why, if the file cannot be parsed.
func (b *builder) read(origin, format string, data []byte) *layer {
	raw, pos, entries, fe := decodeFile(origin, format, data)
	if fe == nil && b.entries+entries > MaxEntries {
		fe = &FieldError{File: origin, Msg: fmt.Sprintf("with the files it extends, more than %d entries (keys, values and list items); a scenario needs far fewer", MaxEntries)}
	}
	if fe != nil {
		b.errs = append(b.errs, fe)
		return nil
	}
	b.entries += entries
	// viper lowercases the keys and drops nulls and empty mappings, as
	// the rest of the loader expects.
	v := viper.New()
	if err := v.MergeConfigMap(raw); err != nil {
		b.errs = append(b.errs, malformed(origin, format, data, err))
		return nil
	}
	l := &layer{origin: origin, raw: v.AllSettings(), pos: pos}
	b.layers = append(b.layers, l)
	for _, p := range l.pos.upperKeys() {
		b.failIn(l, p, "keys and ids must be lowercase (viper lowercases keys, so %q would not match references to it)", p[len(p)-1])
	}
	checkKeys(l.raw, fileTextType, nil, func(p path, msg string) { b.failIn(l, p, "%s", msg) })
	if e, ok := l.raw["extends"]; ok {
		if s, isStr := e.(string); !isStr || strings.TrimSpace(s) == "" {
			b.failIn(l, path{"extends"}, "must name the base scenario: a bundled scenario's name, or a file relative to this one; got %s", describe(e))
		}
	}
	if vs, ok := l.raw["variants"]; ok {
		vm, isMap := vs.(map[string]any)
		if !isMap {
			b.failIn(l, path{"variants"}, "must be a mapping of variant names to the fields each changes, got %s", describe(vs))
		}
		for _, name := range sortedKeys(vm) {
			at := path{"variants", name}
			if !idRE.MatchString(name) {
				b.failIn(l, at, "variant name %q is not valid: %s", name, idRule)
			}
			if _, isMap := vm[name].(map[string]any); !isMap {
				b.failIn(l, at, "must be a mapping of the fields the variant changes, got %s", describe(vm[name]))
			}
		}
	}
	// viper drops nulls and empty mappings, and with them an extends
	// without a base, which would be ignored, and a variant that changes
	// nothing, which would be reported as unknown when chosen.
	if l.pos != nil {
		if _, k := l.pos.child(l.pos.root, "extends"); k != nil {
			if _, ok := l.raw["extends"]; !ok {
				b.failIn(l, path{"extends"}, "must name the base scenario: a bundled scenario's name, or a file relative to this one")
			}
		}
		vm, _ := l.raw["variants"].(map[string]any)
		if n, _ := l.pos.child(l.pos.root, "variants"); n != nil && n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				name := strings.ToLower(n.Content[i].Value)
				if _, ok := vm[name]; !ok {
					b.failIn(l, path{"variants", name}, "is empty: a variant changes at least one field (null values and empty mappings are ignored)")
				}
			}
		}
	}
	return l
}

// malformed describes a parse error of viper's as a FieldError at the line
// the parser names.
func malformed(origin, format string, data []byte, err error) *FieldError {
	line := 0
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
	}
	// encoding/json gives a byte offset, not a line.
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	off := int64(-1)
	switch {
	case errors.As(err, &se):
		off = se.Offset
	case errors.As(err, &te):
		off = te.Offset
	}
	if off >= 0 && off <= int64(len(data)) {
		line = 1 + bytes.Count(data[:off], []byte("\n"))
	}
	// go-toml reports a row and column.
	col := 0
	var de *toml.DecodeError
	if errors.As(err, &de) {
		line, col = de.Position()
	}
	msg := err.Error()
	if pe := (viper.ConfigParseError{}); errors.As(err, &pe) && pe.Unwrap() != nil {
		msg = pe.Unwrap().Error()
	}
	// The position goes in front, as for every error; drop the parser's
	// own "yaml: line N:" prefix, but not a line named inside the message
	// ("already defined at line 3").
	msg = linePrefixRE.ReplaceAllString(strings.TrimPrefix(msg, "yaml: "), "")
	msg = strings.Join(strings.Fields(msg), " ")
	return &FieldError{File: origin, Line: line, Col: col, Msg: "malformed " + strings.ToUpper(format) + ": " + msg}
}

// resolve returns the content of l merged over that of its base, itself
// resolved, and where each part of it was written; chain is the files
// that extend l, the first loaded first. It returns nil after reporting
// why it cannot.
func (b *builder) resolve(l *layer, chain []*layer) (map[string]any, *src) {
	raw, tree := without(l.raw, newSrc(l.raw, l, nil), "extends")
	ref, ok := l.raw["extends"].(string)
	if !ok || strings.TrimSpace(ref) == "" {
		// A base that is not a name has been reported by read.
		return raw, tree
	}
	chain = append(slices.Clip(chain), l)
	origin, format, data, err := openRef(strings.TrimSpace(ref), l.origin)
	if err != nil {
		b.failIn(l, path{"extends"}, "%v", err)
		return nil, nil
	}
	id := identity(origin)
	for i, c := range chain {
		if identity(c.origin) != id {
			continue
		}
		var names []string
		for _, c := range chain[i:] {
			names = append(names, c.origin)
		}
		b.failIn(l, path{"extends"}, "loop: %s → %s: a scenario cannot extend itself, directly or through its bases", strings.Join(names, " → "), origin)
		return nil, nil
	}
	if len(chain) > MaxExtends {
		var names []string
		for _, c := range chain {
			names = append(names, c.origin)
		}
		b.failIn(l, path{"extends"}, "more than %d bases in the chain %s → %s", MaxExtends, strings.Join(names, " → "), origin)
		return nil, nil
	}
	base := b.read(origin, format, data)
	if base == nil {
		return nil, nil
	}
	braw, btree := b.resolve(base, chain)
	if braw == nil {
		return nil, nil
	}
	// The name is not inherited: a scenario that extends another is a
	// different scenario, named by its own file.
	braw, btree = without(braw, btree, "name")
	m := mergeMode{adds: &b.adds, over: base.origin}
	merged, mtree := m.merge(braw, raw, btree, tree, fileTextType, nil)
	return merged.(map[string]any), mtree
}

// resolved is a scenario file with its bases merged in, before a variant.
type resolved struct {
	top      *layer
	raw      map[string]any // without variants
	tree     *src
	variants map[string]any
	vtree    *src
	names    []string // the variants' names, sorted
}

// resolveText reads the scenario file in data and resolves its extends. It
// returns nil after reporting why it cannot.
func (b *builder) resolveText(origin, format string, data []byte) *resolved {
	top := b.read(origin, format, data)
	if top == nil {
		return nil
	}
	raw, tree := b.resolve(top, nil)
	if raw == nil {
		return nil
	}
	r := &resolved{top: top, vtree: tree.kid("variants")}
	r.variants, _ = raw["variants"].(map[string]any)
	r.names = sortedKeys(r.variants)
	r.raw, r.tree = without(raw, tree, "variants")
	return r
}

// variant returns r with the named variant merged over it, or nil after
// reporting that there is no such variant.
func (b *builder) variant(r *resolved, name string) (map[string]any, *src) {
	v, ok := r.variants[name].(map[string]any)
	if !ok {
		msg := fmt.Sprintf("unknown variant %q: the scenario has no variants", name)
		if len(r.names) > 0 {
			msg = fmt.Sprintf("unknown variant %q%s (variants: %s)", name, suggest(name, r.names), strings.Join(r.names, ", "))
		}
		line, col := r.top.pos.find(path{"variants"})
		b.errs = append(b.errs, &FieldError{File: r.top.origin, Line: line, Col: col, Field: "variants", Msg: msg})
		return nil, nil
	}
	m := mergeMode{adds: &b.adds}
	merged, tree := m.merge(r.raw, v, r.tree, r.vtree.kid(name), fileType, nil)
	return merged.(map[string]any), tree
}

// checkAdditions reports the parties and shocks that a file extending a
// base, or the variant, added: raw is the merged scenario, with the
// parties of any GENIUS import, which count as the base's.
func (b *builder) checkAdditions(raw map[string]any) {
	var imported map[string]any
	if b.imp != nil {
		imported, _ = b.imp.raw["parties"].(map[string]any)
	}
	added := map[string]bool{}
	var report []addition
	for _, a := range b.adds {
		if _, ok := imported[a.id]; ok && a.kind == "parties" || added[a.kind+"."+a.id] {
			continue
		}
		added[a.kind+"."+a.id] = true
		report = append(report, a)
	}
	for _, a := range report {
		m, _ := raw[a.kind].(map[string]any)
		var known []string
		for _, k := range sortedKeys(m) {
			if !added[a.kind+"."+k] {
				known = append(known, k)
			}
		}
		list := "none"
		if len(known) > 0 {
			list = strings.Join(known, ", ")
		}
		what := map[string]string{"parties": "party", "shocks": "shock"}[a.kind]
		if a.over != "" {
			b.fail(path{a.kind, a.id}, "the base scenario %s has no %s %q%s (%s: %s); a scenario that extends another can change its %s but not add one: write a full scenario for that", a.over, what, a.id, suggest(a.id, known), a.kind, list, a.kind)
		} else {
			b.fail(path{a.kind, a.id}, "the scenario has no %s %q%s (%s: %s); a variant can change %s but not add one", what, a.id, suggest(a.id, known), a.kind, list, a.kind)
		}
	}
}

// openRef reads the scenario ref names, as Load does, for the file from
// that extends it: a name without a path separator that is a bundled
// scenario's is that scenario; anything else is a file, relative to the
// directory of from. A bundled scenario extends only bundled scenarios.
func openRef(ref, from string) (origin, format string, data []byte, err error) {
	if data, err := bundledFS.ReadFile("bundled/" + ref + ".yaml"); err == nil && !strings.ContainsAny(ref, `/\`) {
		return "bundled:" + ref, "yaml", data, nil
	}
	names := bundledNames()
	if strings.HasPrefix(from, "bundled:") {
		return "", "", nil, fmt.Errorf("no bundled scenario %q%s (bundled: %s); a bundled scenario extends only bundled scenarios, by name: %w", ref, suggest(ref, names), strings.Join(names, ", "), fs.ErrNotExist)
	}
	origin = ref
	if !filepath.IsAbs(ref) {
		origin = filepath.Join(filepath.Dir(from), ref)
	}
	format = strings.TrimPrefix(strings.ToLower(filepath.Ext(ref)), ".")
	switch format {
	case "yaml", "yml", "json", "toml":
	default:
		if format == "" && !strings.ContainsAny(ref, `/\`) {
			return "", "", nil, fmt.Errorf("no bundled scenario %q%s (bundled: %s), and a file needs the extension .yaml, .yml, .json or .toml", ref, suggest(ref, names), strings.Join(names, ", "))
		}
		return "", "", nil, fmt.Errorf("base %s: unknown file type %q (allowed: .yaml, .yml, .json, .toml)", origin, filepath.Ext(ref))
	}
	// A base is read only if it is a regular file of reasonable size, so
	// that a device or a pipe named by mistake cannot block or exhaust
	// memory.
	if data, err = inputfile.Read(origin, MaxFileSize); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", "", nil, fmt.Errorf("base %s: no such file: %w", origin, fs.ErrNotExist)
		}
		return "", "", nil, fmt.Errorf("base %s: %w", origin, err)
	}
	return origin, format, data, nil
}

// bundledNames lists the bundled scenarios' names.
func bundledNames() []string {
	names, _ := fs.Glob(bundledFS, "bundled/*.yaml")
	for i, n := range names {
		names[i] = strings.TrimSuffix(filepath.Base(n), ".yaml")
	}
	return names
}

// identity returns what tells two files of an extends chain apart: the
// bundled origin, or the absolute path with symbolic links resolved.
func identity(origin string) string {
	if strings.HasPrefix(origin, "bundled:") {
		return origin
	}
	if a, err := filepath.Abs(origin); err == nil {
		origin = a
	}
	if r, err := filepath.EvalSymlinks(origin); err == nil {
		origin = r
	}
	return origin
}
