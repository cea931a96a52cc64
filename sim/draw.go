package sim

import (
	"slices"

	"github.com/negsim/negsim/agents"
)

// drawer draws a run's parameters: every party's preferences,
// reservation value, drift, strategy, influence and interactions, the
// protocol's step and the shocks, each from its own slot of the run's key
// (common random numbers), then derives what the run needs from them (the
// tabulated outcome space, each party's best attainable utility).
type drawer struct {
	sc      *Scenario
	parties []agents.Party
	stratP  [][]float64 // per party, the drawn strategy parameters
	// uniforms, when set, are the uniform numbers of the random parameters
	// in draw order (RunWith); params collects every parameter (Params).
	uniforms  []float64
	params    *[]Param
	values    *[]float64 // collects the random parameters' drawn values (DrawnValues)
	uncertain []string
	allowed   [][]bool
	consent   []int         // consenters, for pruning the space
	space     *agents.Space // the enumerated outcome space, when small enough
	filled    bool          // space holds the fixed parties' utilities
	fixed     []bool        // fixed[i]: party i's utilities are the same in every run
	reach     []float64     // each party's best consent utility over allowed options
	utilEnd   []int         // per party, the slot after its utilities' (0: not drawn yet)
	cached    []bool        // cached[i]: this draw reuses party i's fixed utilities
	startRes  []float64     // reservation values before the first round
	step      float64
	shocks    []drawnShock
	infl      []float64
	// The run's last round and chance per round of the talks ending; per
	// agenda item, its hazard and which of its conditions bind; per shock
	// and item, the chance the shock breaks the item.
	lastRound int
	endChance float64
	hazard    []float64
	binding   [][]bool
	breaks    [][]float64
}

type drawnShock struct {
	p, end float64
	shifts []float64 // per party
}

func newDrawer(s *Scenario, consenters []int, allowed [][]bool, sizes []int) *drawer {
	nI, nP := len(s.Issues), len(s.Parties)
	d := &drawer{sc: s, allowed: allowed, consent: consenters}
	d.parties = make([]agents.Party, nP)
	d.stratP = make([][]float64, nP)
	d.reach = make([]float64, nP)
	d.utilEnd = make([]int, nP)
	d.cached = make([]bool, nP)
	d.infl = make([]float64, nP)
	d.startRes = make([]float64, nP)
	for i, sp := range s.Parties {
		p := &d.parties[i]
		p.ID, p.Role, p.Controls = sp.ID, sp.Role, sp.Controls
		p.Weights = make([]float64, nI)
		p.Utils = make([][]float64, nI)
		for k := range s.Issues {
			p.Utils[k] = make([]float64, len(s.Issues[k].Options))
		}
		p.RedLine = sp.RedLines
		p.Strategy = sp.Strategy.Family().New()
		d.stratP[i] = make([]float64, len(sp.Strategy.Params))
	}
	d.shocks = make([]drawnShock, len(s.Shocks))
	for i := range d.shocks {
		d.shocks[i].shifts = make([]float64, nP)
	}
	d.space = agents.NewSpace(sizes, allowed, nP, exactLimit)
	d.fixed = make([]bool, nP)
	for i, sp := range s.Parties {
		d.fixed[i] = !utilitiesUncertain(&sp)
	}
	if a := s.Agenda; a != nil {
		d.hazard = make([]float64, len(a.Items))
		d.binding = make([][]bool, len(a.Items))
		for j, it := range a.Items {
			d.binding[j] = make([]bool, len(it.Conditions))
		}
		d.breaks = make([][]float64, len(s.Shocks))
		for i := range d.breaks {
			d.breaks[i] = make([]float64, len(a.Items))
		}
	}
	return d
}

// utilitiesUncertain reports whether any of a party's weights (saliences
// included), values, spatial positions and risk exponents or interaction
// terms is random.
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
	for _, sp := range p.Spatial {
		if sp != nil && (sp.Position.Uncertain() || sp.Risk.Uncertain()) {
			return true
		}
	}
	return false
}

// draw sets every party's parameters for the run with the given key.
func (d *drawer) draw(key uint64) { d.drawWith(key, -1) }

// drawWith draws every parameter from its slot of the run with the given
// key, or, when fixed is in [0,1), every parameter at that quantile.
func (d *drawer) drawWith(key uint64, fixed float64) {
	sl := slots{d: d, key: key, fixed: fixed}
	clear(d.infl)
	for i := range d.sc.Parties {
		d.drawParty(&sl, i)
	}
	d.drawTalks(&sl)
	d.drawAgenda(&sl)
	d.derive()
}

// slots hands out a run's draws: slots are structured (section, entity,
// then a counter within the entity), so that adding a party, a shock or a
// parameter at the end of an entity's list leaves every other parameter's
// draws unchanged.
type slots struct {
	d     *drawer
	key   uint64
	fixed float64 // in [0,1): every parameter at this quantile
	slot  int     // the next parameter's slot
	nu    int     // the number of random parameters drawn so far
}

// next draws parameter p from the current slot and moves to the next.
func (sl *slots) next(p Param) float64 {
	d := sl.d
	u := sl.fixed
	if u < 0 && p.Dist != nil {
		// A fixed parameter ignores u (Param.At): no hash for it.
		u = slotUniform(sl.key, sl.slot)
	}
	if p.Dist != nil {
		// The nu-th random parameter: a caller may set its uniform
		// (RunWith), or list it (uncertainNames).
		if d.uniforms != nil {
			u = d.uniforms[sl.nu]
		}
		sl.nu++
	}
	if d.params != nil {
		*d.params = append(*d.params, p)
	}
	sl.slot++
	x := p.At(u)
	if d.values != nil && p.Dist != nil {
		*d.values = append(*d.values, x)
	}
	return x
}

// drawParty draws party i's parameters.
func (d *drawer) drawParty(sl *slots, i int) {
	sl.slot = 1<<40 | i<<20
	sp, p := &d.sc.Parties[i], &d.parties[i]
	// Fixed utilities, and what derives from them (consent, reach), are
	// what an earlier draw computed (no draw reads its uniform number):
	// skip their slots.
	d.cached[i] = d.fixed[i] && d.utilEnd[i] > 0 && d.params == nil
	if d.cached[i] {
		sl.slot = d.utilEnd[i]
	} else {
		drawUtilities(d.sc, sp, p, sl)
		d.utilEnd[i] = sl.slot
	}
	p.Reservation = sl.next(sp.Reservation)
	p.Drift = sl.next(sp.Drift)
	// The strategy's parameters take agents.MaxParams slots whatever the
	// family, so that switching a party's strategy leaves the slots of its
	// later parameters where they were.
	base := sl.slot
	for j, sq := range sp.Strategy.Params {
		d.stratP[i][j] = sl.next(sq)
	}
	sl.slot = base + agents.MaxParams
	p.Strategy.Set(d.stratP[i])
	for _, sh := range sp.Influence {
		d.infl[sh.Party] += sl.next(sh.Amount)
	}
	p.Pairs = p.Pairs[:0]
	for _, q := range sp.Interactions {
		p.Pairs = append(p.Pairs, agents.Pair{K1: q.K1, O1: q.O1, K2: q.K2, O2: q.O2, U: sl.next(q.Value)})
	}
	p.Power = orOne(sp.Power, sl.next(sp.Power))
	p.Discount = orOne(sp.Discount, sl.next(sp.Discount))
	if !d.cached[i] {
		p.SetConsent()
	}
}

// drawTalks draws the protocol's step, the run's last round, its chance
// per round of ending, and the shocks.
func (d *drawer) drawTalks(sl *slots) {
	s := d.sc
	sl.slot = 0
	d.step = sl.next(s.Protocol.Step)
	d.lastRound = s.Deadline
	if s.DeadlineDist.Uncertain() {
		d.lastRound = drawnDeadline(s, sl.next(s.DeadlineDist))
	}
	d.endChance = 0
	if s.EndChance.Uncertain() || s.EndChance.Value != 0 {
		d.endChance = sl.next(s.EndChance)
	}
	for i := range s.Shocks {
		sl.slot = 2<<40 | i<<20
		sh, ds := &s.Shocks[i], &d.shocks[i]
		ds.p = sl.next(sh.Probability)
		ds.end = sl.next(sh.EndTalks)
		clear(ds.shifts)
		for _, x := range sh.Shifts {
			ds.shifts[x.Party] += sl.next(x.Amount)
		}
		if d.breaks != nil {
			clear(d.breaks[i])
			for _, b := range sh.Breaks {
				d.breaks[i][b.Item] = sl.next(b.Probability)
			}
		}
	}
}

// drawAgenda draws every agenda item's hazard and which of its conditions
// bind.
func (d *drawer) drawAgenda(sl *slots) {
	a := d.sc.Agenda
	if a == nil {
		return
	}
	for j := range a.Items {
		sl.slot = 5<<40 | j<<20
		it := &a.Items[j]
		d.hazard[j] = sl.next(it.Hazard)
		for c := range it.Conditions {
			p := 1.0
			// The zero Param (a hand-built scenario's default) means
			// always; the loader names every parameter it builds.
			if b := it.Conditions[c].Binding; b.Uncertain() || b.Name != "" || b.Value != 0 {
				p = sl.next(b)
			}
			// Whether the condition binds: a Bernoulli draw from a slot
			// of its own (a quantile of 0.5 binds at p ≥ 0.5).
			u := sl.fixed
			if u < 0 {
				u = slotUniform(sl.key, sl.slot)
			}
			sl.slot++
			d.binding[j][c] = u < p
		}
	}
}

// derive computes what the run needs from the drawn parameters: the
// tabulated outcome space, the reservation values with the outside
// parties' influence, and each party's best attainable utility.
func (d *drawer) derive() {
	if d.space != nil {
		changed := !d.filled
		for i := range d.parties {
			if !d.filled || !d.fixed[i] {
				d.space.Fill(i, &d.parties[i])
				changed = true
			}
		}
		if changed {
			d.space.Prune(d.consent)
		}
		d.filled = true
	}
	for i := range d.parties {
		p := &d.parties[i]
		p.Reservation = clamp01(p.Reservation + d.infl[i])
		d.startRes[i] = p.Reservation
		if d.cached[i] {
			continue
		}
		// The best a party can hope for excludes everyone's public red
		// lines: nobody proposes those options.
		d.reach[i] = 0
		for k, row := range p.Consent {
			m := 0.0
			for o, u := range row {
				if d.allowed[k][o] && !(p.RedLine[k][o] && p.Role == agents.AtTable) {
					m = max(m, u)
				}
			}
			d.reach[i] += m
		}
		for _, q := range p.ConsentPairs() {
			if d.allowed[q.K1][q.O1] && d.allowed[q.K2][q.O2] {
				d.reach[i] += max(q.U, 0)
			}
		}
	}
}

// drawUtilities draws party p's weights and option values (spatial
// issues: positions and risk) from the parameters of sp.
func drawUtilities(s *Scenario, sp *Party, p *agents.Party, sl *slots) {
	var sum float64
	for k := range s.Issues {
		w := sl.next(sp.Weights[k])
		if sp.Spatial != nil && sp.Spatial[k] != nil && sp.Spatial[k].WeightScale != 0 {
			w *= sp.Spatial[k].WeightScale
		}
		p.Weights[k] = max(w, 0)
		sum += p.Weights[k]
	}
	for k := range s.Issues {
		if sum > 0 {
			p.Weights[k] /= sum
		} else {
			p.Weights[k] = 1 / float64(len(s.Issues))
		}
		if sp.Spatial != nil && sp.Spatial[k] != nil {
			// A spatial issue takes two slots (position, risk)
			// whatever its grid, so that refining the grid leaves
			// every later draw where it was.
			sq := sp.Spatial[k]
			pos, r := sl.next(sq.Position), orOne(sq.Risk, sl.next(sq.Risk))
			for o, y := range s.Issues[k].Points {
				p.Utils[k][o] = p.Weights[k] * sq.Shape.Value(y, pos, r)
			}
			continue
		}
		for o := range p.Utils[k] {
			p.Utils[k][o] = p.Weights[k] * sl.next(sp.Values[k][o])
		}
	}
}

// allowedOptions marks the options no consenting party has a red line on
// (for an outside party, on the issues it controls): nobody proposes the
// others. An issue whose options are all someone's red line keeps them
// all, so that proposals can still name one.
func allowedOptions(s *Scenario, consenters []int) [][]bool {
	allowed := make([][]bool, len(s.Issues))
	for k, is := range s.Issues {
		allowed[k] = make([]bool, len(is.Options))
		n := 0
		for o := range is.Options {
			ok := true
			for _, j := range consenters {
				p := &s.Parties[j]
				if p.RedLines[k][o] && (p.Role == agents.AtTable || slices.Contains(p.Controls, k)) {
					ok = false
				}
			}
			allowed[k][o] = ok
			if ok {
				n++
			}
		}
		if n == 0 {
			for o := range allowed[k] {
				allowed[k][o] = true
			}
		}
	}
	return allowed
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
