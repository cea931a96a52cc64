package sim

import "github.com/negsim/negsim/agents"

// Skipping silent rounds.
//
// In stacked alternating offers between two time-dependent parties on an
// enumerated outcome space, most rounds of a run are silent: both answers
// are refusals, and the round only replaces the offer on the table. When
// nothing else can happen in a round (no drift, shocks, chance ending,
// trace or agenda), the state after t silent rounds is a function of t
// alone, and so is whether round t is silent. Let a be the first party at
// the table and b the second. From the silent state after round t−1:
//
//   - a answers b's draft of round t−1 (from round 2 on) and accepts iff
//     u_a(draft_b(asp_b(t−1))) ≥ max(asp_a(t), r_a);
//   - b answers a's draft of round t and accepts iff
//     u_b(draft_a(asp_a(t))) ≥ max(asp_b(t), r_b).
//
// Round t is loud if either accepts. Each aspiration is
// Concede(best, r, α(t−1)) with a constant reservation value r and α
// non-decreasing (checked on its table, agents.TimeDependent.Conceding);
// rounded multiplication and subtraction are monotone, so every
// aspiration is non-increasing in t. A two-party draft is the frontier
// package worth least-but-at-least-the-target to its drafter (or its best
// when none reaches it, agents.Space.PairDraft), so the other's utility
// for it is non-decreasing as the drafter's aspiration falls. No package
// a draft can name crosses a red line (checked once per scenario). So each
// acceptance condition, false at first, stays true once true: "round t is
// loud" is monotone in t, and a binary search over [1, D] finds the first
// loud round t* exactly. The run jumps to the silent state after round
// t*−1 and plays round by round from t*, so every Outcome field is what
// round-by-round play gives (TestSkipSilentIdentical compares them bit for
// bit).
//
// A party that walks out does so in round 1 (its reservation value and
// best are constant): such runs, and runs where a reservation value equals
// its party's best, are played round by round. A proposer whose own draft
// no longer satisfies it (StillAgreed) matters only in a loud round, which
// is played normally.

// silent is what skipping needs, decided once per scenario by newSilent.
type silent struct {
	// on: the scenario qualifies; each run still checks its drawn
	// parameters (skipSilent).
	on bool
	// a and b are the parties at the table in turn order, ta and tb their
	// strategies.
	a, b   int
	ta, tb *agents.TimeDependent
	// skipped counts the rounds skipped, for tests.
	skipped int
}

// newSilent decides whether r's scenario qualifies for skipping: no
// agenda; stacked alternating offers between exactly two parties at the
// table, who are the only parties whose consent is needed and both
// time-dependent; an enumerated outcome space; and no red line of either on
// an option that drafts may name (so no draft is refused for a red line).
func newSilent(r *Runner) silent {
	s, tk := r.sc, &r.tk
	if _, ok := r.proto.(*alternating); !ok || s.Agenda != nil || r.d.space == nil {
		return silent{}
	}
	if len(tk.order) != 2 || len(tk.consenters) != 2 || len(tk.outside) != 0 || tk.order[0] == tk.order[1] {
		return silent{}
	}
	sk := silent{a: tk.order[0], b: tk.order[1]}
	for _, i := range tk.order {
		if s.Parties[i].Role != agents.AtTable {
			return silent{}
		}
		for k, row := range s.Parties[i].RedLines {
			for o, red := range row {
				if red && tk.allowed[k][o] {
					return silent{}
				}
			}
		}
	}
	var ok bool
	sk.ta, ok = r.d.parties[sk.a].Strategy.(*agents.TimeDependent)
	if !ok {
		return silent{}
	}
	sk.tb, ok = r.d.parties[sk.b].Strategy.(*agents.TimeDependent)
	if !ok {
		return silent{}
	}
	sk.on = true
	return sk
}

// skipSilent skips the silent rounds at the start of a run whose last
// round is D, when the run's drawn parameters allow it (no shock can
// happen, the talks cannot end by chance, both aspirations concede
// monotonically; the caller has checked that nobody drifts and nothing is
// traced). It leaves the Talks as round-by-round play would after the last
// silent round and returns the round to play next: D+1 when every round is
// silent, 1 when none is skipped.
func (r *Runner) skipSilent(D, H int) int {
	d, sk := r.d, &r.sk
	if D < 2 || d.endChance > 0 {
		return 1
	}
	for i := range d.shocks {
		if d.shocks[i].p > 0 {
			return 1
		}
	}
	if _, _, ok := d.space.Pair(); !ok {
		return 1
	}
	if d.parties[sk.a].Reservation >= d.reach[sk.a] || d.parties[sk.b].Reservation >= d.reach[sk.b] {
		// Above: a walk-out in round 1. At: the aspiration is the best,
		// and α may never be tabulated for Conceding to check.
		return 1
	}
	// Round 1's aspirations tabulate α, so that Conceding can check it.
	r.aspiration(sk.a, 1, H)
	r.aspiration(sk.b, 1, H)
	if !sk.ta.Conceding(H-1) || !sk.tb.Conceding(H-1) || r.loud(1, H) {
		return 1
	}
	// Round lo is silent, round hi loud (D+1: none is).
	lo, hi := 1, D+1
	for hi-lo > 1 {
		m := int(uint(lo+hi) >> 1)
		if r.loud(m, H) {
			hi = m
		} else {
			lo = m
		}
	}
	r.afterSilent(lo, H)
	sk.skipped += lo
	return lo + 1
}

// loud reports whether round t, played from the state after t−1 silent
// rounds, has an acceptance.
func (r *Runner) loud(t, H int) bool {
	sk, sp := &r.sk, r.d.space
	pa, pb := &r.d.parties[sk.a], &r.d.parties[sk.b]
	aspA, aspB := r.aspiration(sk.a, t, H), r.aspiration(sk.b, t, H)
	if t > 1 {
		u := sp.CandidateConsent(sk.a, sp.PairDraft(sk.b, r.aspiration(sk.b, t-1, H)))
		if u >= aspA && u >= pa.Reservation {
			return true
		}
	}
	u := sp.CandidateConsent(sk.b, sp.PairDraft(sk.a, aspA))
	return u >= aspB && u >= pb.Reservation
}

// afterSilent sets the Talks as they are after t ≥ 1 silent rounds: b's
// draft of round t on the table, the round's aspirations, and the demands
// the refusals revealed (a answers from round 2 on). The protocol's own
// state (alternating.accepts) is 0 after every proposal.
func (r *Runner) afterSilent(t, H int) {
	sk, tk, sp := &r.sk, &r.tk, r.d.space
	pa, pb := &r.d.parties[sk.a], &r.d.parties[sk.b]
	tk.asp[sk.a], tk.asp[sk.b] = r.aspiration(sk.a, t, H), r.aspiration(sk.b, t, H)
	sp.Candidate(sp.PairDraft(sk.b, tk.asp[sk.b]), tk.prop)
	tk.hasProp, tk.proposer = true, sk.b
	tk.demand[sk.b] = max(tk.asp[sk.b], pb.Reservation)
	if t > 1 {
		tk.demand[sk.a] = max(tk.asp[sk.a], pa.Reservation)
	}
	r.out.Round = t
}
