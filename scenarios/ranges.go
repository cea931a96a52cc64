package scenarios

import (
	"strings"

	"github.com/negsim/negsim/agents"
)

// Range returns the interval [lo, hi] in which the loader accepts a value
// of the numeric parameter of s named key, as sim.Param.Name names it
// (e.g. "parties.russia.reservation"); hi is +Inf for a weight. ok is
// false if key names no numeric parameter of s. It lets an interface offer
// a slider over the values that Load will accept with "key=value".
func (s *Scenario) Range(key string) (lo, hi float64, ok bool) {
	b, ok := s.paramRange(strings.Split(key, "."))
	return b.lo, b.hi, ok
}

func (s *Scenario) paramRange(seg []string) (bounds, bool) {
	n := len(seg)
	switch {
	case n == 1 && seg[0] == "deadline":
		return deadlineRange, true
	case n == 1 && seg[0] == "end_chance":
		return endChanceRange, true
	case n == 2 && seg[0] == "protocol" && seg[1] == "step":
		return stepRange, true
	case n == 2 && seg[0] == "agenda" && seg[1] == "horizon":
		return horizonRange, true
	case n >= 3 && seg[0] == "shocks":
		switch {
		case n == 3 && (seg[2] == "probability" || seg[2] == "end_talks"):
			return unitRange, true
		case n == 4 && seg[2] == "reservation":
			return driftRange, true
		case n == 4 && seg[2] == "breaks":
			return unitRange, true
		}
	case n >= 4 && seg[0] == "agenda" && seg[1] == "items":
		switch {
		case n == 4 && seg[3] == "hazard":
			return unitRange, true
		case n == 6 && seg[3] == "conditions" && seg[5] == "binding":
			return unitRange, true
		}
	case n >= 3 && seg[0] == "parties":
		return s.partyRange(seg[1], seg[2:])
	}
	return bounds{}, false
}

func (s *Scenario) partyRange(id string, seg []string) (bounds, bool) {
	if _, ok := s.File.Parties[id]; !ok {
		return bounds{}, false
	}
	n := len(seg)
	switch {
	case n == 1 && seg[0] == "reservation":
		return unitRange, true
	case n == 1 && seg[0] == "drift":
		return driftRange, true
	case n == 1 && seg[0] == "power":
		return powerRange, true
	case n == 1 && seg[0] == "discount":
		return discountRange, true
	case n == 2 && seg[0] == "weights":
		return weightRange, true
	case n == 3 && seg[0] == "values":
		return unitRange, true
	case n == 2 && seg[0] == "influence":
		return driftRange, true
	case n == 3 && seg[0] == "interactions" && seg[2] == "value":
		return driftRange, true
	case n == 2 && seg[0] == "strategy":
		for _, p := range s.Sim.Parties {
			if p.ID != id {
				continue
			}
			fam, ok := agents.Lookup(p.Strategy.Name)
			if !ok {
				return bounds{}, false
			}
			for _, ps := range fam.Params {
				if ps.Name == seg[1] && !ps.Locked {
					return bounds{ps.Lo, ps.Hi}, true
				}
			}
		}
	}
	return bounds{}, false
}
