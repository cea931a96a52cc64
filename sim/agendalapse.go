package sim

import (
	"slices"
	"strings"
)

// lapses ends, in round t, the items in force that a member would rather
// be without: each round, if any member's item-scale utility of the terms
// is below its floor (at its current reservation value, after drift and
// shocks), the item lapses with its hazard (Fortna 2003: a constant hazard
// gives a geometric duration).
func (r *Runner) lapses(t int) {
	ag := r.ag
	for j, ir := range ag.items {
		if !ir.inForce || ir.hazard <= 0 {
			continue
		}
		u := eventUniform(r.key, t, lapseEvent+j, 0)
		if u >= ir.hazard {
			continue
		}
		who := -1
		for _, i := range ir.members {
			if ir.itemUtility(i, ir.terms) < ir.floor(i, r.d.parties[i].Reservation) {
				who = i
				break
			}
		}
		if who >= 0 {
			r.lapse(j, t, who)
		}
	}
}

// lapse ends item j in round t; cause is the defecting party, or −1−s
// when shock s broke it.
func (r *Runner) lapse(j, t, cause int) {
	ir := r.ag.items[j]
	ir.inForce = false
	ir.lapsedAt = t
	if !ir.out.Lapsed {
		ir.out.Lapsed, ir.out.LapseRound = true, t
	}
	r.ag.worldOf(r.ag.world, -1)
	e := Event{Round: t, Kind: EvItemLapsed, Item: ir.it.ID, Party: cause}
	if r.inHorizon {
		e.Note = " (after the talks)"
	}
	r.emit(e)
}

// markInForce records which items are in force at the end of round t.
func (r *Runner) markInForce(t int) {
	var m uint64
	for j, ir := range r.ag.items {
		if ir.inForce {
			m |= 1 << j
		}
	}
	if t-1 < len(r.out.InForce) {
		r.out.InForce[t-1] = m
	}
}

// emitItem emits an event of item j's talks, with the item's terms
// expanded into the whole package (the world with those terms).
func (r *Runner) emitItem(j int, e Event) {
	if r.trace == nil {
		return
	}
	ir := r.ag.items[j]
	e.Item = ir.it.ID
	if e.Package != nil {
		if e.Kind == EvAnswer || e.Kind == EvPropose {
			e.Value = ir.itemUtility(e.Party, e.Package)
		}
		full := slices.Clone(r.ag.world)
		for n, k := range ir.it.Issues {
			full[k] = e.Package[n]
		}
		e.Package = full
	}
	r.emit(e)
}

// emitStatus emits item j's status at the start of its negotiation in
// round t, with the reason.
func (r *Runner) emitStatus(j, t int) {
	ag := r.ag
	ir := ag.items[j]
	var note string
	switch {
	case ir.inForce:
		note = "in force"
	case ir.ever && !ir.it.Renegotiate:
		note = "closed: lapsed, and the scenario does not allow renegotiating it"
	case ir.lapsedAt == t:
		note = "lapsed this round: it can be renegotiated from the next"
	default:
		var wait []string
		for _, d := range ir.it.After {
			if !ag.items[d].inForce {
				wait = append(wait, ag.items[d].it.ID)
			}
		}
		if len(wait) > 0 {
			note = "waiting for " + strings.Join(wait, ", ") + " to be in force"
			break
		}
		note = "open"
		if ir.ever {
			note = "open again (lapsed)"
		}
		for c := range ir.it.Conditions {
			cd := &ir.it.Conditions[c]
			if !ag.conditionMet(cd) {
				name := ""
				if cd.ID != "" {
					name = " " + cd.ID
				}
				if ir.binding[c] {
					note += "; " + r.sc.Parties[cd.Party].ID + " withholds consent: its condition" + name + " is unmet"
				} else {
					note += "; " + r.sc.Parties[cd.Party].ID + "'s condition" + name + " is unmet but does not bind in this run"
				}
			}
		}
	}
	r.emit(Event{Round: t, Kind: EvItemStatus, Item: ir.it.ID, Party: -1, Note: note})
}
