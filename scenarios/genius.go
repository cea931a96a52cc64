package scenarios

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"

	"github.com/negsim/negsim/internal/inputfile"
)

// GENIUS XML import: a domain file (its issues and their items) and one
// profile per party (an evaluation for every item, a weight per issue, an
// optional reservation value and discount factor) become the raw nested map
// a scenario file would give, which then goes through the same decoding,
// overrides and validation as a file. docs/genius.md describes the mapping.
//
// This file reads the files and assembles the raw map; genius_xml.go parses
// the XML, genius_domain.go reads a domain's issues and genius_profile.go a
// profile's weights and evaluations.

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
