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

// build validates f and builds the model, step by step: the issues, the
// parties, the protocol, the deadline, the shocks and the agenda, then the
// model's own check.
func (b *builder) build(f *File) *sim.Scenario {
	s := &sim.Scenario{Name: f.Name}
	if !idRE.MatchString(f.Name) {
		b.fail(path{"name"}, "scenario name %q is not valid: %s", f.Name, idRule)
	}
	d := &draft{b: b, s: s}
	if !b.issues(f, d) {
		return nil
	}
	if !b.parties(f, d) {
		return nil
	}
	b.protocol(f, d)
	// Deadline, fixed or uncertain, and end_chance (agenda.go).
	b.deadline(f, s)
	b.shocks(f, d)
	b.agenda(f, s)
	if len(b.errs) == 0 {
		if err := s.Check(); err != nil {
			b.fail(nil, "%v", err)
		}
	}
	return s
}

// draft is the scenario that build is building, with the indexes of the
// ids its steps resolve references by: the issues' and options' (after the
// issues step) and the parties' (after the parties step).
type draft struct {
	b         *builder
	s         *sim.Scenario
	issueIdx  map[string]int   // issue id → the first issue with it
	issueIDs  []string         // the issue ids, sorted
	ids       []string         // ids[k]: issue k's id
	optionIdx []map[string]int // optionIdx[k]: option id → option of issue k
	spatial   []bool           // spatial[k]: issue k is spatial
	shapes    []sim.Shape      // shapes[k]: issue k's shape
	order     []string         // the party ids, in the order written
	partyIdx  map[string]int   // party id → party
	table     int              // the number of parties at the table
}

// issue returns the index of the issue named id, or reports that there is
// none.
func (d *draft) issue(at path, id string) (int, bool) {
	k, ok := d.issueIdx[id]
	if !ok {
		d.b.fail(at, "unknown issue %q%s (issues: %s)", id, suggest(id, d.issueIDs), strings.Join(d.issueIDs, ", "))
	}
	return k, ok
}

// party returns the index of the party named id, or reports that there is
// none or that it is self, the party naming it.
func (d *draft) party(at path, id, self string) (int, bool) {
	i, ok := d.partyIdx[id]
	if !ok {
		d.b.fail(at, "unknown party %q%s (parties: %s)", id, suggest(id, d.order), strings.Join(d.order, ", "))
	} else if id == self {
		d.b.fail(at, "a party cannot name itself here")
		ok = false
	}
	return i, ok
}

// option returns the index of issue k's option named id, or reports that
// there is none.
func (d *draft) option(at path, k int, id string) (int, bool) {
	o, ok := d.optionIdx[k][id]
	if !ok {
		ids := sortedKeys(d.optionIdx[k])
		d.b.fail(at, "unknown option %q of issue %q%s (options: %s)", id, d.s.Issues[k].ID, suggest(id, ids), strings.Join(ids, ", "))
	}
	return o, ok
}

// issues builds the issues of d.s, discrete or spatial, and indexes their
// ids and their options'. It returns false when there are too many issues
// to go on.
func (b *builder) issues(f *File, d *draft) bool {
	d.issueIdx = map[string]int{}
	if len(f.Issues) == 0 {
		b.fail(path{"issues"}, "at least one issue is required")
	}
	if len(f.Issues) > MaxIssues {
		b.fail(path{"issues"}, "%d issues, at most %d allowed", len(f.Issues), MaxIssues)
		return false
	}
	for k, is := range f.Issues {
		at := path{"issues", index(k)}
		if b.checkID(at.with("id"), is.ID, "issue") {
			if _, dup := d.issueIdx[is.ID]; dup {
				b.fail(at.with("id"), "issue id %q is used twice", is.ID)
			}
		}
		// References to a duplicated id go to its first issue; the
		// duplicate has been reported, and mapping them to the second
		// would report every reference as a further, spurious error.
		if _, dup := d.issueIdx[is.ID]; !dup {
			d.issueIdx[is.ID] = k
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
		d.spatial = append(d.spatial, isSpatial)
		if isSpatial {
			d.shapes = append(d.shapes, b.spatialIssue(at, is, &ai, oi))
		} else {
			d.shapes = append(d.shapes, sim.Linear)
			b.discreteIssue(at, is, &ai, oi)
		}
		d.optionIdx = append(d.optionIdx, oi)
		d.s.Issues = append(d.s.Issues, ai)
	}
	d.issueIDs = sortedKeys(d.issueIdx)
	d.ids = make([]string, len(f.Issues))
	for k, is := range f.Issues {
		d.ids[k] = is.ID
	}
	return true
}

// discreteIssue builds the options of the discrete issue is, at at, into
// ai, and indexes their ids in oi.
func (b *builder) discreteIssue(at path, is IssueFile, ai *agents.Issue, oi map[string]int) {
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
// utility when two options of two issues are both in the package.
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
// party id's moves cause.
func (b *builder) influence(d *draft, at path, id string, pf PartyFile) []sim.Shift {
	var out []sim.Shift
	for _, pid := range sortedKeys(pf.Influence) {
		if j, ok := d.party(at.with("influence", pid), pid, id); ok {
			out = append(out, sim.Shift{Party: j, Amount: b.param(pf.Influence[pid], at.with("influence", pid), driftRange, nil)})
		}
	}
	return out
}

// protocol builds the protocol: its kind, and for a mediated one the
// format and the mediator; the order of the parties at the table; the
// drafting step.
func (b *builder) protocol(f *File, d *draft) {
	pr := f.Protocol
	at := path{"protocol"}
	b.protocolKind(pr, at, d)
	if len(pr.Order) > 0 {
		b.protocolOrder(pr, at, d)
	}
	b.protocolStep(pr, at, d)
}

// protocolKind sets the protocol's kind, and a mediated protocol's format
// and mediator; it warns of a format or mediator given to another kind.
func (b *builder) protocolKind(pr ProtocolFile, at path, d *draft) {
	s := d.s
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
		b.mediator(pr, at, d)
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
}

// mediator sets a mediated protocol's mediator, which must be a party at
// the table; it warns of a reactive one.
func (b *builder) mediator(pr ProtocolFile, at path, d *draft) {
	s := d.s
	var atTable []string
	for _, p := range s.Parties {
		if p.Role == agents.AtTable {
			atTable = append(atTable, p.ID)
		}
	}
	if pr.Mediator == "" {
		b.fail(at.with("mediator"), "a mediated protocol needs a mediator: one of the parties at the table (%s)", strings.Join(atTable, ", "))
	} else if m, ok := d.party(at.with("mediator"), pr.Mediator, ""); ok {
		s.Protocol.Mediator = m
		if s.Parties[m].Strategy.Family().Reactive {
			b.warn(path{"parties", pr.Mediator, "strategy", "type"}, "a %s mediator concedes only in the last round: the only proposals it receives are its own texts", s.Parties[m].Strategy.Name)
		}
		if s.Parties[m].Role != agents.AtTable {
			b.fail(at.with("mediator"), "the mediator %q must be a party at the table (%s)", pr.Mediator, strings.Join(atTable, ", "))
		}
	}
}

// protocolOrder sets the order in which the parties at the table move,
// given: each of them once.
func (b *builder) protocolOrder(pr ProtocolFile, at path, d *draft) {
	s := d.s
	seen := map[int]bool{}
	for j, pid := range pr.Order {
		i, ok := d.party(at.with("order", index(j)), pid, "")
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
	if len(seen) != d.table {
		b.fail(at.with("order"), "the order must list each of the %d parties at the table once", d.table)
	}
}

// protocolStep sets the drafting step, warning when one is given for an
// outcome space small enough to be drafted exactly.
func (b *builder) protocolStep(pr ProtocolFile, at path, d *draft) {
	s := d.s
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
}

// shocks builds the shocks, in id order: each a probability, a chance of
// ending the talks, and shifts of parties' reservation values.
func (b *builder) shocks(f *File, d *draft) {
	for _, sid := range sortedKeys(f.Shocks) {
		sf := f.Shocks[sid]
		at := path{"shocks", sid}
		b.checkID(at, sid, "shock")
		sh := sim.Shock{ID: sid}
		sh.Probability = b.param(sf.Probability, at.with("probability"), unitRange, nil)
		sh.EndTalks = b.param(sf.EndTalks, at.with("end_talks"), unitRange, ptr(0))
		for _, pid := range sortedKeys(sf.Reservation) {
			if j, ok := d.party(at.with("reservation", pid), pid, ""); ok {
				sh.Shifts = append(sh.Shifts, sim.Shift{Party: j, Amount: b.param(sf.Reservation[pid], at.with("reservation", pid), driftRange, nil)})
			}
		}
		d.s.Shocks = append(d.s.Shocks, sh)
	}
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
