package sim

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"testing"

	"github.com/negsim/negsim/agents"
)

// snapshot copies o, which the Runner overwrites on its next run, leaving
// out Package and Utility when there was no agreement (they are defined for
// agreements only and hold stale values otherwise).
func snapshot(o *Outcome) Outcome {
	c := *o
	if o.Agreement {
		c.Package, c.Utility = slices.Clone(o.Package), slices.Clone(o.Utility)
	} else {
		c.Package, c.Utility = nil, nil
	}
	return c
}

// record runs run i on r and returns its outcome and trace.
func record(r *Runner, seed uint64, i int) (Outcome, []Event) {
	var evs []Event
	o := r.Run(seed, i, func(e Event) { evs = append(evs, e) })
	return snapshot(o), evs
}

// consenters returns the parties whose consent an agreement in s needs:
// those at the table and the outside parties that control an issue.
func consenters(s *Scenario) []int {
	var c []int
	for i, p := range s.Parties {
		if p.Role == agents.AtTable || len(p.Controls) > 0 {
			c = append(c, i)
		}
	}
	return c
}

// TestRunDependsOnlyOnSeedAndIndex checks that run i gives the same outcome,
// trace and drawn parties on a fresh Runner and on one that has simulated
// other runs first, for each protocol of the rich scenario: seed 5, runs
// 0..299 in a scrambled order, each preceded by another run (traced or
// not) drawn from 0..9999. Leftovers of a previous run change only a few
// runs in a hundred, so all 300 are checked.
func TestRunDependsOnlyOnSeedAndIndex(t *testing.T) {
	const seed, runs = 5, 300
	for _, p := range protocols {
		s := rich(t, p.kind, p.format)
		warm := NewRunner(s)
		for j := range runs {
			i := (j * 7) % runs // 7 is prime to 300
			k := (j*7919 + 13) % 10000
			if j%2 == 0 {
				warm.Run(seed, k, nil)
			} else {
				record(warm, seed, k)
			}
			fresh := NewRunner(s)
			wantO, wantEv := record(fresh, seed, i)
			gotO, gotEv := record(warm, seed, i)
			if !reflect.DeepEqual(gotO, wantO) {
				t.Errorf("%s: Run(%d, %d) after run %d = %+v, want %+v as on a fresh Runner", p.name, seed, i, k, gotO, wantO)
			}
			if !reflect.DeepEqual(gotEv, wantEv) {
				t.Errorf("%s: Run(%d, %d) after run %d: trace of %d events differs from a fresh Runner's %d", p.name, seed, i, k, len(gotEv), len(wantEv))
			}
			if !reflect.DeepEqual(partiesView(warm.Parties()), partiesView(fresh.Parties())) {
				t.Errorf("%s: Run(%d, %d) after run %d: Parties() differ from a fresh Runner's", p.name, seed, i, k)
			}
			// A different seed gives a different run: the drawn
			// reservation values are continuous.
			if j < 10 {
				other := NewRunner(s)
				other.Run(seed+1, i, nil)
				if other.Parties()[0].Reservation == fresh.Parties()[0].Reservation {
					t.Errorf("%s: runs (%d, %d) and (%d, %d) drew the same reservation value %v", p.name, seed, i, seed+1, i, other.Parties()[0].Reservation)
				}
			}
		}
	}
}

// TestTraceDoesNotChangeOutcome compares runs 0..299 (seed 2) with and
// without a Tracer, and checks the shape of every trace: EvStart first,
// EvEnd last and once each, rounds non-decreasing and within the deadline,
// the end at the outcome's round, and the last proposal on the table being
// the agreed package.
func TestTraceDoesNotChangeOutcome(t *testing.T) {
	const seed, runs = 2, 300
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			plain, traced := NewRunner(s), NewRunner(s)
			for i := range runs {
				want := snapshot(plain.Run(seed, i, nil))
				got, evs := record(traced, seed, i)
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("%s/%s: Run(%d, %d) with a Tracer = %+v, without = %+v", m.name, p.name, seed, i, got, want)
				}
				checkTrace(t, s, evs, got)
			}
		}
	}
}

func checkTrace(t *testing.T, s *Scenario, evs []Event, o Outcome) {
	t.Helper()
	if len(evs) < 2 || evs[0].Kind != EvStart || evs[len(evs)-1].Kind != EvEnd {
		t.Fatalf("trace of %d events does not run from EvStart to EvEnd: %+v", len(evs), evs)
	}
	last := 0
	var lastProp []int
	for n, e := range evs {
		if (e.Kind == EvStart) != (n == 0) || (e.Kind == EvEnd) != (n == len(evs)-1) {
			t.Fatalf("event %d of %d is %v: EvStart must come first and EvEnd last, once each", n, len(evs), e.Kind)
		}
		if n > 0 && (e.Round < last || e.Round < 1 || e.Round > s.Deadline) {
			t.Fatalf("event %d (kind %v) in round %d after round %d, deadline %d", n, e.Kind, e.Round, last, s.Deadline)
		}
		last = e.Round
		if e.Kind == EvPropose {
			lastProp = e.Package
		}
	}
	end := evs[len(evs)-1]
	if end.Round != o.Round {
		t.Errorf("EvEnd in round %d, outcome in round %d", end.Round, o.Round)
	}
	if o.Agreement && !slices.Equal(lastProp, o.Package) {
		t.Errorf("agreed %v, but the last proposal traced was %v", o.Package, lastProp)
	}
	switch o.Reason {
	case WalkedOut:
		if w := evs[len(evs)-2]; w.Kind != EvWalkout || w.Party != o.Cause {
			t.Errorf("walk-out by %d, but the event before EvEnd is %+v", o.Cause, w)
		}
	case ShockEnded:
		if w := evs[len(evs)-2]; w.Kind != EvShock || w.Party != o.Cause || !w.Accept {
			t.Errorf("talks ended by shock %d, but the event before EvEnd is %+v", o.Cause, w)
		}
	}
}

// TestAgreementInvariants checks, over runs 0..1499 (seed 11) of each
// scenario and protocol, that:
//   - the round is in 1..Deadline;
//   - an agreement breaks no consenting party's red line;
//   - every consenting party consented: its last answer to the agreed
//     package accepted it, worth at least the aspiration and reservation
//     value it had when answering (from the trace); in alternating offers
//     the proposer does not answer its own offer, and it must be worth at
//     least the proposer's reservation value in the agreement round;
//   - Outcome.Utility is every party's utility for the package.
//
// The package must also be worth at least every consenting party's
// reservation value in the agreement round, even with drift and shocks
// (rich): an acceptance given in an earlier round (a shuttle streak or a
// stacked offer spanning a round boundary) is checked again when the
// agreement is made.
func TestAgreementInvariants(t *testing.T) { checkAgreementInvariants(t) }

// The same invariants when proposers draft with the dual-ascent heuristic,
// as they do in outcome spaces larger than ExactPackages.
func TestAgreementInvariantsHeuristic(t *testing.T) {
	exactLimit = 0
	defer func() { exactLimit = ExactPackages }()
	checkAgreementInvariants(t)
}

func checkAgreementInvariants(t *testing.T) {
	const seed, runs = 11, 1500
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			r := NewRunner(s)
			need := consenters(s)
			agreed := 0
			for i := range runs {
				o, evs := record(r, seed, i)
				if o.Round < 1 || o.Round > s.Deadline {
					t.Fatalf("%s/%s: run %d: Round = %d, want in 1..%d", m.name, p.name, i, o.Round, s.Deadline)
				}
				if !o.Agreement {
					continue
				}
				agreed++
				parties := r.Parties()
				for _, j := range need {
					pj := &parties[j]
					u := pj.ConsentUtility(o.Package)
					if pj.Breaks(o.Package) {
						t.Errorf("%s/%s: run %d: agreed %v crosses a red line of %s", m.name, p.name, i, o.Package, pj.ID)
					}
					if !consented(evs, j, o.Package, u) {
						// Only the proposer in alternating offers may lack
						// an answer; it must still gain on no agreement.
						if p.kind != Alternating || lastProposer(evs) != j || u < pj.Reservation {
							t.Errorf("%s/%s: run %d: agreed %v without the consent of %s (consent utility %v, reservation %v)", m.name, p.name, i, o.Package, pj.ID, u, pj.Reservation)
						}
					}
					if u < pj.Reservation {
						t.Errorf("%s/%s: run %d: agreed %v worth %v to %s, below its reservation value %v in the agreement round", m.name, p.name, i, o.Package, u, pj.ID, pj.Reservation)
					}
				}
				for j := range parties {
					if want := parties[j].Utility(o.Package); o.Utility[j] != want {
						t.Errorf("%s/%s: run %d: Utility[%d] = %v, want %v", m.name, p.name, i, j, o.Utility[j], want)
					}
				}
			}
			if agreed == 0 {
				t.Errorf("%s/%s: no agreement in %d runs, want some to check", m.name, p.name, runs)
			}
		}
	}
}

// consented reports whether party j's last answer to pkg in the trace
// accepted it, with its consent utility u at least the aspiration and the
// reservation value it had then.
func consented(evs []Event, j int, pkg []int, u float64) bool {
	for n := len(evs) - 1; n >= 0; n-- {
		e := evs[n]
		if e.Kind == EvAnswer && e.Party == j && slices.Equal(e.Package, pkg) {
			return e.Accept && u >= e.Aspiration && u >= e.Reservation
		}
	}
	return false
}

func lastProposer(evs []Event) int {
	for n := len(evs) - 1; n >= 0; n-- {
		if evs[n].Kind == EvPropose {
			return evs[n].Party
		}
	}
	return -1
}

// RunWith draws the random parameters at the given uniform numbers: on the
// toy scenario, the four reservation values U(0.1, 0.5).
func TestRunWith(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	r := NewRunner(s)
	if n := len(r.Uncertain()); n != 4 {
		t.Fatalf("Uncertain() lists %d parameters, want the 4 reservation values", n)
	}
	us := []float64{0, 0.25, 0.5, 0.75}
	want := []float64{0.1, 0.2, 0.3, 0.4}
	r.RunWith(1, 0, us, func(e Event) {
		if e.Kind != EvStart {
			return
		}
		for i, p := range r.Parties() {
			// Outside influence is 0 in toy, so the drawn value is the
			// reservation at the start.
			if math.Abs(p.Reservation-want[i]) > 1e-12 {
				t.Errorf("RunWith(%v): party %s reservation = %v, want %v", us, p.ID, p.Reservation, want[i])
			}
		}
	})
	// The next plain run draws from its own slots again.
	a := *r.Run(1, 5, nil)
	b := *NewRunner(s).Run(1, 5, nil)
	if a.Agreement != b.Agreement || a.Round != b.Round {
		t.Errorf("Run after RunWith differs from a fresh Run: %+v vs %+v", a, b)
	}
}

// partiesView returns copies of the parties with each strategy replaced by
// its type and exported parameters: a strategy's unexported fields are
// caches (a tabulated α) that a fresh Runner may not have filled yet.
func partiesView(ps []agents.Party) []any {
	var v []any
	for _, p := range ps {
		st := reflect.ValueOf(p.Strategy).Elem()
		var params []any
		for i := range st.NumField() {
			if st.Type().Field(i).IsExported() {
				params = append(params, st.Field(i).Interface())
			}
		}
		p.Strategy = nil
		v = append(v, p, fmt.Sprintf("%T", st.Interface()), params)
	}
	return v
}

// TestTimeStartsAtZero checks that the first round is time 0 of the
// concession curve (Faratin et al. 1998; GENIUS): a linear party (k = 0)
// demands its best in round 1 and its reservation value in the last round,
// and in round r of T demands best − (r−1)/(T−1)·(best − reservation).
func TestTimeStartsAtZero(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	for i := range s.Parties {
		s.Parties[i].Strategy = strategy(t, "linear")
		s.Parties[i].Reservation = Fixed(0.95) // no agreement: every round is played
	}
	s.Parties[0].Reservation = Fixed(0.2)
	r := NewRunner(s)
	T := s.Deadline
	seen := 0
	r.Run(1, 0, func(e Event) {
		if e.Kind != EvPropose || e.Party != 0 {
			return
		}
		seen++
		best, res := r.d.reach[0], 0.2
		want := best - float64(e.Round-1)/float64(T-1)*(best-res)
		if math.Abs(e.Aspiration-want) > 1e-12 {
			t.Errorf("round %d: mediator demands %v, want %v (time %d of %d)", e.Round, e.Aspiration, want, e.Round-1, T-1)
		}
	})
	if seen != T {
		t.Fatalf("the mediator proposed in %d rounds, want all %d", seen, T)
	}
}
