package scenarios

import (
	"cmp"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-viper/mapstructure/v2"
	"github.com/negsim/negsim/internal/inputfile"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/viper"
)

//go:embed bundled/*.yaml
var bundledFS embed.FS

// DefaultName is the bundled scenario that runs when none is named.
const DefaultName = "ukraine-2025-03"

// Scenario is a loaded, validated scenario.
type Scenario struct {
	// Origin is the file's path, or "bundled:NAME".
	Origin string
	// Bases are the origins of the scenarios Origin extends, the nearest
	// first; nil if it extends none.
	Bases []string
	// Variant is the variant loaded, "" for the scenario itself.
	Variant string
	// VariantNames are the scenario's variants, its bases' included,
	// sorted.
	VariantNames []string
	// File is the scenario as resolved: its bases and the variant merged
	// in, after overrides. File.Variant records the variant.
	File *File
	// Sim is the model to simulate.
	Sim *sim.Scenario
	// Warnings are legal but likely mistakes (normalised weights, an issue
	// nobody cares about, ...).
	Warnings []string
	// Overrides are the key=value overrides applied, in order.
	Overrides []string
}

// Info describes a bundled scenario.
type Info struct {
	Name, Title, Description string
	// Variants are the scenario's variants, sorted.
	Variants []string
}

// Bundled lists the bundled scenarios, by name.
func Bundled() ([]Info, error) {
	paths, err := fs.Glob(bundledFS, "bundled/*.yaml")
	if err != nil {
		return nil, err
	}
	var out []Info
	for _, p := range paths {
		name := strings.TrimSuffix(filepath.Base(p), ".yaml")
		s, err := Load(name, nil)
		if err != nil {
			return nil, err
		}
		out = append(out, Info{Name: name, Title: s.File.Title, Description: s.File.Description, Variants: s.VariantNames})
	}
	return out, nil
}

// Load reads and validates the scenario named by ref, a bundled scenario's
// name or a file path ("" is DefaultName), with overrides of the form
// "key=value" applied after the file (see Parse).
func Load(ref string, overrides []string) (*Scenario, error) {
	return LoadVariant(ref, "", overrides)
}

// LoadVariant is Load for one of the scenario's variants ("" for the
// scenario itself): the variant is merged over the scenario, and the
// overrides are applied after it. An unknown variant is an error that
// lists the variants and suggests the nearest name.
func LoadVariant(ref, variant string, overrides []string) (*Scenario, error) {
	origin, format, data, err := open(ref)
	if err != nil {
		return nil, err
	}
	return ParseVariant(origin, format, data, variant, overrides)
}

// Variants lists the variants of the scenario named by ref (as for Load),
// its bases' included, sorted. It reads the files and resolves extends,
// reporting problems in them as Load does, but does not validate the
// scenario.
func Variants(ref string) ([]string, error) {
	origin, format, data, err := open(ref)
	if err != nil {
		return nil, err
	}
	b := &builder{origin: origin}
	r := b.resolveText(origin, format, data)
	if len(b.errs) > 0 {
		return nil, b.result()
	}
	return r.names, nil
}

// open reads the scenario named by ref, as Load takes it.
func open(ref string) (origin, format string, data []byte, err error) {
	if ref == "" {
		ref = DefaultName
	}
	if data, err := bundledFS.ReadFile("bundled/" + ref + ".yaml"); err == nil && !strings.ContainsAny(ref, `/\`) {
		return "bundled:" + ref, "yaml", data, nil
	}
	data, err = inputfile.Read(ref, MaxFileSize)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			names := bundledNames()
			return "", "", nil, fmt.Errorf("scenario %s: no such file or bundled scenario%s (bundled: %s): %w", ref, suggest(ref, names), strings.Join(names, ", "), fs.ErrNotExist)
		}
		return "", "", nil, fmt.Errorf("scenario %s: %w", ref, err)
	}
	format = strings.TrimPrefix(strings.ToLower(filepath.Ext(ref)), ".")
	switch format {
	case "yaml", "yml", "json", "toml":
	default:
		return "", "", nil, fmt.Errorf("scenario %s: unknown file type %q (allowed: .yaml, .yml, .json, .toml)", ref, filepath.Ext(ref))
	}
	return ref, format, data, nil
}

var (
	lineRE       = regexp.MustCompile(`line (\d+):?`)
	linePrefixRE = regexp.MustCompile(`(^|\s)line \d+:`)
)

// Parse reads a scenario from data in the given format ("yaml", "json" or
// "toml"), applies overrides ("key=value", in order; a key is a field path
// such as parties.russia.reservation or protocol.format, and the value is a
// number, a distribution such as "uniform(0.2, 0.6)", a word, or a
// comma-separated list), and validates the result. origin names the input
// in errors. The error, if any, is an Errors listing every problem found.
//
// A scenario with a genius: section ({domain: FILE, profiles: [FILE, ...]},
// paths relative to origin's directory) imports its issues and parties from
// those GENIUS files as LoadGenius does, and is merged over them key by key
// (a parameter, a strategy or the protocol given in the file replaces the
// imported one whole); it must not list issues itself.
//
// A scenario with extends: BASE (a bundled scenario's name, or a file
// relative to origin's directory) is merged over its base, as
// docs/scenario-format.md describes; problems are reported in the file,
// base or not, that caused them.
func Parse(origin, format string, data []byte, overrides []string) (*Scenario, error) {
	return ParseVariant(origin, format, data, "", overrides)
}

// ParseVariant is Parse for one of the scenario's variants ("" for the
// scenario itself), as LoadVariant.
func ParseVariant(origin, format string, data []byte, variant string, overrides []string) (*Scenario, error) {
	b := &builder{origin: origin}
	r := b.resolveText(origin, format, data)
	if r == nil {
		return nil, b.result()
	}
	raw, tree := r.raw, r.tree
	if variant != "" {
		if raw, tree = b.variant(r, variant); raw == nil {
			return nil, b.result()
		}
	}
	b.src = tree
	if _, ok := raw["genius"]; ok {
		if merged := b.importGenius(raw); merged != nil {
			raw = merged
		}
	}
	b.checkAdditions(raw)
	s, err := b.decode(raw, overrides)
	if err != nil {
		return nil, err
	}
	s.Variant, s.File.Variant, s.VariantNames = variant, variant, r.names
	for _, l := range b.layers[1:] {
		s.Bases = append(s.Bases, l.origin)
	}
	return s, nil
}

// decode applies overrides to raw, the scenario as nested maps (a file's
// content, possibly merged over imported GENIUS files), decodes it into a
// File and builds the model. Problems already collected in b are reported
// with those found here.
func (b *builder) decode(raw map[string]any, overrides []string) (*Scenario, error) {
	raw = replaceStrategies(raw, overrides)
	v := viper.New()
	if err := v.MergeConfigMap(raw); err != nil {
		b.fail(nil, "%v", err)
		return nil, b.result()
	}
	for _, o := range overrides {
		key, val, ok := strings.Cut(o, "=")
		key = strings.ToLower(strings.TrimSpace(key))
		if !ok || key == "" {
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: "--set " + o, Msg: "want key=value, e.g. parties.russia.reservation=0.6"})
			continue
		}
		if key == "genius" || strings.HasPrefix(key, "genius.") {
			// The files are read before overrides apply.
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: "--set " + o, Msg: "the GENIUS files cannot be overridden; name them in the scenario file"})
			continue
		}
		if root, _, _ := strings.Cut(key, "."); root == "extends" || root == "variants" {
			// The files are read, and the variant chosen, before overrides
			// apply.
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: "--set " + o, Msg: "the base and the variants cannot be overridden: name the base in the scenario file, and choose a variant by its name"})
			continue
		}
		if err := checkSetKey(key, raw); err != nil {
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: "--set " + o, Msg: err.Error()})
			continue
		}
		if strings.TrimSpace(val) == "" && !isParamPath(strings.TrimSuffix(key, ".value")) {
			// An empty list would silently mean the default (an order of
			// the parties, say), and an empty word the same.
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: "--set " + o, Msg: "empty value: only a numeric parameter can be cleared to its default this way; give a value (a list comma-separated, e.g. protocol.order=a,b)"})
			continue
		}
		// "X.value=N" over a distribution means "X is now N": replace the
		// whole parameter rather than leave value and dist both set.
		if base, ok := strings.CutSuffix(key, ".value"); ok && isParamPath(base) {
			key = base
		}
		v.Set(key, strings.TrimSpace(val))
		b.overridden = append(b.overridden, override{key: key, text: o})
	}
	if len(b.errs) > 0 {
		return nil, b.result()
	}
	var f File
	hook := viper.DecodeHook(mapstructure.ComposeDecodeHookFunc(decodeHook, mapstructure.StringToSliceHookFunc(",")))
	if err := v.UnmarshalExact(&f, hook); err != nil {
		b.decodeErrors(err)
		return nil, b.result()
	}
	if f.Name == "" {
		f.Name = nameFromFile(b.origin)
	}
	s := b.build(&f)
	if len(b.errs) > 0 {
		return nil, b.result()
	}
	return &Scenario{Origin: b.origin, File: &f, Sim: s, Warnings: b.warns, Overrides: slices.Clone(overrides)}, nil
}

// replaceStrategies returns raw with the strategy of every party whose
// strategy.type an override changes emptied, as a variant changing the
// type replaces the strategy whole: the parameters and the evidence of one
// type mean nothing to another. raw is not modified.
func replaceStrategies(raw map[string]any, overrides []string) map[string]any {
	for _, o := range overrides {
		key, val, _ := strings.Cut(o, "=")
		segs := strings.Split(strings.ToLower(strings.TrimSpace(key)), ".")
		if len(segs) != 4 || segs[0] != "parties" || segs[2] != "strategy" || segs[3] != "type" {
			continue
		}
		parties, _ := raw["parties"].(map[string]any)
		party, _ := parties[segs[1]].(map[string]any)
		st, _ := party["strategy"].(map[string]any)
		if st == nil || st["type"] == strings.TrimSpace(val) {
			continue
		}
		party = maps.Clone(party)
		party["strategy"] = map[string]any{}
		parties = maps.Clone(parties)
		parties[segs[1]] = party
		raw = maps.Clone(raw)
		raw["parties"] = parties
	}
	return raw
}

// override is one applied --set, by its (normalised) key.
type override struct{ key, text string }

// isParamPath reports whether key names a numeric parameter of File.
func isParamPath(key string) bool {
	t, ok := typeAt(key)
	return ok && t == paramType
}

// decodeErrors turns mapstructure's errors into FieldErrors.
func (b *builder) decodeErrors(err error) {
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, c := range j.Unwrap() {
				walk(c)
			}
			return
		}
		var de *mapstructure.DecodeError
		if !errors.As(e, &de) {
			b.fail(nil, "%v", e)
			return
		}
		msg := de.Unwrap().Error()
		var ut *mapstructure.UnconvertibleTypeError
		if errors.As(de.Unwrap(), &ut) {
			msg = fmt.Sprintf("must be %s, got %s", kindName(ut.Expected.Type()), describe(ut.Value))
		}
		var pe *mapstructure.ParseError
		if errors.As(de.Unwrap(), &pe) {
			msg = fmt.Sprintf("must be %s, got %s", kindName(pe.Expected.Type()), describe(pe.Value))
		}
		b.fail(decodePath(de.Name()), "%s", msg)
	}
	walk(err)
}

func kindName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Float64, reflect.Float32:
		return "a number"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list"
	case reflect.Map, reflect.Struct:
		return "a mapping"
	}
	return t.String()
}

// decodePath turns mapstructure's "parties[russia].weights[x]" into a path.
func decodePath(name string) path {
	var p path
	for _, part := range strings.Split(name, ".") {
		for part != "" {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				p = append(p, part)
				break
			}
			if i > 0 {
				p = append(p, part[:i])
			}
			j := strings.IndexByte(part[i:], ']')
			if j < 0 {
				p = append(p, part[i:])
				break
			}
			inner := part[i+1 : i+j]
			if _, err := strconv.Atoi(inner); err == nil {
				p = append(p, "["+inner+"]")
			} else {
				p = append(p, inner)
			}
			part = part[i+j+1:]
		}
	}
	return p
}

// builder collects problems while a file is validated and built.
type builder struct {
	overridden []override
	origin     string
	order      []string   // the parties' order, when FromResolved knows it
	layers     []*layer   // the files read: the scenario's, then its bases'
	src        *src       // where each part of the scenario was written
	adds       []addition // parties and shocks added over a base or by a variant
	imp        *geniusImport
	errs       Errors
	warns      []string
	entries    int // in the files read so far (MaxEntries)
}

// where returns the file, line and column a field path comes from, and
// the variant that wrote it ("" if none): the scenario file's or one of its
// bases', whichever wrote that part of the scenario, or an imported GENIUS
// file's where that says more (a deeper match) about the path.
func (b *builder) where(p path) (file string, line, col int, variant string) {
	file = b.origin
	depth := 0
	if b.src != nil {
		file, line, col, depth, variant = b.src.locate(p)
	}
	if b.imp != nil {
		if f, l, d := b.imp.locate(p); d > depth {
			return f, l, 0, ""
		}
	}
	return file, line, col, variant
}

func (b *builder) fail(p path, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	// A problem in an overridden field comes from the command line, not
	// from the file's line.
	ps := p.String()
	for i := len(b.overridden) - 1; i >= 0; i-- {
		o := b.overridden[i]
		if ps == o.key || strings.HasPrefix(ps, o.key+".") {
			b.errs = append(b.errs, &FieldError{File: b.origin, Field: ps, Msg: msg + " (from --set " + o.text + ")"})
			return
		}
	}
	file, line, col, variant := b.where(p)
	if variant != "" {
		msg += " (in variant " + variant + ")"
	}
	b.errs = append(b.errs, &FieldError{File: file, Line: line, Col: col, Field: ps, Msg: msg})
}

func (b *builder) warn(p path, format string, a ...any) {
	where, line, _, variant := b.where(p)
	if line > 0 {
		where += ":" + strconv.Itoa(line)
	}
	msg := fmt.Sprintf(format, a...)
	if variant != "" {
		msg += " (in variant " + variant + ")"
	}
	b.warns = append(b.warns, fmt.Sprintf("%s: %s: %s", where, p, msg))
}

// result returns the collected problems in file order, capped at MaxErrors:
// the scenario's own file first, then its bases, the nearest first, then
// the imported GENIUS files in the order they were named.
func (b *builder) result() error {
	es := slices.Clone(b.errs)
	rank := map[string]int{b.origin: 0}
	for _, l := range b.layers {
		if _, ok := rank[l.origin]; !ok {
			rank[l.origin] = len(rank)
		}
	}
	if b.imp != nil {
		for _, f := range b.imp.files {
			if _, ok := rank[f]; !ok {
				rank[f] = len(rank)
			}
		}
	}
	for _, e := range es {
		if _, ok := rank[e.File]; !ok {
			rank[e.File] = len(rank)
		}
	}
	// Errors without a position (TOML, overrides) go last.
	line := func(e *FieldError) int {
		if e.Line == 0 {
			return math.MaxInt
		}
		return e.Line
	}
	slices.SortStableFunc(es, func(x, y *FieldError) int {
		return cmp.Or(cmp.Compare(rank[x.File], rank[y.File]), cmp.Compare(line(x), line(y)), cmp.Compare(x.Col, y.Col))
	})
	if len(es) > MaxErrors {
		es = es[:MaxErrors]
	}
	return es
}

// nameFromFile derives a valid scenario id from a file name: lowercase,
// with runs of other characters turned into "-".
func nameFromFile(origin string) string {
	base := filepath.Base(strings.TrimPrefix(origin, "bundled:"))
	base = strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base)))
	var b strings.Builder
	dash := false
	for _, r := range base {
		if r < 128 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	name := strings.TrimRight(b.String(), "-")
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "scenario-" + name
	}
	return strings.TrimRight(name, "-")
}
