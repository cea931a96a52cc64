package sim

// alternatingRound plays one round of stacked alternating offers (Aydoğan,
// Festen, Hindriks & Jonker 2017): each party at the table in turn either
// accepts the offer on the table or replaces it with its own. An offer is
// agreed when all the other parties at the table have accepted it in the
// turns after it was made, every party at the table (the proposer included)
// still accepts it, and then the outside parties whose consent is needed
// ratify it. A withdrawn acceptance or a refused ratification voids the
// offer and the party whose turn it is makes a new one. accepts carries the number of
// acceptances of the standing offer across rounds.
func (r *Runner) alternatingRound(t int, accepts *int) bool {
	n := len(r.order)
	for _, i := range r.order {
		if r.hasProp && r.proposer != i {
			if r.answer(t, i) {
				*accepts++
				if *accepts < n-1 {
					continue
				}
				// Everyone at the table, the proposer included, must still
				// accept the offer now: acceptances given in earlier rounds
				// may have gone stale (drift, shocks), and a proposer whose
				// aspiration was out of reach offered its own best package
				// anyway, which may be worth less than its reservation.
				if r.stillAgreed(t) && r.ratify(t) {
					return true
				}
			}
		}
		r.propose(t, i)
		*accepts = 0
		if n == 1 {
			// A lone party at the table agrees with itself; only the
			// outside parties must ratify.
			if r.answer(t, i) && r.ratify(t) {
				return true
			}
		}
	}
	return false
}

// plenaryRound plays one round of the trilateral single negotiating text:
// the mediator tables a text meeting its own aspiration and weighted
// towards the parties that refused earlier drafts (Raiffa 1982, ch. 14);
// every party at the table answers it at the same time; if all accept, the
// outside parties ratify it. Refusals raise the refusers' weights for the
// next draft.
func (r *Runner) plenaryRound(t int) bool {
	r.propose(t, r.sc.Protocol.Mediator)
	all := true
	for _, i := range r.order {
		if !r.answer(t, i) {
			all = false
		}
	}
	return all && r.ratify(t)
}

// shuttleRound plays one round of shuttle diplomacy: the mediator visits
// the parties at the table one at a time (in protocol order, itself
// excepted) and redrafts the text as soon as one refuses. A text is agreed
// when every party has accepted the same text in consecutive visits, which
// may span rounds (streak carries the count), every party at the table
// still accepts it (acceptances from an earlier round may have gone stale)
// and the outside parties ratify it.
func (r *Runner) shuttleRound(t int, streak *int) bool {
	m := r.sc.Protocol.Mediator
	if !r.hasProp {
		r.propose(t, m)
		*streak = 0
	}
	need := len(r.order) - 1
	if need == 0 {
		return r.answer(t, m) && r.ratify(t)
	}
	for _, i := range r.order {
		if i == m {
			continue
		}
		if !r.answer(t, i) {
			r.propose(t, m)
			*streak = 0
			continue
		}
		*streak++
		if *streak < need {
			continue
		}
		if r.answer(t, m) && r.stillAgreed(t) && r.ratify(t) {
			return true
		}
		r.propose(t, m)
		*streak = 0
	}
	return false
}

// stillAgreed checks that every party at the table still accepts the
// proposal now; the first that no longer does answers again (and so
// refuses, on the record).
func (r *Runner) stillAgreed(t int) bool {
	for _, j := range r.order {
		if !r.parties[j].Accepts(r.prop, r.asp[j]) {
			r.answer(t, j)
			return false
		}
	}
	return true
}
