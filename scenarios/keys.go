package scenarios

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// path is a field path: map keys and struct fields as names, list elements
// as "[i]".
type path []string

func (p path) String() string {
	var b strings.Builder
	for i, s := range p {
		if i > 0 && !strings.HasPrefix(s, "[") {
			b.WriteByte('.')
		}
		b.WriteString(s)
	}
	return b.String()
}

func (p path) with(s ...string) path { return append(slices.Clip(p), s...) }

func index(i int) string { return fmt.Sprintf("[%d]", i) }

var distKeys = []string{"type", "min", "max", "mean", "sd", "alpha", "beta", "mode"}
var paramKeys = []string{"value", "dist", "source", "assumption"}

// fields returns the mapstructure keys of struct type t and their types,
// with squashed embedded structs flattened.
func fields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("mapstructure")
		if strings.Contains(tag, "squash") {
			for k, v := range fields(f.Type) {
				out[k] = v
			}
			continue
		}
		if name, _, _ := strings.Cut(tag, ","); name != "" && name != "-" {
			out[name] = f.Type
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

// checkKeys reports every key in raw that type t has no place for.
func checkKeys(raw any, t reflect.Type, at path, report func(path, string)) {
	switch {
	case t == paramType:
		m, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for _, k := range sortedKeys(m) {
			if !slices.Contains(paramKeys, k) {
				report(at.with(k), fmt.Sprintf("unknown key %q%s (a parameter takes %s)", k, suggest(k, paramKeys), strings.Join(paramKeys, ", ")))
			}
		}
		if dm, ok := m["dist"].(map[string]any); ok {
			for _, k := range sortedKeys(dm) {
				if !slices.Contains(distKeys, k) {
					report(at.with("dist", k), fmt.Sprintf("unknown key %q%s (a distribution takes %s)", k, suggest(k, distKeys), strings.Join(distKeys, ", ")))
				}
			}
		}
	case t == valueTableType:
		m, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for _, k := range sortedKeys(m) {
			if k != "source" && k != "assumption" {
				checkKeys(m[k], paramType, at.with(k), report)
			}
		}
	case t.Kind() == reflect.Struct:
		m, ok := raw.(map[string]any)
		if !ok {
			return
		}
		fs := fields(t)
		for _, k := range sortedKeys(m) {
			ft, ok := fs[k]
			if !ok {
				report(at.with(k), fmt.Sprintf("unknown key %q%s (allowed: %s)", k, suggest(k, sortedKeys(fs)), strings.Join(sortedKeys(fs), ", ")))
				continue
			}
			checkKeys(m[k], ft, at.with(k), report)
		}
	case t.Kind() == reflect.Map:
		m, ok := raw.(map[string]any)
		if !ok {
			return
		}
		for _, k := range sortedKeys(m) {
			checkKeys(m[k], t.Elem(), at.with(k), report)
		}
	case t.Kind() == reflect.Slice:
		l, ok := raw.([]any)
		if !ok {
			return
		}
		for i, e := range l {
			checkKeys(e, t.Elem(), at.with(index(i)), report)
		}
	}
}

// checkSetKey checks that an override key names a field of the scenario:
// known struct fields, existing parties and shocks (which an override cannot
// create), and the parts of a parameter.
func checkSetKey(key string, raw map[string]any) error {
	segs := strings.Split(key, ".")
	t := reflect.TypeOf(File{})
	var cur any = raw
	for i, s := range segs {
		at := strings.Join(segs[:i+1], ".")
		if s == "" {
			return fmt.Errorf("%q: empty key segment", key)
		}
		m, _ := cur.(map[string]any)
		switch {
		case t == paramType:
			if !slices.Contains(paramKeys, s) {
				return fmt.Errorf("unknown key %q%s (a parameter takes %s)", at, suggest(s, paramKeys), strings.Join(paramKeys, ", "))
			}
			if s == "dist" && i+1 < len(segs) {
				if i+2 != len(segs) || !slices.Contains(distKeys, segs[i+1]) {
					return fmt.Errorf("unknown key %q%s (a distribution takes %s)", key, suggest(segs[i+1], distKeys), strings.Join(distKeys, ", "))
				}
				return nil
			}
			if i+1 < len(segs) {
				return fmt.Errorf("unknown key %q: %s takes no sub-keys", key, at)
			}
			return nil
		case t == valueTableType:
			t = paramType
			if s == "source" || s == "assumption" {
				t = reflect.TypeOf("")
			}
		case t.Kind() == reflect.Struct:
			fs := fields(t)
			ft, ok := fs[s]
			if !ok {
				return fmt.Errorf("unknown key %q%s (allowed: %s)", at, suggest(s, sortedKeys(fs)), strings.Join(sortedKeys(fs), ", "))
			}
			t = ft
		case t.Kind() == reflect.Map:
			if what := entityAt(segs[:i]); what != "" {
				if _, ok := m[s]; !ok {
					return fmt.Errorf("unknown %s %q%s (an override cannot add one; known: %s)", what, s, suggest(s, sortedKeys(m)), strings.Join(sortedKeys(m), ", "))
				}
			}
			t = t.Elem()
		case t.Kind() == reflect.Slice:
			return fmt.Errorf("%q: %s is a list; give the whole list as comma-separated values (%s=a,b,c)", key, strings.Join(segs[:i], "."), strings.Join(segs[:i], "."))
		default:
			return fmt.Errorf("unknown key %q: %s takes no sub-keys", key, strings.Join(segs[:i], "."))
		}
		if m != nil {
			cur = m[s]
		} else {
			cur = nil
		}
	}
	return nil
}

// typeAt returns the Go type of the field a dotted key names, following map
// keys of any name; ok is false when the key names no field.
func typeAt(key string) (reflect.Type, bool) {
	t := reflect.TypeOf(File{})
	for _, s := range strings.Split(key, ".") {
		switch {
		case t == paramType:
			return nil, false
		case t == valueTableType:
			t = paramType
		case t.Kind() == reflect.Struct:
			ft, ok := fields(t)[s]
			if !ok {
				return nil, false
			}
			t = ft
		case t.Kind() == reflect.Map:
			t = t.Elem()
		default:
			return nil, false
		}
	}
	return t, true
}
