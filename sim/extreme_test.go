package sim

import (
	"context"
	"slices"
	"testing"
)

// The tests in this file use scenarios whose outcome is certain, so they
// check exact probabilities over 2,000 runs (seed 3) of each protocol.
const extremeRuns = 2000

func TestNoAgreementPossible(t *testing.T) {
	// q (at the table) rules out every option of issue b.
	for _, p := range protocols {
		s := toy(t, p.kind, p.format)
		for o := range s.Parties[2].RedLines[1] {
			s.Parties[2].RedLines[1][o] = true
		}
		sum := monteCarlo(t, s, Options{Runs: extremeRuns, Seed: 3})
		if sum.P != 0 || sum.Agreements != 0 {
			t.Errorf("%s: red lines on every option of an issue: P = %v (%d agreements), want 0", p.name, sum.P, sum.Agreements)
		}
	}
}

func TestCertainAgreement(t *testing.T) {
	// Everybody's reservation value is 0 and every party concedes to it by
	// the deadline, so the last round's proposal is accepted by all.
	for _, beta := range []float64{1, 2} {
		for _, p := range protocols {
			s := toy(t, p.kind, p.format)
			for i := range s.Parties {
				s.Parties[i].Reservation = Fixed(0)
				s.Parties[i].Strategy = strategy(t, "time-dependent", "beta", Fixed(beta))
			}
			sum := monteCarlo(t, s, Options{Runs: extremeRuns, Seed: 3})
			if sum.P != 1 || sum.Agreements != extremeRuns {
				t.Errorf("%s, β = %v: reservation values 0: P = %v (%d of %d), want 1", p.name, beta, sum.P, sum.Agreements, extremeRuns)
			}
			if sum.CIHigh != 1 {
				t.Errorf("%s, β = %v: CIHigh = %v, want 1", p.name, beta, sum.CIHigh)
			}
		}
	}
}

func TestShockEndsTalks(t *testing.T) {
	for _, p := range protocols {
		s := toy(t, p.kind, p.format)
		s.Shocks = []Shock{
			{ID: "never", Probability: Fixed(0), EndTalks: Fixed(1)},
			{ID: "war", Probability: Fixed(1), EndTalks: Fixed(1)},
		}
		r := NewRunner(s)
		for i := range extremeRuns {
			o := r.Run(3, i, nil)
			if o.Agreement || o.Reason != ShockEnded || o.Round != 1 || o.Cause != 1 || o.Pivotal != -1 {
				t.Fatalf("%s: run %d = %+v, want shock 1 ending the talks in round 1 with no pivotal party", p.name, i, snapshot(o))
			}
		}
		sum := monteCarlo(t, s, Options{Runs: extremeRuns, Seed: 3})
		want := []ReasonShare{{Reason: "shock:war", Count: extremeRuns, Share: 1}}
		if !slices.Equal(sum.Breakdown, want) || sum.P != 0 || len(sum.Pivotal) != 0 {
			t.Errorf("%s: Breakdown = %+v, P = %v, Pivotal = %+v, want %+v, 0 and none", p.name, sum.Breakdown, sum.P, sum.Pivotal, want)
		}
	}
}

func TestWalkOut(t *testing.T) {
	// q's best is 0.8 once c1 is a red line (weight 0.2 on c); its
	// reservation value is 0.9.
	for _, p := range protocols {
		s := toy(t, p.kind, p.format)
		s.Parties[2].RedLines[2][1] = true
		s.Parties[2].Reservation = Fixed(0.9)
		r := NewRunner(s)
		for i := range extremeRuns {
			o := r.Run(3, i, nil)
			if o.Agreement || o.Reason != WalkedOut || o.Round != 1 || o.Cause != 2 || o.Pivotal != 2 {
				t.Fatalf("%s: run %d = %+v, want q (2) walking out in round 1", p.name, i, snapshot(o))
			}
		}
		sum := monteCarlo(t, s, Options{Runs: extremeRuns, Seed: 3})
		want := []ReasonShare{{Reason: "walkout:q", Count: extremeRuns, Share: 1}}
		wantPiv := []PartyShare{{Party: "q", Count: extremeRuns, Share: 1}}
		if !slices.Equal(sum.Breakdown, want) || len(sum.Pivotal) != 1 || sum.Pivotal[0] != wantPiv[0] {
			t.Errorf("%s: Breakdown = %+v, Pivotal = %+v, want %+v and %+v", p.name, sum.Breakdown, sum.Pivotal, want, wantPiv)
		}
	}
}

// TestWalkOutByDrift checks that a party whose reservation value drifts
// above its best walks out in the round it does: q starts at 0.5 and
// drifts by 0.2 a round against a best of 0.8, so it leaves in round 3.
func TestWalkOutByDrift(t *testing.T) {
	s := toy(t, Alternating, Trilateral)
	s.Parties[2].RedLines[2][1] = true
	s.Parties[2].Reservation = Fixed(0.5)
	s.Parties[2].Drift = Fixed(0.2)
	// Nobody else concedes, so the talks cannot end in agreement first.
	for i := range s.Parties {
		s.Parties[i].Strategy = strategy(t, "hard-liner", "target", Fixed(1))
	}
	r := NewRunner(s)
	for i := range 100 {
		o := r.Run(3, i, nil)
		if o.Reason != WalkedOut || o.Round != 3 || o.Cause != 2 {
			t.Fatalf("run %d = %+v, want q (2) walking out in round 3", i, snapshot(o))
		}
	}
}

func monteCarlo(t *testing.T, s *Scenario, opt Options) *Summary {
	t.Helper()
	sum, err := MonteCarlo(context.Background(), s, opt)
	if err != nil {
		t.Fatalf("MonteCarlo: %v", err)
	}
	return sum
}
