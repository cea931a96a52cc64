package spatial

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat"
)

// Settings are the Monte Carlo settings of Forecast. A nil *Settings means
// the defaults.
type Settings struct {
	// Runs is the number of Monte Carlo draws for an issue with uncertain
	// inputs; 0 means 1000. An issue whose inputs are all plain numbers
	// is run once.
	Runs int
	// Seed seeds the draws: draw d of issue k uses a source derived from
	// (Seed, k, d) alone.
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS. Results do
	// not depend on it.
	Workers int
	// Trace asks for the positions by round of the process models' nominal
	// run (every input at its median).
	Trace bool
	// New, if not nil, makes the models instead of the package's New, so
	// that a caller can set their parameters; it is called once per
	// worker and model name, and must return a fresh Model each time.
	New func(name string) (Model, error)
}

// Interval is the lower and upper end of the 90% interval.
const (
	IntervalLo = 0.05
	IntervalHi = 0.95
)

// Prediction is one model's forecast of one issue.
type Prediction struct {
	Model string
	// Value is the prediction: the single run's for fixed inputs, the
	// median of the draws otherwise. NaN when no actor has weight.
	Value float64
	// Uncertain reports whether the inputs were uncertain, so that Lo and
	// Hi are the 5% and 95% quantiles of the draws' predictions.
	Uncertain bool
	Lo, Hi    float64
	// Draws is the number of draws with a defined prediction.
	Draws int
	// Nominal is the prediction with every input at its median, Rounds the
	// rounds that run took (0 for models without rounds).
	Nominal float64
	Rounds  int
	// Trace is the nominal run's positions by round, with Settings.Trace,
	// for process models.
	Trace [][]float64
}

// Forecast runs the named models on every issue and returns, for issue k,
// the predictions in the order of names. Issues with uncertain inputs are
// drawn s.Runs times, every model seeing the same draws. It returns early
// with ctx's error if ctx is cancelled, and an error wrapping
// ErrUnknownModel for an unknown name.
func Forecast(ctx context.Context, issues []Issue, names []string, s *Settings) ([][]Prediction, error) {
	var set Settings
	if s != nil {
		set = *s
	}
	if set.Runs <= 0 {
		set.Runs = 1000
	}
	if set.Workers <= 0 {
		set.Workers = runtime.GOMAXPROCS(0)
	}
	if set.New == nil {
		set.New = New
	}
	for _, name := range names {
		if _, err := set.New(name); err != nil {
			return nil, err
		}
	}

	// out[k][m] holds the draws' predictions of model m on issue k, and
	// res[k][m] the nominal run's. A task is a range of draws of one
	// issue, or its nominal run (from = -1), which is all a fixed issue
	// needs.
	out := make([][][]float64, len(issues))
	res := make([][]Prediction, len(issues))
	type task struct{ issue, from, to int }
	var tasks []task
	const chunk = 250
	for k := range issues {
		res[k] = make([]Prediction, len(names))
		tasks = append(tasks, task{k, -1, 0})
		if issues[k].IsFixed() {
			continue
		}
		out[k] = make([][]float64, len(names))
		for m := range names {
			out[k][m] = make([]float64, set.Runs)
		}
		for from := 0; from < set.Runs; from += chunk {
			tasks = append(tasks, task{k, from, min(set.Runs, from+chunk)})
		}
	}

	ch := make(chan task)
	var wg sync.WaitGroup
	for range min(set.Workers, len(tasks)) {
		wg.Go(func() {
			models := make([]Model, len(names))
			for m, name := range names {
				models[m], _ = set.New(name)
			}
			var buf []Actor
			for t := range ch {
				is := &issues[t.issue]
				if t.from < 0 {
					buf = is.Nominal(buf)
					for m, model := range models {
						var tr Trace
						nom := model.Predict(buf, &tr)
						p := Prediction{Model: names[m], Value: nom, Lo: nom, Hi: nom, Nominal: nom, Rounds: tr.Rounds()}
						if !math.IsNaN(nom) {
							p.Draws = 1
						}
						if set.Trace && tr.Rounds() > 0 {
							p.Trace = tr.Positions
						}
						res[t.issue][m] = p
					}
					continue
				}
				for d := t.from; d < t.to; d++ {
					buf = is.Draw(rand.New(DrawSource(set.Seed, t.issue, d)), buf)
					for m, model := range models {
						out[t.issue][m][d] = model.Predict(buf, nil)
					}
				}
			}
		})
	}
	var err error
	for _, t := range tasks {
		if err = ctx.Err(); err != nil {
			break
		}
		ch <- t
	}
	close(ch)
	wg.Wait()
	if err != nil {
		return nil, fmt.Errorf("spatial: forecast: %w", err)
	}
	for k := range issues {
		if out[k] == nil {
			continue
		}
		for m := range names {
			p := &res[k][m]
			p.Uncertain = true
			p.Value, p.Lo, p.Hi, p.Draws = summarize(out[k][m])
		}
	}
	return res, nil
}

// summarize returns the median and the 90% interval of the defined values
// of v, and their number; v is sorted in place.
func summarize(v []float64) (med, lo, hi float64, n int) {
	v = slices.DeleteFunc(v, math.IsNaN)
	if len(v) == 0 {
		return nan, nan, nan, 0
	}
	slices.Sort(v)
	if len(v) == 1 {
		return v[0], v[0], v[0], 1
	}
	return stat.Quantile(0.5, stat.LinInterp, v, nil), stat.Quantile(IntervalLo, stat.LinInterp, v, nil),
		stat.Quantile(IntervalHi, stat.LinInterp, v, nil), len(v)
}

// DrawSource returns the random source of draw d of issue k under seed: a
// PCG seeded by splitmix64 mixes of (seed, k, d), so that every draw has a
// stream of its own whichever worker runs it.
func DrawSource(seed uint64, k, d int) rand.Source {
	h := splitmix64(seed ^ splitmix64(uint64(k)+0x632be59bd9b4e019))
	return rand.NewPCG(splitmix64(h+uint64(d)), splitmix64(h^splitmix64(uint64(d)+0x9e3779b97f4a7c15)))
}

// splitmix64 is the finaliser of Steele, Lea & Flood's SplitMix64 (2014).
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}
