package sim

import (
	"math"
	"slices"

	"github.com/negsim/negsim/agents"
)

// itemRun is one agenda item's negotiation and state within a Runner. Its
// Talks work on the item's issues only: each member's utilities there are
// its consent utilities on those issues (rows shared with the drawn
// parties, so they follow every draw), and its "reservation value" in the
// item's Talks is its floor for the item (see docs/model.md, "Agenda
// items").
type itemRun struct {
	it      *Item
	tk      Talks
	proto   Protocol
	parties []agents.Party // reduced parties, indexed like the scenario's
	members []int          // parties whose consent the item needs
	isMem   []bool
	weight  []float64 // per party, the item's weight on its consent scale
	reach   []float64 // per party, best item-scale utility over allowed options
	strat   []agents.Strategy
	space   *agents.Space
	filled  bool

	// per run
	hazard   float64
	binding  []bool // per condition: it binds in this run
	inForce  bool
	ever     bool // was in force at some point (start terms count)
	terms    []int
	out      *ItemOutcome
	lastAsk  bool // an offer was on the table this run
	lapsedAt int  // the round it last lapsed (0: never)
}

// ItemOutcome is what happened to one agenda item in a run.
type ItemOutcome struct {
	// Agreed is true when the item was agreed during the talks (terms in
	// force at round 0 do not count); Round is the first round it was.
	Agreed bool
	Round  int
	// StartInForce: the item was in force at round 0.
	StartInForce bool
	// InForceEnd and InForceHorizon say whether it was in force at the end
	// of the talks and at the end of the horizon after them.
	InForceEnd, InForceHorizon bool
	// Lapsed: an agreement in force on the item ended at least once;
	// LapseRound is the first round it did (rounds after the talks
	// continue the count).
	Lapsed     bool
	LapseRound int
	// Terms are the options of the item's issues under its last agreement
	// (its start terms if it was never agreed during the talks); valid when
	// Agreed or StartInForce.
	Terms []int
	// HeldOut is, when the item was negotiated but never agreed, the
	// member furthest from accepting the last offer on it (-1 otherwise).
	HeldOut int
}

// agendaState is the Runner's agenda machinery.
type agendaState struct {
	items  []*itemRun
	cover  [][]int     // cover[k]: items settling issue k, in agenda order
	base   []int       // base[k]: the status quo of issue k
	world  []int       // the options in force on every issue
	breaks [][]float64 // per shock, per item: drawn break probability
}

// newAgenda builds the agenda machinery for r.
func (r *Runner) newAgenda() {
	s := r.sc
	a := s.Agenda
	ag := &agendaState{}
	nP := len(s.Parties)
	ag.cover = make([][]int, len(s.Issues))
	ag.base = make([]int, len(s.Issues))
	ag.world = make([]int, len(s.Issues))
	for j, it := range a.Items {
		for n, k := range it.Issues {
			if len(ag.cover[k]) == 0 {
				ag.base[k] = it.StatusQuo[n]
			}
			ag.cover[k] = append(ag.cover[k], j)
		}
	}
	def, _ := LookupProtocol(s.Protocol.Kind)
	r.out.Items = make([]ItemOutcome, len(a.Items))
	for j := range a.Items {
		it := &a.Items[j]
		ir := &itemRun{it: it}
		ir.out = &r.out.Items[j]
		ir.out.Terms = make([]int, len(it.Issues))
		ir.terms = make([]int, len(it.Issues))
		ir.isMem = make([]bool, nP)
		for _, i := range it.Parties {
			ir.isMem[i] = true
		}
		ir.weight = make([]float64, nP)
		ir.reach = make([]float64, nP)
		ir.binding = make([]bool, len(it.Conditions))
		ir.parties = make([]agents.Party, nP)
		ir.strat = make([]agents.Strategy, nP)
		tk := &ir.tk
		for _, i := range r.tk.order { // table members in protocol order
			if ir.isMem[i] {
				tk.order = append(tk.order, i)
			}
		}
		for i := range s.Parties {
			if !ir.isMem[i] {
				continue
			}
			ir.members = append(ir.members, i)
			tk.consenters = append(tk.consenters, i)
			if s.Parties[i].Role == agents.Outside {
				tk.outside = append(tk.outside, i)
			}
			p := &ir.parties[i]
			sp := &s.Parties[i]
			p.ID, p.Role = sp.ID, agents.AtTable
			p.Weights = make([]float64, len(it.Issues))
			p.Utils = make([][]float64, len(it.Issues))
			p.RedLine = make([][]bool, len(it.Issues))
			for n, k := range it.Issues {
				if sp.Role == agents.Outside && !slices.Contains(sp.Controls, k) {
					// An outside party's red lines count only on the
					// issues it controls.
					p.RedLine[n] = make([]bool, len(s.Issues[k].Options))
				} else {
					p.RedLine[n] = sp.RedLines[k]
				}
			}
			ir.strat[i] = sp.Strategy.Family().New()
			p.Strategy = ir.strat[i]
			p.Power, p.Discount = 1, 1
		}
		for n, k := range it.Issues {
			tk.sizes = append(tk.sizes, len(s.Issues[k].Options))
			row := make([]bool, len(s.Issues[k].Options))
			for o := range row {
				row[o] = r.tk.allowed[k][o] && (it.Options == nil || it.Options[n][o])
			}
			if !slices.Contains(row, true) {
				// Red lines rule out every option the item allows: nothing
				// can be agreed, but proposals must still name one.
				for o := range row {
					row[o] = it.Options == nil || it.Options[n][o]
				}
			}
			tk.allowed = append(tk.allowed, row)
		}
		tk.parties = ir.parties
		tk.asp = make([]float64, nP)
		tk.demand = make([]float64, nP)
		tk.prop = make([]int, len(it.Issues))
		tk.cur = make([]int, len(it.Issues))
		tk.reactive = r.tk.reactive
		tk.veto = make([]bool, nP)
		tk.mediator = s.Protocol.Mediator
		if !ir.isMem[tk.mediator] || s.Parties[tk.mediator].Role != agents.AtTable {
			tk.mediator = tk.order[0]
		}
		jj := j
		tk.emitFn = func(e Event) { r.emitItem(jj, e) }
		ir.space = agents.NewSpace(tk.sizes, tk.allowed, nP, exactLimit)
		tk.space = ir.space
		ir.proto = def.New(s)
		ag.items = append(ag.items, ir)
	}
	ag.breaks = r.d.breaks
	r.ag = ag
	r.out.Order = make([]int, 0, len(a.Items))
}

// prepare sets the item's reduced parties from the run's draw: weights,
// utility rows, interaction terms inside the item and best attainable
// item-scale utility.
func (ir *itemRun) prepare(d *drawer) {
	it := ir.it
	for _, i := range ir.members {
		full, p := &d.parties[i], &ir.parties[i]
		var total float64 // the consent scale's weight normaliser
		if full.Role == agents.Outside {
			for _, k := range full.Controls {
				total += full.Weights[k]
			}
		}
		ir.weight[i] = 0
		for n, k := range it.Issues {
			p.Utils[n] = full.Consent[k]
			w := full.Weights[k]
			if full.Role == agents.Outside {
				w = 0
				if total > 0 && slices.Contains(full.Controls, k) {
					w = full.Weights[k] / total
				}
			}
			p.Weights[n] = w
			ir.weight[i] += w
		}
		p.Pairs = p.Pairs[:0]
		for _, q := range full.ConsentPairs() {
			n1, n2 := slices.Index(it.Issues, q.K1), slices.Index(it.Issues, q.K2)
			if n1 >= 0 && n2 >= 0 {
				p.Pairs = append(p.Pairs, agents.Pair{K1: n1, O1: q.O1, K2: n2, O2: q.O2, U: q.U})
			}
		}
		p.SetConsent()
		ir.strat[i].Set(d.stratP[i])
		// Best attainable on the item, as drawer.reach does for the whole.
		ir.reach[i] = 0
		for n, row := range p.Consent {
			m := 0.0
			for o, u := range row {
				if ir.tk.allowed[n][o] && !p.RedLine[n][o] {
					m = max(m, u)
				}
			}
			ir.reach[i] += m
		}
		for _, q := range p.Pairs {
			if ir.tk.allowed[q.K1][q.O1] && ir.tk.allowed[q.K2][q.O2] {
				ir.reach[i] += max(q.U, 0)
			}
		}
	}
	if ir.space != nil {
		changed := !ir.filled
		for _, i := range ir.members {
			if !ir.filled || !d.fixed[i] {
				ir.space.Fill(i, &ir.parties[i])
				changed = true
			}
		}
		if changed {
			ir.space.Prune(ir.members)
		}
		ir.filled = true
	}
}

// worldOf fills w with the options in force on every issue when item skip
// (or none, -1) is left out: on each issue, the terms of the last item in
// agenda order that is in force, else the status quo.
func (ag *agendaState) worldOf(w []int, skip int) {
	for k, items := range ag.cover {
		w[k] = ag.base[k]
		for n := len(items) - 1; n >= 0; n-- {
			j := items[n]
			if ir := ag.items[j]; j != skip && ir.inForce {
				w[k] = ir.terms[slices.Index(ir.it.Issues, k)]
				break
			}
		}
	}
}

// itemUtility is party i's item-scale utility for the options opts of the
// item's issues.
func (ir *itemRun) itemUtility(i int, opts []int) float64 {
	return ir.parties[i].ConsentUtility(opts)
}

// floor returns party i's floor for the item: the item's share of its
// reservation value, its weight on the item's issues times the value.
// The reservation value is the utility of no agreement, costs of the
// conflict included, so the status quo on the item's issues is no floor of
// its own (docs/model.md, "How reservation values relate to the status
// quo"); with one item of every issue the floor is the reservation value.
func (ir *itemRun) floor(i int, reservation float64) float64 {
	return float64(ir.weight[i] * reservation)
}

// conditionMet reports whether condition c holds in the current world.
func (ag *agendaState) conditionMet(c *Condition) bool {
	if c.Item >= 0 {
		y := ag.items[c.Item]
		if !y.inForce {
			return false
		}
		if c.Issue >= 0 {
			if n := slices.Index(y.it.Issues, c.Issue); n >= 0 {
				return c.Options[y.terms[n]]
			}
		}
	}
	if c.Issue >= 0 {
		return c.Options[ag.world[c.Issue]]
	}
	return true
}

// open reports whether item j can be negotiated in round t: not in force,
// never in force or renegotiable (but not in the round it lapsed: a broken
// agreement is not re-made within the same round), and its preconditions
// in force.
func (ag *agendaState) open(j, t int) bool {
	ir := ag.items[j]
	if ir.inForce || (ir.ever && !ir.it.Renegotiate) || ir.lapsedAt == t {
		return false
	}
	for _, d := range ir.it.After {
		if !ag.items[d].inForce {
			return false
		}
	}
	return true
}

// resetAgenda starts a run: the draws of the agenda's parameters, start
// terms, the world.
func (r *Runner) resetAgenda() {
	ag := r.ag
	o := &r.out
	o.Order = o.Order[:0]
	for j, ir := range ag.items {
		ir.prepare(r.d)
		ir.tk.reset(r.d.step, r.trace)
		ir.proto.Reset(&ir.tk)
		*ir.out = ItemOutcome{Terms: ir.out.Terms, HeldOut: -1}
		clear(ir.out.Terms)
		ir.hazard = r.d.hazard[j]
		copy(ir.binding, r.d.binding[j])
		ir.inForce, ir.ever, ir.lastAsk, ir.lapsedAt = false, false, false, 0
		if ir.it.Start != nil {
			copy(ir.terms, ir.it.Start)
			copy(ir.out.Terms, ir.it.Start)
			ir.inForce, ir.ever = true, true
			ir.out.StartInForce = true
		}
	}
	ag.worldOf(ag.world, -1)
}

// runAgenda simulates a run of an agenda scenario (Run has drawn it).
func (r *Runner) runAgenda(D, H int) *Outcome {
	ag := r.ag
	o := &r.out
	r.resetAgenda()
	parties := r.d.parties
	end := D
	for t := 1; t <= D; t++ {
		o.Round = t
		if t > 1 {
			r.driftAll()
			if r.endsByChance(t) {
				o.Reason = Ended
				end = t - 1
				break
			}
		}
		if r.shock(t) {
			o.Reason = ShockEnded
			end = t
			r.lapses(t)
			r.markInForce(t)
			break
		}
		r.lapses(t)
		for j, ir := range ag.items {
			open := ag.open(j, t)
			if r.trace != nil {
				r.emitStatus(j, t)
			}
			if !open {
				continue
			}
			tk := &ir.tk
			for _, i := range ir.members {
				f := ir.floor(i, parties[i].Reservation)
				ir.parties[i].Reservation = f
				tk.asp[i] = ir.strat[i].Aspiration(t-1, H-1, ir.reach[i], f)
			}
			r.setVetoes(ir)
			if ir.proto.Round(tk, t) {
				r.agree(j, t)
			} else if tk.hasProp {
				ir.lastAsk = true
			}
		}
		r.markInForce(t)
	}
	// The talks are over; agreements in force may still lapse.
	o.Round = end
	o.Proposed = len(o.Order) > 0
	for _, ir := range ag.items {
		o.Proposed = o.Proposed || ir.lastAsk
		ir.out.InForceEnd = ir.inForce
		if !ir.out.Agreed && ir.lastAsk {
			ir.out.HeldOut = ir.tk.worst()
		}
	}
	ag.worldOf(ag.world, -1)
	copy(o.Package, ag.world)
	r.inHorizon = true
	if r.sc.Agenda.Horizon > 0 {
		r.emit(Event{Round: end, Kind: EvHorizon})
	}
	for t := end + 1; t <= end+r.sc.Agenda.Horizon; t++ {
		r.driftAll()
		r.shock(t)
		r.lapses(t)
		r.markInForce(t)
	}
	r.inHorizon = false
	for _, ir := range ag.items {
		ir.out.InForceHorizon = ir.inForce
	}
	// Rounds after this run's horizon keep its last state, so that the
	// chance in force by round compares runs that ended at different
	// rounds.
	if last := end + r.sc.Agenda.Horizon; last >= 1 && last < len(o.InForce) {
		for t := last; t < len(o.InForce); t++ {
			o.InForce[t] = o.InForce[last-1]
		}
	}
	// The headline "agreement" of an agenda run is any item agreed during
	// the talks; its package is the world at the end of the talks.
	o.Agreement = len(o.Order) > 0
	if o.Agreement {
		o.Round = ag.items[o.Order[0]].out.Round
		o.Reason, o.Cause = Agreed, -1
		for i := range parties {
			o.Utility[i] = parties[i].Utility(o.Package)
			o.Score[i] = o.Utility[i]
		}
	}
	if !o.Agreement {
		// Who held out: the member furthest from the last offer on the
		// item that came closest (the smallest worst shortfall).
		best := math.Inf(1)
		for _, ir := range ag.items {
			if ir.out.HeldOut >= 0 {
				if s := ir.tk.shortfall(ir.out.HeldOut); s < best {
					best, o.Pivotal = s, ir.out.HeldOut
				}
			}
		}
	}
	r.emit(Event{Round: o.Round, Kind: EvEnd})
	return o
}

// driftAll moves every party's reservation value by its drift.
func (r *Runner) driftAll() {
	for i := range r.d.parties {
		p := &r.d.parties[i]
		p.Reservation = clamp01(p.Reservation + p.Drift)
	}
}

// endsByChance draws whether the talks end before round t (EndChance).
func (r *Runner) endsByChance(t int) bool {
	if r.d.endChance <= 0 {
		return false
	}
	if eventUniform(r.key, t, endEvent, 0) < r.d.endChance {
		r.emit(Event{Round: t, Kind: EvEnded})
		return true
	}
	return false
}

// Event numbers of eventUniform: shocks use 0 to len(Shocks)−1 (below
// 1<<17); an item's lapse lapseEvent+item; the talks ending by chance
// endEvent; shock s breaking item b breakEvent+s·MaxItems+b.
const (
	lapseEvent = 1 << 17
	endEvent   = lapseEvent + MaxItems
	breakEvent = 1 << 18
)

// setVetoes marks the members whose consent a binding, unmet condition
// withholds.
func (r *Runner) setVetoes(ir *itemRun) {
	clear(ir.tk.veto)
	for c := range ir.it.Conditions {
		cd := &ir.it.Conditions[c]
		if ir.binding[c] && !r.ag.conditionMet(cd) {
			ir.tk.veto[cd.Party] = true
		}
	}
}

// agree puts item j in force with the terms on its table in round t.
func (r *Runner) agree(j, t int) {
	ag := r.ag
	ir := ag.items[j]
	copy(ir.terms, ir.tk.prop)
	copy(ir.out.Terms, ir.terms)
	ir.inForce, ir.ever = true, true
	if !ir.out.Agreed {
		ir.out.Agreed, ir.out.Round = true, t
		r.out.Order = append(r.out.Order, j)
	}
	ir.tk.hasProp, ir.lastAsk = false, false
	ag.worldOf(ag.world, -1)
	r.emit(Event{Round: t, Kind: EvItemAgreed, Item: ir.it.ID, Party: -1, Package: r.ag.world})
}
