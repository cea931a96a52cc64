package sim

import (
	"context"
	"math"
	"slices"
	"testing"

	"github.com/negsim/negsim/agents"
	"gonum.org/v1/gonum/stat/distuv"
)

// agendaToy returns the toy scenario (parties m, p, q at the table, o
// outside controlling issue c; issues a, b, c) with the given items and
// fixed reservation values 0.3, without drift, so that hand-checks hold.
func agendaToy(t testing.TB, kind ProtocolKind, items ...Item) *Scenario {
	t.Helper()
	s := toy(t, kind, Trilateral)
	for i := range s.Parties {
		s.Parties[i].Reservation = Fixed(0.3)
	}
	s.Agenda = &Agenda{Items: items}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

// item is an Item on the given issues with status quo option sq on each.
func item(id string, issues []int, sq []int, parties ...int) Item {
	return Item{ID: id, Issues: issues, StatusQuo: sq, Parties: parties}
}

// runAll runs n runs and returns their outcomes (copied).
func runAll(t testing.TB, s *Scenario, seed uint64, n int) []Outcome {
	t.Helper()
	var out []Outcome
	_, err := MonteCarlo(context.Background(), s, Options{Runs: n, Seed: seed, Workers: 1,
		Record: func(_ int, o *Outcome) error { out = append(out, *o); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBilateralItem: an item that needs only m and p is agreed without q,
// who loses by it. m and p both value a0 at 1 and the status quo a3 at 0,
// so at time 0 each demands a0 and accepts it: the item is agreed in round
// 1 of every run, under every protocol, with terms a0 — though q values a0
// at 0.
func TestBilateralItem(t *testing.T) {
	for _, kind := range []ProtocolKind{Mediated, Alternating} {
		s := agendaToy(t, kind,
			item("ab", []int{0}, []int{3}, 0, 1),
			item("rest", []int{1, 2}, []int{0, 0}, 0, 1, 2, 3))
		for i, o := range runAll(t, s, 1, 200) {
			io := o.Items[0]
			if !io.Agreed || io.Round != 1 || io.Terms[0] != 0 {
				t.Fatalf("%s run %d: bilateral item agreed %v in round %d with a%d, want round 1, a0", kind, i, io.Agreed, io.Round, io.Terms[0])
			}
		}
	}
}

// TestPreconditionHoldsBack: item "b" alone is agreed in most runs; made to
// wait for an item nobody can agree (q's red lines cover every option the
// item allows), it is never agreed.
func TestPreconditionHoldsBack(t *testing.T) {
	blocked := item("blocked", []int{0}, []int{3}, 0, 1, 2)
	blocked.Options = [][]bool{{true, true, false, false}}
	// On b alone, b1 is worth its floor to all of m, p and q.
	b := item("b", []int{1}, []int{1}, 0, 1, 2)
	cc := item("c", []int{2}, []int{0}, 0, 3)
	free := agendaToy(t, Mediated, blocked, b, cc)
	free.Parties[2].RedLines[0] = []bool{true, true, false, false}
	b.After = []int{0}
	held := agendaToy(t, Mediated, blocked, b, cc)
	held.Parties[2].RedLines[0] = []bool{true, true, false, false}
	count := func(s *Scenario) (n int) {
		for _, o := range runAll(t, s, 2, 500) {
			if o.Items[0].Agreed {
				t.Fatalf("the blocked item was agreed")
			}
			if o.Items[1].Agreed {
				n++
			}
		}
		return n
	}
	if n := count(free); n < 100 {
		t.Fatalf("without the precondition item b is agreed in %d of 500 runs; the test needs it agreed often", n)
	}
	if n := count(held); n != 0 {
		t.Errorf("item b agreed in %d runs while its precondition never held", n)
	}
}

// TestLinkageBlocks: p's consent to item b is conditional on an item that
// is never in force, so b is never agreed; a condition that binds with
// probability 0.5 lets b through in about half the runs where it would be
// agreed without it (paired on common random numbers: the binding draw
// has its own slot).
func TestLinkageBlocks(t *testing.T) {
	never := item("never", []int{0}, []int{3}, 0, 1, 2)
	never.Options = [][]bool{{true, true, false, false}}
	mk := func(cond []Condition) *Scenario {
		b := item("b", []int{1}, []int{1}, 0, 1, 2)
		b.Conditions = cond
		s := agendaToy(t, Mediated, never, b, item("c", []int{2}, []int{0}, 0, 3))
		s.Parties[2].RedLines[0] = []bool{true, true, false, false}
		return s
	}
	agreed := func(s *Scenario) []bool {
		var a []bool
		for _, o := range runAll(t, s, 3, 2000) {
			a = append(a, o.Items[1].Agreed)
		}
		return a
	}
	free := agreed(mk(nil))
	hard := agreed(mk([]Condition{{Party: 1, Item: 0, Issue: -1}}))
	half := agreed(mk([]Condition{{Party: 1, Item: 0, Issue: -1, Binding: Fixed(0.5)}}))
	nFree, nHalf := 0, 0
	for i := range free {
		if hard[i] {
			t.Fatalf("run %d: item b agreed though p's condition never holds", i)
		}
		if half[i] && !free[i] {
			t.Fatalf("run %d: a binding condition made item b agreed where it was not without it", i)
		}
		if free[i] {
			nFree++
			if half[i] {
				nHalf++
			}
		}
	}
	if nFree < 500 {
		t.Fatalf("without the condition item b is agreed in %d of 2000 runs; the test needs it agreed often", nFree)
	}
	// Binomial(nFree, 0.5): within 4 standard deviations.
	if sd := math.Sqrt(float64(nFree) * 0.25); math.Abs(float64(nHalf)-float64(nFree)/2) > 4*sd {
		t.Errorf("condition binding half the time: b agreed in %d of %d runs, want about half", nHalf, nFree)
	}
}

// TestLapseGeometric: an item in force at round 0 that one member would be
// better off without lapses with hazard h per round, so its duration is
// geometric with mean 1/h (Fortna 2003). h = 0.1, 4,000 runs, 40 rounds of
// talks and a horizon of 300 rounds (the chance of surviving 340 rounds is
// 0.9^340 ≈ 3e-16); the mean lapse round must lie within 4 standard errors
// of 10.
func TestLapseGeometric(t *testing.T) {
	const h, runs = 0.1, 4000
	// Item "a" starts at a3, which m and p value at 0: below their floors.
	a := item("a", []int{0}, []int{0}, 0, 1, 2)
	a.Start = []int{3}
	a.Hazard = Fixed(h)
	// The other issues' item can never be agreed (hard-liners, no overlap).
	rest := item("rest", []int{1, 2}, []int{0, 0}, 0, 1, 2, 3)
	s := agendaToy(t, Mediated, a, rest)
	s.Deadline = 40
	s.Agenda.Horizon = 300
	var sum, sum2 float64
	for i, o := range runAll(t, s, 5, runs) {
		io := o.Items[0]
		if !io.StartInForce || io.Agreed {
			t.Fatalf("run %d: start %v, re-agreed %v; want in force at 0 and never renegotiated", i, io.StartInForce, io.Agreed)
		}
		if !io.Lapsed {
			t.Fatalf("run %d: did not lapse in 340 rounds", i)
		}
		d := float64(io.LapseRound)
		sum += d
		sum2 += d * d
	}
	mean := sum / runs
	se := math.Sqrt((sum2/runs - mean*mean) / runs)
	if math.Abs(mean-1/h) > 4*se {
		t.Errorf("mean duration %.3f rounds (SE %.3f), want 1/h = %v", mean, se, 1/h)
	}
}

// TestUncertainDeadlineSpreadsAgreements: with a known deadline, Boulware
// parties agree at the very end; with a deadline drawn from 6 to 18 rounds
// they concede against the expected end, so agreements spread over more
// rounds and fewer fall in the single most common round.
func TestUncertainDeadlineSpreadsAgreements(t *testing.T) {
	spread := func(s *Scenario) (distinct int, modal float64) {
		counts := map[int]int{}
		n := 0
		for _, o := range runAll(t, s, 6, 3000) {
			if o.Agreement {
				counts[o.Round]++
				n++
			}
		}
		if n < 300 {
			t.Fatalf("%d agreements in 3000 runs; the test needs more", n)
		}
		top := 0
		for _, c := range counts {
			top = max(top, c)
		}
		return len(counts), float64(top) / float64(n)
	}
	known := toy(t, Mediated, Trilateral)
	known.Deadline = 12
	for i := range known.Parties {
		known.Parties[i].Strategy = strategy(t, "boulware")
	}
	uncertain := toy(t, Mediated, Trilateral)
	uncertain.Parties = known.Parties
	uncertain.Deadline = 18
	d, err := Random(uniformDist(6, 18), 1, 18)
	if err != nil {
		t.Fatal(err)
	}
	uncertain.DeadlineDist = d
	if h := NewRunner(uncertain).Horizon(); h != 12 {
		t.Errorf("expected horizon of a U(6,18) deadline = %d, want 12", h)
	}
	kd, km := spread(known)
	ud, um := spread(uncertain)
	if !(ud > kd && um < km) {
		t.Errorf("known deadline: %d rounds, modal share %.2f; uncertain: %d rounds, modal share %.2f; want the uncertain deadline to spread agreements", kd, km, ud, um)
	}
}

// TestAgendaInvariants checks, over 3,000 runs of a rich agenda under each
// protocol (random reservation values, drift, tit-for-tat and hard-liner
// parties, shocks that break items, a condition and a precondition), at
// every agreement and at the end of every round: no item is agreed before
// its preconditions are in force, nor against a member's floor, red line
// or binding condition, nor in the round it lapsed; no item in force
// breaks a member's red line.
func TestAgendaInvariants(t *testing.T) {
	for _, p := range protocols {
		s := agendaRich(t, p.kind, p.format)
		s.Agenda.Items[2].Conditions = []Condition{{Party: 2, Item: 0, Issue: 0, Options: []bool{false, true, true, true}, Binding: Fixed(0.7)}}
		s.Shocks[0].Breaks = []ItemBreak{{Item: 1, Probability: Fixed(0.5)}}
		if err := s.Check(); err != nil {
			t.Fatal(err)
		}
		r := NewRunner(s)
		agreed := 0
		for run := range 3000 {
			lapsedAt := map[string]int{}
			r.Run(7, run, func(e Event) {
				if e.Kind == EvItemLapsed {
					lapsedAt[e.Item] = e.Round
				}
				if e.Kind == EvItemAgreed && lapsedAt[e.Item] == e.Round {
					t.Fatalf("%s run %d: item %s re-agreed in round %d, the round it lapsed", p.name, run, e.Item, e.Round)
				}
				if e.Kind == EvItemAgreed {
					agreed++
					j := slices.IndexFunc(s.Agenda.Items, func(it Item) bool { return it.ID == e.Item })
					checkAgreement(t, r, j)
				}
				if e.Kind == EvItemAgreed || e.Kind == EvItemLapsed || e.Kind == EvEnd {
					checkInForce(t, r)
				}
			})
		}
		if agreed == 0 {
			t.Errorf("%s: no item agreed in 3000 runs", p.name)
		}
	}
}

// checkAgreement recomputes, from the drawn parties, that every member of
// item j accepts its terms now: preconditions in force, no red line (for
// an outside member, on the issues it controls), no binding unmet
// condition, and utility on the item's issues at least its floor: its
// weight on them times its reservation value.
func checkAgreement(t *testing.T, r *Runner, j int) {
	t.Helper()
	ag, it := r.ag, &r.sc.Agenda.Items[j]
	ir := ag.items[j]
	for _, d := range it.After {
		if !ag.items[d].inForce {
			t.Fatalf("item %s agreed before its precondition %s is in force", it.ID, r.sc.Agenda.Items[d].ID)
		}
	}
	for _, i := range it.Parties {
		p := &r.d.parties[i]
		var w, u float64
		for n, k := range it.Issues {
			if p.Role == agents.Outside && !slices.Contains(p.Controls, k) {
				continue
			}
			if p.RedLine[k][ir.terms[n]] {
				t.Fatalf("item %s agreed on a red line of %s", it.ID, p.ID)
			}
			w += p.Weights[k]
			u += p.Utils[k][ir.terms[n]]
		}
		if p.Role == agents.Outside {
			var total float64
			for _, k := range p.Controls {
				total += p.Weights[k]
			}
			w, u = w/total, u/total
		}
		if floor := w * p.Reservation; u < floor-1e-12 {
			t.Fatalf("item %s agreed at %v for %s, below its floor %v", it.ID, u, p.ID, floor)
		}
		for c, cd := range it.Conditions {
			if cd.Party == i && ir.binding[c] && !ag.conditionMet(&cd) {
				t.Fatalf("item %s agreed while %s's binding condition is unmet", it.ID, p.ID)
			}
		}
	}
}

// checkInForce checks that no item in force crosses a member's red line.
func checkInForce(t *testing.T, r *Runner) {
	t.Helper()
	for j, ir := range r.ag.items {
		if !ir.inForce {
			continue
		}
		it := &r.sc.Agenda.Items[j]
		for _, i := range it.Parties {
			p := &r.d.parties[i]
			for n, k := range it.Issues {
				counts := p.Role == agents.AtTable || slices.Contains(p.Controls, k)
				if counts && p.RedLine[k][ir.terms[n]] && it.Start == nil {
					t.Fatalf("item %s in force across %s's red line", it.ID, p.ID)
				}
			}
		}
	}
}

func uniformDist(lo, hi float64) distuv.Uniform { return distuv.Uniform{Min: lo, Max: hi} }

// TestNoReagreementInTheLapseRound: a shock that happens every round
// breaks the bilateral item of TestBilateralItem (which m and p would
// re-agree at once); a broken item reopens only the round after, so it is
// never agreed in the round it lapsed, and is out of force at the end of
// every round in which it was broken.
func TestNoReagreementInTheLapseRound(t *testing.T) {
	ab := item("ab", []int{0}, []int{3}, 0, 1)
	ab.Renegotiate = true
	s := agendaToy(t, Mediated, ab, item("rest", []int{1, 2}, []int{0, 0}, 0, 1, 2, 3))
	s.Shocks = []Shock{{ID: "strike", Probability: Fixed(1), EndTalks: Fixed(0), Breaks: []ItemBreak{{Item: 0, Probability: Fixed(1)}}}}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	r := NewRunner(s)
	lapses := 0
	for run := range 50 {
		lapsedAt := map[int]bool{}
		o := r.Run(9, run, func(e Event) {
			switch e.Kind {
			case EvItemLapsed:
				lapsedAt[e.Round] = true
				lapses++
			case EvItemAgreed:
				if lapsedAt[e.Round] {
					t.Fatalf("run %d: item re-agreed in round %d, the round it lapsed", run, e.Round)
				}
			}
		})
		for round := range lapsedAt {
			if o.InForce[round-1]&1 != 0 {
				t.Fatalf("run %d: item in force at the end of round %d, in which it was broken", run, round)
			}
		}
	}
	if lapses == 0 {
		t.Fatal("the shock broke nothing: the test needs lapses")
	}
}
