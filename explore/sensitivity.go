package explore

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"sync"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// OAT is one parameter's one-at-a-time effect: the chance of agreement
// with the parameter fixed at its low and at its high quantile, everything
// else as in the scenario, on common random numbers.
type OAT struct {
	Param     string       `json:"param"`
	Low       float64      `json:"low_value"`
	High      float64      `json:"high_value"`
	PLow      float64      `json:"p_low"`
	PHigh     float64      `json:"p_high"`
	Swing     float64      `json:"swing"` // |PHigh − PLow|
	LowStats  *sim.Summary `json:"-"`
	HighStats *sim.Summary `json:"-"`
}

// OneAtATime fixes each random parameter in turn at its lowQ and highQ
// quantiles (e.g. 0.1 and 0.9) and estimates the chance of agreement with
// opt; it returns the results sorted by swing, largest first (ties by
// name), and the estimate with every parameter random.
func OneAtATime(ctx context.Context, load Loader, opt sim.Options, lowQ, highQ float64) ([]OAT, *sim.Summary, error) {
	return OneAtATimeBy(ctx, load, opt, lowQ, highQ, Metric{})
}

// OneAtATimeBy is OneAtATime on the given metric: PLow, PHigh and Swing
// are that metric's estimates.
func OneAtATimeBy(ctx context.Context, load Loader, opt sim.Options, lowQ, highQ float64, m Metric) ([]OAT, *sim.Summary, error) {
	return OneAtATimeRanges(ctx, load, opt, lowQ, highQ, m, nil)
}

// Range is a low and a high value for a parameter, fixed or random, that
// one-at-a-time sensitivity should try.
type Range struct {
	Param     string
	Low, High float64
}

// OneAtATimeRanges is OneAtATimeBy, and it also tries each of ranges: a
// parameter (often a fixed number, a user's most important assumption)
// set to its Low and then its High value, everything else as in the
// scenario. A range given for a random parameter replaces its quantiles.
func OneAtATimeRanges(ctx context.Context, load Loader, opt sim.Options, lowQ, highQ float64, m Metric, ranges []Range) ([]OAT, *sim.Summary, error) {
	sc, todo, err := oatPlan(load, lowQ, highQ, ranges)
	if err != nil {
		return nil, nil, err
	}
	base, err := sim.MonteCarlo(ctx, sc.Sim, opt)
	if err != nil {
		return nil, nil, err
	}
	for i := range todo {
		o := &todo[i]
		for _, side := range []struct {
			v   float64
			sum **sim.Summary
		}{{o.Low, &o.LowStats}, {o.High, &o.HighStats}} {
			sc, err := oatLoad(load, o.Param, side.v)
			if err != nil {
				return nil, nil, err
			}
			if *side.sum, err = sim.MonteCarlo(ctx, sc.Sim, opt); err != nil {
				return nil, nil, err
			}
		}
	}
	return oatFinish(todo, m), base, nil
}

// oatPlan loads the scenario and lists the parameters one at a time tries,
// with their low and high values: the ranges given, then every other
// random parameter at its quantiles.
func oatPlan(load Loader, lowQ, highQ float64, ranges []Range) (*scenarios.Scenario, []OAT, error) {
	if !(0 <= lowQ && lowQ < highQ && highQ < 1) {
		return nil, nil, fmt.Errorf("quantiles must satisfy 0 ≤ low < high < 1, got %g and %g", lowQ, highQ)
	}
	sc, err := load(nil)
	if err != nil {
		return nil, nil, err
	}
	var todo []OAT
	given := map[string]bool{}
	for _, r := range ranges {
		if given[r.Param] {
			return nil, nil, fmt.Errorf("range for %s given twice", r.Param)
		}
		given[r.Param] = true
		todo = append(todo, OAT{Param: r.Param, Low: r.Low, High: r.High})
	}
	for _, p := range sc.Sim.Params() {
		if !p.Uncertain() || given[p.Name] {
			continue
		}
		todo = append(todo, OAT{Param: p.Name, Low: p.At(lowQ), High: p.At(highQ)})
	}
	for i, o := range todo {
		if o.Param == "deadline" || o.Param == "agenda.horizon" {
			// Whole numbers of rounds.
			todo[i].Low, todo[i].High = math.Round(o.Low), math.Round(o.High)
		}
	}
	return sc, todo, nil
}

// oatLoad loads the scenario with param set to v.
func oatLoad(load Loader, param string, v float64) (*scenarios.Scenario, error) {
	sc, err := load([]string{param + "=" + strconv.FormatFloat(v, 'g', -1, 64)})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", param, err)
	}
	return sc, nil
}

// oatFinish reads m from each parameter's low and high estimates and
// sorts the parameters by swing, largest first (ties by name).
func oatFinish(todo []OAT, m Metric) []OAT {
	out := make([]OAT, 0, len(todo))
	for _, o := range todo {
		o.PLow, _, _ = m.From(o.LowStats)
		o.PHigh, _, _ = m.From(o.HighStats)
		o.Swing = max(o.PHigh-o.PLow, o.PLow-o.PHigh)
		out = append(out, o)
	}
	slices.SortStableFunc(out, func(a, b OAT) int {
		return cmp.Or(cmp.Compare(b.Swing, a.Swing), cmp.Compare(a.Param, b.Param))
	})
	return out
}

// SobolIndex is one parameter's first-order and total Sobol indices with
// their 95% bootstrap intervals.
//
// The estimates are sample means, so at finite N they carry sampling
// error that the intervals show: a first-order index above its total, an
// estimate or bound below 0 (or above 1), are that error, not a property
// of the model (in theory 0 ≤ S_i ≤ S_Ti ≤ 1). They are most likely for a
// parameter that acts almost alone (S_i ≈ S_Ti) or hardly at all (S_i ≈
// 0), and shrink as 1/√N. The estimates are reported as computed, not
// clamped, so that the intervals stay honest.
type SobolIndex struct {
	Param   string  `json:"param"`
	First   float64 `json:"first"`
	FirstLo float64 `json:"first_ci_low"`
	FirstHi float64 `json:"first_ci_high"`
	Total   float64 `json:"total"`
	TotalLo float64 `json:"total_ci_low"`
	TotalHi float64 `json:"total_ci_high"`
}

// ShowsSamplingError reports whether the estimates show the sampling error
// described at SobolIndex: a first-order index above the total, or an
// estimate or bound outside [0, 1].
func (s SobolIndex) ShowsSamplingError() bool {
	return s.First > s.Total || min(s.First, s.FirstLo, s.Total, s.TotalLo) < 0 ||
		max(s.First, s.FirstHi, s.Total, s.TotalHi) > 1
}

// SobolOptions configure Sobol and SobolModel.
type SobolOptions struct {
	N         int    // base samples (default 1024); cost N(k+2) runs
	Seed      uint64 // seeds the sampling and the runs
	Bootstrap int    // bootstrap resamples for the intervals (default 500)
	Workers   int    // default GOMAXPROCS; never changes the results
	Metric    Metric // the output whose variance is apportioned (default: agreement)
}

// Sobol estimates first-order and total Sobol indices of the chance of
// agreement for every random parameter of s (see the package doc), sorted
// by total index, largest first (ties by name). It returns an error if s
// has no random parameter.
//
// It is SobolModel with the run's agreement (1 or 0) as the output: a
// parameter is its distribution's quantile at its uniform number, and the
// row's run index (seed and run) fixes everything else random in the run
// (shocks).
func Sobol(ctx context.Context, s *sim.Scenario, opt SobolOptions) ([]SobolIndex, int, error) {
	names, newModel, opt, err := sobolSetup(s, opt)
	if err != nil {
		return nil, 0, err
	}
	out, runs, err := SobolModel(ctx, names, newModel, opt)
	if err != nil {
		return nil, 0, err
	}
	return sortSobol(out), runs, nil
}

// sobolSetup checks s and returns its random parameters' names, the model
// Sobol evaluates, and opt with its defaults.
func sobolSetup(s *sim.Scenario, opt SobolOptions) ([]string, func() Model, SobolOptions, error) {
	if err := s.Check(); err != nil {
		return nil, nil, opt, err
	}
	names := sim.NewRunner(s).Uncertain()
	if len(names) == 0 {
		return nil, nil, opt, fmt.Errorf("sensitivity: the scenario has no random parameter")
	}
	opt = opt.defaults()
	newModel := func() Model {
		r := sim.NewRunner(s)
		return func(run int, us []float64) float64 {
			if opt.Metric.Of(r.RunWith(opt.Seed, run, us, nil)) {
				return 1
			}
			return 0
		}
	}
	return names, newModel, opt, nil
}

// sortSobol sorts indices by total index, largest first (ties by name).
func sortSobol(out []SobolIndex) []SobolIndex {
	slices.SortStableFunc(out, func(x, y SobolIndex) int {
		return cmp.Or(cmp.Compare(y.Total, x.Total), cmp.Compare(x.Param, y.Param))
	})
	return out
}

// Model is the output of a model at the uniform numbers us, one per
// input, each in [0,1). run stands for the rest of the model's randomness
// (for a simulator, the run's random stream); a deterministic model
// ignores it. A Model is used by one goroutine at a time.
type Model func(run int, us []float64) float64

// SobolModel estimates the first-order and total Sobol indices of a
// model's output with respect to its inputs, named by names (at least
// one), each uniform on [0,1) (a model maps them to its own distributions,
// e.g. by quantiles). newModel is called once per worker. It returns the
// indices in the order of names and the number of model evaluations,
// N(k + 2) for k inputs.
//
// Design (Saltelli et al. 2010): A and B are N Latin-hypercube samples;
// A_B^(i) is A with column i from B. Row j of A and of every A_B^(i) is
// evaluated with run j, row j of B with run N + j: randomness outside the
// inputs is drawn with the row of A, like an input that is never swapped.
// Its share of the variance then goes to no input's first-order index,
// and its interactions with input i to i's total index only. (With one
// run for the whole row, f(A)_j and f(B)_j would share it, and the
// first-order estimator would count the interactions with it as
// first-order.)
func SobolModel(ctx context.Context, names []string, newModel func() Model, opt SobolOptions) ([]SobolIndex, int, error) {
	opt = opt.defaults()
	k, n := len(names), opt.N
	if k == 0 {
		return nil, 0, fmt.Errorf("sensitivity: no input")
	}
	f, err := sobolRows(ctx, k, newModel, opt, 0, n)
	if err != nil {
		return nil, 0, err
	}
	return sobolFinish(names, f, opt), n * (k + 2), nil
}

// sobolDesign returns the matrices A and B: N Latin-hypercube samples
// each over the unit hypercube of k inputs, drawn from opt.Seed.
func sobolDesign(k int, opt SobolOptions) (a, b *mat.Dense) {
	src := rand.NewPCG(opt.Seed, 0x5eed)
	a, b = mat.NewDense(opt.N, k, nil), mat.NewDense(opt.N, k, nil)
	lhs := samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, src), Src: src}
	lhs.Sample(a)
	lhs.Sample(b)
	return a, b
}

// sobolRows evaluates rows [from, to) of the design (opt's N, seed and
// workers set): f[m][j-from] is the output in row j of matrix m (0: A,
// 1: B, 2+i: A_B^(i)).
func sobolRows(ctx context.Context, k int, newModel func() Model, opt SobolOptions, from, to int) ([][]float64, error) {
	n := opt.N
	a, b := sobolDesign(k, opt)
	f := make([][]float64, k+2)
	for m := range f {
		f[m] = make([]float64, to-from)
	}
	rows := make(chan int)
	var wg sync.WaitGroup
	for range opt.Workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			model := newModel()
			us := make([]float64, k)
			for j := range rows {
				for m := range f {
					run := j
					switch {
					case m == 0:
						mat.Row(us, j, a)
					case m == 1:
						mat.Row(us, j, b)
						run = n + j
					default:
						mat.Row(us, j, a)
						us[m-2] = b.At(j, m-2)
					}
					f[m][j-from] = model(run, us)
				}
			}
		}()
	}
	var ctxErr error
	for j := from; j < to; j++ {
		if err := ctx.Err(); err != nil {
			ctxErr = err
			break
		}
		rows <- j
	}
	close(rows)
	wg.Wait()
	if ctxErr != nil {
		return nil, ctxErr
	}
	return f, nil
}

// sobolFinish computes the indices and their bootstrap intervals from
// the outputs f of every row (opt's N, seed and bootstrap set).
func sobolFinish(names []string, f [][]float64, opt SobolOptions) []SobolIndex {
	k, n := len(names), opt.N
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	first, total := sobolIndices(f, all)
	boot := rand.New(rand.NewPCG(opt.Seed, 0xb007))
	bf := make([][]float64, k)
	bt := make([][]float64, k)
	idx := make([]int, n)
	for range opt.Bootstrap {
		for j := range idx {
			idx[j] = boot.IntN(n)
		}
		fi, ti := sobolIndices(f, idx)
		for i := range k {
			bf[i] = append(bf[i], fi[i])
			bt[i] = append(bt[i], ti[i])
		}
	}
	out := make([]SobolIndex, k)
	for i := range k {
		slices.Sort(bf[i])
		slices.Sort(bt[i])
		out[i] = SobolIndex{
			Param: names[i], First: first[i], Total: total[i],
			FirstLo: stat.Quantile(0.025, stat.Empirical, bf[i], nil),
			FirstHi: stat.Quantile(0.975, stat.Empirical, bf[i], nil),
			TotalLo: stat.Quantile(0.025, stat.Empirical, bt[i], nil),
			TotalHi: stat.Quantile(0.975, stat.Empirical, bt[i], nil),
		}
	}
	return out
}

// sobolIndices computes the Saltelli (2010) first-order and Jansen (1999)
// total indices over the rows in idx (a bootstrap resample, or all rows).
func sobolIndices(f [][]float64, idx []int) (first, total []float64) {
	k := len(f) - 2
	n := float64(len(idx))
	// Var(f) over the A and B evaluations.
	vals := make([]float64, 0, 2*len(idx))
	for _, j := range idx {
		vals = append(vals, f[0][j], f[1][j])
	}
	v := stat.Variance(vals, nil)
	first, total = make([]float64, k), make([]float64, k)
	if v == 0 {
		return first, total // nothing varies: no parameter matters
	}
	for i := range k {
		var s1, st float64
		for _, j := range idx {
			fa, fb, fab := f[0][j], f[1][j], f[2+i][j]
			// float64(…) keeps a compiler from fusing a product into the add
			// (arm64 would), so the indices are the same on every machine
			// (docs/model.md, Reproducibility).
			s1 += float64(fb * (fab - fa))
			st += float64((fa - fab) * (fa - fab))
		}
		first[i] = s1 / n / v
		total[i] = st / (2 * n) / v
	}
	return first, total
}
