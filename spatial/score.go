package spatial

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// Score is a model's error against the actual outcomes of a set of issues,
// on the 0–100 scale.
type Score struct {
	N        int     // issues with both a prediction and an outcome
	MAE      float64 // mean absolute error
	RMSE     float64 // root mean squared error
	Within10 float64 // share of issues predicted within 10 points
	// MAELo and MAEHi bound the 95% bootstrap percentile interval of the
	// MAE (resampling issues).
	MAELo, MAEHi float64
}

// Comparison is the difference between a model's MAE and a baseline's on
// the same issues: negative when the model does better.
type Comparison struct {
	N          int
	Diff       float64 // MAE(model) − MAE(baseline)
	Lo, Hi     float64 // 95% paired bootstrap percentile interval of Diff
	BetterRate float64 // share of the issues on which the model is closer
}

// Bootstrap settings for Scores and Compare.
const (
	// Resamples is the number of bootstrap resamples.
	Resamples = 2000
	scoreLo   = 0.025
	scoreHi   = 0.975
)

// Scores returns the error of pred against actual over the issues where
// both are defined (not NaN), with a bootstrap interval drawn from a source
// seeded by seed. With no such issue it returns a Score with N = 0 and NaN
// errors. It panics if the lengths differ.
func Scores(pred, actual []float64, seed uint64) Score {
	if len(pred) != len(actual) {
		panic("spatial: Scores: lengths differ")
	}
	var abs []float64
	var sq, within float64
	for i := range pred {
		if math.IsNaN(pred[i]) || math.IsNaN(actual[i]) {
			continue
		}
		e := math.Abs(pred[i] - actual[i])
		abs = append(abs, e)
		sq += float64(e * e) // float64(…): no fused multiply-add
		if e <= 10 {
			within++
		}
	}
	n := len(abs)
	if n == 0 {
		return Score{MAE: nan, RMSE: nan, Within10: nan, MAELo: nan, MAEHi: nan}
	}
	s := Score{N: n, MAE: stat.Mean(abs, nil), RMSE: math.Sqrt(sq / float64(n)), Within10: within / float64(n)}
	s.MAELo, s.MAEHi = bootstrap(abs, nil, seed)
	return s
}

// Compare returns the difference of pred's MAE and base's against actual,
// on the issues where all three are defined, with a paired bootstrap
// interval. It panics if the lengths differ.
func Compare(pred, base, actual []float64, seed uint64) Comparison {
	if len(pred) != len(actual) || len(base) != len(actual) {
		panic("spatial: Compare: lengths differ")
	}
	var a, b []float64
	var better float64
	for i := range pred {
		if math.IsNaN(pred[i]) || math.IsNaN(base[i]) || math.IsNaN(actual[i]) {
			continue
		}
		ea, eb := math.Abs(pred[i]-actual[i]), math.Abs(base[i]-actual[i])
		a, b = append(a, ea), append(b, eb)
		if ea < eb {
			better++
		}
	}
	if len(a) == 0 {
		return Comparison{Diff: nan, Lo: nan, Hi: nan, BetterRate: nan}
	}
	c := Comparison{N: len(a), Diff: stat.Mean(a, nil) - stat.Mean(b, nil), BetterRate: better / float64(len(a))}
	c.Lo, c.Hi = bootstrap(a, b, seed)
	return c
}

// bootstrap returns the 95% percentile interval of mean(a) − mean(b) (b
// nil: mean(a)) over Resamples resamples of the indices with replacement.
func bootstrap(a, b []float64, seed uint64) (lo, hi float64) {
	rnd := rand.New(rand.NewPCG(seed, splitmix64(seed^0x5bd1e995)))
	n := len(a)
	means := make([]float64, Resamples)
	for r := range means {
		var sa, sb float64
		for range n {
			i := rnd.IntN(n)
			sa += a[i]
			if b != nil {
				sb += b[i]
			}
		}
		means[r] = (sa - sb) / float64(n)
	}
	slices.Sort(means)
	return stat.Quantile(scoreLo, stat.LinInterp, means, nil), stat.Quantile(scoreHi, stat.LinInterp, means, nil)
}
