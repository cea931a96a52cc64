package scenarios

import (
	"cmp"
	"regexp"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// Limits that keep a scenario from exhausting memory or time.
const (
	MaxIssues   = 1000
	MaxOptions  = 255
	MaxParties  = 1000
	MaxDeadline = 100000
	// MaxValues bounds parties × options (all issues): each is a value
	// drawn in every run.
	MaxValues = 10_000_000
)

var idRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

const idRule = "ids start with a lowercase letter and use only a-z, 0-9, _ and -"

// Ranges of the parameters.
var (
	unitRange     = bounds{0, 1}
	weightRange   = bounds{0, MaxWeight}
	driftRange    = bounds{-1, 1}
	stepRange     = bounds{0.000001, 1000}
	deadlineRange = bounds{1, MaxDeadline}
	powerRange    = bounds{0.001, 100}
	discountRange = bounds{0.001, 1}
)

func ptr(x float64) *float64 { return &x }

func (b *builder) param(p Param, at path, r bounds, def *float64) sim.Param {
	sp, err := p.build(r, def)
	if err != nil {
		b.fail(at, "%v", err)
	}
	sp.Name = at.String()
	return sp
}

func (b *builder) checkID(at path, id, what string) bool {
	if id == "" {
		b.fail(at, "%s id is required", what)
		return false
	}
	if !idRE.MatchString(id) {
		b.fail(at, "%s id %q is not valid: %s", what, id, idRule)
		return false
	}
	return true
}

// build validates f and builds the model, step by step: the issues, the
// parties, the protocol, the deadline, the shocks and the agenda, then the
// model's own check.
func (b *builder) build(f *File) *sim.Scenario {
	s := &sim.Scenario{Name: f.Name}
	if !idRE.MatchString(f.Name) {
		b.fail(path{"name"}, "scenario name %q is not valid: %s", f.Name, idRule)
	}
	d := &draft{b: b, s: s}
	if !b.issues(f, d) {
		return nil
	}
	if !b.parties(f, d) {
		return nil
	}
	b.protocol(f, d)
	// Deadline, fixed or uncertain, and end_chance (agenda.go).
	b.deadline(f, s)
	b.shocks(f, d)
	b.agenda(f, s)
	if len(b.errs) == 0 {
		if err := s.Check(); err != nil {
			b.fail(nil, "%v", err)
		}
	}
	return s
}

// draft is the scenario that build is building, with the indexes of the
// ids its steps resolve references by: the issues' and options' (after the
// issues step) and the parties' (after the parties step).
type draft struct {
	b         *builder
	s         *sim.Scenario
	issueIdx  map[string]int   // issue id → the first issue with it
	issueIDs  []string         // the issue ids, sorted
	ids       []string         // ids[k]: issue k's id
	optionIdx []map[string]int // optionIdx[k]: option id → option of issue k
	spatial   []bool           // spatial[k]: issue k is spatial
	shapes    []sim.Shape      // shapes[k]: issue k's shape
	order     []string         // the party ids, in the order written
	partyIdx  map[string]int   // party id → party
	table     int              // the number of parties at the table
}

// issue returns the index of the issue named id, or reports that there is
// none.
func (d *draft) issue(at path, id string) (int, bool) {
	k, ok := d.issueIdx[id]
	if !ok {
		d.b.fail(at, "unknown issue %q%s (issues: %s)", id, suggest(id, d.issueIDs), strings.Join(d.issueIDs, ", "))
	}
	return k, ok
}

// party returns the index of the party named id, or reports that there is
// none or that it is self, the party naming it.
func (d *draft) party(at path, id, self string) (int, bool) {
	i, ok := d.partyIdx[id]
	if !ok {
		d.b.fail(at, "unknown party %q%s (parties: %s)", id, suggest(id, d.order), strings.Join(d.order, ", "))
	} else if id == self {
		d.b.fail(at, "a party cannot name itself here")
		ok = false
	}
	return i, ok
}

// option returns the index of issue k's option named id, or reports that
// there is none.
func (d *draft) option(at path, k int, id string) (int, bool) {
	o, ok := d.optionIdx[k][id]
	if !ok {
		ids := sortedKeys(d.optionIdx[k])
		d.b.fail(at, "unknown option %q of issue %q%s (options: %s)", id, d.s.Issues[k].ID, suggest(id, ids), strings.Join(ids, ", "))
	}
	return o, ok
}

// issues builds the issues of d.s, discrete or spatial, and indexes their
// ids and their options'. It returns false when there are too many issues
// to go on.
func (b *builder) issues(f *File, d *draft) bool {
	d.issueIdx = map[string]int{}
	if len(f.Issues) == 0 {
		b.fail(path{"issues"}, "at least one issue is required")
	}
	if len(f.Issues) > MaxIssues {
		b.fail(path{"issues"}, "%d issues, at most %d allowed", len(f.Issues), MaxIssues)
		return false
	}
	for k, is := range f.Issues {
		at := path{"issues", index(k)}
		if b.checkID(at.with("id"), is.ID, "issue") {
			if _, dup := d.issueIdx[is.ID]; dup {
				b.fail(at.with("id"), "issue id %q is used twice", is.ID)
			}
		}
		// References to a duplicated id go to its first issue; the
		// duplicate has been reported, and mapping them to the second
		// would report every reference as a further, spurious error.
		if _, dup := d.issueIdx[is.ID]; !dup {
			d.issueIdx[is.ID] = k
		}
		ai := agents.Issue{ID: is.ID, Label: cmp.Or(is.Label, is.ID)}
		oi := map[string]int{}
		isSpatial := is.Type == issueSpatial
		if is.Type != "" && is.Type != issueDiscrete && !isSpatial {
			b.fail(at.with("type"), "unknown issue type %q%s (allowed: discrete, spatial)", is.Type, suggest(is.Type, []string{issueDiscrete, issueSpatial}))
			// Without options it was meant to be spatial: built as one,
			// the parties' positions on it are not further errors.
			isSpatial = len(is.Options) == 0
		}
		d.spatial = append(d.spatial, isSpatial)
		if isSpatial {
			d.shapes = append(d.shapes, b.spatialIssue(at, is, &ai, oi))
		} else {
			d.shapes = append(d.shapes, sim.Linear)
			b.discreteIssue(at, is, &ai, oi)
		}
		d.optionIdx = append(d.optionIdx, oi)
		d.s.Issues = append(d.s.Issues, ai)
	}
	d.issueIDs = sortedKeys(d.issueIdx)
	d.ids = make([]string, len(f.Issues))
	for k, is := range f.Issues {
		d.ids[k] = is.ID
	}
	return true
}

// discreteIssue builds the options of the discrete issue is, at at, into
// ai, and indexes their ids in oi.
func (b *builder) discreteIssue(at path, is IssueFile, ai *agents.Issue, oi map[string]int) {
	b.discreteOnly(at, is)
	if len(is.Options) < 2 || len(is.Options) > MaxOptions {
		b.fail(at.with("options"), "an issue needs 2 to %d options, got %d", MaxOptions, len(is.Options))
	}
	for o, op := range is.Options {
		oat := at.with("options", index(o), "id")
		if b.checkID(oat, op.ID, "option") {
			if _, dup := oi[op.ID]; dup {
				b.fail(oat, "option id %q is used twice in issue %q", op.ID, is.ID)
			}
		}
		oi[op.ID] = o
		ai.Options = append(ai.Options, agents.Option{ID: op.ID, Label: cmp.Or(op.Label, op.ID)})
	}
}

// shocks builds the shocks, in id order: each a probability, a chance of
// ending the talks, and shifts of parties' reservation values.
func (b *builder) shocks(f *File, d *draft) {
	for _, sid := range sortedKeys(f.Shocks) {
		sf := f.Shocks[sid]
		at := path{"shocks", sid}
		b.checkID(at, sid, "shock")
		sh := sim.Shock{ID: sid}
		sh.Probability = b.param(sf.Probability, at.with("probability"), unitRange, nil)
		sh.EndTalks = b.param(sf.EndTalks, at.with("end_talks"), unitRange, ptr(0))
		for _, pid := range sortedKeys(sf.Reservation) {
			if j, ok := d.party(at.with("reservation", pid), pid, ""); ok {
				sh.Shifts = append(sh.Shifts, sim.Shift{Party: j, Amount: b.param(sf.Reservation[pid], at.with("reservation", pid), driftRange, nil)})
			}
		}
		d.s.Shocks = append(d.s.Shocks, sh)
	}
}
