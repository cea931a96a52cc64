package scenarios

import (
	"fmt"
	"strconv"
	"strings"
)

// gIssue is an issue of a GENIUS domain.
type gIssue struct {
	index int
	name  string
	kind  string   // "discrete" or "integer"
	items []string // item names; an integer issue's values in order
	lines []int    // the items' lines (the issue's, for integer values)
	lo    int      // an integer issue's first value
	line  int
}

func issueField(name string) string { return fmt.Sprintf("issue %q", name) }

func itemField(issue, item string) string { return fmt.Sprintf("issue %q, item %q", issue, item) }

// objective finds a GENIUS file's utility_space (the root element, or a
// child of it as in domain files' negotiation_template) and its objective.
func (g *geniusImport) objective(file string, root *xnode) (us, obj *xnode) {
	us = root
	if root.name != "utility_space" {
		if us = root.kid("utility_space"); us == nil {
			g.fail(file, root.line, "", "no <utility_space> element: not a GENIUS domain or profile (found <%s>)", root.name)
			return nil, nil
		}
	}
	if obj = us.kid("objective"); obj == nil {
		g.fail(file, us.line, "utility_space", "no <objective> element")
		return nil, nil
	}
	for _, n := range obj.kids {
		if n.name == "objective" {
			g.fail(file, n.line, fmt.Sprintf("objective %q", n.attr["name"]), "nested objectives are not supported: negsim needs the issues directly under the root objective")
			return nil, nil
		}
	}
	return us, obj
}

// issueKind returns an issue's type: etype, or else type or vtype, as
// GENIUS files give it in one or the other.
func issueKind(n *xnode) string {
	for _, a := range []string{"etype", "type", "vtype"} {
		if t := strings.ToLower(strings.TrimSpace(n.attr[a])); t != "" {
			return t
		}
	}
	return "discrete"
}

// issueIndex returns an issue's or weight's index attribute, or def when
// it has none.
func issueIndex(n *xnode, def int) (int, error) {
	s, ok := n.attr["index"]
	if !ok {
		return def, nil
	}
	i, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0, fmt.Errorf("index %q is not a whole number", s)
	}
	return i, nil
}

// domain reads the issues of a domain file.
func (g *geniusImport) domain(file string, root *xnode) []gIssue {
	_, obj := g.objective(file, root)
	if obj == nil {
		return nil
	}
	var out []gIssue
	seen := map[int]string{}
	for _, n := range obj.all("issue") {
		name := n.attr["name"]
		field := issueField(name)
		idx, err := issueIndex(n, len(out)+1)
		if err != nil {
			g.fail(file, n.line, field, "%v", err)
			continue
		}
		if name == "" {
			g.fail(file, n.line, fmt.Sprintf("issue index %d", idx), "the issue has no name")
			continue
		}
		if prev, dup := seen[idx]; dup {
			g.fail(file, n.line, field, "index %d is also issue %q's: profiles refer to issues by index", idx, prev)
			continue
		}
		seen[idx] = name
		is := gIssue{index: idx, name: name, kind: issueKind(n), line: n.line}
		switch is.kind {
		case "discrete":
			items := map[string]bool{}
			for _, it := range n.all("item") {
				v, ok := it.attr["value"]
				if !ok || v == "" {
					g.fail(file, it.line, field, "an item has no value (its name)")
					continue
				}
				if items[v] {
					g.fail(file, it.line, itemField(name, v), "the item is listed twice")
					continue
				}
				items[v] = true
				is.items = append(is.items, v)
				is.lines = append(is.lines, it.line)
			}
		case "integer":
			lo, hi, err := intBounds(n)
			if err != nil {
				g.fail(file, n.line, field, "%v", err)
				continue
			}
			if hi-lo+1 > MaxOptions {
				g.fail(file, n.line, field, "an integer issue from %d to %d has %d values; negsim takes its values as options, at most %d", lo, hi, hi-lo+1, MaxOptions)
				continue
			}
			is.lo = lo
			for x := lo; x <= hi; x++ {
				is.items = append(is.items, strconv.Itoa(x))
				is.lines = append(is.lines, n.line)
			}
		case "real":
			g.fail(file, n.line, field, "a real-valued issue: negsim's issues have discrete options; discretise it in GENIUS (as a discrete or integer issue) first")
			continue
		case "objective":
			g.fail(file, n.line, field, "nested objectives are not supported: negsim needs the issues directly under the root objective")
			continue
		default:
			g.fail(file, n.line, field, "unknown issue type %q (allowed: discrete, integer)", is.kind)
			continue
		}
		out = append(out, is)
	}
	return out
}

// intBounds reads an integer issue's lowerbound and upperbound, attributes
// of the issue or of a <range> element in it.
func intBounds(n *xnode) (lo, hi int, err error) {
	src := n
	if _, ok := n.attr["lowerbound"]; !ok {
		if r := n.kid("range"); r != nil {
			src = r
		}
	}
	get := func(a string) (int, error) {
		s, ok := src.attr[a]
		if !ok {
			return 0, fmt.Errorf("an integer issue needs %s", a)
		}
		x, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return 0, fmt.Errorf("%s %q is not a whole number", a, s)
		}
		return x, nil
	}
	if lo, err = get("lowerbound"); err != nil {
		return 0, 0, err
	}
	if hi, err = get("upperbound"); err != nil {
		return 0, 0, err
	}
	if hi < lo {
		return 0, 0, fmt.Errorf("upperbound %d is below lowerbound %d", hi, lo)
	}
	return lo, hi, nil
}
