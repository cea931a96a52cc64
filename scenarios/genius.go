package scenarios

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/negsim/negsim/internal/inputfile"
)

// GENIUS XML import: a domain file (its issues and their items) and one
// profile per party (an evaluation for every item, a weight per issue, an
// optional reservation value and discount factor) become the raw nested map
// a scenario file would give, which then goes through the same decoding,
// overrides and validation as a file. docs/genius.md describes the mapping.

const (
	// Defaults for what GENIUS files do not say; each is recorded as an
	// assumption in the imported scenario.
	geniusDeadline   = 100
	geniusStrategy   = "boulware"
	geniusProtocol   = "alternating"
	geniusDeadlineAs = "GENIUS files set no deadline: 100 rounds, a common round limit in GENIUS/ANAC sessions"
	geniusStrategyAs = "GENIUS profiles carry no strategy: Boulware (β = 0.2), GENIUS's TimeDependentAgent Boulware (e = 0.2)"
	geniusProtocolAs = "GENIUS files set no protocol: stacked alternating offers, as in ANAC (Aydoğan et al. 2017)"
	geniusTableAs    = "at the table: every party in a GENIUS negotiation negotiates"

	// geniusZeroEval is GENIUS's threshold in EvaluatorDiscrete.normalize:
	// when an issue's largest evaluation is below it, every item of the
	// issue evaluates to 0.
	geniusZeroEval = 0.00001
	// geniusIntTol is how far a linear integer evaluation may stray outside
	// [0,1] by round-off before it is an error.
	geniusIntTol = 1e-9
	// maxGeniusFile caps the size of a GENIUS file read.
	maxGeniusFile = 16 << 20
)

// geniusImport is GENIUS files turned into a scenario's raw map, with the
// position in the files of every part of it.
type geniusImport struct {
	raw   map[string]any
	files []string          // the domain, then the profiles
	order []string          // party ids, in profile order
	at    map[string]xmlPos // field path → where it was read
	errs  Errors
	warns []string
}

type xmlPos struct {
	file string
	line int
}

func (g *geniusImport) mark(p path, file string, line int) {
	g.at[p.String()] = xmlPos{file, line}
}

// locate returns the file and line of the longest prefix of p read from a
// GENIUS file, and that prefix's length (0 if none).
func (g *geniusImport) locate(p path) (file string, line, depth int) {
	for i := len(p); i > 0; i-- {
		if at, ok := g.at[p[:i].String()]; ok {
			return at.file, at.line, i
		}
	}
	return "", 0, 0
}

func (g *geniusImport) fail(file string, line int, field, format string, a ...any) {
	g.errs = append(g.errs, &FieldError{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, a...)})
}

func (g *geniusImport) warn(file string, line int, field, format string, a ...any) {
	where := file
	if line > 0 {
		where += ":" + strconv.Itoa(line)
	}
	g.warns = append(g.warns, fmt.Sprintf("%s: %s: %s", where, field, fmt.Sprintf(format, a...)))
}

// LoadGenius reads a GENIUS domain file and two or more profile files and
// builds the scenario they describe, applying overrides ("key=value", as
// for Parse) as to a scenario file: the files become the issues and the
// parties, and everything else GENIUS does not say takes a default (every
// party at the table with strategy boulware, protocol alternating, a
// deadline of 100 rounds, the name from the domain file's). Party ids come
// from the profiles' file names, issue and option ids from the GENIUS
// names (lowercase, other characters turned into "_", made unique), with
// the names kept as labels. A file may be both domain and profile.
//
// Problems in the files are reported as for a scenario file, as an Errors
// whose FieldErrors name the GENIUS file, the line and the issue or item;
// a file that cannot be read is a plain error wrapping the os error.
// docs/genius.md gives the mapping and GENIUS's semantics.
func LoadGenius(domain string, profiles []string, overrides []string) (*Scenario, error) {
	return loadGenius(domain, profiles, overrides, readLimited)
}

// readLimited reads a regular file of at most maxGeniusFile bytes, so
// that a pipe, a device or a huge file named by mistake cannot block or
// exhaust memory.
func readLimited(name string) ([]byte, error) {
	data, err := inputfile.Read(name, maxGeniusFile)
	if errors.Is(err, inputfile.ErrNotRegular) || errors.Is(err, inputfile.ErrTooLarge) {
		// os errors name the file; these do not.
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return data, err
}

func loadGenius(domain string, profiles []string, overrides []string, read func(string) ([]byte, error)) (*Scenario, error) {
	b := &builder{origin: domain}
	if len(profiles) < 2 {
		return nil, Errors{{File: domain, Field: "profiles", Msg: fmt.Sprintf("a GENIUS import needs at least two profiles, got %d", len(profiles))}}
	}
	g, _, err := readGenius(domain, profiles, read)
	if err != nil {
		return nil, fmt.Errorf("genius: %w", err)
	}
	b.imp, b.errs, b.warns = g, g.errs, g.warns
	if len(b.errs) > 0 {
		return nil, b.result()
	}
	ps := make([]any, len(profiles))
	for i, p := range profiles {
		ps[i] = p
	}
	g.raw["genius"] = map[string]any{"domain": domain, "profiles": ps}
	return b.decode(g.raw, overrides)
}

// importGenius reads the GENIUS files a scenario file names in genius:
// (relative to the file) and returns the file's raw map merged over
// theirs, or nil after reporting why it cannot.
func (b *builder) importGenius(raw map[string]any) map[string]any {
	gm, ok := raw["genius"].(map[string]any)
	if !ok {
		b.fail(path{"genius"}, "must be a mapping {domain: FILE, profiles: [FILE, FILE, ...]}, got %s", describe(raw["genius"]))
		return nil
	}
	ok = true
	if _, has := raw["issues"]; has {
		b.fail(path{"issues"}, "a scenario that imports GENIUS files takes its issues from the domain file: remove issues, or genius")
		ok = false
	}
	domain, _ := gm["domain"].(string)
	if strings.TrimSpace(domain) == "" {
		b.fail(path{"genius", "domain"}, "is required: the GENIUS domain file, relative to this file")
		ok = false
	}
	var profiles []string
	list, isList := gm["profiles"].([]any)
	for i, p := range list {
		s, isStr := p.(string)
		if !isStr || strings.TrimSpace(s) == "" {
			b.fail(path{"genius", "profiles", index(i)}, "must be a file name, got %s", describe(p))
			ok = false
		}
		profiles = append(profiles, s)
	}
	if !isList || len(list) < 2 {
		b.fail(path{"genius", "profiles"}, "must list at least two GENIUS profile files, relative to this file")
		ok = false
	}
	if !ok {
		return nil
	}
	// Relative to the file that names them, a base's perhaps.
	from := b.origin
	if n := b.src.kid("genius"); n != nil {
		from = n.file.origin
	}
	dir := filepath.Dir(strings.TrimPrefix(from, "bundled:"))
	resolve := func(p string) string {
		if filepath.IsAbs(p) {
			return p
		}
		return filepath.Join(dir, p)
	}
	for i := range profiles {
		profiles[i] = resolve(profiles[i])
	}
	g, bad, err := readGenius(resolve(domain), profiles, readLimited)
	if err != nil {
		at := path{"genius", "domain"}
		if bad >= 0 {
			at = path{"genius", "profiles", index(bad)}
		}
		b.fail(at, "cannot read it: %v", err)
		return nil
	}
	b.imp = g
	b.errs = append(b.errs, g.errs...)
	b.warns = append(b.warns, g.warns...)
	if len(g.errs) > 0 {
		return nil
	}
	merged, _ := mergeRaw(g.raw, raw, reflect.TypeOf(File{})).(map[string]any)
	return merged
}

// readGenius reads and converts the files. err is set, with bad the index
// of the profile (-1 for the domain), only when a file cannot be read;
// problems in the files' content are in g.errs.
func readGenius(domain string, profiles []string, read func(string) ([]byte, error)) (g *geniusImport, bad int, err error) {
	g = &geniusImport{at: map[string]xmlPos{}, files: append([]string{domain}, profiles...)}
	load := func(file string) (*xnode, error) {
		data, err := read(file)
		if err != nil {
			return nil, err
		}
		if len(data) > maxGeniusFile {
			g.fail(file, 0, "", "file of more than %d bytes; at most %d allowed", maxGeniusFile, maxGeniusFile)
			return nil, nil
		}
		root, fe := parseXML(file, data)
		if fe != nil {
			g.errs = append(g.errs, fe)
		}
		return root, nil
	}
	droot, err := load(domain)
	if err != nil {
		return nil, -1, err
	}
	roots := make([]*xnode, len(profiles))
	for i, p := range profiles {
		if roots[i], err = load(p); err != nil {
			return nil, i, err
		}
	}
	if droot == nil {
		return g, 0, nil
	}
	// Problems so far are malformed profiles: the others are still read.
	nerr := len(g.errs)
	issues := g.domain(domain, droot)
	if len(g.errs) > nerr {
		return g, 0, nil
	}

	// Issues.
	rawIssues, issueIDs, optionIDs := g.rawIssues(domain, droot, issues)

	// Parties.
	parties := map[string]any{}
	usedParty := map[string]bool{}
	var names []string
	for i, p := range profiles {
		base := filepath.Base(p)
		stem := strings.TrimSuffix(base, filepath.Ext(base))
		id := uniqueID(geniusID(stem, "party_"), usedParty)
		g.order = append(g.order, id)
		names = append(names, base)
		if roots[i] == nil {
			continue
		}
		if pr := g.profile(p, roots[i], id, issues, issueIDs, optionIDs); pr != nil {
			pr["label"] = stem
			parties[id] = pr
		}
	}
	if len(g.errs) > 0 {
		return g, 0, nil
	}
	dbase := filepath.Base(domain)
	g.raw = map[string]any{
		"title":       strings.TrimSuffix(dbase, filepath.Ext(dbase)),
		"description": fmt.Sprintf("Imported from the GENIUS domain %s with the profiles %s.", dbase, strings.Join(names, ", ")),
		"source":      "GENIUS domain " + dbase,
		"deadline":    map[string]any{"value": float64(geniusDeadline), "assumption": geniusDeadlineAs},
		"protocol":    map[string]any{"type": geniusProtocol, "assumption": geniusProtocolAs},
		"issues":      rawIssues,
		"parties":     parties,
	}
	return g, 0, nil
}

// rawIssues turns the domain's issues into the raw map's, with ids made
// from their names and items (kept as labels), and returns them with the
// issue ids and each issue's option ids.
func (g *geniusImport) rawIssues(domain string, droot *xnode, issues []gIssue) (rawIssues []any, issueIDs []string, optionIDs [][]string) {
	dbase := filepath.Base(domain)
	rawIssues = make([]any, len(issues))
	issueIDs = make([]string, len(issues))
	optionIDs = make([][]string, len(issues))
	used := map[string]bool{}
	for k, is := range issues {
		issueIDs[k] = uniqueID(geniusID(is.name, "issue_"), used)
		at := path{"issues", index(k)}
		g.mark(at, domain, is.line)
		// "source" and "assumption" are evidence keys in a value table.
		usedOpt := map[string]bool{"source": true, "assumption": true}
		opts := make([]any, len(is.items))
		for o, it := range is.items {
			id := uniqueID(geniusID(it, "option_"), usedOpt)
			optionIDs[k] = append(optionIDs[k], id)
			opts[o] = map[string]any{"id": id, "label": it}
			g.mark(at.with("options", index(o)), domain, is.lines[o])
		}
		what := "issue"
		if is.kind == "integer" {
			what = fmt.Sprintf("integer issue %d..%d", is.lo, is.lo+len(is.items)-1)
		}
		rawIssues[k] = map[string]any{
			"id":      issueIDs[k],
			"label":   is.name,
			"options": opts,
			"source":  fmt.Sprintf("%s:%d: %s %q", dbase, is.line, what, is.name),
		}
	}
	g.mark(path{"issues"}, domain, droot.line)
	return rawIssues, issueIDs, optionIDs
}

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

// geniusNumber parses a number as Java's Double.valueOf does for the
// forms GENIUS files use; it must be finite.
func geniusNumber(s string) (float64, error) {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return 0, fmt.Errorf("%q is not a finite number", s)
	}
	return x, nil
}

// profile reads a profile file into a party's raw map, or returns nil after
// reporting its problems. Its steps: the utility space, which must be
// linear additive; the profile's issues; their weights; their evaluations;
// the weights normalised; the reservation value and discount factor.
func (g *geniusImport) profile(file string, root *xnode, id string, issues []gIssue, issueIDs []string, optionIDs [][]string) map[string]any {
	nerr := len(g.errs)
	us, obj := g.objective(file, root)
	if obj == nil {
		return nil
	}
	p := &gProfile{file: file, base: filepath.Base(file), at: path{"parties", id}, us: us, obj: obj}
	g.mark(p.at, file, us.line)
	if !g.linearSpace(p) {
		return nil
	}
	g.profileIssues(p, issues)
	total := g.profileWeights(p, issues)
	// (No issues at all is the shared validation's to report.)
	if len(g.errs) == nerr && total == 0 && len(issues) > 0 {
		g.fail(file, obj.line, "weight", "every weight is 0; give at least one issue a weight > 0")
	}
	rawV := g.evaluations(p, issues, issueIDs, optionIDs)
	if len(g.errs) > nerr {
		return nil
	}
	rawW := g.normalisedWeights(p, issues, issueIDs, total)

	party := map[string]any{
		"source":     "GENIUS profile " + p.base,
		"assumption": geniusTableAs,
		"weights":    rawW,
		"values":     rawV,
		"strategy":   map[string]any{"type": geniusStrategy, "assumption": geniusStrategyAs},
	}
	party["reservation"] = g.reservation(file, us, obj, p.at)
	party["discount"] = g.discount(file, us, obj, p.at)
	if len(g.errs) > nerr {
		return nil
	}
	return party
}

// gProfile is a GENIUS profile file being read into a party's raw map:
// what profile's steps find in it.
type gProfile struct {
	file, base string
	at         path              // the party's
	us, obj    *xnode            // its utility_space and objective
	byIndex    map[int]*xnode    // its issues by index
	byName     map[string]*xnode // its issues without an index, by name
	known      map[int]bool      // the domain's issue indexes
	weights    map[int]float64   // by issue index
	wtext      map[int]string    // the weights as written
	wline      map[int]int       // the weights' lines; also marks a weight given, valid or not
}

// linearSpace reports whether the profile's utility space is one negsim
// imports, linear additive, reporting why not; it warns that an UNCERTAIN
// one is taken as known.
func (g *geniusImport) linearSpace(p *gProfile) bool {
	switch t := strings.ToUpper(strings.TrimSpace(p.us.attr["type"])); t {
	case "NONLINEAR", "CONSTRAINT":
		g.fail(p.file, p.us.line, "utility_space", "a %s utility space is not linear additive; negsim imports linear additive profiles only", strings.ToLower(t))
		return false
	case "UNCERTAIN":
		g.warn(p.file, p.us.line, "utility_space", "an UNCERTAIN profile: its utilities are used as known; the preference elicitation settings are ignored")
	}
	return true
}

// profileIssues indexes the profile's issues, by index (by name when they
// have none), and reports indexes the domain does not have.
func (g *geniusImport) profileIssues(p *gProfile, issues []gIssue) {
	p.byIndex = map[int]*xnode{}
	p.byName = map[string]*xnode{}
	for i, n := range p.obj.all("issue") {
		if _, ok := n.attr["index"]; !ok {
			p.byName[n.attr["name"]] = n
			continue
		}
		idx, err := issueIndex(n, i+1)
		if err != nil {
			g.fail(p.file, n.line, issueField(n.attr["name"]), "%v", err)
			continue
		}
		p.byIndex[idx] = n
	}
	p.known = map[int]bool{}
	for _, is := range issues {
		p.known[is.index] = true
	}
	for idx, n := range p.byIndex {
		if !p.known[idx] {
			g.fail(p.file, n.line, issueField(n.attr["name"]), "index %d is not an issue of the domain", idx)
		}
	}
}

// profileWeights reads the profile's issue weights, reports the issues
// without one, and returns their sum.
func (g *geniusImport) profileWeights(p *gProfile, issues []gIssue) (total float64) {
	file := p.file
	p.weights = map[int]float64{}
	p.wtext = map[int]string{}
	p.wline = map[int]int{}
	for _, n := range p.obj.all("weight") {
		idx, err := issueIndex(n, -1)
		if err != nil || idx < 0 {
			g.fail(file, n.line, "weight", "a weight needs the index of its issue")
			continue
		}
		field := fmt.Sprintf("weight index %d", idx)
		if !p.known[idx] {
			g.warn(file, n.line, field, "ignored: the domain has no issue with index %d", idx)
			continue
		}
		if _, dup := p.wline[idx]; dup {
			g.warn(file, n.line, field, "given twice; the last counts, as in GENIUS")
		}
		p.wline[idx] = n.line
		w, err := geniusNumber(n.attr["value"])
		if err != nil {
			g.fail(file, n.line, field, "value: %v", err)
			continue
		}
		if w < 0 {
			g.fail(file, n.line, field, "must be ≥ 0, got %g", w)
			continue
		}
		p.weights[idx], p.wtext[idx] = w, strings.TrimSpace(n.attr["value"])
	}
	for _, is := range issues {
		total += p.weights[is.index]
		if _, ok := p.wline[is.index]; !ok {
			g.fail(file, p.obj.line, issueField(is.name), "no weight for the issue (index %d)", is.index)
		}
	}
	return total
}

// evaluations reads the profile's evaluation of every issue of the domain
// into the party's raw values, a table per issue.
func (g *geniusImport) evaluations(p *gProfile, issues []gIssue, issueIDs []string, optionIDs [][]string) map[string]any {
	file, at := p.file, p.at
	rawV := map[string]any{}
	for k, is := range issues {
		n := p.byIndex[is.index]
		if n == nil {
			n = p.byName[is.name]
		}
		field := issueField(is.name)
		if n == nil {
			g.fail(file, p.obj.line, field, "the issue (index %d) is missing: a profile evaluates every issue of the domain", is.index)
			continue
		}
		if name := n.attr["name"]; name != "" && name != is.name {
			g.warn(file, n.line, field, "the profile names issue %d %q, the domain %q; matched by index, as GENIUS does", is.index, name, is.name)
		}
		vat := at.with("values", issueIDs[k])
		g.mark(vat, file, n.line)
		g.mark(at.with("weights", issueIDs[k]), file, p.wline[is.index])
		var vals []float64
		var src string
		switch is.kind {
		case "discrete":
			vals, src = g.discrete(file, n, is, vat, optionIDs[k], p.weights[is.index])
		case "integer":
			vals, src = g.integer(file, n, is)
		}
		if vals == nil {
			continue
		}
		table := map[string]any{"source": fmt.Sprintf("%s:%d: %s", p.base, n.line, src)}
		for o, v := range vals {
			table[optionIDs[k][o]] = v
		}
		rawV[issueIDs[k]] = table
	}
	return rawV
}

// normalisedWeights returns the party's raw weights: the profile's,
// normalised to sum to 1 as GENIUS does (total is their sum).
func (g *geniusImport) normalisedWeights(p *gProfile, issues []gIssue, issueIDs []string, total float64) map[string]any {
	ws := make([]float64, len(issues))
	for k, is := range issues {
		ws[k] = p.weights[is.index]
	}
	norm := normalise(ws)
	rawW := map[string]any{}
	for k, is := range issues {
		rawW[issueIDs[k]] = map[string]any{
			"value":  norm[k],
			"source": fmt.Sprintf("%s:%d: weight %s of %s in all, normalised to sum to 1 as GENIUS does", p.base, p.wline[is.index], p.wtext[is.index], strconv.FormatFloat(total, 'g', 10, 64)),
		}
	}
	g.mark(p.at.with("weights"), p.file, p.obj.line)
	return rawW
}

// discrete reads a discrete issue's evaluations, divided by the largest
// (GENIUS's EvaluatorDiscrete).
func (g *geniusImport) discrete(file string, n *xnode, is gIssue, vat path, optIDs []string, weight float64) ([]float64, string) {
	nerr := len(g.errs)
	of := map[string]int{}
	for o, it := range is.items {
		of[it] = o
	}
	evals := make([]float64, len(is.items))
	texts := make([]string, len(is.items))
	got := make([]bool, len(is.items))
	for _, it := range n.all("item") {
		name := it.attr["value"]
		field := itemField(is.name, name)
		o, ok := of[name]
		if !ok {
			g.fail(file, it.line, field, "an evaluation for an item the domain does not have (items: %s)", quoteList(is.items))
			continue
		}
		if got[o] {
			g.fail(file, it.line, field, "the item is evaluated twice")
			continue
		}
		got[o] = true
		es, ok := it.attr["evaluation"]
		if !ok {
			g.fail(file, it.line, field, "the item has no evaluation")
			continue
		}
		e, err := geniusNumber(es)
		if err != nil {
			g.fail(file, it.line, field, "evaluation: %v", err)
			continue
		}
		if e < 0 {
			g.fail(file, it.line, field, "evaluation must be ≥ 0, got %g", e)
			continue
		}
		evals[o], texts[o] = e, strings.TrimSpace(es)
		g.mark(vat.with(optIDs[o]), file, it.line)
	}
	for o, ok := range got {
		if !ok {
			g.fail(file, n.line, itemField(is.name, is.items[o]), "no evaluation for the item: a profile evaluates every item of the domain")
		}
	}
	if len(g.errs) > nerr {
		return nil, ""
	}
	top := 0.0
	for _, e := range evals {
		top = max(top, e)
	}
	vals := make([]float64, len(evals))
	if top < geniusZeroEval {
		if weight > 0 {
			g.fail(file, n.line, issueField(is.name), "every evaluation is 0 (below %g): GENIUS would value every item at 0 and waste the issue's weight %g; give the best item a positive evaluation, or the issue weight 0", geniusZeroEval, weight)
			return nil, ""
		}
		return vals, fmt.Sprintf("evaluations %s, all 0 (GENIUS values every item at 0), with weight 0", strings.Join(texts, ", "))
	}
	for o, e := range evals {
		vals[o] = e / top
	}
	return vals, fmt.Sprintf("evaluations %s divided by the largest, %s, as GENIUS does", strings.Join(texts, ", "), strconv.FormatFloat(top, 'g', -1, 64))
}

// integer reads an integer issue's linear evaluator: offset + slope·x for
// the value x (GENIUS's EvaluatorInteger).
func (g *geniusImport) integer(file string, n *xnode, is gIssue) ([]float64, string) {
	field := issueField(is.name)
	ev := n.kid("evaluator")
	if ev == nil {
		g.fail(file, n.line, field, "an integer issue needs an <evaluator ftype=\"linear\" slope=\"...\" offset=\"...\"/>")
		return nil, ""
	}
	if ft := strings.ToLower(strings.TrimSpace(ev.attr["ftype"])); ft != "linear" {
		g.fail(file, ev.line, field, "evaluator ftype %q: only linear integer evaluators are supported", ev.attr["ftype"])
		return nil, ""
	}
	slope, err := geniusNumber(ev.attr["slope"])
	if err != nil {
		g.fail(file, ev.line, field, "evaluator slope: %v", err)
		return nil, ""
	}
	offset, err := geniusNumber(ev.attr["offset"])
	if err != nil {
		g.fail(file, ev.line, field, "evaluator offset: %v", err)
		return nil, ""
	}
	vals := make([]float64, len(is.items))
	for o := range vals {
		x := is.lo + o
		v := offset + float64(slope*float64(x)) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
		switch {
		case v < 0 && v >= -geniusIntTol:
			v = 0
		case v > 1 && v <= 1+geniusIntTol:
			v = 1
		case v < 0 || v > 1:
			g.fail(file, ev.line, field, "the linear evaluation %g + %g·x is %g at x = %d; it must lie in [0, 1] for every value", offset, slope, v, x)
			return nil, ""
		}
		vals[o] = v
	}
	return vals, fmt.Sprintf("linear evaluation %s + %s·x, as GENIUS's EvaluatorInteger", strings.TrimSpace(ev.attr["offset"]), strings.TrimSpace(ev.attr["slope"]))
}

// element returns the first child named name of the utility space or, in
// files that put it there, of the objective.
func element(us, obj *xnode, name string) *xnode {
	if n := us.kid(name); n != nil {
		return n
	}
	return obj.kid(name)
}

// reservation reads the reservation value: 0 when absent, as in GENIUS.
func (g *geniusImport) reservation(file string, us, obj *xnode, at path) map[string]any {
	base := filepath.Base(file)
	n := element(us, obj, "reservation")
	if n == nil {
		return map[string]any{"value": 0.0, "assumption": "no reservation in " + base + ": GENIUS's default, 0"}
	}
	g.mark(at.with("reservation"), file, n.line)
	r, err := geniusNumber(n.attr["value"])
	if err != nil {
		g.fail(file, n.line, "reservation", "value: %v", err)
		return nil
	}
	src := fmt.Sprintf("%s:%d: reservation %s", base, n.line, strings.TrimSpace(n.attr["value"]))
	if r < 0 {
		// Every utility is ≥ 0, so a negative reservation value and 0 make
		// the same acceptances.
		g.warn(file, n.line, "reservation", "%g is below 0; taken as 0, which accepts the same packages (every utility is ≥ 0)", r)
		return map[string]any{"value": 0.0, "source": src + ", taken as 0 (utilities are ≥ 0)"}
	}
	return map[string]any{"value": r, "source": src}
}

// discount reads the discount factor. GENIUS treats an absent factor, 0,
// and (with a warning) one outside [0,1] as 1, no discounting.
func (g *geniusImport) discount(file string, us, obj *xnode, at path) map[string]any {
	base := filepath.Base(file)
	n := element(us, obj, "discount_factor")
	if n == nil {
		return map[string]any{"value": 1.0, "assumption": "no discount_factor in " + base + ": GENIUS's default, 1 (no discounting)"}
	}
	g.mark(at.with("discount"), file, n.line)
	d, err := geniusNumber(n.attr["value"])
	if err != nil {
		g.fail(file, n.line, "discount_factor", "value: %v", err)
		return nil
	}
	src := fmt.Sprintf("%s:%d: discount_factor %s", base, n.line, strings.TrimSpace(n.attr["value"]))
	switch {
	case d == 0:
		return map[string]any{"value": 1.0, "source": src, "assumption": "GENIUS treats a discount factor of 0 as 1, no discounting"}
	case d < 0 || d > 1:
		g.warn(file, n.line, "discount_factor", "%g is outside [0, 1]; taken as 1, no discounting, as GENIUS does", d)
		return map[string]any{"value": 1.0, "source": src, "assumption": "outside [0, 1]: GENIUS reverts to 1, no discounting"}
	}
	return map[string]any{"value": d, "source": src}
}

// normalise returns xs divided by their sum (xs ≥ 0, sum > 0), with the
// last non-zero entry set, if need be, to 1 minus the sum of those before
// it, so that the entries summed in order give exactly 1: 1 − P is exact
// for P ≥ 1/2 (Sterbenz) and within half an ulp of 1 − P below, which
// P + (1 − P) rounds back to 1. That makes normalising idempotent, so that
// a scenario exported to GENIUS and imported again has bit-identical
// weights, and a run's own normalisation (sim) leaves them unchanged. The
// entry moves by the sum's round-off, about n ulps of 1.
func normalise(xs []float64) []float64 {
	out := make([]float64, len(xs))
	var s float64
	for _, x := range xs {
		s += x
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return out
	}
	last := -1
	var t float64
	for i, x := range xs {
		out[i] = x / s
		t += out[i]
		if out[i] > 0 {
			last = i
		}
	}
	if t == 1 || last < 0 {
		return out
	}
	var p float64
	for _, x := range out[:last] {
		p += x
	}
	if r := 1 - p; r >= 0 {
		out[last] = r
	}
	return out
}

// geniusID turns a GENIUS name into an id: lowercase ASCII letters and
// digits kept, every run of other characters turned into one "_", and
// prefix put in front of an id that would not start with a letter.
func geniusID(name, prefix string) string {
	var b strings.Builder
	under := false
	for _, r := range strings.ToLower(name) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			under = false
		} else if !under && b.Len() > 0 {
			b.WriteByte('_')
			under = true
		}
	}
	id := strings.TrimRight(b.String(), "_")
	if id == "" || id[0] < 'a' || id[0] > 'z' {
		id = prefix + id
	}
	return strings.TrimRight(id, "_")
}

// uniqueID returns id, or id_2, id_3, ... if taken, and marks it taken.
func uniqueID(id string, used map[string]bool) string {
	u := id
	for n := 2; used[u]; n++ {
		u = id + "_" + strconv.Itoa(n)
	}
	used[u] = true
	return u
}

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}

// xnode is an XML element with the line it starts on.
type xnode struct {
	name string
	attr map[string]string
	kids []*xnode
	line int
}

// kid returns n's first child element named name, or nil.
func (n *xnode) kid(name string) *xnode {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// all returns n's child elements named name.
func (n *xnode) all(name string) []*xnode {
	var out []*xnode
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// maxXMLDepth caps how deeply a GENIUS file's elements nest.
const maxXMLDepth = 32

// parseXML reads an XML document into a tree of elements, of at most
// MaxEntries elements nested at most maxXMLDepth deep, so that a hostile
// file is answered at once.
func parseXML(file string, data []byte) (*xnode, *FieldError) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	var root *xnode
	var stack []*xnode
	elements := 0
	for {
		// The position before a start element's token is its "<", since
		// the text before it is a token of its own.
		line, _ := d.InputPos()
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			if se := (*xml.SyntaxError)(nil); errors.As(err, &se) {
				line, msg = se.Line, se.Msg
			}
			return nil, &FieldError{File: file, Line: line, Msg: "malformed XML: " + msg}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if elements++; elements > MaxEntries {
				return nil, &FieldError{File: file, Line: line, Msg: fmt.Sprintf("more than %d XML elements; a GENIUS domain or profile needs far fewer", MaxEntries)}
			}
			if len(stack) >= maxXMLDepth {
				return nil, &FieldError{File: file, Line: line, Msg: fmt.Sprintf("XML elements nested more than %d deep; a GENIUS file needs 6", maxXMLDepth)}
			}
			n := &xnode{name: t.Name.Local, line: line, attr: make(map[string]string, len(t.Attr))}
			for _, a := range t.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, &FieldError{File: file, Line: line, Msg: "malformed XML: a second root element <" + n.name + ">"}
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		}
	}
	if root == nil {
		return nil, &FieldError{File: file, Line: 1, Msg: "malformed XML: no element"}
	}
	return root, nil
}

// charsetReader decodes the single-byte encodings older GENIUS files
// declare (ISO-8859-1 and its kin) into UTF-8.
func charsetReader(charset string, input io.Reader) (io.Reader, error) {
	switch strings.ToLower(charset) {
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii", "windows-1252", "cp1252":
		return &latin1Reader{r: bufio.NewReader(input)}, nil
	}
	return nil, fmt.Errorf("unsupported encoding %q (allowed: UTF-8, ISO-8859-1)", charset)
}

// latin1Reader turns ISO-8859-1 bytes into UTF-8.
type latin1Reader struct {
	r   *bufio.Reader
	buf []byte
}

func (l *latin1Reader) Read(p []byte) (int, error) {
	for len(l.buf) == 0 {
		c, err := l.r.ReadByte()
		if err != nil {
			return 0, err
		}
		l.buf = utf8.AppendRune(l.buf, rune(c))
	}
	n := copy(p, l.buf)
	l.buf = l.buf[n:]
	return n, nil
}
