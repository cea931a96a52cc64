package sim

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
)

// Options configure a Monte Carlo estimate. The zero value of each field
// means its default.
type Options struct {
	// Runs is the number of simulated negotiations (default 10,000).
	Runs int
	// Seed fixes all randomness: run i depends only on (Seed, i).
	Seed uint64
	// Workers is the number of goroutines (default GOMAXPROCS). It never
	// changes the results.
	Workers int
	// TopPackages is how many of the most frequent agreed packages the
	// summary lists (default 10).
	TopPackages int
	// Progress, if set, is called with the number of runs finished so far,
	// from one goroutine, after each batch.
	Progress func(done int)
	// Record, if set, receives every run in run order (for saving runs); an
	// error stops the estimate.
	Record func(run int, o *Outcome) error
	// Analyze, if set, analyses every run's outcome space (Runner.Analyze):
	// the summary then reports the chance that a zone of possible agreement
	// existed, the protocol's efficiency and agreements' distances to the
	// Pareto frontier and the Nash solution. It costs a search per run
	// when utilities are uncertain, little otherwise (Runner.Analyze).
	Analyze bool
	// Precision, if > 0, makes the estimate adaptive: it stops at the first
	// batch boundary (a multiple of 512 runs, and at least MinAdaptiveRuns)
	// where the half-width of the 95% interval of the chance of agreement
	// is at most Precision, or at Runs (default MaxAdaptiveRuns), whichever
	// comes first. Batches are merged in run order, so the stopping point is
	// the same for any number of workers.
	Precision float64
}

// DefaultRuns is the number of runs when Options.Runs is 0.
const DefaultRuns = 10000

// Limits of an adaptive estimate (Options.Precision). The minimum keeps a
// lucky start (no agreement in the first few hundred runs gives a narrow
// Wilson interval) from stopping it.
const (
	MinAdaptiveRuns = 4096
	MaxAdaptiveRuns = 100_000_000
)

// chunk is the number of consecutive runs a worker simulates at a time.
const chunk = 512

// batchCount returns the number of batches of chunk runs (the last may be
// short) of an estimate of runs runs.
func batchCount(runs int) int { return (runs + chunk - 1) / chunk }

// MonteCarlo simulates opt.Runs negotiations of s across opt.Workers
// goroutines and summarises them. Aggregates are reduced batch by batch in
// run order, so memory does not grow with the number of runs and the
// summary is bit-identical for any number of workers.
//
// If ctx is cancelled, MonteCarlo stops promptly and returns the summary
// of the runs completed before the first unfinished batch, marked Partial,
// together with ctx's error.
func MonteCarlo(ctx context.Context, s *Scenario, opt Options) (*Summary, error) {
	opt, err := opt.defaults(s)
	if err != nil {
		return nil, err
	}
	nChunks := batchCount(opt.Runs)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	total := newTally(s)
	precise := false // an adaptive estimate reached its precision
	var conv convergence
	merged, err := runChunks(ctx, s, opt, 0, nChunks, func(t *tally) bool {
		total.merge(t)
		if opt.Progress != nil {
			opt.Progress(total.runs)
		}
		conv.add(total.agreed, total.runs)
		if opt.Precision > 0 && total.runs >= MinAdaptiveRuns {
			lo, hi := Wilson(total.agreed, total.runs)
			if (hi-lo)/2 <= opt.Precision {
				precise = true
				cancel()
				return false
			}
		}
		return true
	})
	if err != nil {
		return nil, err
	}
	sum := total.summary(s, opt)
	sum.Precision = opt.Precision
	sum.Convergence = conv.finish(total.agreed, total.runs)
	if merged < nChunks && !precise {
		sum.Partial = true
		if e := context.Cause(ctx); e != nil {
			return sum, e
		}
		return sum, errors.New("sim: workers stopped early")
	}
	return sum, nil
}

// defaults checks opt and fills in the defaults of its zero fields.
func (opt Options) defaults(s *Scenario) (Options, error) {
	if err := s.Check(); err != nil {
		return opt, err
	}
	if opt.Precision < 0 || opt.Precision >= 0.5 {
		return opt, fmt.Errorf("sim: precision must be in (0, 0.5), got %g", opt.Precision)
	}
	if opt.Runs == 0 {
		opt.Runs = DefaultRuns
		if opt.Precision > 0 {
			opt.Runs = MaxAdaptiveRuns
		}
	}
	if opt.Runs < 0 {
		return opt, fmt.Errorf("sim: runs must be positive, got %d", opt.Runs)
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if opt.TopPackages <= 0 {
		opt.TopPackages = 10
	}
	return opt, nil
}

// tally accumulates a batch of runs.
type tally struct {
	runs, agreed int
	byRound      []int
	pkgs         map[string]int // agreed packages by their options as bytes
	// idx counts agreed packages by mixed-radix index instead of pkgs when
	// the outcome space fits in a uint64, which allocates no key strings.
	idx                     map[uint64]int
	strides                 []uint64
	options                 [][]int
	utilSum                 []float64
	scoreSum                []float64
	utilHist                [][]int // per party, utility in agreements in UtilityBins bins over [0,1]
	analysed, zopa, inexact int
	paretoSum, nashSum      float64
	deadline                int
	shock                   []int
	walkout                 []int
	pivotal                 []int
	records                 []Outcome
	ended                   int
	noProposal              int
	allAccepting            int
	agenda                  *agendaTally
	key                     []byte
}

func newTally(s *Scenario) *tally {
	t := &tally{
		byRound:  make([]int, s.Deadline),
		pkgs:     map[string]int{},
		idx:      map[uint64]int{},
		options:  make([][]int, len(s.Issues)),
		utilSum:  make([]float64, len(s.Parties)),
		scoreSum: make([]float64, len(s.Parties)),
		utilHist: make([][]int, len(s.Parties)),
		shock:    make([]int, len(s.Shocks)),
		walkout:  make([]int, len(s.Parties)),
		pivotal:  make([]int, len(s.Parties)),
		key:      make([]byte, len(s.Issues)),
	}
	for k := range s.Issues {
		t.options[k] = make([]int, len(s.Issues[k].Options))
	}
	for i := range t.utilHist {
		t.utilHist[i] = make([]int, UtilityBins)
	}
	if s.Agenda != nil {
		t.agenda = newAgendaTally(s)
	}
	// Strides of the mixed-radix index, issue 0 most significant (so index
	// order is the byte order of pkgs' keys), if the space fits.
	t.strides = make([]uint64, len(s.Issues))
	stride := uint64(1)
	for k := len(s.Issues) - 1; k >= 0; k-- {
		t.strides[k] = stride
		n := uint64(len(s.Issues[k].Options))
		if stride > (1<<62)/n {
			t.strides = nil
			break
		}
		stride *= n
	}
	return t
}

func (t *tally) reset() {
	t.runs, t.agreed, t.deadline, t.ended = 0, 0, 0, 0
	t.noProposal, t.allAccepting = 0, 0
	t.analysed, t.zopa, t.inexact, t.paretoSum, t.nashSum = 0, 0, 0, 0, 0
	clear(t.byRound)
	clear(t.pkgs)
	clear(t.idx)
	for _, o := range t.options {
		clear(o)
	}
	clear(t.utilSum)
	clear(t.scoreSum)
	for _, h := range t.utilHist {
		clear(h)
	}
	clear(t.shock)
	clear(t.walkout)
	clear(t.pivotal)
	t.records = t.records[:0]
	if t.agenda != nil {
		t.agenda.reset()
	}
}

func (t *tally) add(o *Outcome, keep bool) {
	t.runs++
	if t.agenda != nil {
		t.agenda.add(o)
	}
	if o.Analysed {
		t.analysed++
		if o.ZOPA {
			t.zopa++
		}
		if !o.Exact {
			t.inexact++
		}
		if o.Agreement {
			t.paretoSum += o.ParetoGap
			t.nashSum += o.NashDistance
		}
	}
	if keep {
		c := *o
		c.Package = slices.Clone(o.Package)
		c.Utility = slices.Clone(o.Utility)
		c.Score = slices.Clone(o.Score)
		c.Order = slices.Clone(o.Order)
		c.InForce = slices.Clone(o.InForce)
		c.Items = slices.Clone(o.Items)
		for j := range c.Items {
			c.Items[j].Terms = slices.Clone(o.Items[j].Terms)
		}
		t.records = append(t.records, c)
	}
	if o.Agreement {
		t.agreed++
		t.byRound[o.Round-1]++
		if t.strides != nil {
			var i uint64
			for k, opt := range o.Package {
				i += uint64(opt) * t.strides[k]
				t.options[k][opt]++
			}
			t.idx[i]++
		} else {
			for k, opt := range o.Package {
				t.key[k] = byte(opt)
				t.options[k][opt]++
			}
			t.pkgs[string(t.key)]++
		}
		for i, u := range o.Utility {
			t.utilSum[i] += u
			t.scoreSum[i] += o.Score[i]
			t.utilHist[i][utilityBin(u)]++
		}
		return
	}
	switch o.Reason {
	case Deadline:
		t.deadline++
	case ShockEnded:
		t.shock[o.Cause]++
	case WalkedOut:
		t.walkout[o.Cause]++
	case Ended:
		t.ended++
	}
	switch {
	case o.Pivotal >= 0:
		t.pivotal[o.Pivotal]++
	case o.Proposed:
		t.allAccepting++
	case o.Reason != WalkedOut:
		t.noProposal++
	}
}

// merge adds u into t. Float sums are merged in batch order, which keeps
// them bit-identical for any number of workers.
func (t *tally) merge(u *tally) {
	t.runs += u.runs
	t.agreed += u.agreed
	t.analysed += u.analysed
	t.zopa += u.zopa
	t.inexact += u.inexact
	t.paretoSum += u.paretoSum
	t.nashSum += u.nashSum
	t.deadline += u.deadline
	t.ended += u.ended
	t.noProposal += u.noProposal
	t.allAccepting += u.allAccepting
	addInts(t.byRound, u.byRound)
	for k, n := range u.pkgs {
		t.pkgs[k] += n
	}
	for k, n := range u.idx {
		t.idx[k] += n
	}
	for k := range t.options {
		addInts(t.options[k], u.options[k])
	}
	for i := range t.utilSum {
		addInts(t.utilHist[i], u.utilHist[i])
		t.utilSum[i] += u.utilSum[i]
		t.scoreSum[i] += u.scoreSum[i]
	}
	if t.agenda != nil {
		t.agenda.merge(u.agenda)
	}
	addInts(t.shock, u.shock)
	addInts(t.walkout, u.walkout)
	addInts(t.pivotal, u.pivotal)
}

func addInts(dst, src []int) {
	for i := range dst {
		dst[i] += src[i]
	}
}

// summary returns the Summary of the runs in t, which simulated s with opt.
func (t *tally) summary(s *Scenario, opt Options) *Summary {
	n := t.runs
	sum := &Summary{
		Scenario:   s.Name,
		Protocol:   s.Protocol.Kind.String(),
		Runs:       n,
		Seed:       opt.Seed,
		Agreements: t.agreed,
	}
	if def, _ := LookupProtocol(s.Protocol.Kind); def.Mediated {
		sum.Format = s.Protocol.Format.String()
	}
	sum.P = share(t.agreed, n)
	sum.CILow, sum.CIHigh = Wilson(t.agreed, n)
	if t.analysed > 0 {
		sum.Analysis = t.analysisSummary()
	}
	sum.ByRound = t.byRoundShares()
	sum.Packages, sum.DistinctPackages = t.packageShares(s, opt.TopPackages)
	sum.Issues = t.issueShares(s)
	sum.Utility = t.partyUtilities(s)
	sum.Breakdown = t.breakdown(s)
	if t.agenda != nil {
		sum.Agenda = t.agenda.summary(s, n)
	}
	sum.NoProposal, sum.AllAccepting = t.noProposal, t.allAccepting
	sum.Pivotal = t.pivotalShares(s)
	return sum
}

// share returns k/of, or 0 if of is 0.
func share(k, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(k) / float64(of)
}

// analysisSummary returns the Analysis of the runs in t, some of which
// must have been analysed.
func (t *tally) analysisSummary() *Analysis {
	n := t.runs
	a := &Analysis{ZOPARuns: t.zopa, PZOPA: share(t.zopa, n), InexactRuns: t.inexact}
	a.ZOPACILow, a.ZOPACIHigh = Wilson(t.zopa, n)
	if t.zopa > 0 {
		a.Efficiency = float64(t.agreed) / float64(t.zopa)
	}
	if t.agreed > 0 {
		a.MeanParetoGap = t.paretoSum / float64(t.agreed)
		a.MeanNashDistance = t.nashSum / float64(t.agreed)
	}
	return a
}

// byRoundShares returns the cumulative share of runs agreed by the end of
// each round, with its Wilson interval.
func (t *tally) byRoundShares() []RoundShare {
	n := t.runs
	var shares []RoundShare
	cum := 0
	for r, k := range t.byRound {
		cum += k
		lo, hi := Wilson(cum, n)
		shares = append(shares, RoundShare{Round: r + 1, P: share(cum, n), CILow: lo, CIHigh: hi})
	}
	return shares
}

// packageCount is an agreed package, by its options as bytes, and the
// number of runs that agreed on it.
type packageCount struct {
	key string
	n   int
}

// packageCounts returns the agreed packages of s, most frequent first and
// ties in package order, so that the list is stable.
func (t *tally) packageCounts(s *Scenario) []packageCount {
	pk := make([]packageCount, 0, len(t.pkgs)+len(t.idx))
	for k, c := range t.pkgs {
		pk = append(pk, packageCount{k, c})
	}
	for i, c := range t.idx {
		key := make([]byte, len(s.Issues))
		for k, st := range t.strides {
			key[k] = byte(i / st % uint64(len(s.Issues[k].Options)))
		}
		pk = append(pk, packageCount{string(key), c})
	}
	// Most frequent first; ties in package order, so the list is stable.
	slices.SortFunc(pk, func(a, b packageCount) int {
		if c := cmp.Compare(b.n, a.n); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
	return pk
}

// packageShares returns the top most frequent agreed packages of s with
// their shares of the agreements, and the number of distinct packages
// agreed.
func (t *tally) packageShares(s *Scenario, top int) (shares []PackageShare, distinct int) {
	pk := t.packageCounts(s)
	for _, e := range pk[:min(len(pk), top)] {
		ps := PackageShare{Count: e.n, Share: share(e.n, t.agreed)}
		for k := range s.Issues {
			ps.Options = append(ps.Options, IssueOption{Issue: s.Issues[k].ID, Option: s.Issues[k].Options[e.key[k]].ID})
		}
		shares = append(shares, ps)
	}
	return shares, len(pk)
}

// issueShares returns, for each issue of s, how often each option was in
// the agreed package, and its share of the agreements.
func (t *tally) issueShares(s *Scenario) []IssueShares {
	var shares []IssueShares
	for k, is := range s.Issues {
		ish := IssueShares{Issue: is.ID}
		for o, op := range is.Options {
			ish.Options = append(ish.Options, OptionShare{Option: op.ID, Count: t.options[k][o], Share: share(t.options[k][o], t.agreed)})
		}
		shares = append(shares, ish)
	}
	return shares
}

// partyUtilities returns each party's mean utility in the agreements and
// its histogram, and the mean discounted utility for a party whose discount
// factor is uncertain or neither 0 nor 1.
func (t *tally) partyUtilities(s *Scenario) []PartyUtility {
	var utils []PartyUtility
	for i, p := range s.Parties {
		mu := PartyUtility{Party: p.ID}
		if t.agreed > 0 {
			mu.Mean = t.utilSum[i] / float64(t.agreed)
			mu.Histogram = slices.Clone(t.utilHist[i])
			mu.HistogramRange, mu.HistogramBinWidth = [2]float64{0, 1}, 1.0/UtilityBins
			if p.Discount.Uncertain() || (p.Discount.Value != 0 && p.Discount.Value != 1) {
				mu.MeanDiscounted = t.scoreSum[i] / float64(t.agreed)
			}
		}
		utils = append(utils, mu)
	}
	return utils
}

// breakdown returns the reasons that ended failed runs (deadline, ended,
// each shock, each party's walkout), with their counts and shares of all
// runs, most frequent first; reasons that ended no run are left out.
func (t *tally) breakdown(s *Scenario) []ReasonShare {
	var reasons []ReasonShare
	addReason := func(reason string, k int) {
		if k > 0 {
			reasons = append(reasons, ReasonShare{Reason: reason, Count: k, Share: share(k, t.runs)})
		}
	}
	addReason("deadline", t.deadline)
	addReason("ended", t.ended)
	for i, k := range t.shock {
		addReason("shock:"+s.Shocks[i].ID, k)
	}
	for i, k := range t.walkout {
		addReason("walkout:"+s.Parties[i].ID, k)
	}
	slices.SortStableFunc(reasons, func(a, b ReasonShare) int { return cmp.Compare(b.Count, a.Count) })
	return reasons
}

// pivotalShares returns the parties that were pivotal in some failed runs,
// with their shares of the failed runs, most frequent first.
func (t *tally) pivotalShares(s *Scenario) []PartyShare {
	var pivotal []PartyShare
	failed := t.runs - t.agreed
	for i, k := range t.pivotal {
		if k > 0 {
			pivotal = append(pivotal, PartyShare{Party: s.Parties[i].ID, Count: k, Share: share(k, failed)})
		}
	}
	slices.SortStableFunc(pivotal, func(a, b PartyShare) int { return cmp.Compare(b.Count, a.Count) })
	return pivotal
}

// UtilityBins is the number of bins of the utility histograms in a
// Summary: bin b holds utilities in [b/UtilityBins, (b+1)/UtilityBins), the
// last bin 1 as well; utilities outside [0,1] (possible with interaction
// terms) count in the end bins.
const UtilityBins = 200

func utilityBin(u float64) int {
	return min(max(int(u*UtilityBins), 0), UtilityBins-1)
}
