package scenarios

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// AgendaFile splits the talks into items that can be agreed on their own
// (sim.Agenda). Items are keyed by id so that --set can reach them.
type AgendaFile struct {
	// Order lists every item once: precedence on shared issues (later
	// wins) and report order. Empty: the ids sorted.
	Order []string `mapstructure:"order"`
	// Horizon is a whole number of rounds ≥ 0 after the talks during which
	// items in force can lapse (default 0).
	Horizon Param               `mapstructure:"horizon"`
	Items   map[string]ItemFile `mapstructure:"items"`
	// Comprehensive, when true, negotiates every issue as one package, as
	// a scenario without an agenda does: the items are checked but not
	// used (a variant can so compare staged talks with a grand bargain).
	Comprehensive bool `mapstructure:"comprehensive" json:",omitempty"`
	Evidence      `mapstructure:",squash"`
}

// ItemFile is one agenda item, as written.
type ItemFile struct {
	Label  string   `mapstructure:"label"`
	Issues []string `mapstructure:"issues"`
	// Options restricts the options of some of the item's issues that may
	// be agreed under it: ISSUE: [OPTION, ...].
	Options map[string][]string `mapstructure:"options"`
	// StatusQuo gives every issue of the item the option that holds while
	// the item is not in force.
	StatusQuo map[string]string `mapstructure:"status_quo"`
	// Parties whose consent the item needs; empty: the parties at the
	// table and the outside parties that control one of its issues.
	Parties []string `mapstructure:"parties"`
	After   []string `mapstructure:"after"`
	// Start, if given, are the terms in force at round 0, an option for
	// every issue of the item.
	Start       map[string]string        `mapstructure:"start"`
	Hazard      Param                    `mapstructure:"hazard"`
	Renegotiate bool                     `mapstructure:"renegotiate"`
	Conditions  map[string]ConditionFile `mapstructure:"conditions"`
	Evidence    `mapstructure:",squash"`
}

// ConditionFile is a linkage (sim.Condition): Party consents to the item
// only if Item is in force and, with Issue, only if the option in force on
// Issue is one of Options.
type ConditionFile struct {
	Party    string   `mapstructure:"party"`
	Item     string   `mapstructure:"item"`
	Issue    string   `mapstructure:"issue"`
	Options  []string `mapstructure:"options"`
	Binding  Param    `mapstructure:"binding"`
	Evidence `mapstructure:",squash"`
}

var (
	endChanceRange = bounds{0, 1}
	horizonRange   = bounds{0, MaxDeadline}
	// deadlineTail is the quantile of an unbounded deadline distribution
	// (a truncated normal) taken as the largest round simulated.
	deadlineTail = 0.999999
)

// deadline builds the deadline, fixed or uncertain, and the chance per
// round that the talks end.
func (b *builder) deadline(f *File, s *sim.Scenario) {
	at := path{"deadline"}
	dl := b.param(f.Deadline, at, deadlineRange, nil)
	s.EndChance = b.param(f.EndChance, path{"end_chance"}, endChanceRange, ptr(0))
	if !dl.Uncertain() {
		if dl.Value != math.Trunc(dl.Value) {
			b.fail(at, "must be a whole number of rounds, got %g (or a distribution, for an uncertain deadline)", dl.Value)
		}
		s.Deadline = int(dl.Value)
		return
	}
	// The largest round simulated: the distribution's upper bound, or, for
	// a normal (unbounded above but for MaxDeadline), a quantile so far
	// out that cutting there changes nothing that Monte Carlo could show.
	hi := dl.At(1)
	if f.Deadline.Dist != nil && f.Deadline.Dist.Type == "normal" {
		hi = dl.At(deadlineTail)
	}
	s.Deadline = int(min(math.Ceil(hi), MaxDeadline))
	// Truncating at Deadline keeps every draw a round that is simulated;
	// for bounded distributions it changes nothing.
	p, err := sim.Random(dl.Dist, 1, float64(s.Deadline))
	if err != nil {
		b.fail(at, "%v", err)
		return
	}
	p.Name = dl.Name
	s.DeadlineDist = p
}

// agendaGiven reports whether f has an agenda: any of its fields set.
func agendaGiven(a AgendaFile) bool {
	return len(a.Order) > 0 || len(a.Items) > 0 || a.Horizon.Value != nil || a.Horizon.Dist != nil ||
		a.Source != "" || a.Assumption != ""
}

// agenda builds s.Agenda from f.Agenda and the shocks' breaks, after the
// issues, parties and shocks of s are built.
func (b *builder) agenda(f *File, s *sim.Scenario) {
	af := f.Agenda
	if !agendaGiven(af) {
		for _, sid := range sortedKeys(f.Shocks) {
			if len(f.Shocks[sid].Breaks) > 0 {
				b.fail(path{"shocks", sid, "breaks"}, "the scenario has no agenda: a shock can break only agenda items (give agenda.items, or remove breaks)")
			}
		}
		return
	}
	r := newRefs(b, s)
	at := path{"agenda"}
	a := &sim.Agenda{}

	hz := b.param(af.Horizon, at.with("horizon"), horizonRange, ptr(0))
	if hz.Uncertain() {
		b.fail(at.with("horizon"), "must be a fixed whole number of rounds ≥ 0, not a distribution")
	} else if hz.Value != math.Trunc(hz.Value) {
		b.fail(at.with("horizon"), "must be a whole number of rounds ≥ 0, got %g", hz.Value)
	} else {
		a.Horizon = int(hz.Value)
	}

	// Item order and indices.
	ids := sortedKeys(af.Items)
	if len(ids) == 0 {
		b.fail(at.with("items"), "an agenda needs at least one item: ITEM: {issues: [ISSUE, ...], status_quo: {ISSUE: OPTION}}")
		return
	}
	if len(ids) > sim.MaxItems {
		b.fail(at.with("items"), "%d items, at most %d allowed", len(ids), sim.MaxItems)
		return
	}
	order := ids
	if len(af.Order) > 0 {
		order = nil
		listed := map[string]bool{}
		for j, id := range af.Order {
			oat := at.with("order", index(j))
			switch _, ok := af.Items[id]; {
			case !ok:
				b.fail(oat, "unknown item %q%s (items: %s)", id, suggest(id, ids), strings.Join(ids, ", "))
			case listed[id]:
				b.fail(oat, "item %q is listed twice; the order lists each item once", id)
			default:
				order = append(order, id)
			}
			listed[id] = true
		}
		var missing []string
		for _, id := range ids {
			if !listed[id] {
				missing = append(missing, id)
			}
		}
		// An unknown id is likely a typo of the item left out: reported.
		if len(missing) > 0 && len(order) == len(listed) {
			b.fail(at.with("order"), "the order must list each item once; it leaves out %s (items: %s)", strings.Join(missing, ", "), strings.Join(ids, ", "))
		}
		if len(order) != len(ids) {
			// Reported; build the items in id order to report their
			// problems too (a mistyped item may be why).
			order = ids
		}
	}
	itemIdx := map[string]int{}
	for j, id := range order {
		itemIdx[id] = j
	}
	r.items, r.itemIdx = ids, itemIdx

	covered := make([]bool, len(s.Issues))
	complete := true
	for _, id := range order {
		it, ok := b.item(r, id, af.Items[id], covered)
		a.Items = append(a.Items, it)
		complete = complete && ok
	}
	for k, ok := range covered {
		// An item whose issues are wrong may be meant to cover it.
		if !ok && complete {
			b.fail(at.with("items"), "issue %q is on no item: with an agenda, every issue must be on some item (items: %s)", s.Issues[k].ID, strings.Join(ids, ", "))
		}
	}
	b.acyclic(af, order, itemIdx)
	s.Agenda = a

	// Shocks that break items; s.Shocks are in sorted id order.
	for n, sid := range sortedKeys(f.Shocks) {
		bs := f.Shocks[sid].Breaks
		for _, iid := range sortedKeys(bs) {
			bat := path{"shocks", sid, "breaks", iid}
			j, ok := r.item(bat, iid)
			p := b.param(bs[iid], bat, unitRange, nil)
			if ok {
				s.Shocks[n].Breaks = append(s.Shocks[n].Breaks, sim.ItemBreak{Item: j, Probability: p})
			}
		}
		slices.SortFunc(s.Shocks[n].Breaks, func(x, y sim.ItemBreak) int { return cmp.Compare(x.Item, y.Item) })
	}
	if af.Comprehensive {
		s.Agenda = nil
		for n := range s.Shocks {
			s.Shocks[n].Breaks = nil
		}
	}
}

// item builds the agenda item id and marks the issues it settles in
// covered. ok is false if its list of issues has problems.
func (b *builder) item(r *refs, id string, f ItemFile, covered []bool) (_ sim.Item, ok bool) {
	s := r.s
	at := path{"agenda", "items", id}
	b.checkID(at, id, "item")
	it := sim.Item{ID: id, Label: cmp.Or(f.Label, id)}

	// Issues.
	if len(f.Issues) == 0 {
		others := slices.DeleteFunc(slices.Clone(r.items), func(x string) bool { return x == id })
		b.fail(at.with("issues"), "an item settles at least one issue: issues: [ISSUE, ...] (issues: %s)%s", strings.Join(r.issues, ", "), suggest(id, others))
	}
	var names []string
	for n, iid := range f.Issues {
		k, ok := r.issue(at.with("issues", index(n)), iid)
		if !ok {
			continue
		}
		if slices.Contains(it.Issues, k) {
			b.fail(at.with("issues", index(n)), "issue %q is listed twice", iid)
			continue
		}
		it.Issues = append(it.Issues, k)
		names = append(names, iid)
		covered[k] = true
	}
	complete := len(f.Issues) > 0 && len(it.Issues) == len(f.Issues)

	// Allowed options.
	if len(f.Options) > 0 {
		it.Options = make([][]bool, len(it.Issues))
		for n, k := range it.Issues {
			it.Options[n] = make([]bool, len(s.Issues[k].Options))
			for o := range it.Options[n] {
				it.Options[n][o] = true
			}
		}
		for _, iid := range sortedKeys(f.Options) {
			oat := at.with("options", iid)
			n, ok := r.ofItem(oat, &it, iid, names, complete)
			if !ok {
				continue
			}
			k := it.Issues[n]
			flags := make([]bool, len(s.Issues[k].Options))
			known := true
			for j, oid := range f.Options[iid] {
				o, ok := r.option(oat.with(index(j)), k, oid)
				known = known && ok
				if ok {
					flags[o] = true
				}
			}
			if !slices.Contains(flags, true) {
				if known {
					b.fail(oat, "allows no option of %q: list at least one (options: %s)", iid, strings.Join(optionIDs(s.Issues[k]), ", "))
				}
				// Reported: leave the issue unrestricted rather than
				// report start terms against an empty list too.
				continue
			}
			it.Options[n] = flags
		}
	}
	allowed := func(n, o int) bool { return it.Options == nil || it.Options[n][o] }

	// Status quo.
	it.StatusQuo = make([]int, len(it.Issues))
	for _, iid := range sortedKeys(f.StatusQuo) {
		qat := at.with("status_quo", iid)
		if n, ok := r.ofItem(qat, &it, iid, names, complete); ok {
			if o, ok := r.option(qat, it.Issues[n], f.StatusQuo[iid]); ok {
				it.StatusQuo[n] = o
			}
		}
	}
	for _, k := range it.Issues {
		if _, ok := f.StatusQuo[s.Issues[k].ID]; !ok {
			b.fail(at.with("status_quo"), "no status quo for issue %q: give every issue of the item the option that holds while it is not agreed, e.g. %s: %s (options: %s)",
				s.Issues[k].ID, s.Issues[k].ID, s.Issues[k].Options[0].ID, strings.Join(optionIDs(s.Issues[k]), ", "))
		}
	}

	// Start terms.
	if len(f.Start) > 0 {
		it.Start = make([]int, len(it.Issues))
		for _, iid := range sortedKeys(f.Start) {
			sat := at.with("start", iid)
			n, ok := r.ofItem(sat, &it, iid, names, complete)
			if !ok {
				continue
			}
			k := it.Issues[n]
			o, ok := r.option(sat, k, f.Start[iid])
			if !ok {
				continue
			}
			if !allowed(n, o) {
				var ids []string
				for o, op := range s.Issues[k].Options {
					if allowed(n, o) {
						ids = append(ids, op.ID)
					}
				}
				b.fail(sat, "option %q is not allowed under this item (allowed: %s)", f.Start[iid], strings.Join(ids, ", "))
			}
			it.Start[n] = o
		}
		for _, k := range it.Issues {
			if _, ok := f.Start[s.Issues[k].ID]; !ok {
				b.fail(at.with("start"), "no start term for issue %q: an item in force at round 0 has an option for each of its issues (%s)", s.Issues[k].ID, strings.Join(names, ", "))
			}
		}
	}

	// Parties.
	if len(f.Parties) == 0 {
		for i, p := range s.Parties {
			if p.Role == agents.AtTable || slices.ContainsFunc(p.Controls, func(k int) bool { return slices.Contains(it.Issues, k) }) {
				it.Parties = append(it.Parties, i)
			}
		}
	} else {
		for j, pid := range f.Parties {
			pat := at.with("parties", index(j))
			i, ok := r.party(pat, pid)
			if !ok {
				continue
			}
			if slices.Contains(it.Parties, i) {
				b.fail(pat, "party %q is listed twice", pid)
				continue
			}
			it.Parties = append(it.Parties, i)
		}
		slices.Sort(it.Parties)
		var table []string
		atTable := false
		for i, p := range s.Parties {
			if p.Role != agents.AtTable {
				continue
			}
			table = append(table, p.ID)
			atTable = atTable || slices.Contains(it.Parties, i)
			// Reported only once the list is known to name real parties.
		}
		if !atTable && len(it.Parties) == len(f.Parties) {
			b.fail(at.with("parties"), "an item needs at least one party at the table (%s) to negotiate it", strings.Join(table, ", "))
		}
		for i, p := range s.Parties {
			if p.Role != agents.Outside || slices.Contains(it.Parties, i) {
				continue
			}
			for _, k := range p.Controls {
				if slices.Contains(it.Issues, k) {
					b.warn(at.with("parties"), "leaves out %q, which controls issue %q: the item will not need its consent", p.ID, s.Issues[k].ID)
					break
				}
			}
		}
	}

	// Preconditions.
	for j, aid := range f.After {
		aat := at.with("after", index(j))
		d, ok := r.item(aat, aid)
		switch {
		case !ok:
		case aid == id:
			b.fail(aat, "an item cannot be its own precondition")
		case slices.Contains(it.After, d):
			b.fail(aat, "item %q is listed twice", aid)
		default:
			it.After = append(it.After, d)
		}
	}

	it.Hazard = b.param(f.Hazard, at.with("hazard"), unitRange, ptr(0))
	it.Renegotiate = f.Renegotiate

	// Conditions.
	cnames := sortedKeys(f.Conditions)
	for _, cid := range cnames {
		if c, ok := b.condition(r, at.with("conditions", cid), id, &it, f.Conditions[cid], cnames); ok {
			it.Conditions = append(it.Conditions, c)
		}
	}
	return it, complete
}

// condition builds the condition at at of item (being built as it).
func (b *builder) condition(r *refs, at path, item string, it *sim.Item, f ConditionFile, names []string) (sim.Condition, bool) {
	s := r.s
	b.checkID(at, at[len(at)-1], "condition")
	c := sim.Condition{ID: at[len(at)-1], Item: -1, Issue: -1}
	ok := true
	if f.Party == "" {
		others := slices.DeleteFunc(slices.Clone(names), func(x string) bool { return x == at[len(at)-1] })
		b.fail(at.with("party"), "a condition names the party whose consent it limits (parties: %s)%s", strings.Join(r.parties, ", "), suggest(at[len(at)-1], others))
		ok = false
	} else if i, found := r.party(at.with("party"), f.Party); found {
		c.Party = i
		if !slices.Contains(it.Parties, i) {
			b.warn(at.with("party"), "%q does not consent to item %q, so the condition never applies", f.Party, item)
		}
	} else {
		ok = false
	}
	if f.Item == "" && f.Issue == "" {
		b.fail(at, "a condition names an item that must be in force (item:), an issue whose option in force must be one of options (issue:, options:), or both")
		return c, false
	}
	if f.Item != "" {
		switch j, found := r.item(at.with("item"), f.Item); {
		case !found:
			ok = false
		case f.Item == item:
			b.fail(at.with("item"), "a condition cannot be on its own item: restrict the item's options instead")
			ok = false
		default:
			c.Item = j
		}
	}
	switch {
	case f.Issue == "" && len(f.Options) > 0:
		b.fail(at.with("options"), "options need issue: the issue whose option in force must be one of them")
		ok = false
	case f.Issue != "" && len(f.Options) == 0:
		b.fail(at.with("issue"), "issue needs options: the options of %q the condition accepts", f.Issue)
		ok = false
	case f.Issue != "":
		k, found := r.issue(at.with("issue"), f.Issue)
		if !found {
			ok = false
			break
		}
		c.Issue = k
		c.Options = make([]bool, len(s.Issues[k].Options))
		for j, oid := range f.Options {
			if o, found := r.option(at.with("options", index(j)), k, oid); found {
				c.Options[o] = true
			} else {
				ok = false
			}
		}
		if slices.Contains(it.Issues, k) && c.Item < 0 {
			b.warn(at.with("issue"), "issue %q is settled by this item itself: restrict the item's options instead", f.Issue)
		}
	}
	// The zero Param means the condition always binds.
	if f.Binding.Value != nil || f.Binding.Dist != nil {
		c.Binding = b.param(f.Binding, at.with("binding"), unitRange, nil)
	}
	return c, ok
}

// acyclic reports items whose preconditions (after) form a cycle, naming
// the cycle.
func (b *builder) acyclic(af AgendaFile, order []string, idx map[string]int) {
	state := make([]int, len(order)) // 0 new, 1 on the path, 2 done
	var stack []string
	var visit func(id string) bool
	visit = func(id string) bool {
		j := idx[id]
		switch state[j] {
		case 1:
			start := slices.Index(stack, id)
			cycle := append(slices.Clone(stack[start:]), id)
			// Reported where the cycle closes.
			b.fail(path{"agenda", "items", stack[len(stack)-1], "after"}, "the preconditions form a cycle: %s; none of these items could ever open", strings.Join(cycle, " → "))
			return false
		case 2:
			return true
		}
		state[j] = 1
		stack = append(stack, id)
		for _, d := range af.Items[id].After {
			if _, ok := idx[d]; ok && d != id && !visit(d) {
				return false
			}
		}
		stack = stack[:len(stack)-1]
		state[j] = 2
		return true
	}
	for _, id := range order {
		if !visit(id) {
			return
		}
	}
}

func optionIDs(is agents.Issue) []string {
	ids := make([]string, len(is.Options))
	for o, op := range is.Options {
		ids[o] = op.ID
	}
	return ids
}

// agendaEvidence walks the agenda's parameters and choices, the shocks'
// breaks and end_chance into g (see MissingEvidence).
func agendaEvidence(f *File, g *evidenceGaps) {
	need, param := g.need, g.param
	param("end_chance", f.EndChance)
	for _, id := range sortedKeys(f.Shocks) {
		bs := f.Shocks[id].Breaks
		for _, k := range sortedKeys(bs) {
			need("shocks."+id+".breaks."+k, bs[k].Evidence)
		}
	}
	a := f.Agenda
	if !agendaGiven(a) {
		return
	}
	need("agenda", a.Evidence)
	param("agenda.horizon", a.Horizon)
	for _, id := range sortedKeys(a.Items) {
		it := a.Items[id]
		at := "agenda.items." + id
		need(at, it.Evidence)
		param(at+".hazard", it.Hazard)
		for _, cid := range sortedKeys(it.Conditions) {
			c := it.Conditions[cid]
			need(at+".conditions."+cid, c.Evidence)
			param(at+".conditions."+cid+".binding", c.Binding)
		}
	}
}

// entityAt names the kind of thing keyed by id in the map at p ("party",
// "agenda item", ...) that an override cannot add, or returns "": a --set
// naming an id that is not there would create an incomplete one.
func entityAt(p []string) string {
	switch {
	case len(p) == 1 && p[0] == "parties":
		return "party"
	case len(p) == 1 && p[0] == "shocks":
		return "shock"
	case len(p) == 2 && p[0] == "agenda" && p[1] == "items":
		return "agenda item"
	case len(p) == 4 && p[0] == "agenda" && p[1] == "items" && p[3] == "conditions":
		return "condition"
	}
	return ""
}
