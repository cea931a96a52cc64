package scenarios

import (
	"strconv"
	"strings"
	"unicode"

	"go.yaml.in/yaml/v3"
)

// positions finds the line and column of a field path in a YAML or JSON
// document (JSON is YAML, so one parser serves both).
type positions struct {
	root *yaml.Node
	// keys indexes the keys of large mappings, built when first searched,
	// so that locating every key of a mapping is not quadratic.
	keys map[*yaml.Node]map[string]int
}

// indexFrom is the number of keys from which a mapping is indexed.
const indexFrom = 16

// find returns the position of the deepest node on p: the key of a mapping
// entry, or the list element. It returns 0, 0 when nothing matches.
func (ps *positions) find(p path) (line, col int) {
	line, col, _ = ps.locate(p)
	return line, col
}

// locate is find that also returns how many segments of p matched.
func (ps *positions) locate(p path) (line, col, depth int) {
	if ps == nil {
		return 0, 0, 0
	}
	n := ps.root
	for i, seg := range p {
		next, keyNode := ps.child(n, seg)
		if next == nil {
			break
		}
		if keyNode != nil {
			line, col = keyNode.Line, keyNode.Column
		} else {
			line, col = next.Line, next.Column
		}
		depth = i + 1
		n = next
	}
	return line, col, depth
}

func (ps *positions) child(n *yaml.Node, seg string) (val, key *yaml.Node) {
	for n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	switch n.Kind {
	case yaml.MappingNode:
		if len(n.Content) >= 2*indexFrom {
			if ps.keys == nil {
				ps.keys = map[*yaml.Node]map[string]int{}
			}
			idx, ok := ps.keys[n]
			if !ok {
				idx = make(map[string]int, len(n.Content)/2)
				for i := len(n.Content) - 2; i >= 0; i -= 2 {
					idx[strings.ToLower(n.Content[i].Value)] = i
				}
				ps.keys[n] = idx
			}
			if i, ok := idx[strings.ToLower(seg)]; ok {
				return n.Content[i+1], n.Content[i]
			}
			return nil, nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			// viper lowercases keys, so the paths it reports are lowercase.
			if strings.EqualFold(n.Content[i].Value, seg) {
				return n.Content[i+1], n.Content[i]
			}
		}
	case yaml.SequenceNode:
		if strings.HasPrefix(seg, "[") && strings.HasSuffix(seg, "]") {
			i, err := strconv.Atoi(seg[1 : len(seg)-1])
			if err == nil && i >= 0 && i < len(n.Content) {
				return n.Content[i], nil
			}
		}
	}
	return nil, nil
}

// upperKeys returns the paths of mapping keys that contain upper-case
// letters: viper would lowercase them silently, so ids written that way
// would not match the references to them.
func (ps *positions) upperKeys() []path {
	if ps == nil {
		return nil
	}
	var out []path
	var walk func(n *yaml.Node, at path)
	walk = func(n *yaml.Node, at path) {
		switch n.Kind {
		case yaml.MappingNode:
			for i := 0; i+1 < len(n.Content); i += 2 {
				k := n.Content[i].Value
				if strings.IndexFunc(k, unicode.IsUpper) >= 0 {
					out = append(out, at.with(k))
				}
				walk(n.Content[i+1], at.with(strings.ToLower(k)))
			}
		case yaml.SequenceNode:
			for i, c := range n.Content {
				walk(c, at.with(index(i)))
			}
		}
	}
	walk(ps.root, nil)
	return out
}
