package scenarios

import (
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
)

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

func quoteList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = strconv.Quote(s)
	}
	return strings.Join(q, ", ")
}
