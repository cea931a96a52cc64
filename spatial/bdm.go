package spatial

import "math"

// bdm reads a BDM file: a header Actor,Capability,Position,Salience (in
// any order, any case) and one actor per line; one issue.
func (p *parser) bdm(set *Set, recs []record) {
	cols := p.columns(recs[0], []string{"actor", "capability", "position", "salience"}, nil)
	if len(p.errs) > 0 {
		return
	}
	is := Issue{Name: "issue", Outcome: math.NaN(), StatusQuo: math.NaN()}
	for _, r := range recs[1:] {
		if p.full() {
			return
		}
		a, ok := p.actor(r.line, r.cell(cols["actor"]), r.cell(cols["capability"]), r.cell(cols["position"]), r.cell(cols["salience"]), "position", "salience")
		if ok {
			is.Actors = append(is.Actors, a)
		}
	}
	if len(recs) == 1 {
		p.fail(recs[0].line, "actor", "no actors")
	}
	p.check(&is, recs[0].line)
	set.Issues = []Issue{is}
}
