package explore

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/negsim/negsim/sim"
)

// Metric is the figure a sweep, sensitivity analysis or comparison
// reports: by default the chance of agreement (in an agenda scenario, of
// any agreement), or a figure of an agenda: the comprehensive deal, or an
// item agreed, in force at the end of the talks or at the horizon, or
// lapsed. The zero Metric is the chance of agreement.
type Metric struct {
	kind metricKind
	item int
	name string
}

type metricKind int

const (
	agreement metricKind = iota
	comprehensive
	itemAgreed
	itemInForce
	itemInForceHorizon
	itemLapsed
)

type itemFigure struct {
	name string
	kind metricKind
	desc string
}

var itemFigures = []itemFigure{
	{"agreed", itemAgreed, "agreed during the talks"},
	{"in_force", itemInForce, "in force at the end of the talks"},
	{"in_force_horizon", itemInForceHorizon, "in force at the horizon"},
	{"lapsed", itemLapsed, "lapsed"},
}

// ParseMetric reads a metric: "agreement" (or ""), "comprehensive", or
// "item:ID:FIGURE" with FIGURE one of agreed, in_force, in_force_horizon,
// lapsed. Item metrics need s to have an agenda with that item.
func ParseMetric(s *sim.Scenario, spec string) (Metric, error) {
	switch spec {
	case "", "agreement":
		return Metric{name: "agreement"}, nil
	case "comprehensive":
		if s.Agenda == nil {
			return Metric{}, fmt.Errorf("metric %q needs a scenario with an agenda", spec)
		}
		return Metric{kind: comprehensive, name: spec}, nil
	}
	var figs []string
	for _, f := range itemFigures {
		figs = append(figs, f.name)
	}
	parts := strings.Split(spec, ":")
	if len(parts) != 3 || parts[0] != "item" {
		return Metric{}, fmt.Errorf("unknown metric %q (allowed: agreement, comprehensive, item:ID:%s)", spec, strings.Join(figs, "|"))
	}
	if s.Agenda == nil {
		return Metric{}, fmt.Errorf("metric %q needs a scenario with an agenda", spec)
	}
	j := slices.IndexFunc(s.Agenda.Items, func(it sim.Item) bool { return it.ID == parts[1] })
	if j < 0 {
		var ids []string
		for _, it := range s.Agenda.Items {
			ids = append(ids, it.ID)
		}
		return Metric{}, fmt.Errorf("metric %q: no agenda item %q (items: %s)", spec, parts[1], strings.Join(ids, ", "))
	}
	k := slices.IndexFunc(itemFigures, func(f itemFigure) bool { return f.name == parts[2] })
	if k < 0 {
		return Metric{}, fmt.Errorf("metric %q: unknown figure %q (allowed: %s)", spec, parts[2], strings.Join(figs, ", "))
	}
	return Metric{kind: itemFigures[k].kind, item: j, name: spec}, nil
}

// String returns the metric as ParseMetric reads it.
func (m Metric) String() string {
	if m.name == "" {
		return "agreement"
	}
	return m.name
}

// Describe says in words what the metric is the chance of.
func (m Metric) Describe(s *sim.Scenario) string {
	switch m.kind {
	case agreement:
		if s.Agenda != nil {
			return "P(any agreement)"
		}
		return "P(agreement)"
	case comprehensive:
		return "P(comprehensive deal)"
	}
	for _, f := range itemFigures {
		if f.kind == m.kind {
			return fmt.Sprintf("P(%s %s)", s.Agenda.Items[m.item].ID, f.desc)
		}
	}
	return m.String()
}

// Of reports whether the run's outcome counts for the metric.
func (m Metric) Of(o *sim.Outcome) bool {
	switch m.kind {
	case agreement:
		return o.Agreement
	case comprehensive:
		for _, io := range o.Items {
			if !io.InForceEnd {
				return false
			}
		}
		return true
	}
	io := &o.Items[m.item]
	switch m.kind {
	case itemAgreed:
		return io.Agreed
	case itemInForce:
		return io.InForceEnd
	case itemInForceHorizon:
		return io.InForceHorizon
	default:
		return io.Lapsed
	}
}

// ByRound returns the metric round by round in a summary, each share with
// its 95% Wilson interval: the chance of agreement, or of an item agreed,
// by the end of each round; the chance an item is in force at the end of
// each round of the talks and of the horizon after them (for its figures
// in force at the end and at the horizon). The comprehensive deal and a
// lapse have no by-round series: ok is false.
func (m Metric) ByRound(sum *sim.Summary) (rounds []sim.RoundShare, ok bool) {
	if m.kind == agreement {
		return sum.ByRound, true
	}
	if sum.Agenda == nil || m.item >= len(sum.Agenda.Items) {
		return nil, false
	}
	var ps []float64
	switch m.kind {
	case itemAgreed:
		ps = sum.Agenda.Items[m.item].AgreedByRound
	case itemInForce, itemInForceHorizon:
		ps = sum.Agenda.Items[m.item].InForceByRound
	default:
		return nil, false
	}
	n := sum.Runs
	for r, p := range ps {
		// p is k/n for a whole number k of runs.
		k := int(math.Round(p * float64(n)))
		lo, hi := sim.Wilson(k, n)
		rounds = append(rounds, sim.RoundShare{Round: r + 1, P: p, CILow: lo, CIHigh: hi})
	}
	return rounds, true
}

// DescribeByRound says in words what ByRound's shares are the chance of.
func (m Metric) DescribeByRound(s *sim.Scenario) string {
	switch m.kind {
	case itemAgreed:
		return fmt.Sprintf("P(%s agreed by the round)", s.Agenda.Items[m.item].ID)
	case itemInForce, itemInForceHorizon:
		return fmt.Sprintf("P(%s in force at the round's end)", s.Agenda.Items[m.item].ID)
	}
	return m.Describe(s) + " by round"
}

// From returns the metric's estimate in a summary, with its 95% Wilson
// interval.
func (m Metric) From(sum *sim.Summary) (p, lo, hi float64) {
	if m.kind == agreement {
		return sum.P, sum.CILow, sum.CIHigh
	}
	a := sum.Agenda
	if a == nil {
		return 0, 0, 0
	}
	var sh sim.Share
	switch m.kind {
	case comprehensive:
		sh = a.Comprehensive
	case itemAgreed:
		sh = a.Items[m.item].Agreed
	case itemInForce:
		sh = a.Items[m.item].InForceEnd
	case itemInForceHorizon:
		sh = a.Items[m.item].InForceHorizon
	default:
		// Lapsed in the run, as a share of all runs (Of), not of the runs
		// in which the item was in force.
		sh = sim.Share{Count: a.Items[m.item].Lapse.Count, Of: sum.Runs}
		if sum.Runs > 0 {
			sh.P = float64(sh.Count) / float64(sum.Runs)
			sh.CILow, sh.CIHigh = sim.Wilson(sh.Count, sum.Runs)
		}
	}
	return sh.P, sh.CILow, sh.CIHigh
}
