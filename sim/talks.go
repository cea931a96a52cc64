package sim

import "github.com/negsim/negsim/agents"

// Talks is the state of one run's negotiation that protocols move on: the
// offer or text on the table, who proposed it, what every party demands
// this round and what proposers have learnt of the others' demands. Its
// methods apply the drafting and acceptance rules of package agents and
// emit trace events. A Talks belongs to its Runner.
type Talks struct {
	parties []agents.Party
	asp     []float64 // every consenting party's aspiration this round
	demand  []float64 // proposers' estimates of each party's demand
	planner agents.Planner
	space   *agents.Space // the enumerated outcome space, when small enough

	consenters []int // parties whose consent an agreement needs
	outside    []int // consenters not at the table
	order      []int // table parties in turn order
	allowed    [][]bool
	sizes      []int // options per issue
	prop       []int // the offer or text on the table
	cur        []int // scratch copy of prop
	hasProp    bool
	proposer   int
	reactive   []bool // reactive[i]: party i's strategy observes proposals
	veto       []bool // veto[i]: a binding linkage withholds i's consent (agenda items)
	mediator   int
	trace      Tracer
	emitFn     func(Event)
}

// reset starts a new run.
func (tk *Talks) reset(step float64, trace Tracer) {
	tk.trace = trace
	tk.planner.Step = step
	tk.planner.Iterations = PlanIterations
	tk.planner.Reset(len(tk.parties), tk.sizes)
	clear(tk.demand)
	tk.hasProp = false
	tk.proposer = -1
}

// Mediator returns the party that drafts texts in mediated protocols: the
// scenario's mediator, or, on an agenda item it takes no part in, the
// item's first party at the table.
func (tk *Talks) Mediator() int { return tk.mediator }

// Order returns the parties at the table in turn order.
func (tk *Talks) Order() []int { return tk.order }

// HasOffer reports whether an offer or text is on the table.
func (tk *Talks) HasOffer() bool { return tk.hasProp }

// Proposer returns the party whose offer or text is on the table, or -1.
func (tk *Talks) Proposer() int { return tk.proposer }

// Offer returns the offer or text on the table (an option per issue). It
// belongs to the Talks and changes with the next proposal.
func (tk *Talks) Offer() []int { return tk.prop }

// Propose makes party self put a new offer or text on the table in round
// t: a package that gives it at least its aspiration and, as far as the
// drafter can, every other party whose consent is needed at least its
// estimated demand.
func (tk *Talks) Propose(t, self int) {
	if tk.space != nil {
		tk.space.PlanExact(tk.prop, self, tk.consenters, tk.demand, tk.asp[self])
	} else {
		var current []int
		if tk.hasProp {
			current = tk.cur
			copy(current, tk.prop)
		}
		tk.planner.Plan(tk.prop, current, tk.parties, self, tk.consenters, tk.demand, tk.allowed, tk.asp[self])
	}
	tk.hasProp, tk.proposer = true, self
	if tk.trace != nil {
		tk.emitFn(Event{Round: t, Kind: EvPropose, Party: self, Package: tk.prop,
			Aspiration: tk.asp[self], Reservation: tk.parties[self].Reservation, Accept: true})
	}
}

// Answer has party j answer the offer on the table in round t and reports
// whether it accepts (agents.Party.Accepts at its aspiration). The answer
// tells proposers what j demands.
func (tk *Talks) Answer(t, j int) bool {
	p := &tk.parties[j]
	u := p.ConsentUtility(tk.prop)
	if tk.reactive[j] {
		p.Strategy.Observe(u)
	}
	ok := !p.Breaks(tk.prop) && u >= tk.asp[j] && u >= p.Reservation && !tk.vetoed(j) // p.Accepts, u computed once
	if ok {
		// An acceptance shows the party demands no more than it got.
		tk.demand[j] = min(tk.demand[j], u)
	} else {
		// In the one-text procedure a refusal comes as a criticism that
		// says what the party needs; in alternating offers the refuser's
		// counter-offer, worth its demand to it, reveals the same to
		// proposers who know its utilities.
		tk.demand[j] = max(tk.asp[j], p.Reservation)
	}
	if tk.trace != nil {
		tk.emitFn(Event{Round: t, Kind: EvAnswer, Party: j, Package: tk.prop,
			Aspiration: tk.asp[j], Reservation: p.Reservation, Accept: ok})
	}
	return ok
}

// Ratify asks the outside parties whose consent is needed; it reports
// whether all consent.
func (tk *Talks) Ratify(t int) bool {
	for _, j := range tk.outside {
		if !tk.Answer(t, j) {
			return false
		}
	}
	return true
}

// StillAgreed checks that every party at the table still accepts the offer
// now; the first that no longer does answers again (and so refuses, on the
// record).
func (tk *Talks) StillAgreed(t int) bool {
	for _, j := range tk.order {
		if !tk.parties[j].Accepts(tk.prop, tk.asp[j]) || tk.vetoed(j) {
			tk.Answer(t, j)
			return false
		}
	}
	return true
}

// vetoed reports whether a binding linkage withholds party j's consent.
func (tk *Talks) vetoed(j int) bool { return tk.veto != nil && tk.veto[j] }

// shortfall is party j's distance from accepting the offer on the table
// (agents.Party.Shortfall); a withheld consent counts like a red line.
func (tk *Talks) shortfall(j int) float64 {
	s := tk.parties[j].Shortfall(tk.prop, tk.asp[j])
	if tk.vetoed(j) && s < 1 {
		s = 1 + max(s, 0)
	}
	return s
}

// worst returns the consenting party furthest from accepting the offer on
// the table, or -1 if every one would accept.
func (tk *Talks) worst() int {
	w, worst := -1, 0.0
	for _, j := range tk.consenters {
		if s := tk.shortfall(j); s > worst {
			worst, w = s, j
		}
	}
	return w
}
