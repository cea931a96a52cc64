package agents

import "math"

// Kind names a strategy family.
type Kind int

const (
	// TimeDependent concedes with time after Faratin, Sierra & Jennings
	// (1998): Boulware (β < 1), linear (β = 1) or Conceder (β > 1).
	TimeDependent Kind = iota
	// TitForTat returns the others' concessions (Faratin et al.'s
	// imitative tactic, measured in the party's own utility).
	TitForTat
	// HardLiner never concedes.
	HardLiner
)

var kindNames = [...]string{"time-dependent", "tit-for-tat", "hard-liner"}

// String returns the strategy family's name as used in scenario files.
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return "unknown"
	}
	return kindNames[k]
}

// Strategy is a strategy family with its parameters. Fields that a family
// does not use are ignored.
type Strategy struct {
	Kind Kind
	// Beta is the time-dependent concession exponent β > 0.
	Beta float64
	// K is the time-dependent initial concession in [0,1].
	K float64
	// Rate is the share of the others' concession a tit-for-tat party
	// returns, ≥ 0 (1 is exact reciprocity).
	Rate float64
	// MinConcession is what a tit-for-tat party concedes every round
	// regardless, as a fraction of (best − reservation), in [0,1].
	MinConcession float64
	// Target is where a hard-liner's constant demand sits between its
	// reservation value (0) and its best utility (1).
	Target float64
}

// State is one party's strategy state within a run. The zero value is
// ready for a new run.
type State struct {
	started    bool
	aspiration float64
	bestSeen   float64
	seen       bool
	gain       float64
}

// Observe records that the party received a proposal worth u to it. A
// tit-for-tat party counts an improvement on the best proposal received so
// far as the others' concession.
func (s *State) Observe(u float64) {
	if !s.seen {
		s.seen, s.bestSeen = true, u
		return
	}
	if u > s.bestSeen {
		s.gain += u - s.bestSeen
		s.bestSeen = u
	}
}

// Aspiration returns the utility the party demands in round (1..deadline),
// given its best attainable utility and its current floor (reservation
// value). Call it once per round and party: a tit-for-tat party concedes
// on each call. The result is in [floor, best] when floor ≤ best, and is
// best when floor > best.
func (st Strategy) Aspiration(s *State, round, deadline int, best, floor float64) float64 {
	if floor >= best {
		return best
	}
	span := best - floor
	switch st.Kind {
	case TimeDependent:
		return best - st.Alpha(round, deadline)*span
	case TitForTat:
		if round >= deadline {
			// In the last round the alternative is no deal, worth the
			// reservation value: anything above it is worth accepting.
			s.aspiration = floor
			return floor
		}
		if !s.started {
			s.started, s.aspiration = true, best
			s.gain = 0
			return best
		}
		a := s.aspiration - st.Rate*s.gain - st.MinConcession*span
		s.gain = 0
		s.aspiration = min(max(a, floor), best)
		return s.aspiration
	default: // HardLiner
		return floor + st.Target*span
	}
}

// Alpha returns a time-dependent strategy's concession in round (0 none, 1
// all the way to the reservation value): Faratin, Sierra & Jennings (1998),
// polynomial family, α(t) = k + (1 − k)(t/T)^(1/β), with t/T capped at 1.
func (st Strategy) Alpha(round, deadline int) float64 {
	t := min(float64(round)/float64(deadline), 1)
	return st.K + (1-st.K)*math.Pow(t, 1/st.Beta)
}
