package scenarios

import (
	"maps"
	"reflect"
)

// mergeRaw returns over merged into base key by key, over winning, guided
// by the type t the maps decode into, as a scenario file is merged over
// the GENIUS files it imports: a parameter, a strategy and a protocol are
// replaced whole, so that what the file gives is not mixed with the
// import's value or evidence.
func mergeRaw(base, over any, t reflect.Type) any {
	v, _ := mergeMode{whole: true}.merge(base, over, nil, nil, t, nil)
	return v
}

// mergeMode says how one scenario's content is merged over another's.
type mergeMode struct {
	// whole: a strategy and a protocol in over replace base's whole (as
	// over a GENIUS import's defaults); otherwise only when over changes
	// their type, since the parameters of one type mean nothing to another.
	whole bool
	// adds, if not nil, collects the parties and shocks that over names
	// and base lacks, with over: the base's origin ("" for a variant).
	adds *[]addition
	over string
}

var (
	strategyType    = reflect.TypeOf(StrategyFile{})
	protocolType    = reflect.TypeOf(ProtocolFile{})
	geniusFileType  = reflect.TypeOf(GeniusFile{})
	replacedByWhole = map[reflect.Type]bool{paramType: true, geniusFileType: true}
)

// replaces reports whether over, a mapping of type t, replaces base whole.
func (m mergeMode) replaces(base, over map[string]any, t reflect.Type) bool {
	switch {
	case replacedByWhole[t]:
		return true
	case t == strategyType || t == protocolType:
		if m.whole {
			return true
		}
		bt, ok1 := base["type"]
		ot, ok2 := over["type"]
		return ok1 && ok2 && !reflect.DeepEqual(bt, ot)
	}
	return false
}

// merge returns over merged into base key by key, over winning, guided by
// the type t the maps decode into (nil: over wins): mappings merge key by
// key, and anything else in over, a list included, replaces base's (see
// replaces for the mappings that are replaced whole). bs and os, if not
// nil, say where base and over were written, and the src returned says it
// for the result. at is the path of base and over in the scenario.
func (m mergeMode) merge(base, over any, bs, os *src, t reflect.Type, at path) (any, *src) {
	bm, ok1 := base.(map[string]any)
	om, ok2 := over.(map[string]any)
	if !ok1 || !ok2 || t == nil || m.replaces(bm, om, t) {
		return over, os
	}
	out := maps.Clone(bm)
	var node *src
	if os != nil {
		node = &src{file: os.file, at: os.at, kids: make(map[string]*src, len(out)+len(om))}
		if bs != nil {
			maps.Copy(node.kids, bs.kids)
		}
	}
	for _, k := range sortedKeys(om) {
		ov := om[k]
		var et reflect.Type
		switch {
		case t == valueTableType:
			if k != "source" && k != "assumption" {
				et = paramType
			}
		case t.Kind() == reflect.Struct:
			et = fields(t)[k]
		case t.Kind() == reflect.Map:
			et = t.Elem()
		}
		bv, inBase := out[k]
		if m.adds != nil && !inBase {
			switch {
			case len(at) == 1 && (at[0] == "parties" || at[0] == "shocks"):
				*m.adds = append(*m.adds, addition{kind: at[0], id: k, over: m.over})
			case len(at) == 0 && (k == "parties" || k == "shocks"):
				ids, _ := ov.(map[string]any)
				for _, id := range sortedKeys(ids) {
					*m.adds = append(*m.adds, addition{kind: k, id: id, over: m.over})
				}
			}
		}
		var ks *src
		if inBase {
			out[k], ks = m.merge(bv, ov, bs.kid(k), os.kid(k), et, at.with(k))
		} else {
			out[k], ks = ov, os.kid(k)
		}
		if node != nil {
			node.kids[k] = ks
		}
	}
	return out, node
}
