package scenarios

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// Spatial issues: a 0–100 scale cut into a grid of options, whose values
// each party's position generates in every run (see docs/model.md,
// "Spatial issues").

const (
	issueDiscrete = "discrete"
	issueSpatial  = "spatial"
	// defaultStep is a spatial grid's default step: options 0, 10, …, 100.
	defaultStep = 10
)

var (
	scaleRange      = bounds{0, 100}
	riskRange       = bounds{0.01, 100}
	capabilityRange = bounds{0, math.Inf(1)}
	shapes          = map[string]sim.Shape{"linear": sim.Linear, "quadratic": sim.Quadratic}
)

// spatialIssue checks a spatial issue's fields and generates its options
// into ai and oi: the grid, then the named points off it, in increasing
// order of position. A named point is also an alias of its option's id in
// oi, so that red lines and agenda items may name it. It returns the
// issue's shape.
func (b *builder) spatialIssue(at path, is IssueFile, ai *agents.Issue, oi map[string]int) sim.Shape {
	if len(is.Options) > 0 {
		b.fail(at.with("options"), "a spatial issue's options are generated from its scale (step and points); give step or points instead")
	}
	shape, ok := shapes[is.Shape]
	if is.Shape != "" && !ok {
		names := sortedKeys(shapes)
		b.fail(at.with("shape"), "unknown shape %q%s (allowed: %s)", is.Shape, suggest(is.Shape, names), strings.Join(names, ", "))
	}
	step := float64(defaultStep)
	if is.Step != nil {
		step = *is.Step
	}
	n := 100 / step
	if !(step >= 1 && step <= 100) || math.Abs(n-math.Round(n)) > 1e-9 {
		b.fail(at.with("step"), "must divide 100 into at most 100 steps (e.g. 1, 2, 2.5, 5, 10, 20, 25, 50), got %g", step)
		n = defaultStep
	}
	var pts []float64
	for j := range int(math.Round(n)) + 1 {
		pts = append(pts, float64(j)*100/math.Round(n))
	}
	named := map[float64][]string{}
	for _, name := range sortedKeys(is.Points) {
		y := is.Points[name]
		pat := at.with("points", name)
		b.checkID(pat, name, "point")
		if !scaleRange.contains(y) {
			b.fail(pat, "must be in %s, got %g", scaleRange, y)
			continue
		}
		if !slices.Contains(pts, y) {
			pts = append(pts, y)
		}
		named[y] = append(named[y], name)
	}
	slices.Sort(pts)
	if len(pts) > MaxOptions {
		b.fail(at.with("points"), "%d options with the grid, at most %d allowed", len(pts), MaxOptions)
	}
	for o, y := range pts {
		id := strconv.FormatFloat(y, 'g', -1, 64)
		var tags []string
		switch y {
		case 0:
			tags = append(tags, is.Scale.Low)
		case 100:
			tags = append(tags, is.Scale.High)
		}
		tags = append(tags, named[y]...)
		tags = slices.DeleteFunc(tags, func(s string) bool { return s == "" })
		label := id
		if len(tags) > 0 {
			label += " (" + strings.Join(tags, ", ") + ")"
		}
		ai.Options = append(ai.Options, agents.Option{ID: id, Label: label})
		oi[id] = o
	}
	for y, names := range named {
		o := slices.Index(pts, y)
		for _, name := range names {
			if _, clash := oi[name]; !clash {
				oi[name] = o
			}
		}
	}
	ai.Points = pts
	return shape
}

// discreteOnly reports the spatial fields given for a discrete issue.
func (b *builder) discreteOnly(at path, is IssueFile) {
	given := map[string]bool{
		"scale":  is.Scale != ScaleFile{},
		"step":   is.Step != nil,
		"points": len(is.Points) > 0,
		"shape":  is.Shape != "",
	}
	for _, k := range sortedKeys(given) {
		if given[k] {
			b.fail(at.with(k), "applies to spatial issues only (type: spatial)")
		}
	}
}

// spatialParty builds party pf's preferences on the spatial issues
// (ids[k] is issue k's id, spatial[k] whether it is spatial, shapes[k]
// its shape) and
// sets the weight of each that weights does not give to the salience, used
// as salience/100.
func (b *builder) spatialParty(at path, pf PartyFile, sp *sim.Party, ids []string, spatial []bool, shapes []sim.Shape, issueOf func(path, string) (int, bool)) {
	onSpatial := func(field string, m map[string]Param) []int {
		ks := make([]int, 0, len(m))
		for _, iid := range sortedKeys(m) {
			k, ok := issueOf(at.with(field, iid), iid)
			if !ok {
				continue
			}
			if !spatial[k] {
				b.fail(at.with(field, iid), "issue %q is not spatial (type: spatial); give weights and values for it", iid)
				continue
			}
			ks = append(ks, k)
		}
		return ks
	}
	onSpatial("positions", pf.Positions)
	onSpatial("saliences", pf.Saliences)
	onSpatial("risk", pf.Risk)
	onSpatial("capabilities", pf.Capabilities)
	if !slices.Contains(spatial, true) {
		// Capability is read by negsim forecast only, and no issue is
		// spatial.
		if pf.Capability.Value != nil || pf.Capability.Dist != nil {
			b.warn(at.with("capability"), "ignored: no issue is spatial")
		}
		return
	}
	b.param(pf.Capability, at.with("capability"), capabilityRange, ptr(1))
	for _, iid := range sortedKeys(pf.Capabilities) {
		b.param(pf.Capabilities[iid], at.with("capabilities", iid), capabilityRange, nil)
	}
	sp.Spatial = make([]*sim.SpatialPref, len(spatial))
	for k, isSp := range spatial {
		if !isSp {
			continue
		}
		id := ids[k]
		pat := at.with("positions", id)
		if _, ok := pf.Positions[id]; !ok {
			b.fail(pat, "a position on spatial issue %q is required: a number in %s or a distribution", id, scaleRange)
		}
		if _, ok := pf.Values[id]; ok {
			b.fail(at.with("values", id), "values of a spatial issue are generated from the position; give positions.%s instead", id)
		}
		q := &sim.SpatialPref{Shape: shapes[k]}
		q.Position = b.param(pf.Positions[id], pat, scaleRange, ptr(0))
		if r, ok := pf.Risk[id]; ok {
			if shapes[k] == sim.Quadratic {
				b.fail(at.with("risk", id), "applies to the linear shape only (quadratic is the linear shape with risk 2)")
			}
			q.Risk = b.param(r, at.with("risk", id), riskRange, ptr(1))
		}
		s, hasS := pf.Saliences[id]
		if _, hasW := pf.Weights[id]; hasW {
			// weights wins for the simulation; the salience, if given,
			// is still checked and read by negsim forecast.
			if hasS {
				b.param(s, at.with("saliences", id), scaleRange, nil)
			}
		} else {
			if !hasS {
				b.fail(at.with("saliences", id), "a salience on spatial issue %q is required (a number in %s or a distribution; its weight is salience/100), or give weights.%s", id, scaleRange, id)
			}
			sp.Weights[k] = b.param(s, at.with("saliences", id), scaleRange, ptr(0))
			q.WeightScale = 0.01
		}
		sp.Spatial[k] = q
	}
}

// spatialEvidence lists the spatial parameters of f without evidence.
func spatialEvidence(f *File, param func(string, Param)) {
	for _, id := range sortedKeys(f.Parties) {
		p := f.Parties[id]
		at := "parties." + id
		for field, m := range map[string]map[string]Param{"positions": p.Positions, "saliences": p.Saliences, "risk": p.Risk, "capabilities": p.Capabilities} {
			for _, k := range sortedKeys(m) {
				param(at+"."+field+"."+k, m[k])
			}
		}
		param(at+".capability", p.Capability)
	}
}
