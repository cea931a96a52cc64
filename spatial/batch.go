package spatial

import (
	"math"
)

// batch reads a long batch file: a header with the columns issue, actor,
// capability, position and salience, and optionally outcome and
// status_quo, in any order; one line per actor and issue. Issues come in
// the order of their first line; an issue's lines need not be adjacent.
// outcome and status_quo are plain numbers repeated on an issue's lines,
// or empty where unknown; the non-empty ones of an issue must agree.
func (p *parser) batch(set *Set, recs []record) {
	cols := p.columns(recs[0], []string{"issue", "actor", "capability", "position", "salience"}, []string{"outcome", "status_quo"})
	if len(p.errs) > 0 {
		return
	}
	type seen struct {
		index                 int
		line                  int
		outcomeLine, sqLine   int
		outcomeSet, statusSet bool
	}
	byName := map[string]*seen{}
	for _, r := range recs[1:] {
		if p.full() {
			return
		}
		name := r.cell(cols["issue"])
		if name == "" {
			p.fail(r.line, "issue", "missing name")
			continue
		}
		s, ok := byName[name]
		if !ok {
			s = &seen{index: len(set.Issues), line: r.line}
			byName[name] = s
			set.Issues = append(set.Issues, Issue{Name: name, Outcome: math.NaN(), StatusQuo: math.NaN()})
		}
		is := &set.Issues[s.index]
		for _, opt := range []struct {
			col       string
			dst       *float64
			set       *bool
			firstLine *int
		}{{"outcome", &is.Outcome, &s.outcomeSet, &s.outcomeLine}, {"status_quo", &is.StatusQuo, &s.statusSet, &s.sqLine}} {
			i, has := cols[opt.col]
			if !has {
				continue
			}
			x, good := p.number(r.line, opt.col, r.cell(i))
			switch {
			case !good || math.IsNaN(x):
			case !*opt.set:
				*opt.dst, *opt.set, *opt.firstLine = x, true, r.line
			case x != *opt.dst:
				p.fail(r.line, opt.col, "%g differs from the %g given for issue %q on line %d", x, *opt.dst, name, *opt.firstLine)
			}
		}
		a, good := p.actor(r.line, r.cell(cols["actor"]), r.cell(cols["capability"]), r.cell(cols["position"]), r.cell(cols["salience"]), "position", "salience")
		if good {
			is.Actors = append(is.Actors, a)
		}
	}
	if len(recs) == 1 {
		p.fail(recs[0].line, "issue", "no lines after the header")
	}
	if len(p.errs) > 0 {
		return
	}
	for i := range set.Issues {
		is := &set.Issues[i]
		p.check(is, byName[is.Name].line)
	}
}
