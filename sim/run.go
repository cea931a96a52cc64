package sim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
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
)

var reasonNames = [...]string{"agreement", "deadline", "shock", "walkout"}

// String returns "agreement", "deadline", "shock" or "walkout".
func (r Reason) String() string { return reasonNames[r] }

// Outcome is the result of one run. Its slices belong to the Runner and are
// overwritten by the next run.
type Outcome struct {
	Agreement bool
	// Round is the round of the agreement or of the breakdown (1-based).
	Round int
	// Package is the agreed option index per issue (all 0 without an
	// agreement).
	Package []int
	// Utility is every party's utility for the agreed package (all 0
	// without an agreement).
	Utility []float64
	Reason  Reason
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
	// Pivotal is, when talks broke down, the party that held out: the one
	// that walked out, or else the one furthest from accepting the last
	// offer or text on the table (a red line counts as furthest). -1 when
	// there was an agreement or no proposal.
	Pivotal int
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
}

// Tracer receives a run's events in order.
type Tracer func(Event)

// Runner simulates single runs of one scenario. It owns scratch space reused
// across runs, so a Runner must not be used by two goroutines at once; use
// one per worker.
type Runner struct {
	sc      *Scenario
	parties []agents.Party
	states  []agents.State
	asp     []float64
	planner agents.Planner
	// searcher analyses runs (Analyze); startRes keeps the reservation
	// values of the first round; nash and gaps are scratch and a cache of
	// Pareto gaps by package when utilities are fixed.
	searcher *analysis.Searcher
	startRes []float64
	nash     []float64
	gaps     map[uint64]float64
	strides  []uint64
	// uniforms, when set, are the uniform numbers of the random parameters
	// in draw order (RunWith); params collects every parameter (Params).
	uniforms  []float64
	params    *[]Param
	uncertain []string
	// alpha[i][t] is time-dependent party i's concession α(t) for rounds
	// 0..Deadline (nil for other strategies); alphaFixed[i] says it is the
	// same in every run.
	alpha      [][]float64
	alphaFixed []bool
	space      *agents.Space // the enumerated outcome space, when small enough
	filled     bool          // space holds the fixed parties' utilities
	fixed      []bool        // fixed[i]: party i's utilities are the same in every run
	demand     []float64     // proposers' estimates of each party's demand
	reach      []float64     // each party's best consent utility over allowed options
	step       float64
	shocks     []drawnShock
	infl       []float64

	consenters []int // parties whose consent an agreement needs
	outside    []int // consenters not at the table
	order      []int // table parties in turn order
	allowed    [][]bool
	sizes      []int // options per issue
	prop       []int // the offer or text on the table
	cur        []int // scratch copy of prop
	hasProp    bool
	proposer   int
	out        Outcome
	pcg        rand.PCG
	rng        *rand.Rand
	trace      Tracer
}

type drawnShock struct {
	p, end float64
	shifts []float64 // per party
}

// NewRunner returns a Runner for s, which must pass Check and must not be
// changed while the Runner is in use.
func NewRunner(s *Scenario) *Runner {
	nI, nP := len(s.Issues), len(s.Parties)
	r := &Runner{sc: s}
	r.rng = rand.New(&r.pcg)
	r.parties = make([]agents.Party, nP)
	r.states = make([]agents.State, nP)
	r.asp = make([]float64, nP)
	r.demand = make([]float64, nP)
	r.reach = make([]float64, nP)
	r.infl = make([]float64, nP)
	for i, sp := range s.Parties {
		p := &r.parties[i]
		p.ID, p.Role, p.Controls = sp.ID, sp.Role, sp.Controls
		p.Weights = make([]float64, nI)
		p.Utils = make([][]float64, nI)
		for k := range s.Issues {
			p.Utils[k] = make([]float64, len(s.Issues[k].Options))
		}
		p.RedLine = sp.RedLines
		if sp.Role == agents.AtTable || len(sp.Controls) > 0 {
			r.consenters = append(r.consenters, i)
		}
		if sp.Role == agents.Outside && len(sp.Controls) > 0 {
			r.outside = append(r.outside, i)
		}
	}
	r.order = s.Protocol.Order
	if r.order == nil {
		for i, sp := range s.Parties {
			if sp.Role == agents.AtTable {
				r.order = append(r.order, i)
			}
		}
	}
	r.allowed = make([][]bool, nI)
	for k, is := range s.Issues {
		r.allowed[k] = make([]bool, len(is.Options))
		r.sizes = append(r.sizes, len(is.Options))
		n := 0
		for o := range is.Options {
			ok := true
			for _, j := range r.consenters {
				p := &r.parties[j]
				if p.RedLine[k][o] && (p.Role == agents.AtTable || slices.Contains(p.Controls, k)) {
					ok = false
				}
			}
			r.allowed[k][o] = ok
			if ok {
				n++
			}
		}
		if n == 0 {
			// Every option is someone's red line: no agreement is possible,
			// but proposals must still name an option.
			for o := range r.allowed[k] {
				r.allowed[k][o] = true
			}
		}
	}
	r.shocks = make([]drawnShock, len(s.Shocks))
	for i := range r.shocks {
		r.shocks[i].shifts = make([]float64, nP)
	}
	r.space = agents.NewSpace(r.sizes, r.allowed, nP, exactLimit)
	r.alpha = make([][]float64, nP)
	r.alphaFixed = make([]bool, nP)
	for i, sp := range s.Parties {
		if st := sp.Strategy; st.Kind == agents.TimeDependent {
			r.alpha[i] = make([]float64, s.Deadline+1)
			r.alphaFixed[i] = !st.Beta.Uncertain() && !st.K.Uncertain()
			if r.alphaFixed[i] {
				r.parties[i].Strategy = agents.Strategy{Kind: st.Kind, Beta: st.Beta.Value, K: st.K.Value}
				r.tabulateAlpha(i)
			}
		}
	}
	r.fixed = make([]bool, nP)
	for i, sp := range s.Parties {
		r.fixed[i] = !utilitiesUncertain(&sp)
	}
	r.prop = make([]int, nI)
	r.cur = make([]int, nI)
	r.out.Package = make([]int, nI)
	r.out.Utility = make([]float64, nP)
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

// utilitiesUncertain reports whether any of a party's weights, values or
// interaction terms is random.
func utilitiesUncertain(p *Party) bool {
	for k := range p.Weights {
		if p.Weights[k].Uncertain() {
			return true
		}
		for _, v := range p.Values[k] {
			if v.Uncertain() {
				return true
			}
		}
	}
	for _, q := range p.Interactions {
		if q.Value.Uncertain() {
			return true
		}
	}
	return false
}

// PlanIterations is the number of dual-ascent iterations a proposer spends
// on each draft (see agents.Planner).
const PlanIterations = 12

// tabulateAlpha fills alpha[i] from party i's drawn strategy with the
// formula of agents.Strategy.Aspiration, so the results are the same to
// the bit.
func (r *Runner) tabulateAlpha(i int) {
	st, T := r.parties[i].Strategy, r.sc.Deadline
	for t := range r.alpha[i] {
		r.alpha[i][t] = st.Alpha(t, T)
	}
}

// Parties returns the parties as drawn for the last run (or Draw).
func (r *Runner) Parties() []agents.Party { return r.parties }

// Draw sets the parties' parameters as drawn for run i with the given seed,
// without simulating, and returns them (see Parties). Reservation values
// are those before the first round: after the outside parties' influence,
// before any drift or shock.
func (r *Runner) Draw(seed uint64, i int) []agents.Party {
	r.draw(runKey(seed, i))
	return r.parties
}

// Params returns every parameter of s (fixed and random) in the order runs
// draw them; the random ones are in the order of Runner.Uncertain.
func (s *Scenario) Params() []Param {
	r := NewRunner(s)
	ps := []Param{}
	r.params = &ps
	r.drawWith(0, 0.5)
	return ps
}

// Uncertain returns the names of the scenario's random parameters, in the
// order RunWith takes their uniform numbers.
func (r *Runner) Uncertain() []string {
	if r.uncertain == nil {
		r.uncertain = []string{}
		for _, p := range r.sc.Params() {
			if p.Uncertain() {
				r.uncertain = append(r.uncertain, p.Name)
			}
		}
	}
	return r.uncertain
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
	r.uniforms = us
	defer func() { r.uniforms = nil }()
	return r.Run(seed, i, trace)
}

// DrawMedian sets every parameter at its median (the middle of its
// distribution; a fixed parameter at its value) and returns the parties:
// the central case of a scenario, which is what "negsim analyze" studies.
func (r *Runner) DrawMedian() []agents.Party {
	r.drawWith(0, 0.5)
	return r.parties
}

// Consenters returns the indices of the parties whose consent an agreement
// needs: those at the table and the outside parties that control an issue.
func (r *Runner) Consenters() []int { return r.consenters }

// Table returns the indices of the parties at the table, in turn order.
func (r *Runner) Table() []int { return r.order }

// draw sets every party's parameters for the run with the given key.
func (r *Runner) draw(key uint64) { r.drawWith(key, -1) }

// drawWith draws every parameter from its slot of the run with the given
// key, or, when fixed is in [0,1), every parameter at that quantile.
func (r *Runner) drawWith(key uint64, fixed float64) {
	s := r.sc
	// Slots are structured (section, entity, then a counter within the
	// entity), so that adding a party, a shock or a parameter at the end of
	// an entity's list leaves every other parameter's draws unchanged.
	slot, nu := 0, 0
	next := func(p Param) float64 {
		u := fixed
		if u < 0 {
			u = slotUniform(key, slot)
		}
		if p.Dist != nil {
			// The nu-th random parameter: a caller may set its uniform
			// (RunWith), or list it (uncertainNames).
			if r.uniforms != nil {
				u = r.uniforms[nu]
			}
			nu++
		}
		if r.params != nil {
			*r.params = append(*r.params, p)
		}
		slot++
		return p.At(u)
	}
	clear(r.infl)
	for i := range s.Parties {
		slot = 1<<40 | i<<20
		sp, p := &s.Parties[i], &r.parties[i]
		var sum float64
		for k := range s.Issues {
			p.Weights[k] = max(next(sp.Weights[k]), 0)
			sum += p.Weights[k]
		}
		for k := range s.Issues {
			if sum > 0 {
				p.Weights[k] /= sum
			} else {
				p.Weights[k] = 1 / float64(len(s.Issues))
			}
			for o := range p.Utils[k] {
				p.Utils[k][o] = p.Weights[k] * next(sp.Values[k][o])
			}
		}
		p.Reservation = next(sp.Reservation)
		p.Drift = next(sp.Drift)
		st := &sp.Strategy
		p.Strategy = agents.Strategy{
			Kind:          st.Kind,
			Beta:          next(st.Beta),
			K:             next(st.K),
			Rate:          next(st.Rate),
			MinConcession: next(st.MinConcession),
			Target:        next(st.Target),
		}
		if r.alpha[i] != nil && !r.alphaFixed[i] {
			r.tabulateAlpha(i)
		}
		for _, sh := range sp.Influence {
			r.infl[sh.Party] += next(sh.Amount)
		}
		p.Pairs = p.Pairs[:0]
		for _, q := range sp.Interactions {
			p.Pairs = append(p.Pairs, agents.Pair{K1: q.K1, O1: q.O1, K2: q.K2, O2: q.O2, U: next(q.Value)})
		}
		p.Power = orOne(sp.Power, next(sp.Power))
		p.Discount = orOne(sp.Discount, next(sp.Discount))
		p.SetConsent()
		r.states[i] = agents.State{}
	}
	slot = 0
	r.step = next(s.Protocol.Step)
	for i := range s.Shocks {
		slot = 2<<40 | i<<20
		sh, d := &s.Shocks[i], &r.shocks[i]
		d.p = next(sh.Probability)
		d.end = next(sh.EndTalks)
		clear(d.shifts)
		for _, x := range sh.Shifts {
			d.shifts[x.Party] += next(x.Amount)
		}
	}
	if r.space != nil {
		changed := !r.filled
		for i := range r.parties {
			if !r.filled || !r.fixed[i] {
				r.space.Fill(i, &r.parties[i])
				changed = true
			}
		}
		if changed {
			r.space.Prune(r.consenters)
		}
		r.filled = true
	}
	if r.startRes == nil {
		r.startRes = make([]float64, len(r.parties))
	}
	for i := range r.parties {
		p := &r.parties[i]
		p.Reservation = clamp01(p.Reservation + r.infl[i])
		r.startRes[i] = p.Reservation
		// The best a party can hope for excludes everyone's public red
		// lines: nobody proposes those options.
		r.reach[i] = 0
		for k, row := range p.Consent {
			m := 0.0
			for o, u := range row {
				if r.allowed[k][o] && !(p.RedLine[k][o] && p.Role == agents.AtTable) {
					m = max(m, u)
				}
			}
			r.reach[i] += m
		}
		for _, q := range p.ConsentPairs() {
			if r.allowed[q.K1][q.O1] && r.allowed[q.K2][q.O2] {
				r.reach[i] += max(q.U, 0)
			}
		}
	}
}

func clamp01(x float64) float64 { return min(max(x, 0), 1) }

// orOne returns 1 for a parameter left unset (fixed at 0, which is not a
// valid power or discount), else the drawn value.
func orOne(p Param, v float64) float64 {
	if p.Dist == nil && p.Value == 0 {
		return 1
	}
	return v
}

// Run simulates run i of the Monte Carlo with the given seed. Its randomness
// comes only from (seed, i). trace, if not nil, receives every event.
func (r *Runner) Run(seed uint64, i int, trace Tracer) *Outcome {
	key := runKey(seed, i)
	r.pcg.Seed(key, splitmix64(key))
	r.draw(key)
	r.trace = trace
	r.planner.Step = r.step
	r.planner.Iterations = PlanIterations
	r.planner.Reset(len(r.parties), r.sizes)
	clear(r.demand)
	r.hasProp = false
	r.proposer = -1
	o := &r.out
	o.Agreement, o.Reason, o.Cause, o.Pivotal = false, Deadline, -1, -1
	r.emit(Event{Kind: EvStart})

	T := r.sc.Deadline
	mediated := r.sc.Protocol.Kind == Mediated
	var accepts, streak int
	for t := 1; t <= T; t++ {
		o.Round = t
		if t > 1 {
			for i := range r.parties {
				p := &r.parties[i]
				p.Reservation = clamp01(p.Reservation + p.Drift)
			}
		}
		if r.shock(t) {
			return r.end()
		}
		for _, i := range r.order {
			p := &r.parties[i]
			if p.Reservation > r.reach[i] {
				o.Reason, o.Cause, o.Pivotal = WalkedOut, i, i
				r.emit(Event{Round: t, Kind: EvWalkout, Party: i, Reservation: p.Reservation})
				return r.end()
			}
		}
		for _, i := range r.consenters {
			p := &r.parties[i]
			if a := r.alpha[i]; a != nil {
				// Time-dependent: agents.Strategy.Aspiration with α(t)
				// tabulated.
				if best, floor := r.reach[i], p.Reservation; floor >= best {
					r.asp[i] = best
				} else {
					r.asp[i] = best - a[t]*(best-floor)
				}
				continue
			}
			r.asp[i] = p.Strategy.Aspiration(&r.states[i], t, T, r.reach[i], p.Reservation)
		}
		var done bool
		switch {
		case !mediated:
			done = r.alternatingRound(t, &accepts)
		case r.sc.Protocol.Format == Shuttle:
			done = r.shuttleRound(t, &streak)
		default:
			done = r.plenaryRound(t)
		}
		if done {
			o.Agreement, o.Reason = true, Agreed
			copy(o.Package, r.prop)
			for i := range r.parties {
				p := &r.parties[i]
				o.Utility[i] = p.Utility(o.Package)
				if p.Discount != 1 {
					o.Utility[i] *= math.Pow(p.Discount, float64(t)/float64(T))
				}
			}
			return r.end()
		}
	}
	return r.end()
}

// end fills in the pivotal party of a breakdown and closes the trace.
func (r *Runner) end() *Outcome {
	o := &r.out
	if !o.Agreement {
		// No package or utilities: clear what an earlier run left.
		clear(o.Package)
		clear(o.Utility)
	}
	if !o.Agreement && o.Pivotal < 0 && r.hasProp {
		worst := 0.0
		for _, j := range r.consenters {
			if s := r.parties[j].Shortfall(r.prop, r.asp[j]); s > worst {
				worst, o.Pivotal = s, j
			}
		}
	}
	r.emit(Event{Round: o.Round, Kind: EvEnd})
	return o
}

// shock draws this round's shocks; it reports whether one ended the talks.
func (r *Runner) shock(t int) bool {
	for i := range r.shocks {
		d := &r.shocks[i]
		if d.p <= 0 || r.rng.Float64() >= d.p {
			continue
		}
		for j, x := range d.shifts {
			if x != 0 {
				r.parties[j].Reservation = clamp01(r.parties[j].Reservation + x)
			}
		}
		ends := d.end > 0 && r.rng.Float64() < d.end
		r.emit(Event{Round: t, Kind: EvShock, Party: i, Accept: ends})
		if ends {
			r.out.Reason, r.out.Cause = ShockEnded, i
			return true
		}
	}
	return false
}

// propose makes party self put a new offer or text on the table: a
// package that gives it at least its aspiration and, as far as the planner
// can, every other party whose consent is needed at least its estimated
// demand.
func (r *Runner) propose(t, self int) {
	if r.space != nil {
		r.space.PlanExact(r.prop, self, r.consenters, r.demand, r.asp[self])
	} else {
		var current []int
		if r.hasProp {
			current = r.cur
			copy(current, r.prop)
		}
		r.planner.Plan(r.prop, current, r.parties, self, r.consenters, r.demand, r.allowed, r.asp[self])
	}
	r.hasProp, r.proposer = true, self
	if r.trace != nil {
		r.emit(Event{Round: t, Kind: EvPropose, Party: self, Package: r.prop,
			Aspiration: r.asp[self], Reservation: r.parties[self].Reservation, Accept: true})
	}
}

// answer has party j answer the proposal on the table.
func (r *Runner) answer(t, j int) bool {
	p := &r.parties[j]
	u := p.ConsentUtility(r.prop)
	if p.Strategy.Kind == agents.TitForTat {
		r.states[j].Observe(u)
	}
	ok := !p.Breaks(r.prop) && u >= r.asp[j] && u >= p.Reservation // p.Accepts, u computed once
	if ok {
		// An acceptance shows the party demands no more than it got.
		r.demand[j] = min(r.demand[j], u)
	} else {
		// In the one-text procedure a refusal comes as a criticism that
		// says what the party needs; in alternating offers the refuser's
		// counter-offer, worth its demand to it, reveals the same to
		// proposers who know its utilities.
		r.demand[j] = max(r.asp[j], p.Reservation)
	}
	if r.trace != nil {
		r.emit(Event{Round: t, Kind: EvAnswer, Party: j, Package: r.prop,
			Aspiration: r.asp[j], Reservation: p.Reservation, Accept: ok})
	}
	return ok
}

// ratify asks the outside parties whose consent is needed; it reports
// whether all consent.
func (r *Runner) ratify(t int) bool {
	for _, j := range r.outside {
		if !r.answer(t, j) {
			return false
		}
	}
	return true
}

func (r *Runner) emit(e Event) {
	if r.trace == nil {
		return
	}
	if e.Package != nil {
		e.Package = append([]int(nil), e.Package...)
		e.Utility = make([]float64, len(r.parties))
		for i := range r.parties {
			e.Utility[i] = r.parties[i].Utility(e.Package)
		}
	}
	r.trace(e)
}

// Analyze answers, for the run just simulated, whether a zone of possible
// agreement existed and, for an agreement, its distance to the Pareto
// frontier and to the Nash solution (see Outcome). It reads the parties as
// the run left them.
func (r *Runner) Analyze(o *Outcome) error {
	if r.searcher == nil {
		p := &analysis.Problem{Issues: r.sc.Issues, Parties: r.parties, Consent: r.consenters, Table: r.order}
		sr, err := analysis.NewSearcher(p, nil)
		if err != nil {
			return fmt.Errorf("sim: analysing runs: %w", err)
		}
		r.searcher = sr
		r.nash = make([]float64, len(r.order))
		fixed := true
		for _, f := range r.fixed {
			fixed = fixed && f
		}
		if fixed {
			r.gaps = map[uint64]float64{}
			r.strides = make([]uint64, len(r.sizes))
			st := uint64(1)
			for k := len(r.sizes) - 1; k >= 0; k-- {
				r.strides[k] = st
				if st > (1<<62)/uint64(r.sizes[k]) {
					r.gaps = nil // too large to index
					break
				}
				st *= uint64(r.sizes[k])
			}
		}
	}
	o.Analysed, o.Exact = true, true
	o.ParetoGap, o.NashDistance = 0, 0
	if o.Agreement {
		// The agreed package is in the zone at the agreement round.
		o.ZOPA = true
		found, exact := r.searcher.Solve(analysis.Nash, nil, r.nash)
		o.Exact = o.Exact && exact
		if found {
			o.NashDistance = r.searcher.NashDistance(o.Package, r.nash)
		}
		o.ParetoGap, exact = r.paretoGap(o.Package)
		o.Exact = o.Exact && exact
		return nil
	}
	// No agreement: a zone at the last round's reservation values, or else
	// at the first round's.
	exists, exact := r.searcher.ZOPAExists()
	o.Exact = exact
	if !exists {
		for i := range r.parties {
			r.parties[i].Reservation, r.startRes[i] = r.startRes[i], r.parties[i].Reservation
		}
		exists, exact = r.searcher.ZOPAExists()
		o.Exact = o.Exact && exact
		for i := range r.parties {
			r.parties[i].Reservation, r.startRes[i] = r.startRes[i], r.parties[i].Reservation
		}
	}
	o.ZOPA = exists
	return nil
}

// paretoGap is Searcher.ParetoGap, cached by package when the parties'
// utilities are the same in every run (it does not depend on reservation
// values).
func (r *Runner) paretoGap(pkg []int) (float64, bool) {
	if r.gaps == nil {
		return r.searcher.ParetoGap(pkg)
	}
	var key uint64
	for k, o := range pkg {
		key += uint64(o) * r.strides[k]
	}
	if g, ok := r.gaps[key]; ok {
		return g, true
	}
	g, exact := r.searcher.ParetoGap(pkg)
	if exact {
		r.gaps[key] = g
	}
	return g, exact
}

// ZOPAShare draws the parameters of runs 0..n-1 with the given seed and
// returns the share of them in which a zone of possible agreement exists
// at the start of the talks (before drift and shocks), and whether every
// search was exact. A share of 0 means that, barring drift and shocks that
// lower reservation values, no run can reach agreement.
func ZOPAShare(s *Scenario, seed uint64, n int) (float64, bool, error) {
	r := NewRunner(s)
	r.Draw(seed, 0) // the searcher checks drawn parties
	p := &analysis.Problem{Issues: s.Issues, Parties: r.parties, Consent: r.consenters, Table: r.order}
	sr, err := analysis.NewSearcher(p, &analysis.Options{NodeBudget: 100000})
	if err != nil {
		return 0, false, err
	}
	found, exact := 0, true
	for i := range n {
		r.Draw(seed, i)
		ok, ex := sr.ZOPAExists()
		exact = exact && ex
		if ok {
			found++
		}
	}
	return float64(found) / float64(n), exact, nil
}
