package sim

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
)

// Partial is the result of one shard of a Monte Carlo estimate
// (MonteCarloShard), in a form that travels as JSON: what MergeShards
// needs to give the summary of the whole estimate. It holds no timestamp
// or machine detail, so a shard run again writes the same Partial.
type Partial struct {
	Shard Shard `json:"shard"`
	// Runs, Seed, Analyzed and TopPackages are the estimate's (every
	// shard's the same): Runs is the number of runs of the whole estimate.
	Runs        int    `json:"runs_requested"`
	Seed        uint64 `json:"seed"`
	Analyzed    bool   `json:"analyzed"`
	TopPackages int    `json:"top_packages"`
	// FirstRun and EndRun bound the global run indices of the shard's
	// runs, [FirstRun, EndRun).
	FirstRun int `json:"first_run"`
	EndRun   int `json:"end_run"`
	// Counts are the shard's integer tallies, which add up in any order.
	Counts Counts `json:"counts"`
	// Batches are the agreements and float sums of the shard's batches of
	// 512 runs, in run order: MergeShards adds the sums in run order as
	// MonteCarlo does (float addition is not associative), and takes the
	// convergence checkpoints at the same batch boundaries.
	Batches BatchSums `json:"batches"`
}

// Counts are the integer tallies of a set of runs. Slices are indexed as
// the scenario's issues, options, parties, shocks and rounds.
type Counts struct {
	Runs         int `json:"runs"`
	Agreements   int `json:"agreements"`
	Analysed     int `json:"analysed"`
	ZOPA         int `json:"zopa"`
	Inexact      int `json:"inexact"`
	Deadline     int `json:"deadline"`
	Ended        int `json:"ended"`
	NoProposal   int `json:"no_proposal"`
	AllAccepting int `json:"all_accepting"`
	// ByRound[r] counts agreements in round r+1.
	ByRound []int `json:"by_round"`
	// Options[k][o] counts agreements with issue k at option o.
	Options [][]int `json:"options"`
	// UtilityHistograms[i] are party i's utilities in agreements, in
	// UtilityBins bins.
	UtilityHistograms [][]int `json:"utility_histograms"`
	Shocks            []int   `json:"shocks"`
	Walkouts          []int   `json:"walkouts"`
	Pivotal           []int   `json:"pivotal"`
	// Packages are the agreed packages (an option index per issue) with
	// their counts, in package order.
	Packages []PackageCount `json:"packages"`
	Agenda   *AgendaCounts  `json:"agenda,omitempty"`
}

// PackageCount is an agreed package, an option index per issue, and how
// many runs agreed it.
type PackageCount struct {
	Options []int `json:"options"`
	Count   int   `json:"count"`
}

// AgendaCounts are the integer tallies of an agenda scenario's runs.
type AgendaCounts struct {
	Any           int          `json:"any"`
	Comprehensive int          `json:"comprehensive"`
	Items         []ItemCounts `json:"items"`
	// Combinations count the sets of items in force at the end (bit j:
	// item j), Orders the sequences of first agreements (item indices).
	Combinations []MaskCount  `json:"combinations"`
	Orders       []OrderCount `json:"orders"`
}

// ItemCounts are one agenda item's tallies.
type ItemCounts struct {
	Agreed         int     `json:"agreed"`
	InForceEnd     int     `json:"in_force_end"`
	InForceHorizon int     `json:"in_force_horizon"`
	Lapsed         int     `json:"lapsed"`
	Ever           int     `json:"ever"`
	RoundSum       int     `json:"round_sum"`
	Rounds         []int   `json:"rounds"`
	InForce        []int   `json:"in_force"`
	Terms          [][]int `json:"terms"`
}

// MaskCount is a set of agenda items (bit j: item j) and its count.
type MaskCount struct {
	Mask  uint64 `json:"mask"`
	Count int    `json:"count"`
}

// OrderCount is a sequence of agenda items and its count.
type OrderCount struct {
	Order []int `json:"order"`
	Count int   `json:"count"`
}

// BatchSums are the agreements and float sums over the agreed runs of a
// sequence of batches, a column each, element j for batch j: Pareto gaps
// and Nash distances (of analysed runs), and each party's utility and
// score (Utility[i][j]: party i, batch j). Columns keep a shard's memory
// and file at a few numbers per batch, with no allocation per batch.
type BatchSums struct {
	Agreements   []int       `json:"agreements"`
	ParetoGap    []float64   `json:"pareto_gap_sums"`
	NashDistance []float64   `json:"nash_distance_sums"`
	Utility      [][]float64 `json:"utility_sums"`
	Score        [][]float64 `json:"score_sums"`
}

// newBatchSums returns empty columns for n batches of a scenario of
// parties parties.
func newBatchSums(parties, n int) BatchSums {
	b := BatchSums{Agreements: make([]int, 0, n), ParetoGap: make([]float64, 0, n), NashDistance: make([]float64, 0, n),
		Utility: make([][]float64, parties), Score: make([][]float64, parties)}
	for i := range parties {
		b.Utility[i], b.Score[i] = make([]float64, 0, n), make([]float64, 0, n)
	}
	return b
}

// add appends t's agreements and float sums as the next batch.
func (b *BatchSums) add(t *tally) {
	b.Agreements = append(b.Agreements, t.agreed)
	b.ParetoGap = append(b.ParetoGap, t.paretoSum)
	b.NashDistance = append(b.NashDistance, t.nashSum)
	for i := range t.utilSum {
		b.Utility[i] = append(b.Utility[i], t.utilSum[i])
		b.Score[i] = append(b.Score[i], t.scoreSum[i])
	}
}

// addSums adds batch j's float sums into t, as merge adds a batch's.
func (t *tally) addSums(b *BatchSums, j int) {
	t.paretoSum += b.ParetoGap[j]
	t.nashSum += b.NashDistance[j]
	for i := range t.utilSum {
		t.utilSum[i] += b.Utility[i][j]
		t.scoreSum[i] += b.Score[i][j]
	}
}

func cloneAll(xs [][]int) [][]int {
	out := make([][]int, len(xs))
	for i, x := range xs {
		out[i] = slices.Clone(x)
	}
	return out
}

func addAll(dst, src [][]int) {
	for i := range dst {
		addInts(dst[i], src[i])
	}
}

// keyInts appends to dst the indices in key, a package's options or an
// order's items as bytes (tally.pkgs, agendaTally.orders).
func keyInts(dst []int, key string) []int {
	for _, b := range []byte(key) {
		dst = append(dst, int(b))
	}
	return dst
}

// intsKey is the key of indices xs, the inverse of keyInts.
func intsKey(xs []int) string {
	key := make([]byte, len(xs))
	for k, x := range xs {
		key[k] = byte(x)
	}
	return string(key)
}

// counts returns t's integer tallies.
func (t *tally) counts(s *Scenario) Counts {
	c := Counts{Runs: t.runs, Agreements: t.agreed, Analysed: t.analysed, ZOPA: t.zopa, Inexact: t.inexact,
		Deadline: t.deadline, Ended: t.ended, NoProposal: t.noProposal, AllAccepting: t.allAccepting,
		ByRound: slices.Clone(t.byRound), Options: cloneAll(t.options), UtilityHistograms: cloneAll(t.utilHist),
		Shocks: slices.Clone(t.shock), Walkouts: slices.Clone(t.walkout), Pivotal: slices.Clone(t.pivotal),
		Packages: []PackageCount{}}
	for _, pk := range t.packageCounts(s) {
		c.Packages = append(c.Packages, PackageCount{Options: keyInts(nil, pk.key), Count: pk.n})
	}
	slices.SortFunc(c.Packages, func(a, b PackageCount) int { return slices.Compare(a.Options, b.Options) })
	if a := t.agenda; a != nil {
		ac := &AgendaCounts{Any: a.any, Comprehensive: a.comprehensive, Combinations: []MaskCount{}, Orders: []OrderCount{}}
		for _, iv := range a.items {
			ac.Items = append(ac.Items, ItemCounts{Agreed: iv.agreed, InForceEnd: iv.inForceEnd, InForceHorizon: iv.inForceHorizon,
				Lapsed: iv.lapsed, Ever: iv.ever, RoundSum: iv.roundSum,
				Rounds: slices.Clone(iv.rounds), InForce: slices.Clone(iv.inForce), Terms: cloneAll(iv.terms)})
		}
		for m, n := range a.combos {
			ac.Combinations = append(ac.Combinations, MaskCount{m, n})
		}
		slices.SortFunc(ac.Combinations, func(x, y MaskCount) int { return cmp.Compare(x.Mask, y.Mask) })
		for key, n := range a.orders {
			ac.Orders = append(ac.Orders, OrderCount{Order: keyInts([]int{}, key), Count: n})
		}
		slices.SortFunc(ac.Orders, func(x, y OrderCount) int { return slices.Compare(x.Order, y.Order) })
		c.Agenda = ac
	}
	return c
}

// addCounts adds integer tallies that check has accepted into t.
func (t *tally) addCounts(s *Scenario, c *Counts) {
	t.runs += c.Runs
	t.agreed += c.Agreements
	t.analysed += c.Analysed
	t.zopa += c.ZOPA
	t.inexact += c.Inexact
	t.deadline += c.Deadline
	t.ended += c.Ended
	t.noProposal += c.NoProposal
	t.allAccepting += c.AllAccepting
	addInts(t.byRound, c.ByRound)
	addAll(t.options, c.Options)
	addAll(t.utilHist, c.UtilityHistograms)
	addInts(t.shock, c.Shocks)
	addInts(t.walkout, c.Walkouts)
	addInts(t.pivotal, c.Pivotal)
	for _, pc := range c.Packages {
		if t.strides != nil {
			var i uint64
			for k, o := range pc.Options {
				i += uint64(o) * t.strides[k]
			}
			t.idx[i] += pc.Count
			continue
		}
		t.pkgs[intsKey(pc.Options)] += pc.Count
	}
	if a, ac := t.agenda, c.Agenda; a != nil {
		a.any += ac.Any
		a.comprehensive += ac.Comprehensive
		for j := range a.items {
			iv, ic := &a.items[j], &ac.Items[j]
			iv.agreed += ic.Agreed
			iv.inForceEnd += ic.InForceEnd
			iv.inForceHorizon += ic.InForceHorizon
			iv.lapsed += ic.Lapsed
			iv.ever += ic.Ever
			iv.roundSum += ic.RoundSum
			addInts(iv.rounds, ic.Rounds)
			addInts(iv.inForce, ic.InForce)
			addAll(iv.terms, ic.Terms)
		}
		for _, mc := range ac.Combinations {
			a.combos[mc.Mask] += mc.Count
		}
		for _, oc := range ac.Orders {
			a.orders[intsKey(oc.Order)] += oc.Count
		}
	}
}

// check returns an error if p does not fit s or is not consistent with
// itself: what MergeShards reads must not index out of range.
func (p *Partial) check(s *Scenario) error {
	from, to := p.Shard.Runs(p.Runs)
	if p.FirstRun != from || p.EndRun != to {
		return fmt.Errorf("runs [%d, %d): want [%d, %d) of %d runs", p.FirstRun, p.EndRun, from, to, p.Runs)
	}
	b, e := p.Shard.Range(batchCount(p.Runs))
	nParties, bs := len(s.Parties), &p.Batches
	if len(bs.Agreements) != e-b || len(bs.ParetoGap) != e-b || len(bs.NashDistance) != e-b {
		return fmt.Errorf("batches: want the agreements, Pareto gap and Nash distance sums of %d batches", e-b)
	}
	if len(bs.Utility) != nParties || len(bs.Score) != nParties {
		return fmt.Errorf("batches: want utility and score sums for each of %d parties", nParties)
	}
	for i := range nParties {
		if len(bs.Utility[i]) != e-b || len(bs.Score[i]) != e-b {
			return fmt.Errorf("batches: party %d: want utility and score sums of %d batches", i, e-b)
		}
	}
	c := &p.Counts
	if c.Runs != to-from {
		return fmt.Errorf("counts.runs %d: want %d", c.Runs, to-from)
	}
	for j, k := range bs.Agreements {
		if n := min(chunk, to-from-j*chunk); k < 0 || k > n {
			return fmt.Errorf("batches.agreements[%d] %d: want 0 to %d", j, k, n)
		}
	}
	var errs []error
	shape := func(name string, got []int, want int) {
		if len(got) != want {
			errs = append(errs, fmt.Errorf("counts.%s has %d entries, want %d", name, len(got), want))
		}
	}
	shape("by_round", c.ByRound, s.Deadline)
	shape("shocks", c.Shocks, len(s.Shocks))
	shape("walkouts", c.Walkouts, nParties)
	shape("pivotal", c.Pivotal, nParties)
	if len(c.Options) != len(s.Issues) {
		errs = append(errs, fmt.Errorf("counts.options has %d issues, want %d", len(c.Options), len(s.Issues)))
	} else {
		for k, is := range s.Issues {
			shape(fmt.Sprintf("options[%d]", k), c.Options[k], len(is.Options))
		}
	}
	if len(c.UtilityHistograms) != nParties {
		errs = append(errs, fmt.Errorf("counts.utility_histograms has %d parties, want %d", len(c.UtilityHistograms), nParties))
	} else {
		for i, h := range c.UtilityHistograms {
			shape(fmt.Sprintf("utility_histograms[%d]", i), h, UtilityBins)
		}
	}
	for n, pc := range c.Packages {
		ok := len(pc.Options) == len(s.Issues)
		for k := 0; ok && k < len(pc.Options); k++ {
			ok = pc.Options[k] >= 0 && pc.Options[k] < len(s.Issues[k].Options)
		}
		if !ok {
			errs = append(errs, fmt.Errorf("counts.packages[%d]: want an option index of each of the %d issues", n, len(s.Issues)))
			break
		}
	}
	errs = append(errs, c.checkAgenda(s))
	return errors.Join(errs...)
}

// checkAgenda is check for the agenda's counts.
func (c *Counts) checkAgenda(s *Scenario) error {
	switch a := c.Agenda; {
	case s.Agenda == nil && a == nil:
		return nil
	case s.Agenda == nil:
		return errors.New("counts.agenda: the scenario has no agenda")
	case a == nil:
		return errors.New("counts.agenda is missing: the scenario has an agenda")
	case len(a.Items) != len(s.Agenda.Items):
		return fmt.Errorf("counts.agenda.items has %d items, want %d", len(a.Items), len(s.Agenda.Items))
	}
	a := c.Agenda
	for j, it := range s.Agenda.Items {
		ic := &a.Items[j]
		if len(ic.Rounds) != s.Deadline || len(ic.InForce) != s.Deadline+s.Agenda.Horizon || len(ic.Terms) != len(it.Issues) {
			return fmt.Errorf("counts.agenda.items[%d]: want %d rounds, %d in force and the terms of %d issues", j, s.Deadline, s.Deadline+s.Agenda.Horizon, len(it.Issues))
		}
		for m, k := range it.Issues {
			if len(ic.Terms[m]) != len(s.Issues[k].Options) {
				return fmt.Errorf("counts.agenda.items[%d].terms[%d]: want %d options", j, m, len(s.Issues[k].Options))
			}
		}
	}
	n := len(s.Agenda.Items)
	for i, oc := range a.Orders {
		if len(oc.Order) > n || slices.ContainsFunc(oc.Order, func(j int) bool { return j < 0 || j >= n }) {
			return fmt.Errorf("counts.agenda.orders[%d]: want item indices from 0 to %d", i, n-1)
		}
	}
	for i, mc := range a.Combinations {
		if n < 64 && mc.Mask>>n != 0 {
			return fmt.Errorf("counts.agenda.combinations[%d]: mask %d names an item past the %d", i, mc.Mask, n)
		}
	}
	return nil
}
