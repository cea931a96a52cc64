package sim

import (
	"cmp"
	"slices"
)

// AgendaSummary reports an agenda scenario's items. Shares are of all runs
// unless said otherwise; every share has its 95% Wilson interval.
type AgendaSummary struct {
	// Horizon is the number of rounds after the talks during which items
	// in force could still lapse.
	Horizon int `json:"horizon"`
	// Any is the chance that at least one item was agreed during the talks
	// (terms in force before the talks do not count).
	Any Share `json:"any_agreement"`
	// Comprehensive is the chance that every item was in force at the end
	// of the talks: the comprehensive deal.
	Comprehensive Share          `json:"comprehensive"`
	Items         []ItemSummary  `json:"items"`
	Combinations  []ItemSetShare `json:"combinations"`
	Orders        []ItemSetShare `json:"orders"`
}

// Share is a count of runs, its share and the share's 95% Wilson interval.
type Share struct {
	Count  int     `json:"count"`
	Of     int     `json:"of"`
	P      float64 `json:"p"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
}

func newShare(k, n int) Share {
	s := Share{Count: k, Of: n}
	if n > 0 {
		s.P = float64(k) / float64(n)
		s.CILow, s.CIHigh = Wilson(k, n)
	}
	return s
}

// ItemSummary is what the runs did with one agenda item.
type ItemSummary struct {
	Item    string   `json:"item"`
	Label   string   `json:"label,omitempty"`
	Parties []string `json:"parties"`
	// StartInForce: the item was in force at round 0.
	StartInForce bool `json:"start_in_force"`
	// Agreed: agreed during the talks; InForceEnd and InForceHorizon: in
	// force at the end of the talks and at the end of the horizon.
	Agreed         Share `json:"agreed"`
	InForceEnd     Share `json:"in_force_end"`
	InForceHorizon Share `json:"in_force_horizon"`
	// Lapse is the chance that the item lapsed, among the runs in which it
	// was in force at some point (Of).
	Lapse Share `json:"lapse"`
	// MeanRound and the quartiles of the round of the first agreement,
	// among the runs that agreed it (0 when none did).
	MeanRound   float64 `json:"mean_round"`
	RoundMedian int     `json:"round_median"`
	RoundLow    int     `json:"round_q1"`
	RoundHigh   int     `json:"round_q3"`
	// AgreedByRound[r] is the chance it was agreed by the end of round r+1;
	// InForceByRound[r] the chance it was in force at the end of round r+1,
	// counting the horizon's rounds after the talks (a run that ended
	// earlier keeps its last state).
	AgreedByRound  []float64 `json:"agreed_by_round"`
	InForceByRound []float64 `json:"in_force_by_round"`
	// Terms are the option shares of the item's issues among the runs in
	// which it was in force at some point (its last agreement's terms).
	Terms []IssueShares `json:"terms"`
}

// ItemSetShare is a set (or sequence) of items and how often it occurred.
type ItemSetShare struct {
	Items []string `json:"items"`
	Share
}

// agendaTally accumulates the agenda figures of a batch of runs.
type agendaTally struct {
	any, comprehensive int
	items              []itemTally
	combos             map[uint64]int
	orders             map[string]int
	key                []byte
}

type itemTally struct {
	agreed, inForceEnd, inForceHorizon, lapsed, ever int
	roundSum                                         int
	rounds                                           []int
	inForce                                          []int
	terms                                            [][]int
}

func newAgendaTally(s *Scenario) *agendaTally {
	a := s.Agenda
	t := &agendaTally{combos: map[uint64]int{}, orders: map[string]int{}}
	for _, it := range a.Items {
		var iv itemTally
		iv.rounds = make([]int, s.Deadline)
		iv.inForce = make([]int, s.Deadline+a.Horizon)
		for _, k := range it.Issues {
			iv.terms = append(iv.terms, make([]int, len(s.Issues[k].Options)))
		}
		t.items = append(t.items, iv)
	}
	return t
}

func (t *agendaTally) reset() {
	t.any, t.comprehensive = 0, 0
	for j := range t.items {
		iv := &t.items[j]
		iv.agreed, iv.inForceEnd, iv.inForceHorizon, iv.lapsed, iv.ever, iv.roundSum = 0, 0, 0, 0, 0, 0
		clear(iv.rounds)
		clear(iv.inForce)
		for _, c := range iv.terms {
			clear(c)
		}
	}
	clear(t.combos)
	clear(t.orders)
}

func (t *agendaTally) add(o *Outcome) {
	if len(o.Order) > 0 {
		t.any++
	}
	var end uint64
	all := true
	for j := range t.items {
		iv, io := &t.items[j], &o.Items[j]
		if io.Agreed {
			iv.agreed++
			iv.rounds[io.Round-1]++
			iv.roundSum += io.Round
		}
		if io.InForceEnd {
			iv.inForceEnd++
			end |= 1 << j
		} else {
			all = false
		}
		if io.InForceHorizon {
			iv.inForceHorizon++
		}
		if io.Agreed || io.StartInForce {
			iv.ever++
			if io.Lapsed {
				iv.lapsed++
			}
			for n, opt := range io.Terms {
				iv.terms[n][opt]++
			}
		}
		for r, m := range o.InForce {
			if m&(1<<j) != 0 {
				iv.inForce[r]++
			}
		}
	}
	if all {
		t.comprehensive++
	}
	t.combos[end]++
	t.key = t.key[:0]
	for _, j := range o.Order {
		t.key = append(t.key, byte(j))
	}
	t.orders[string(t.key)]++
}

func (t *agendaTally) merge(u *agendaTally) {
	t.any += u.any
	t.comprehensive += u.comprehensive
	for j := range t.items {
		a, b := &t.items[j], &u.items[j]
		a.agreed += b.agreed
		a.inForceEnd += b.inForceEnd
		a.inForceHorizon += b.inForceHorizon
		a.lapsed += b.lapsed
		a.ever += b.ever
		a.roundSum += b.roundSum
		addInts(a.rounds, b.rounds)
		addInts(a.inForce, b.inForce)
		for n := range a.terms {
			addInts(a.terms[n], b.terms[n])
		}
	}
	for k, n := range u.combos {
		t.combos[k] += n
	}
	for k, n := range u.orders {
		t.orders[k] += n
	}
}

func (t *agendaTally) summary(s *Scenario, n int) *AgendaSummary {
	a := s.Agenda
	sum := &AgendaSummary{Horizon: a.Horizon, Any: newShare(t.any, n), Comprehensive: newShare(t.comprehensive, n)}
	for j, it := range a.Items {
		iv := &t.items[j]
		is := ItemSummary{Item: it.ID, Label: it.Label, StartInForce: it.Start != nil,
			Agreed: newShare(iv.agreed, n), InForceEnd: newShare(iv.inForceEnd, n),
			InForceHorizon: newShare(iv.inForceHorizon, n), Lapse: newShare(iv.lapsed, iv.ever)}
		for _, i := range it.Parties {
			is.Parties = append(is.Parties, s.Parties[i].ID)
		}
		cum := 0
		for _, k := range iv.rounds {
			cum += k
			if n > 0 {
				is.AgreedByRound = append(is.AgreedByRound, float64(cum)/float64(n))
			}
		}
		if iv.agreed > 0 {
			is.MeanRound = float64(iv.roundSum) / float64(iv.agreed)
			is.RoundLow = roundQuantile(iv.rounds, iv.agreed, 0.25)
			is.RoundMedian = roundQuantile(iv.rounds, iv.agreed, 0.5)
			is.RoundHigh = roundQuantile(iv.rounds, iv.agreed, 0.75)
		}
		for _, k := range iv.inForce {
			if n > 0 {
				is.InForceByRound = append(is.InForceByRound, float64(k)/float64(n))
			}
		}
		for m, k := range it.Issues {
			ish := IssueShares{Issue: s.Issues[k].ID}
			for o, op := range s.Issues[k].Options {
				c := iv.terms[m][o]
				sh := 0.0
				if iv.ever > 0 {
					sh = float64(c) / float64(iv.ever)
				}
				ish.Options = append(ish.Options, OptionShare{Option: op.ID, Count: c, Share: sh})
			}
			is.Terms = append(is.Terms, ish)
		}
		sum.Items = append(sum.Items, is)
	}
	for mask, c := range t.combos {
		set := ItemSetShare{Items: []string{}, Share: newShare(c, n)}
		for j, it := range a.Items {
			if mask&(1<<j) != 0 {
				set.Items = append(set.Items, it.ID)
			}
		}
		sum.Combinations = append(sum.Combinations, set)
	}
	for key, c := range t.orders {
		set := ItemSetShare{Items: []string{}, Share: newShare(c, n)}
		for _, j := range []byte(key) {
			set.Items = append(set.Items, a.Items[j].ID)
		}
		sum.Orders = append(sum.Orders, set)
	}
	bySize := func(x, y ItemSetShare) int {
		if c := cmp.Compare(y.Count, x.Count); c != 0 {
			return c
		}
		return slices.Compare(x.Items, y.Items)
	}
	slices.SortFunc(sum.Combinations, bySize)
	slices.SortFunc(sum.Orders, bySize)
	return sum
}

// roundQuantile returns the q-quantile (lower) of rounds counted in hist
// (hist[r] runs at round r+1) out of total.
func roundQuantile(hist []int, total int, q float64) int {
	need := int(q*float64(total-1)) + 1
	cum := 0
	for r, k := range hist {
		cum += k
		if cum >= need {
			return r + 1
		}
	}
	return len(hist)
}
