package sim

import (
	"fmt"
	"math"

	"github.com/negsim/negsim/agents"
)

// Reason says how a run ended.
type Reason int

const (
	// Agreed: every party whose consent is needed accepted a package.
	Agreed Reason = iota
	// Deadline: the last round ended without agreement.
	Deadline
	// ShockEnded: a shock ended the talks.
	ShockEnded
	// WalkedOut: a party at the table left because no package could give
	// it its reservation value any more.
	WalkedOut
	// Ended: the talks ended before the deadline by their per-round
	// chance of ending (Scenario.EndChance).
	Ended
)

var reasonNames = [...]string{"agreement", "deadline", "shock", "walkout", "ended"}

// String returns "agreement", "deadline", "shock", "walkout" or "ended".
func (r Reason) String() string { return reasonNames[r] }

// Outcome is the result of one run. Its slices belong to the Runner and are
// overwritten by the next run.
type Outcome struct {
	// Agreement: the parties agreed a package of every issue; in an agenda
	// scenario, at least one item was agreed during the talks ("any
	// agreement"; see Items for each item).
	Agreement bool
	// Round is the round of the agreement or of the breakdown (1-based); in
	// an agenda scenario, of the first item agreed, or else the last round
	// of the talks.
	Round int
	// Package is the agreed option index per issue (all 0 without an
	// agreement).
	Package []int
	// Utility is every party's utility for the agreed package (all 0
	// without an agreement). It is what the party's decisions compare with
	// its reservation value.
	Utility []float64
	// Score is GENIUS's discounted utility, Utility × Discount^τ at the
	// normalised time τ of the agreement round (0 in the first round, 1
	// in the last); it equals Utility for a party without discounting.
	Score  []float64
	Reason Reason
	// Cause is the shock (ShockEnded) or the party (WalkedOut) that ended
	// the talks, else -1.
	Cause int
	// Analysed is true when the run was analysed (Options.Analyze); then
	// ZOPA says whether a zone of possible agreement existed under the
	// run's drawn parameters, at the reservation values of the first round
	// or of the last (for an agreement: the agreement round, so an
	// agreement always has one). For agreements, ParetoGap is how far the
	// agreed package is from the Pareto frontier of the parties at the
	// table (the largest equal gain another package could give them all;
	// 0 on the frontier) and NashDistance the Euclidean distance between
	// their utilities and the Nash bargaining solution's (disagreement
	// point: the reservation values of the agreement round). Exact is false
	// when a search hit its node budget.
	Analysed     bool
	ZOPA         bool
	ParetoGap    float64
	NashDistance float64
	Exact        bool
	// Items, Order and InForce describe an agenda scenario's run (nil
	// without an agenda): what happened to each item, the items in the
	// order they were first agreed during the talks, and the items in
	// force (bit j for item j) at the end of each round of the talks and
	// of the horizon after them (0 after the run ended).
	Items   []ItemOutcome
	Order   []int
	InForce []uint64
	// Pivotal is, when talks broke down, the party that held out: the one
	// that walked out, or else the one furthest from accepting the last
	// offer or text on the table (a red line counts as furthest). -1 when
	// there was an agreement or no proposal.
	Pivotal int
	// Proposed is true when an offer or text was put on the table during
	// the run.
	Proposed bool
}

// EventKind classifies trace events.
type EventKind int

const (
	// EvStart opens a run; Runner.Parties holds the drawn parameters.
	EvStart EventKind = iota
	// EvShock: shock Party happened; Accept is true when it ended the talks.
	EvShock
	// EvWalkout: Party walked out.
	EvWalkout
	// EvPropose: Party proposed Package (an offer or a mediator's text).
	EvPropose
	// EvAnswer: Party answered Package; Accept says how.
	EvAnswer
	// EvEnd closes a run; the Outcome says how.
	EvEnd
	// EvItemAgreed: agenda item Item was agreed and is in force; Package
	// is the world with it.
	EvItemAgreed
	// EvItemLapsed: agenda item Item lapsed; Party is the party that
	// defected, or −1−s when shock s broke it.
	EvItemLapsed
	// EvEnded: the talks ended by chance before the round (EndChance).
	EvEnded
	// EvHorizon: the talks are over; the rounds that follow are the
	// horizon, in which agreements in force may still lapse.
	EvHorizon
	// EvItemStatus: agenda item Item's state at the start of the round's
	// negotiation, with the reason in Note ("open", "in force", "waiting
	// for ...", "closed: ...", and any linkage withholding consent).
	EvItemStatus
)

// Event is one step of a run, for tracing. Package and Utility are copies.
type Event struct {
	Round int
	Kind  EventKind
	Party int
	// Package and Utility (every party's utility for it) for proposals and
	// answers.
	Package []int
	Utility []float64
	// Aspiration is the acting party's demand this round (proposals and
	// answers); Reservation its reservation value.
	Aspiration, Reservation float64
	Accept                  bool
	// Item is the agenda item the event concerns ("" for none). In an
	// item's talks, Aspiration, Reservation and Value are on the item's
	// scale (docs/model.md) and Package is the whole package with the
	// item's terms.
	Item string
	// Value is the acting party's utility for the proposal on the
	// negotiation's scale (item events only).
	Value float64
	// Note explains an item's status (EvItemStatus).
	Note string
}

// Tracer receives a run's events in order.
type Tracer func(Event)

// Runner simulates single runs of one scenario. It is made of three
// parts: a drawer that draws each run's parameters, the Talks that a
// Protocol moves on round by round, and an analyser for the per-run
// outcome-space analysis. It owns scratch space reused across runs, so a
// Runner must not be used by two goroutines at once; use one per worker.
type Runner struct {
	sc    *Scenario
	d     *drawer
	tk    Talks
	proto Protocol
	an    analyser
	out   Outcome
	key   uint64 // the run's key: every random number of the run derives from it
	trace Tracer
	// horizon is the number of rounds parties expect the talks to last
	// (Horizon); ag the agenda machinery (nil without an agenda).
	horizon   int
	ag        *agendaState
	inHorizon bool
	// sk skips the silent rounds of runs where that is exact (skip.go).
	sk silent
}

// NewRunner returns a Runner for s, which must pass Check and must not be
// changed while the Runner is in use.
func NewRunner(s *Scenario) *Runner {
	nI, nP := len(s.Issues), len(s.Parties)
	r := &Runner{sc: s}
	tk := &r.tk
	for i, sp := range s.Parties {
		if sp.Role == agents.AtTable || len(sp.Controls) > 0 {
			tk.consenters = append(tk.consenters, i)
		}
		if sp.Role == agents.Outside && len(sp.Controls) > 0 {
			tk.outside = append(tk.outside, i)
		}
	}
	tk.order = s.Protocol.Order
	if tk.order == nil {
		for i, sp := range s.Parties {
			if sp.Role == agents.AtTable {
				tk.order = append(tk.order, i)
			}
		}
	}
	for k := range s.Issues {
		tk.sizes = append(tk.sizes, len(s.Issues[k].Options))
	}
	tk.allowed = allowedOptions(s, tk.consenters)
	r.d = newDrawer(s, tk.consenters, tk.allowed, tk.sizes)
	tk.parties = r.d.parties
	tk.space = r.d.space
	tk.asp = make([]float64, nP)
	tk.demand = make([]float64, nP)
	tk.prop = make([]int, nI)
	tk.cur = make([]int, nI)
	tk.emitFn = r.emit
	for _, sp := range s.Parties {
		tk.reactive = append(tk.reactive, sp.Strategy.Family().Reactive)
	}
	tk.mediator = s.Protocol.Mediator
	def, _ := LookupProtocol(s.Protocol.Kind)
	r.proto = def.New(s)
	r.out.Package = make([]int, nI)
	r.out.Utility = make([]float64, nP)
	r.out.Score = make([]float64, nP)
	r.horizon = expectedHorizon(s)
	r.sk = newSilent(r)
	if s.Agenda != nil {
		r.out.InForce = make([]uint64, s.Deadline+s.Agenda.Horizon)
		r.newAgenda()
	}
	return r
}

// ExactPackages is the largest outcome space in which proposers draft
// exactly, by scanning every package (agents.Space.PlanExact); larger
// spaces use the dual-ascent heuristic (agents.Planner), whose cost does not
// grow with the number of packages.
const ExactPackages = 4096

// exactLimit is ExactPackages, but tests set it to 0 to exercise the
// heuristic on small scenarios.
var exactLimit = ExactPackages

// PlanIterations is the number of dual-ascent iterations a proposer spends
// on each draft (see agents.Planner).
const PlanIterations = 12

// Parties returns the parties as drawn for the last run (or Draw).
func (r *Runner) Parties() []agents.Party { return r.d.parties }

// Draw sets the parties' parameters as drawn for run i with the given seed,
// without simulating, and returns them (see Parties). Reservation values
// are those before the first round: after the outside parties' influence,
// before any drift or shock.
func (r *Runner) Draw(seed uint64, i int) []agents.Party {
	r.d.draw(runKey(seed, i))
	return r.d.parties
}

// Params returns every parameter of s (fixed and random) in the order runs
// draw them; the random ones are in the order of Runner.Uncertain.
func (s *Scenario) Params() []Param {
	r := NewRunner(s)
	ps := []Param{}
	r.d.params = &ps
	r.d.drawWith(0, 0.5)
	return ps
}

// Uncertain returns the names of the scenario's random parameters, in the
// order RunWith takes their uniform numbers.
func (r *Runner) Uncertain() []string {
	if r.d.uncertain == nil {
		r.d.uncertain = []string{}
		for _, p := range r.sc.Params() {
			if p.Uncertain() {
				r.d.uncertain = append(r.d.uncertain, p.Name)
			}
		}
	}
	return r.d.uncertain
}

// RunWith simulates run i like Run, except that the random parameters are
// drawn at the given uniform numbers (one per entry of Uncertain, in
// [0,1): a parameter is its distribution's quantile at that number) instead
// of from the run's own slots; everything else in the run (shocks) still
// comes from (seed, i). It is the building block of variance-based
// sensitivity analysis.
func (r *Runner) RunWith(seed uint64, i int, us []float64, trace Tracer) *Outcome {
	if len(us) != len(r.Uncertain()) {
		panic(fmt.Sprintf("sim: RunWith: %d uniforms for %d random parameters", len(us), len(r.Uncertain())))
	}
	r.d.uniforms = us
	defer func() { r.d.uniforms = nil }()
	return r.Run(seed, i, trace)
}

// DrawnValues appends to dst the values run i with the given seed draws
// for the scenario's random parameters, in the order of Uncertain, and
// returns it (without simulating the run). They are what Run(seed, i)
// uses, so a user can regress outcomes on them.
func (r *Runner) DrawnValues(seed uint64, i int, dst []float64) []float64 {
	dst = dst[:0]
	r.d.values = &dst
	r.d.draw(runKey(seed, i))
	r.d.values = nil
	return dst
}

// DrawMedian sets every parameter at its median (the middle of its
// distribution; a fixed parameter at its value) and returns the parties:
// the central case of a scenario, which is what "negsim analyze" studies.
func (r *Runner) DrawMedian() []agents.Party {
	r.d.drawWith(0, 0.5)
	return r.d.parties
}

// Reach returns the best consent utility party i can get, in the run as
// drawn, from the packages nobody's public red lines rule out: the "best"
// from which its aspiration concedes and against which it walks out.
func (r *Runner) Reach(i int) float64 { return r.d.reach[i] }

// Consenters returns the indices of the parties whose consent an agreement
// needs: those at the table and the outside parties that control an issue.
func (r *Runner) Consenters() []int { return r.tk.consenters }

// Table returns the indices of the parties at the table, in turn order.
func (r *Runner) Table() []int { return r.tk.order }

// Run simulates run i of the Monte Carlo with the given seed. Its randomness
// comes only from (seed, i). trace, if not nil, receives every event.
func (r *Runner) Run(seed uint64, i int, trace Tracer) *Outcome {
	key := runKey(seed, i)
	r.key = key
	r.d.draw(key)
	r.trace = trace
	tk := &r.tk
	tk.reset(r.d.step, trace)
	r.proto.Reset(tk)
	o := &r.out
	o.Agreement, o.Reason, o.Cause, o.Pivotal = false, Deadline, -1, -1
	clear(o.InForce)
	r.emit(Event{Kind: EvStart})

	// D is this run's last round; H the one parties expect.
	D, H := r.d.lastRound, r.horizon
	if r.ag != nil {
		return r.runAgenda(D, H)
	}
	parties, reach := r.d.parties, r.d.reach
	drifts := false
	for i := range parties {
		drifts = drifts || parties[i].Drift != 0
	}
	// Without drift, re-clamping a reservation value in [0,1] changes
	// nothing; without it, the rounds in which no answer can be yes may
	// be skipped (skip.go).
	t0 := 1
	if !drifts && trace == nil && r.sk.on {
		t0 = r.skipSilent(D, H)
	}
	for t := t0; t <= D; t++ {
		o.Round = t
		if t > 1 {
			if drifts {
				for i := range parties {
					p := &parties[i]
					p.Reservation = clamp01(p.Reservation + p.Drift)
				}
			}
			if r.endsByChance(t) {
				o.Round, o.Reason = t-1, Ended
				return r.end()
			}
		}
		if r.shock(t) {
			o.Reason = ShockEnded
			return r.end()
		}
		for _, i := range tk.order {
			p := &parties[i]
			if p.Reservation > reach[i] {
				o.Reason, o.Cause, o.Pivotal = WalkedOut, i, i
				r.emit(Event{Round: t, Kind: EvWalkout, Party: i, Reservation: p.Reservation})
				return r.end()
			}
		}
		for _, i := range tk.consenters {
			tk.asp[i] = r.aspiration(i, t, H)
		}
		if r.proto.Round(tk, t) {
			r.agreed(t, D)
			return r.end()
		}
	}
	return r.end()
}

// aspiration returns party i's aspiration in round t of talks the parties
// expect to last H rounds, at its current reservation value. Time starts
// at 0 in the first round (agents.Strategy).
func (r *Runner) aspiration(i, t, H int) float64 {
	p, best := &r.d.parties[i], r.d.reach[i]
	// The common family called on its concrete type, so that the call is
	// inlined; the rule is the same (agents).
	if td, ok := p.Strategy.(*agents.TimeDependent); ok {
		if a, ok := td.Tabulated(t-1, H-1); ok && p.Reservation < best {
			return agents.Concede(best, p.Reservation, a)
		}
		return td.Aspiration(t-1, H-1, best, p.Reservation)
	}
	return p.Strategy.Aspiration(t-1, H-1, best, p.Reservation)
}

// agreed records the agreement on the offer on the table in round t of a
// run whose last round is D.
func (r *Runner) agreed(t, D int) {
	o, parties := &r.out, r.d.parties
	o.Agreement, o.Reason = true, Agreed
	copy(o.Package, r.tk.prop)
	for i := range parties {
		p := &parties[i]
		o.Utility[i] = p.Utility(o.Package)
		o.Score[i] = o.Utility[i]
		if p.Discount != 1 {
			// GENIUS discounts the agreement and the reservation value
			// alike, so discounting changes no decision of the built-in
			// strategies, which (like GENIUS's TimeDependentAgent) plan in
			// undiscounted utility: it is a score (docs/genius.md).
			tau := 1.0
			if D > 1 {
				tau = float64(t-1) / float64(D-1)
			}
			o.Score[i] *= math.Pow(p.Discount, tau)
		}
	}
}

// end fills in the pivotal party of a breakdown and closes the trace.
func (r *Runner) end() *Outcome {
	o := &r.out
	if !o.Agreement {
		// No package or utilities: clear what an earlier run left.
		clear(o.Package)
		clear(o.Utility)
		clear(o.Score)
	}
	tk := &r.tk
	o.Proposed = tk.hasProp
	if !o.Agreement && o.Pivotal < 0 && tk.hasProp {
		o.Pivotal = tk.worst()
	}
	r.emit(Event{Round: o.Round, Kind: EvEnd})
	return o
}

// shock draws this round's shocks; it reports whether one ended the talks.
// Each shock has fixed slots per round, drawn whether or not it happens,
// so that a higher probability only adds shocks, run by run (common random
// numbers across sweeps and comparisons).
func (r *Runner) shock(t int) bool {
	for i := range r.d.shocks {
		d := &r.d.shocks[i]
		if d.p <= 0 || eventUniform(r.key, t, i, 0) >= d.p {
			continue
		}
		for j, x := range d.shifts {
			if x != 0 {
				r.d.parties[j].Reservation = clamp01(r.d.parties[j].Reservation + x)
			}
		}
		ends := d.end > 0 && eventUniform(r.key, t, i, 1) < d.end && !r.inHorizon
		r.emit(Event{Round: t, Kind: EvShock, Party: i, Accept: ends})
		if r.ag != nil {
			for b, p := range r.ag.breaks[i] {
				if p > 0 && r.ag.items[b].inForce && eventUniform(r.key, t, breakEvent+i*MaxItems+b, 0) < p {
					r.lapse(b, t, -1-i)
				}
			}
		}
		if ends {
			r.out.Cause = i
			return true
		}
	}
	return false
}

// Horizon returns the number of rounds the parties expect the talks to
// last: the deadline, or, when it is uncertain or the talks may end by
// chance, the expected number of rounds (rounded), E[min(D, G)] with D the
// deadline and G the round the talks would end by chance. Time-dependent
// parties concede against it (docs/model.md, "Uncertain deadline").
func (r *Runner) Horizon() int { return r.horizon }

// expectedHorizon computes Horizon for s: the expectation over 1,000
// quantiles of the deadline's distribution, at the median end chance.
func expectedHorizon(s *Scenario) int {
	if !s.DeadlineDist.Uncertain() && !s.EndChance.Uncertain() && s.EndChance.Value == 0 {
		return s.Deadline
	}
	p := s.EndChance.At(0.5)
	const n = 1000
	var sum float64
	for q := range n {
		D := s.Deadline
		if s.DeadlineDist.Uncertain() {
			D = drawnDeadline(s, s.DeadlineDist.At((float64(q)+0.5)/n))
		}
		// Expected rounds played: Σ_{t=1..D} P(still talking at t).
		stay := 1.0
		for range D {
			sum += stay
			stay *= 1 - p
		}
	}
	return max(1, int(math.Round(sum/n)))
}

// drawnDeadline is the last round for a deadline draw x: x rounded, in
// [1, s.Deadline].
func drawnDeadline(s *Scenario, x float64) int {
	return min(max(int(math.Round(x)), 1), s.Deadline)
}

func (r *Runner) emit(e Event) {
	if r.trace == nil {
		return
	}
	if e.Package != nil {
		e.Package = append([]int(nil), e.Package...)
		e.Utility = make([]float64, len(r.d.parties))
		for i := range r.d.parties {
			e.Utility[i] = r.d.parties[i].Utility(e.Package)
		}
	}
	r.trace(e)
}
