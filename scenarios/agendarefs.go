package scenarios

import (
	"slices"
	"strings"

	"github.com/negsim/negsim/sim"
)

// refs resolves the ids an agenda names.
type refs struct {
	b        *builder
	s        *sim.Scenario
	issueIdx map[string]int
	issues   []string
	options  []map[string]int
	partyIdx map[string]int
	parties  []string
	items    []string // sorted
	itemIdx  map[string]int
}

func newRefs(b *builder, s *sim.Scenario) *refs {
	r := &refs{b: b, s: s, issueIdx: map[string]int{}, partyIdx: map[string]int{}}
	for k, is := range s.Issues {
		// References to a duplicated id go to its first issue, as in build.
		if _, dup := r.issueIdx[is.ID]; !dup {
			r.issueIdx[is.ID] = k
		}
		oi := map[string]int{}
		for o, op := range is.Options {
			oi[op.ID] = o
		}
		r.options = append(r.options, oi)
	}
	r.issues = sortedKeys(r.issueIdx)
	for i, p := range s.Parties {
		r.partyIdx[p.ID] = i
	}
	r.parties = sortedKeys(r.partyIdx)
	return r
}

func (r *refs) issue(at path, id string) (int, bool) {
	k, ok := r.issueIdx[id]
	if !ok {
		r.b.fail(at, "unknown issue %q%s (issues: %s)", id, suggest(id, r.issues), strings.Join(r.issues, ", "))
	}
	return k, ok
}

func (r *refs) option(at path, k int, id string) (int, bool) {
	o, ok := r.options[k][id]
	if !ok {
		ids := sortedKeys(r.options[k])
		r.b.fail(at, "unknown option %q of issue %q%s (options: %s)", id, r.s.Issues[k].ID, suggest(id, ids), strings.Join(ids, ", "))
	}
	return o, ok
}

func (r *refs) party(at path, id string) (int, bool) {
	i, ok := r.partyIdx[id]
	if !ok {
		r.b.fail(at, "unknown party %q%s (parties: %s)", id, suggest(id, r.parties), strings.Join(r.parties, ", "))
	}
	return i, ok
}

func (r *refs) item(at path, id string) (int, bool) {
	j, ok := r.itemIdx[id]
	if !ok {
		r.b.fail(at, "unknown agenda item %q%s (items: %s)", id, suggest(id, r.items), strings.Join(r.items, ", "))
	}
	return j, ok
}

// ofItem returns n such that it.Issues[n] is the issue named id, or
// reports that the item does not settle it; complete says whether every
// issue the item lists is known (if not, that has been reported, and may
// be why id is not among them).
func (r *refs) ofItem(at path, it *sim.Item, id string, names []string, complete bool) (int, bool) {
	k, ok := r.issue(at, id)
	if !ok {
		return 0, false
	}
	n := slices.Index(it.Issues, k)
	if n < 0 && complete {
		r.b.fail(at, "issue %q is not one of the item's issues (issues: %s)", id, strings.Join(names, ", "))
	}
	return n, n >= 0
}
