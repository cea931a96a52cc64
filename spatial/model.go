package spatial

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"
)

// Model is a forecasting model: it predicts where the decision on one issue
// will land.
//
// A Model may keep scratch space between calls, so one value is used by
// one goroutine at a time; New returns a fresh one.
type Model interface {
	// Predict returns the predicted outcome in [0,100] for the actors a, or
	// NaN when no actor has weight (capability × salience > 0). It does
	// not modify a. When tr is not nil, a process model records in it the
	// actors' positions before the first round and after each round;
	// other models record nothing.
	Predict(a []Actor, tr *Trace) float64
}

// Trace is the record of a process model's run: Positions[r][i] is actor
// i's position after round r, Positions[0] the starting positions.
type Trace struct {
	Positions [][]float64
}

// Rounds returns the number of rounds recorded.
func (t *Trace) Rounds() int { return max(0, len(t.Positions)-1) }

func (t *Trace) reset() { t.Positions = t.Positions[:0] }

// record appends a copy of x, where the active actors idx (indices into
// the full list of n actors) hold positions x and the others base.
func (t *Trace) record(base []Actor, idx []int, x []float64) {
	if t == nil {
		return
	}
	row := make([]float64, len(base))
	for i, a := range base {
		row[i] = a.Position
	}
	for k, i := range idx {
		row[i] = x[k]
	}
	t.Positions = append(t.Positions, row)
}

var nan = math.NaN()

// ErrUnknownModel is wrapped by the error New returns for a name that no
// model registered.
var ErrUnknownModel = errors.New("unknown model")

var (
	registryMu sync.RWMutex
	registry   = map[string]func() Model{}
)

// Register makes a model available by name to New. It panics if name is
// empty, newModel is nil, or the name is taken: registration is done by
// init functions, where a clash is a programming error.
func Register(name string, newModel func() Model) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if name == "" || newModel == nil {
		panic("spatial: Register with an empty name or a nil constructor")
	}
	if _, dup := registry[name]; dup {
		panic("spatial: Register called twice for model " + name)
	}
	registry[name] = newModel
}

// New returns a new model with its default parameters, by registered name.
// The error for an unknown name wraps ErrUnknownModel and lists the names.
func New(name string) (Model, error) {
	registryMu.RLock()
	f, ok := registry[name]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("spatial: %w %q, want one of %v", ErrUnknownModel, name, Names())
	}
	return f(), nil
}

// Names returns the registered models' names, sorted.
func Names() []string {
	registryMu.RLock()
	defer registryMu.RUnlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// active fills the scratch slices with the indices, positions and weights
// of the actors that take part in a model, those with capability ×
// salience > 0, and returns them. An actor with no weight neither votes,
// nor challenges, nor is proposed to: it has no effect on any model.
func active(a []Actor, idx []int, x, w, s []float64) ([]int, []float64, []float64, []float64) {
	idx, x, w, s = idx[:0], x[:0], w[:0], s[:0]
	for i, ac := range a {
		if wt := ac.Weight(); wt > 0 {
			idx, x, w, s = append(idx, i), append(x, ac.Position), append(w, wt), append(s, ac.Salience)
		}
	}
	return idx, x, w, s
}

// weightedMean returns Σ w x / Σ w, or NaN when Σ w = 0.
func weightedMean(x, w []float64) float64 {
	var sw, swx float64
	for i := range x {
		sw += w[i]
		swx += float64(w[i] * x[i]) // float64(…): no fused multiply-add
	}
	if sw == 0 {
		return math.NaN()
	}
	return swx / sw
}

// weightedMedian returns the position with at least half the total weight
// on each side, the median voter's position. When the weight below some
// actor's position is exactly half the total (within a relative 1e-12),
// every point between that position and the next one is such a position,
// and weightedMedian returns their midpoint, as the ordinary median of an
// even count does. It returns NaN when Σ w = 0. order is scratch space.
//
// stat.Quantile with stat.Empirical would return the lower end of such a
// tie, which makes the median of two equal actors depend on which is to
// the left; hence this small loop.
func weightedMedian(x, w []float64, order []int) (float64, []int) {
	order = order[:0]
	var total float64
	for i := range x {
		if w[i] > 0 {
			order = append(order, i)
			total += w[i]
		}
	}
	if total == 0 {
		return math.NaN(), order
	}
	slices.SortFunc(order, func(i, j int) int {
		if x[i] != x[j] {
			if x[i] < x[j] {
				return -1
			}
			return 1
		}
		return i - j
	})
	half, tol := float64(total/2), float64(total*1e-12)
	var cum float64
	for k := 0; k < len(order); {
		// Take all the actors at this position together.
		xk := x[order[k]]
		for k < len(order) && x[order[k]] == xk {
			cum += w[order[k]]
			k++
		}
		switch {
		case math.Abs(cum-half) <= tol && k < len(order):
			return (xk + x[order[k]]) / 2, order
		case cum > half-tol:
			return xk, order
		}
	}
	return x[order[len(order)-1]], order
}

// pow is math.Pow with fast paths for the exponents 1 and 2, the defaults
// of the models' parameters, where math.Pow dominates the time of a run.
func pow(x, y float64) float64 {
	switch y {
	case 1:
		return x
	case 2:
		return x * x
	}
	return math.Pow(x, y)
}
