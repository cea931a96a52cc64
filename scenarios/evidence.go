package scenarios

import (
	"fmt"
	"slices"
	"strings"
)

// EvidenceEntry is one parameter's or choice's evidence, at its key.
type EvidenceEntry struct {
	Key, Source, Assumption string
}

// evidenceGaps collects every parameter's and choice's evidence, and the
// places that carry neither a source nor an assumption.
type evidenceGaps struct {
	gaps []string
	all  []EvidenceEntry
}

// need records at's evidence, and at as a gap when e is empty.
func (g *evidenceGaps) need(at string, e Evidence) {
	g.all = append(g.all, EvidenceEntry{Key: at, Source: strings.TrimSpace(e.Source), Assumption: strings.TrimSpace(e.Assumption)})
	if strings.TrimSpace(e.Source) == "" && strings.TrimSpace(e.Assumption) == "" {
		g.gaps = append(g.gaps, at)
	}
}

// param records at when p is given without evidence.
func (g *evidenceGaps) param(at string, p Param) {
	if p.Value != nil || p.Dist != nil {
		g.need(at, p.Evidence)
	}
}

// MissingEvidence lists the parameters and choices of f that carry neither
// a source nor an assumption. Bundled scenarios must have none.
func MissingEvidence(f *File) []string {
	g := collectEvidence(f)
	slices.Sort(g.gaps)
	return g.gaps
}

// EvidenceTable lists every parameter and choice of f given in the file with
// its source or assumption (either may be empty), sorted by key: the table
// a report shows.
func EvidenceTable(f *File) []EvidenceEntry {
	g := collectEvidence(f)
	slices.SortFunc(g.all, func(a, b EvidenceEntry) int { return strings.Compare(a.Key, b.Key) })
	return g.all
}

// collectEvidence walks f's parameters and choices.
func collectEvidence(f *File) *evidenceGaps {
	g := &evidenceGaps{}
	need, param := g.need, g.param
	param("deadline", f.Deadline)
	need("protocol", f.Protocol.Evidence)
	param("protocol.step", f.Protocol.Step)
	for k, is := range f.Issues {
		need(fmt.Sprintf("issues[%d]", k), is.Evidence)
	}
	for _, id := range sortedKeys(f.Parties) {
		p := f.Parties[id]
		at := "parties." + id
		need(at, p.Evidence)
		for _, k := range sortedKeys(p.Weights) {
			param(at+".weights."+k, p.Weights[k])
		}
		for _, k := range sortedKeys(p.Values) {
			need(at+".values."+k, p.Values[k].Evidence)
		}
		for _, k := range sortedKeys(p.RedLines) {
			need(at+".red_lines."+k, p.RedLines[k].Evidence)
		}
		param(at+".reservation", p.Reservation)
		param(at+".drift", p.Drift)
		need(at+".strategy", p.Strategy.Evidence)
		for name, sp := range map[string]Param{"beta": p.Strategy.Beta, "k": p.Strategy.K, "rate": p.Strategy.Rate, "min_concession": p.Strategy.MinConcession, "target": p.Strategy.Target} {
			param(at+".strategy."+name, sp)
		}
		for _, k := range sortedKeys(p.Influence) {
			param(at+".influence."+k, p.Influence[k])
		}
		for _, k := range sortedKeys(p.Interactions) {
			need(at+".interactions."+k, p.Interactions[k].Evidence)
		}
		param(at+".power", p.Power)
		param(at+".discount", p.Discount)
	}
	for _, id := range sortedKeys(f.Shocks) {
		sh := f.Shocks[id]
		at := "shocks." + id
		need(at, sh.Evidence)
		param(at+".probability", sh.Probability)
		param(at+".end_talks", sh.EndTalks)
		for _, k := range sortedKeys(sh.Reservation) {
			param(at+".reservation."+k, sh.Reservation[k])
		}
	}
	spatialEvidence(f, param)
	agendaEvidence(f, g)
	return g
}
