package sim

import (
	"fmt"

	"github.com/negsim/negsim/agents"
)

// Agenda splits the talks into items that can be agreed on their own, in
// stages or at the same time, with preconditions, linkage between items,
// agreements in force that may lapse, and a horizon after the talks. A
// scenario without an Agenda negotiates one package of every issue, as a
// single comprehensive deal. The rules are in docs/model.md ("Agenda
// items").
type Agenda struct {
	Items []Item
	// Horizon is the number of rounds after the talks end during which
	// items in force can still lapse, ≥ 0.
	Horizon int
}

// Item is one agenda item: a subset of the issues agreed on its own.
// Items later in the agenda take precedence on issues they share with
// earlier ones.
type Item struct {
	ID, Label string
	// Issues are the indices of the issues the item settles.
	Issues []int
	// Options[n][o] says whether option o of issue Issues[n] may be agreed
	// under this item (nil: every option).
	Options [][]bool
	// StatusQuo[n] is the option of issue Issues[n] that holds while no
	// item settling it is in force.
	StatusQuo []int
	// Parties are the indices of the parties whose consent the item needs:
	// parties at the table negotiate it, outside parties ratify it.
	Parties []int
	// After lists the items (indices) that must be in force before this
	// one can be negotiated.
	After []int
	// Start, if not nil, are the terms (an option per issue of Issues) in
	// force at round 0: the item was agreed before the talks began.
	Start []int
	// Hazard is the chance per round that a party that would be better
	// off without the item defects, ending it (in [0,1]).
	Hazard Param
	// Renegotiate says whether a lapsed item can be negotiated again.
	Renegotiate bool
	// Conditions make parties' consent to the item depend on other items.
	Conditions []Condition
}

// Condition is a linkage: Party consents to the item only if Item is in
// force (Item ≥ 0) and, when Issue ≥ 0, only if the option in force on
// Issue is one of Options. With Item < 0 the condition is on the option in
// force on Issue, whichever item (or status quo) sets it. The condition
// binds in a run with probability Binding (the zero Param means always), so
// that a condition the sources only hint at can be uncertain.
type Condition struct {
	// ID names the condition (for traces; the loader sets the file's key).
	ID      string
	Party   int
	Item    int
	Issue   int
	Options []bool
	Binding Param
}

// ItemBreak is a shock's power to end an agreement in force: when the
// shock happens, Item lapses with probability Probability.
type ItemBreak struct {
	Item        int
	Probability Param
}

// checkAgenda reports structural problems of s.Agenda.
func (s *Scenario) checkAgenda(bad func(string, ...any) error) error {
	a := s.Agenda
	if a == nil {
		for _, sh := range s.Shocks {
			if len(sh.Breaks) > 0 {
				return bad("shock %q breaks agenda items, but the scenario has no agenda", sh.ID)
			}
		}
		return nil
	}
	if len(a.Items) == 0 {
		return bad("the agenda has no items")
	}
	if len(a.Items) > MaxItems {
		return bad("the agenda has %d items, at most %d", len(a.Items), MaxItems)
	}
	if a.Horizon < 0 {
		return bad("agenda horizon %d, want ≥ 0", a.Horizon)
	}
	covered := make([]bool, len(s.Issues))
	for j, it := range a.Items {
		if len(it.Issues) == 0 {
			return bad("item %q settles no issue", it.ID)
		}
		if len(it.StatusQuo) != len(it.Issues) || (it.Options != nil && len(it.Options) != len(it.Issues)) ||
			(it.Start != nil && len(it.Start) != len(it.Issues)) {
			return bad("item %q: status quo, options and start terms must cover its %d issues", it.ID, len(it.Issues))
		}
		seen := map[int]bool{}
		for n, k := range it.Issues {
			if k < 0 || k >= len(s.Issues) || seen[k] {
				return bad("item %q names issue index %d, out of range or twice", it.ID, k)
			}
			seen[k] = true
			covered[k] = true
			no := len(s.Issues[k].Options)
			if sq := it.StatusQuo[n]; sq < 0 || sq >= no {
				return bad("item %q: status quo option %d of issue %q out of range", it.ID, sq, s.Issues[k].ID)
			}
			if it.Options != nil {
				if len(it.Options[n]) != no {
					return bad("item %q: options of issue %q need %d flags", it.ID, s.Issues[k].ID, no)
				}
				any := false
				for _, ok := range it.Options[n] {
					any = any || ok
				}
				if !any {
					return bad("item %q allows no option of issue %q", it.ID, s.Issues[k].ID)
				}
			}
			if it.Start != nil && (it.Start[n] < 0 || it.Start[n] >= no) {
				return bad("item %q: start option of issue %q out of range", it.ID, s.Issues[k].ID)
			}
		}
		table := 0
		for _, i := range it.Parties {
			if i < 0 || i >= len(s.Parties) {
				return bad("item %q names party index %d, out of range", it.ID, i)
			}
			if s.Parties[i].Role == agents.AtTable {
				table++
			}
		}
		if table == 0 {
			return bad("item %q needs at least one party at the table", it.ID)
		}
		for _, d := range it.After {
			if d < 0 || d >= len(a.Items) || d == j {
				return bad("item %q: precondition index %d is not another item", it.ID, d)
			}
		}
		for _, c := range it.Conditions {
			if c.Party < 0 || c.Party >= len(s.Parties) || c.Item >= len(a.Items) || c.Item == j ||
				c.Issue >= len(s.Issues) || (c.Item < 0 && c.Issue < 0) ||
				(c.Issue >= 0 && len(c.Options) != len(s.Issues[c.Issue].Options)) {
				return bad("item %q: a condition names a party, item, issue or options out of range", it.ID)
			}
		}
	}
	for k, ok := range covered {
		if !ok {
			return bad("issue %q is on no agenda item", s.Issues[k].ID)
		}
	}
	if err := a.acyclic(); err != nil {
		return bad("%v", err)
	}
	for _, sh := range s.Shocks {
		for _, b := range sh.Breaks {
			if b.Item < 0 || b.Item >= len(a.Items) {
				return bad("shock %q breaks item index %d, out of range", sh.ID, b.Item)
			}
		}
	}
	return nil
}

// MaxItems is the largest number of agenda items (the combinations of
// items in force are counted by bitmask).
const MaxItems = 32

// acyclic reports a cycle of preconditions: items that can never open.
func (a *Agenda) acyclic() error {
	state := make([]int, len(a.Items)) // 0 new, 1 on the path, 2 done
	var visit func(j int) error
	visit = func(j int) error {
		switch state[j] {
		case 1:
			return fmt.Errorf("the preconditions (after) of item %q form a cycle", a.Items[j].ID)
		case 2:
			return nil
		}
		state[j] = 1
		for _, d := range a.Items[j].After {
			if err := visit(d); err != nil {
				return err
			}
		}
		state[j] = 2
		return nil
	}
	for j := range a.Items {
		if err := visit(j); err != nil {
			return err
		}
	}
	return nil
}
