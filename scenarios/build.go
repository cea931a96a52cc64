package scenarios

import (
	"cmp"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// Limits that keep a scenario from exhausting memory or time.
const (
	MaxIssues   = 1000
	MaxOptions  = 255
	MaxParties  = 1000
	MaxDeadline = 100000
	// MaxValues bounds parties × options (all issues): each is a value
	// drawn in every run.
	MaxValues = 10_000_000
)

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

const idRule = "ids start with a lowercase letter and use only a-z, 0-9, _ and -"

// Ranges of the parameters.
var (
	unitRange     = bounds{0, 1}
	weightRange   = bounds{0, MaxWeight}
	driftRange    = bounds{-1, 1}
	stepRange     = bounds{0.000001, 1000}
	deadlineRange = bounds{1, MaxDeadline}
	powerRange    = bounds{0.001, 100}
	discountRange = bounds{0.001, 1}
)

func ptr(x float64) *float64 { return &x }

func (b *builder) param(p Param, at path, r bounds, def *float64) sim.Param {
	sp, err := p.build(r, def)
	if err != nil {
		b.fail(at, "%v", err)
	}
	sp.Name = at.String()
	return sp
}

func (b *builder) checkID(at path, id, what string) bool {
	if id == "" {
		b.fail(at, "%s id is required", what)
		return false
	}
	if !idRE.MatchString(id) {
		b.fail(at, "%s id %q is not valid: %s", what, id, idRule)
		return false
	}
	return true
}

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

// build validates f and builds the model.
func (b *builder) build(f *File) *sim.Scenario {
	s := &sim.Scenario{Name: f.Name}
	if !idRE.MatchString(f.Name) {
		b.fail(path{"name"}, "scenario name %q is not valid: %s", f.Name, idRule)
	}

	// Issues.
	issueIdx := map[string]int{}
	optionIdx := []map[string]int{}
	var spatial []bool // spatial[k]: issue k is spatial
	var shapes []sim.Shape
	if len(f.Issues) == 0 {
		b.fail(path{"issues"}, "at least one issue is required")
	}
	if len(f.Issues) > MaxIssues {
		b.fail(path{"issues"}, "%d issues, at most %d allowed", len(f.Issues), MaxIssues)
		return nil
	}
	for k, is := range f.Issues {
		at := path{"issues", index(k)}
		if b.checkID(at.with("id"), is.ID, "issue") {
			if _, dup := issueIdx[is.ID]; dup {
				b.fail(at.with("id"), "issue id %q is used twice", is.ID)
			}
		}
		// References to a duplicated id go to its first issue; the
		// duplicate has been reported, and mapping them to the second
		// would report every reference as a further, spurious error.
		if _, dup := issueIdx[is.ID]; !dup {
			issueIdx[is.ID] = k
		}
		ai := agents.Issue{ID: is.ID, Label: cmp.Or(is.Label, is.ID)}
		oi := map[string]int{}
		isSpatial := is.Type == issueSpatial
		if is.Type != "" && is.Type != issueDiscrete && !isSpatial {
			b.fail(at.with("type"), "unknown issue type %q%s (allowed: discrete, spatial)", is.Type, suggest(is.Type, []string{issueDiscrete, issueSpatial}))
			// Without options it was meant to be spatial: built as one,
			// the parties' positions on it are not further errors.
			isSpatial = len(is.Options) == 0
		}
		spatial = append(spatial, isSpatial)
		if isSpatial {
			shapes = append(shapes, b.spatialIssue(at, is, &ai, oi))
			optionIdx = append(optionIdx, oi)
			s.Issues = append(s.Issues, ai)
			continue
		}
		shapes = append(shapes, sim.Linear)
		b.discreteOnly(at, is)
		if len(is.Options) < 2 || len(is.Options) > MaxOptions {
			b.fail(at.with("options"), "an issue needs 2 to %d options, got %d", MaxOptions, len(is.Options))
		}
		for o, op := range is.Options {
			oat := at.with("options", index(o), "id")
			if b.checkID(oat, op.ID, "option") {
				if _, dup := oi[op.ID]; dup {
					b.fail(oat, "option id %q is used twice in issue %q", op.ID, is.ID)
				}
			}
			oi[op.ID] = o
			ai.Options = append(ai.Options, agents.Option{ID: op.ID, Label: cmp.Or(op.Label, op.ID)})
		}
		optionIdx = append(optionIdx, oi)
		s.Issues = append(s.Issues, ai)
	}
	issueIDs := sortedKeys(issueIdx)
	ids := make([]string, len(f.Issues))
	for k, is := range f.Issues {
		ids[k] = is.ID
	}

	// Parties.
	order := b.partyOrder(f)
	values := 0
	for _, is := range s.Issues {
		values += len(is.Options)
	}
	if n := len(order) * values; n > MaxValues {
		b.fail(path{"parties"}, "%d parties × %d options in all = %d values, at most %d allowed (the scenario would not fit in memory)", len(order), values, n, MaxValues)
		return nil
	}
	partyIdx := map[string]int{}
	for i, id := range order {
		partyIdx[id] = i
	}
	if len(order) > MaxParties {
		b.fail(path{"parties"}, "%d parties, at most %d allowed", len(order), MaxParties)
		return nil
	}
	issueOf := func(at path, id string) (int, bool) {
		k, ok := issueIdx[id]
		if !ok {
			b.fail(at, "unknown issue %q%s (issues: %s)", id, suggest(id, issueIDs), strings.Join(issueIDs, ", "))
		}
		return k, ok
	}
	partyOf := func(at path, id, self string) (int, bool) {
		i, ok := partyIdx[id]
		if !ok {
			b.fail(at, "unknown party %q%s (parties: %s)", id, suggest(id, order), strings.Join(order, ", "))
		} else if id == self {
			b.fail(at, "a party cannot name itself here")
			ok = false
		}
		return i, ok
	}
	optionOf := func(at path, k int, id string) (int, bool) {
		o, ok := optionIdx[k][id]
		if !ok {
			ids := sortedKeys(optionIdx[k])
			b.fail(at, "unknown option %q of issue %q%s (options: %s)", id, s.Issues[k].ID, suggest(id, ids), strings.Join(ids, ", "))
		}
		return o, ok
	}
	caredFor := make([]bool, len(s.Issues))
	table := 0
	for _, id := range order {
		pf := f.Parties[id]
		at := path{"parties", id}
		b.checkID(at, id, "party")
		sp := sim.Party{ID: id, Label: cmp.Or(pf.Label, id)}
		switch pf.Role {
		case "", "table":
			sp.Role = agents.AtTable
			table++
			if len(pf.Controls) > 0 {
				b.fail(at.with("controls"), "only an outside party controls issues; a party at the table consents to the whole package")
			}
		case "outside":
			sp.Role = agents.Outside
		default:
			b.fail(at.with("role"), "unknown role %q (allowed: table, outside)", pf.Role)
		}
		for _, c := range pf.Controls {
			if k, ok := issueOf(at.with("controls"), c); ok {
				sp.Controls = append(sp.Controls, k)
			}
		}
		// Weights.
		sp.Weights = make([]sim.Param, len(s.Issues))
		for _, iid := range sortedKeys(pf.Weights) {
			if k, ok := issueOf(at.with("weights", iid), iid); ok {
				sp.Weights[k] = b.param(pf.Weights[iid], at.with("weights", iid), weightRange, nil)
			}
		}
		b.spatialParty(at, pf, &sp, ids, spatial, shapes, issueOf)
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
			b.fail(at.with("weights"), "at least one issue needs a weight > 0 (issues: %s)", strings.Join(issueIDs, ", "))
		} else if allFixed && !salient && math.Abs(fixedSum-1) > 1e-9 {
			// 10 digits: the sum's float tail (0.15 + 0.3 = 0.44999999999999996)
			// is not the user's.
			b.warn(at.with("weights"), "weights sum to %s; normalised to sum to 1", strconv.FormatFloat(fixedSum, 'g', 10, 64))
		}
		// Values.
		sp.Values = make([][]sim.Param, len(s.Issues))
		for _, iid := range sortedKeys(pf.Values) {
			k, ok := issueOf(at.with("values", iid), iid)
			if !ok {
				continue
			}
			if spatial[k] {
				continue // reported by spatialParty
			}
			vt := pf.Values[iid]
			sp.Values[k] = make([]sim.Param, len(s.Issues[k].Options))
			seen := make([]bool, len(s.Issues[k].Options))
			for _, oid := range sortedKeys(vt.Options) {
				if o, ok := optionOf(at.with("values", iid, oid), k, oid); ok {
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
			if !spatial[k] && (w.Uncertain() || w.Value > 0) {
				b.fail(at.with("values"), "issue %q has a weight but no values; give every option a value in [0, 1]", s.Issues[k].ID)
			}
			sp.Values[k] = make([]sim.Param, len(s.Issues[k].Options))
		}
		// Red lines.
		sp.RedLines = make([][]bool, len(s.Issues))
		for k := range s.Issues {
			sp.RedLines[k] = make([]bool, len(s.Issues[k].Options))
		}
		for _, iid := range sortedKeys(pf.RedLines) {
			k, ok := issueOf(at.with("red_lines", iid), iid)
			if !ok {
				continue
			}
			for j, oid := range pf.RedLines[iid].Options {
				if o, ok := optionOf(at.with("red_lines", iid, "options", index(j)), k, oid); ok {
					sp.RedLines[k][o] = true
				}
			}
			if !slices.Contains(sp.RedLines[k], false) {
				b.warn(at.with("red_lines", iid), "every option of %q is a red line: this party can accept no package", iid)
			}
		}
		sp.Reservation = b.param(pf.Reservation, at.with("reservation"), unitRange, nil)
		sp.Drift = b.param(pf.Drift, at.with("drift"), driftRange, ptr(0))
		sp.Strategy = b.strategy(pf.Strategy, at.with("strategy"))
		for _, qid := range sortedKeys(pf.Interactions) {
			qf := pf.Interactions[qid]
			qat := at.with("interactions", qid)
			if len(qf.Options) != 2 {
				b.fail(qat.with("options"), "an interaction names exactly two issues and an option of each, e.g. {ceasefire: full, peacekeepers: coalition}; got %d", len(qf.Options))
				continue
			}
			var ks, os []int
			for _, iid := range sortedKeys(qf.Options) {
				k, ok := issueOf(qat.with("options", iid), iid)
				if !ok {
					continue
				}
				if o, ok := optionOf(qat.with("options", iid), k, qf.Options[iid]); ok {
					ks, os = append(ks, k), append(os, o)
				}
			}
			v := b.param(qf.Value, qat.with("value"), driftRange, nil)
			if len(ks) == 2 {
				sp.Interactions = append(sp.Interactions, sim.Interaction{K1: ks[0], O1: os[0], K2: ks[1], O2: os[1], Value: v})
			}
		}
		sp.Power = b.param(pf.Power, at.with("power"), powerRange, ptr(1))
		sp.Discount = b.param(pf.Discount, at.with("discount"), discountRange, ptr(1))
		for _, pid := range sortedKeys(pf.Influence) {
			if j, ok := partyOf(at.with("influence", pid), pid, id); ok {
				sp.Influence = append(sp.Influence, sim.Shift{Party: j, Amount: b.param(pf.Influence[pid], at.with("influence", pid), driftRange, nil)})
			}
		}
		s.Parties = append(s.Parties, sp)
	}
	if len(order) > 0 && table < 2 {
		b.fail(path{"parties"}, "at least two parties must be at the table (role: table), got %d", table)
	}
	for k, cared := range caredFor {
		if !cared && len(order) > 0 {
			b.warn(path{"issues", index(k)}, "no party gives issue %q a weight: it cannot affect any outcome", s.Issues[k].ID)
		}
	}

	// Protocol.
	pr := f.Protocol
	at := path{"protocol"}
	kinds := sim.Protocols()
	def, known := sim.LookupProtocol(sim.ProtocolKind(pr.Type))
	switch {
	case pr.Type == "":
		b.fail(at.with("type"), "protocol type is required (allowed: %s)", strings.Join(kinds, ", "))
	case !known:
		b.fail(at.with("type"), "unknown protocol %q%s (allowed: %s)", pr.Type, suggest(pr.Type, kinds), strings.Join(kinds, ", "))
	case def.Mediated:
		s.Protocol.Kind = sim.ProtocolKind(pr.Type)
		switch pr.Format {
		case "", "trilateral":
			s.Protocol.Format = sim.Trilateral
		case "shuttle":
			s.Protocol.Format = sim.Shuttle
		default:
			b.fail(at.with("format"), "unknown format %q (allowed: trilateral, shuttle)", pr.Format)
		}
		var atTable []string
		for _, p := range s.Parties {
			if p.Role == agents.AtTable {
				atTable = append(atTable, p.ID)
			}
		}
		if pr.Mediator == "" {
			b.fail(at.with("mediator"), "a mediated protocol needs a mediator: one of the parties at the table (%s)", strings.Join(atTable, ", "))
		} else if m, ok := partyOf(at.with("mediator"), pr.Mediator, ""); ok {
			s.Protocol.Mediator = m
			if s.Parties[m].Strategy.Family().Reactive {
				b.warn(path{"parties", pr.Mediator, "strategy", "type"}, "a %s mediator concedes only in the last round: the only proposals it receives are its own texts", s.Parties[m].Strategy.Name)
			}
			if s.Parties[m].Role != agents.AtTable {
				b.fail(at.with("mediator"), "the mediator %q must be a party at the table (%s)", pr.Mediator, strings.Join(atTable, ", "))
			}
		}
	default:
		s.Protocol.Kind = sim.ProtocolKind(pr.Type)
		// Kept legal so that switching a mediated scenario to alternating
		// offers is one override (--set protocol.type=alternating).
		if pr.Format != "" {
			b.warn(at.with("format"), "ignored: format applies to the mediated protocol only")
		}
		if pr.Mediator != "" {
			b.warn(at.with("mediator"), "ignored: mediator applies to the mediated protocol only")
		}
	}
	if len(pr.Order) > 0 {
		seen := map[int]bool{}
		for j, pid := range pr.Order {
			i, ok := partyOf(at.with("order", index(j)), pid, "")
			if !ok {
				continue
			}
			if s.Parties[i].Role != agents.AtTable {
				b.fail(at.with("order", index(j)), "%q is not at the table; the order lists the parties at the table", pid)
			}
			if seen[i] {
				b.fail(at.with("order", index(j)), "%q is listed twice", pid)
			}
			seen[i] = true
			s.Protocol.Order = append(s.Protocol.Order, i)
		}
		if len(seen) != table {
			b.fail(at.with("order"), "the order must list each of the %d parties at the table once", table)
		}
	}
	s.Protocol.Step = b.param(pr.Step, at.with("step"), stepRange, ptr(0.5))
	if pr.Step.Value != nil || pr.Step.Dist != nil {
		n := 1
		for _, is := range s.Issues {
			if n <= sim.ExactPackages {
				n *= max(len(is.Options), 1)
			}
		}
		if n <= sim.ExactPackages {
			b.warn(at.with("step"), "has no effect: the outcome space has %d packages, at most %d, so proposers draft exactly (step acts only in the heuristic drafter of larger spaces)", n, sim.ExactPackages)
		}
	}

	// Deadline, fixed or uncertain, and end_chance (agenda.go).
	b.deadline(f, s)

	// Shocks.
	for _, sid := range sortedKeys(f.Shocks) {
		sf := f.Shocks[sid]
		at := path{"shocks", sid}
		b.checkID(at, sid, "shock")
		sh := sim.Shock{ID: sid}
		sh.Probability = b.param(sf.Probability, at.with("probability"), unitRange, nil)
		sh.EndTalks = b.param(sf.EndTalks, at.with("end_talks"), unitRange, ptr(0))
		for _, pid := range sortedKeys(sf.Reservation) {
			if j, ok := partyOf(at.with("reservation", pid), pid, ""); ok {
				sh.Shifts = append(sh.Shifts, sim.Shift{Party: j, Amount: b.param(sf.Reservation[pid], at.with("reservation", pid), driftRange, nil)})
			}
		}
		s.Shocks = append(s.Shocks, sh)
	}
	b.agenda(f, s)
	if len(b.errs) == 0 {
		if err := s.Check(); err != nil {
			b.fail(nil, "%v", err)
		}
	}
	return s
}

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
