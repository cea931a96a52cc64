package agents

import "fmt"

func init() {
	Register(Family{Name: "tit-for-tat", Reactive: true, New: func() Strategy { return &TitForTat{} },
		Params: []ParamSpec{
			{Name: "rate", Default: 1, Lo: 0, Hi: 100},
			{Name: "min_concession", Default: 0, Lo: 0, Hi: 1},
		}})
}

// TitForTat returns the others' concessions: Faratin et al.'s imitative
// tactic, measured in the party's own utility. It lowers its aspiration by
// Rate times the improvement of the proposals it receives, plus
// MinConcession of its span every round. Its parameters, in Set order, are
// rate and min_concession. The zero state is ready for a run.
type TitForTat struct {
	// Rate is the share of the others' concession returned, ≥ 0 (1 is
	// exact reciprocity).
	Rate float64
	// MinConcession is what the party concedes every round regardless, as
	// a fraction of (best − reservation), in [0,1].
	MinConcession float64

	started    bool
	aspiration float64
	bestSeen   float64
	seen       bool
	gain       float64
}

// Set takes [rate, min_concession] and clears the state.
func (s *TitForTat) Set(p []float64) {
	*s = TitForTat{Rate: p[0], MinConcession: p[1]}
}

func (s *TitForTat) String() string {
	return fmt.Sprintf("tit-for-tat rate=%.2f min_concession=%.2f", s.Rate, s.MinConcession)
}

// Observe counts an improvement on the best proposal received so far as
// the others' concession.
func (s *TitForTat) Observe(u float64) {
	if !s.seen {
		s.seen, s.bestSeen = true, u
		return
	}
	if u > s.bestSeen {
		s.gain += u - s.bestSeen
		s.bestSeen = u
	}
}

// Aspiration starts at best and concedes what the others conceded since
// the last call; in the last round it drops to the floor.
func (s *TitForTat) Aspiration(round, deadline int, best, floor float64) float64 {
	if floor >= best {
		return best
	}
	if round >= deadline {
		// In the last round the alternative is no deal, worth the
		// reservation value: anything above it is worth accepting.
		s.aspiration = floor
		return floor
	}
	span := best - floor
	if !s.started {
		s.started, s.aspiration = true, best
		s.gain = 0
		return best
	}
	a := s.aspiration - float64(s.Rate*s.gain) - float64(s.MinConcession*span) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
	s.gain = 0
	s.aspiration = min(max(a, floor), best)
	return s.aspiration
}
