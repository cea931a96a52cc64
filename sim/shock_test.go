package sim

import "testing"

// TestShockProbabilityOnlyAddsShocks checks common random numbers for
// in-run events: raising a shock's probability can only add shocks, run by
// run, in every round both versions reach (issue #10: a shock's draws used
// to depend on whether earlier draws fired, so raising one probability
// reshuffled later rounds). Rich scenario, seed 3, 2,000 runs per
// protocol; "raise" goes from 0.1 to 0.3 and "end" from 0.02 to 0.05.
func TestShockProbabilityOnlyAddsShocks(t *testing.T) {
	const seed, runs = 3, 2000
	for _, p := range protocols {
		lo := rich(t, p.kind, p.format)
		hi := rich(t, p.kind, p.format)
		hi.Shocks[0].Probability = Fixed(0.3)
		hi.Shocks[1].Probability = Fixed(0.05)
		rl, rh := NewRunner(lo), NewRunner(hi)
		added := 0
		for i := range runs {
			a, lastA := shocksByRound(rl, seed, i)
			b, lastB := shocksByRound(rh, seed, i)
			for round := 1; round <= min(lastA, lastB); round++ {
				for sh := range a[round] {
					if !b[round][sh] {
						t.Fatalf("%s: run %d round %d: shock %d happens at the lower probability but not at the higher", p.name, i, round, sh)
					}
				}
				added += len(b[round]) - len(a[round])
			}
		}
		if added == 0 {
			t.Errorf("%s: the higher probabilities added no shock in %d runs", p.name, runs)
		}
	}
}

// shocksByRound runs run i and returns the shocks that happened in each
// round and the last round played.
func shocksByRound(r *Runner, seed uint64, i int) (map[int]map[int]bool, int) {
	got := map[int]map[int]bool{}
	o := r.Run(seed, i, func(e Event) {
		if e.Kind == EvShock {
			if got[e.Round] == nil {
				got[e.Round] = map[int]bool{}
			}
			got[e.Round][e.Party] = true
		}
	})
	return got, o.Round
}
