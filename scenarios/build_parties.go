package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// partyOrder returns the party ids in the order they were written: the
// imported GENIUS profiles' order, then the files' (the bases' first)
// where the format keeps it (YAML, JSON); without an import, sorted unless
// the files' order covers every party.
func (b *builder) partyOrder(f *File) []string {
	if b.order != nil {
		// Rebuilt from an embedded scenario (FromResolved), which records
		// the order.
		return b.order
	}
	ids := sortedKeys(f.Parties)
	var order []string
	add := func(k string) {
		if _, ok := f.Parties[k]; ok && !slices.Contains(order, k) {
			order = append(order, k)
		}
	}
	if b.imp != nil {
		for _, k := range b.imp.order {
			add(k)
		}
	}
	// The bases first: a file that extends one cannot add parties.
	for _, l := range slices.Backward(b.layers) {
		if l.pos == nil {
			continue
		}
		if n, _ := l.pos.child(l.pos.root, "parties"); n != nil {
			for i := 0; i+1 < len(n.Content); i += 2 {
				add(strings.ToLower(n.Content[i].Value))
			}
		}
	}
	if len(order) != len(ids) {
		if b.imp == nil {
			return ids
		}
		for _, k := range ids {
			add(k)
		}
	}
	return order
}

// parties builds the parties of d.s in the order they were written, then
// checks that at least two are at the table and warns of issues no party
// weighs. It returns false when there are too many parties, or values, to
// go on.
func (b *builder) parties(f *File, d *draft) bool {
	d.order = b.partyOrder(f)
	values := 0
	for _, is := range d.s.Issues {
		values += len(is.Options)
	}
	if n := len(d.order) * values; n > MaxValues {
		b.fail(path{"parties"}, "%d parties × %d options in all = %d values, at most %d allowed (the scenario would not fit in memory)", len(d.order), values, n, MaxValues)
		return false
	}
	d.partyIdx = map[string]int{}
	for i, id := range d.order {
		d.partyIdx[id] = i
	}
	if len(d.order) > MaxParties {
		b.fail(path{"parties"}, "%d parties, at most %d allowed", len(d.order), MaxParties)
		return false
	}
	caredFor := make([]bool, len(d.s.Issues))
	for _, id := range d.order {
		d.s.Parties = append(d.s.Parties, b.party(d, id, f.Parties[id], caredFor))
	}
	if len(d.order) > 0 && d.table < 2 {
		b.fail(path{"parties"}, "at least two parties must be at the table (role: table), got %d", d.table)
	}
	for k, cared := range caredFor {
		if !cared && len(d.order) > 0 {
			b.warn(path{"issues", index(k)}, "no party gives issue %q a weight: it cannot affect any outcome", d.s.Issues[k].ID)
		}
	}
	return true
}

// party builds the party id from pf: its role, weights, values, red lines,
// parameters, strategy, interactions and influence. It sets caredFor[k]
// if the party may give issue k a weight.
func (b *builder) party(d *draft, id string, pf PartyFile, caredFor []bool) sim.Party {
	at := path{"parties", id}
	b.checkID(at, id, "party")
	sp := sim.Party{ID: id, Label: cmp.Or(pf.Label, id)}
	b.role(d, at, pf, &sp)
	b.weights(d, at, pf, &sp)
	b.spatialParty(at, pf, &sp, d.ids, d.spatial, d.shapes, d.issue)
	b.checkWeights(d, at, &sp, caredFor)
	b.values(d, at, pf, &sp)
	b.redLines(d, at, pf, &sp)
	sp.Reservation = b.param(pf.Reservation, at.with("reservation"), unitRange, nil)
	sp.Drift = b.param(pf.Drift, at.with("drift"), driftRange, ptr(0))
	sp.Strategy = b.strategy(pf.Strategy, at.with("strategy"))
	sp.Interactions = b.interactions(d, at, pf)
	sp.Power = b.param(pf.Power, at.with("power"), powerRange, ptr(1))
	sp.Discount = b.param(pf.Discount, at.with("discount"), discountRange, ptr(1))
	sp.Influence = b.influence(d, at, id, pf)
	return sp
}

// role sets the party's role, counting it in d.table if it is at the
// table, and the issues it controls.
func (b *builder) role(d *draft, at path, pf PartyFile, sp *sim.Party) {
	switch pf.Role {
	case "", "table":
		sp.Role = agents.AtTable
		d.table++
		if len(pf.Controls) > 0 {
			b.fail(at.with("controls"), "only an outside party controls issues; a party at the table consents to the whole package")
		}
	case "outside":
		sp.Role = agents.Outside
	default:
		b.fail(at.with("role"), "unknown role %q (allowed: table, outside)", pf.Role)
	}
	for _, c := range pf.Controls {
		if k, ok := d.issue(at.with("controls"), c); ok {
			sp.Controls = append(sp.Controls, k)
		}
	}
}

// weights sets the weights the party gives, one per issue (zero where it
// gives none).
func (b *builder) weights(d *draft, at path, pf PartyFile, sp *sim.Party) {
	sp.Weights = make([]sim.Param, len(d.s.Issues))
	for _, iid := range sortedKeys(pf.Weights) {
		if k, ok := d.issue(at.with("weights", iid), iid); ok {
			sp.Weights[k] = b.param(pf.Weights[iid], at.with("weights", iid), weightRange, nil)
		}
	}
}

// checkWeights checks the party's weights, the spatial issues' included,
// once built: some must be > 0, and fixed ones that do not sum to 1 are
// normalised, with a warning. It sets caredFor[k] if the weight of issue k
// may be > 0.
func (b *builder) checkWeights(d *draft, at path, sp *sim.Party, caredFor []bool) {
	fixedSum, allFixed, salient := 0.0, true, false
	for k, w := range sp.Weights {
		if w.Uncertain() {
			allFixed = false
			caredFor[k] = true
		} else {
			fixedSum += w.Value
			caredFor[k] = caredFor[k] || w.Value > 0
		}
		salient = salient || sp.Spatial != nil && sp.Spatial[k] != nil && sp.Spatial[k].WeightScale != 0
	}
	if allFixed && fixedSum == 0 {
		b.fail(at.with("weights"), "at least one issue needs a weight > 0 (issues: %s)", strings.Join(d.issueIDs, ", "))
	} else if allFixed && !salient && math.Abs(fixedSum-1) > 1e-9 {
		// 10 digits: the sum's float tail (0.15 + 0.3 = 0.44999999999999996)
		// is not the user's.
		b.warn(at.with("weights"), "weights sum to %s; normalised to sum to 1", strconv.FormatFloat(fixedSum, 'g', 10, 64))
	}
}

// values sets the party's values of the options of the discrete issues:
// every option of an issue it gives values or a weight needs one.
func (b *builder) values(d *draft, at path, pf PartyFile, sp *sim.Party) {
	s := d.s
	sp.Values = make([][]sim.Param, len(s.Issues))
	for _, iid := range sortedKeys(pf.Values) {
		k, ok := d.issue(at.with("values", iid), iid)
		if !ok {
			continue
		}
		if d.spatial[k] {
			continue // reported by spatialParty
		}
		vt := pf.Values[iid]
		sp.Values[k] = make([]sim.Param, len(s.Issues[k].Options))
		seen := make([]bool, len(s.Issues[k].Options))
		for _, oid := range sortedKeys(vt.Options) {
			if o, ok := d.option(at.with("values", iid, oid), k, oid); ok {
				sp.Values[k][o] = b.param(vt.Options[oid], at.with("values", iid, oid), unitRange, nil)
				seen[o] = true
			}
		}
		for o, ok := range seen {
			if !ok {
				b.fail(at.with("values", iid), "no value for option %q; give every option of %q a value in [0, 1]", s.Issues[k].Options[o].ID, iid)
			}
		}
	}
	for k := range s.Issues {
		if sp.Values[k] != nil {
			continue
		}
		w := sp.Weights[k]
		if !d.spatial[k] && (w.Uncertain() || w.Value > 0) {
			b.fail(at.with("values"), "issue %q has a weight but no values; give every option a value in [0, 1]", s.Issues[k].ID)
		}
		sp.Values[k] = make([]sim.Param, len(s.Issues[k].Options))
	}
}

// redLines sets the options the party will not accept, warning of an
// issue all of whose options are red lines.
func (b *builder) redLines(d *draft, at path, pf PartyFile, sp *sim.Party) {
	sp.RedLines = make([][]bool, len(d.s.Issues))
	for k := range d.s.Issues {
		sp.RedLines[k] = make([]bool, len(d.s.Issues[k].Options))
	}
	for _, iid := range sortedKeys(pf.RedLines) {
		k, ok := d.issue(at.with("red_lines", iid), iid)
		if !ok {
			continue
		}
		for j, oid := range pf.RedLines[iid].Options {
			if o, ok := d.option(at.with("red_lines", iid, "options", index(j)), k, oid); ok {
				sp.RedLines[k][o] = true
			}
		}
		if !slices.Contains(sp.RedLines[k], false) {
			b.warn(at.with("red_lines", iid), "every option of %q is a red line: this party can accept no package", iid)
		}
	}
}

// interactions builds the party's interactions: each a value added to its
// utility when two issues are settled at the two options it names.
func (b *builder) interactions(d *draft, at path, pf PartyFile) []sim.Interaction {
	var out []sim.Interaction
	for _, qid := range sortedKeys(pf.Interactions) {
		qf := pf.Interactions[qid]
		qat := at.with("interactions", qid)
		if len(qf.Options) != 2 {
			b.fail(qat.with("options"), "an interaction names exactly two issues and an option of each, e.g. {ceasefire: full, peacekeepers: coalition}; got %d", len(qf.Options))
			continue
		}
		var ks, os []int
		for _, iid := range sortedKeys(qf.Options) {
			k, ok := d.issue(qat.with("options", iid), iid)
			if !ok {
				continue
			}
			if o, ok := d.option(qat.with("options", iid), k, qf.Options[iid]); ok {
				ks, os = append(ks, k), append(os, o)
			}
		}
		v := b.param(qf.Value, qat.with("value"), driftRange, nil)
		if len(ks) == 2 {
			out = append(out, sim.Interaction{K1: ks[0], O1: os[0], K2: ks[1], O2: os[1], Value: v})
		}
	}
	return out
}

// influence builds the shifts of other parties' reservation values that
// party id's support makes (added before the first round).
func (b *builder) influence(d *draft, at path, id string, pf PartyFile) []sim.Shift {
	var out []sim.Shift
	for _, pid := range sortedKeys(pf.Influence) {
		if j, ok := d.party(at.with("influence", pid), pid, id); ok {
			out = append(out, sim.Shift{Party: j, Amount: b.param(pf.Influence[pid], at.with("influence", pid), driftRange, nil)})
		}
	}
	return out
}

// strategy builds a party's strategy from sf: a known family, with only
// the parameters that family takes.
func (b *builder) strategy(sf StrategyFile, at path) sim.Strategy {
	fam, ok := agents.Lookup(sf.Type)
	names := agents.Families()
	if !ok {
		if sf.Type == "" {
			b.fail(at.with("type"), "strategy type is required (allowed: %s)", strings.Join(names, ", "))
		} else {
			b.fail(at.with("type"), "unknown strategy %q%s (allowed: %s)", sf.Type, suggest(sf.Type, names), strings.Join(names, ", "))
		}
		return sim.Strategy{}
	}
	var takes []string
	for _, ps := range fam.Params {
		if !ps.Locked {
			takes = append(takes, ps.Name)
		}
	}
	given := sf.params()
	for _, name := range sortedKeys(given) {
		p := given[name]
		if p.Value == nil && p.Dist == nil {
			continue
		}
		if j := fam.Param(name); j < 0 || fam.Params[j].Locked {
			what := strings.Join(takes, ", ")
			if j >= 0 {
				what += fmt.Sprintf("; %s has %s = %g, use time-dependent to set it", sf.Type, name, fam.Params[j].Default)
			}
			// An override of strategy.type replaces the strategy whole,
			// so this is a parameter given with the type.
			b.fail(at.with(name), "not a parameter of %s (it takes %s)", sf.Type, what)
		}
	}
	st := sim.Strategy{Name: sf.Type, Params: make([]sim.Param, len(fam.Params))}
	for j, ps := range fam.Params {
		if ps.Locked {
			st.Params[j] = sim.Fixed(ps.Default)
			continue
		}
		var def *float64
		if !ps.Required {
			def = ptr(ps.Default)
		}
		st.Params[j] = b.param(given[ps.Name], at.with(ps.Name), bounds{ps.Lo, ps.Hi}, def)
	}
	return st
}
