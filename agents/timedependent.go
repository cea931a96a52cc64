package agents

import (
	"fmt"
	"math"
)

func init() {
	beta := func(def float64, required, locked bool) ParamSpec {
		return ParamSpec{Name: "beta", Default: def, Required: required, Lo: 0.001, Hi: 1000, Locked: locked}
	}
	k := ParamSpec{Name: "k", Default: 0, Lo: 0, Hi: 1}
	newTD := func() Strategy { return &TimeDependent{} }
	// GENIUS's TimeDependentAgent: Boulware e = 0.2, Conceder e = 2.
	Register(Family{Name: "time-dependent", Params: []ParamSpec{beta(1, true, false), k}, New: newTD})
	Register(Family{Name: "boulware", Params: []ParamSpec{beta(0.2, false, false), k}, New: newTD})
	Register(Family{Name: "linear", Params: []ParamSpec{beta(1, false, true), k}, New: newTD})
	Register(Family{Name: "conceder", Params: []ParamSpec{beta(2, false, false), k}, New: newTD})
}

// TimeDependent concedes with time after Faratin, Sierra & Jennings (1998):
// Boulware (β < 1), linear (β = 1) or Conceder (β > 1). Its parameters, in
// Set order, are β and k.
type TimeDependent struct {
	// Beta is the concession exponent β > 0.
	Beta float64
	// K is the initial concession in [0,1].
	K float64
	// Beta and K may be set in a literal; after the first Aspiration,
	// change them only through Set.

	// tab caches α(t) for rounds 0..tabT at (tabBeta, tabK): the Monte
	// Carlo asks for the same few values millions of times.
	tab           []float64
	tabT          int
	tabBeta, tabK float64
	rising        bool // tab is non-decreasing
}

// Set takes [β, k]. Changing them invalidates the tabulated α.
func (s *TimeDependent) Set(p []float64) {
	if p[0] != s.Beta || p[1] != s.K {
		s.tabT = -1
	}
	s.Beta, s.K = p[0], p[1]
}

// Observe does nothing: the strategy depends on time only.
func (s *TimeDependent) Observe(float64) {}

func (s *TimeDependent) String() string {
	return fmt.Sprintf("time-dependent β=%.2f k=%.2f", s.Beta, s.K)
}

// Aspiration is Concede(best, floor, α(round)). Its fast path reads the
// tabulated α (Tabulated).
func (s *TimeDependent) Aspiration(round, deadline int, best, floor float64) float64 {
	if a, ok := s.Tabulated(round, deadline); ok && floor < best {
		return Concede(best, floor, a)
	}
	return s.aspiration(round, deadline, best, floor)
}

// Tabulated returns α(round) from the table of the last Aspiration's
// deadline, and false when the table does not hold it. It is small enough
// to be inlined: the simulator's hot loop calls it, then Concede, on the
// concrete type, and calls Aspiration only when it reports false.
func (s *TimeDependent) Tabulated(round, deadline int) (float64, bool) {
	if s.tabT == deadline && uint(round) < uint(len(s.tab)) {
		return s.tab[round], true
	}
	return 0, false
}

// Concede is a time-dependent aspiration: best − α·(best − floor)
// (Faratin et al. 1998), for floor < best.
func Concede(best, floor, alpha float64) float64 {
	return best - float64(alpha*(best-floor)) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
}

// aspiration is Aspiration's slow path: it (re)tabulates α first.
func (s *TimeDependent) aspiration(round, deadline int, best, floor float64) float64 {
	if floor >= best {
		return best
	}
	if s.tabT != deadline || s.tabBeta != s.Beta || s.tabK != s.K {
		s.tabulate(deadline)
	}
	if uint(round) < uint(len(s.tab)) {
		return Concede(best, floor, s.tab[round])
	}
	return Concede(best, floor, s.Alpha(round, deadline))
}

// tabulate caches Alpha for rounds 0..deadline at the current parameters,
// so that a tabulated α is Alpha to the bit.
func (s *TimeDependent) tabulate(deadline int) {
	s.tab = s.tab[:0]
	s.rising = false
	if deadline >= 0 && deadline <= 1<<16 {
		s.rising = true
		for t := 0; t <= deadline; t++ {
			a := s.Alpha(t, deadline)
			if t > 0 && a < s.tab[t-1] {
				s.rising = false
			}
			s.tab = append(s.tab, a)
		}
	}
	s.tabT, s.tabBeta, s.tabK = deadline, s.Beta, s.K
}

// Conceding reports whether α is tabulated for deadline and never falls
// with time, at any round (past the deadline α stays at its last value),
// so that the aspiration never rises. α is non-decreasing in exact
// arithmetic; math.Pow is not guaranteed monotone to the bit, so the table
// is checked when it is built. The simulator's skipping of silent rounds
// relies on it (package sim).
func (s *TimeDependent) Conceding(deadline int) bool {
	return s.tabT == deadline && s.rising && len(s.tab) == deadline+1
}

// Alpha returns the concession at time round (0 none, 1 all the way to
// the reservation value) of a negotiation whose last round is at time
// deadline: Faratin, Sierra & Jennings (1998), polynomial family,
// α(t) = k + (1 − k)(t/T)^(1/β), with t/T capped at 1. The first round is
// t = 0, where α = k; with deadline 0 (a single round) t/T is 1.
func (s *TimeDependent) Alpha(round, deadline int) float64 {
	t := 1.0
	if deadline > 0 {
		t = min(float64(round)/float64(deadline), 1)
	}
	return s.K + float64((1-s.K)*math.Pow(t, 1/s.Beta))
}
