package explore

import (
	"context"
	"fmt"
	"math"
	"strconv"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Loader loads the scenario under study with extra overrides
// ("key=value", applied after any of its own).
type Loader func(overrides []string) (*scenarios.Scenario, error)

// Axis is one swept parameter and its values. A categorical axis (a
// choice such as protocol.type, a strategy type or a variant's field) has
// Labels: its values are then 0, 1, ... and the parameter is set to the
// label of each.
type Axis struct {
	Param  string    `json:"param"`
	Values []float64 `json:"values"`
	Labels []string  `json:"labels,omitempty"`
}

// value is the override text of the axis at v.
func (a Axis) value(v float64) string {
	if i := int(v); a.Labels != nil && i >= 0 && i < len(a.Labels) && float64(i) == v {
		return a.Labels[i]
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// Categorical returns the axis of a choice swept over labels.
func Categorical(param string, labels []string) Axis {
	a := Axis{Param: param, Labels: labels}
	for i := range labels {
		a.Values = append(a.Values, float64(i))
	}
	return a
}

// Grid returns steps values evenly spaced from from to to (both included;
// one step gives from).
func Grid(from, to float64, steps int) ([]float64, error) {
	if steps < 1 || steps > 1000 {
		return nil, fmt.Errorf("steps must be from 1 to 1000, got %d", steps)
	}
	if math.IsNaN(from) || math.IsNaN(to) || math.IsInf(from, 0) || math.IsInf(to, 0) {
		return nil, fmt.Errorf("from and to must be finite numbers")
	}
	v := make([]float64, steps)
	for i := range v {
		if steps == 1 {
			v[i] = from
		} else {
			v[i] = from + (to-from)*float64(i)/float64(steps-1)
		}
		// Rounded to 12 significant digits, so that 0.2 to 0.8 in 7 steps
		// gives 0.3, not 0.30000000000000004, in overrides, tables and
		// files.
		if r, err := strconv.ParseFloat(strconv.FormatFloat(v[i], 'g', 12, 64), 64); err == nil {
			v[i] = r
		}
	}
	return v, nil
}

// Point is one grid point of a sweep: its parameter values (one per axis)
// and the estimate there.
type Point struct {
	Values  []float64    `json:"values"`
	Summary *sim.Summary `json:"summary"`
}

// SweepResult is a sweep over one or two axes; Points are in row-major
// order (the first axis varies slowest).
type SweepResult struct {
	Axes   []Axis  `json:"axes"`
	Points []Point `json:"points"`
	// Partial is true when the sweep was interrupted: Points are those
	// done, the last possibly partial.
	Partial bool `json:"partial,omitempty"`
}

// Sweep estimates the chance of agreement at every point of the grid
// spanned by axes (one or two), each with opt's seed and runs, so that all
// points share common random numbers. A value is applied as the override
// "param=value": the parameter becomes that fixed number. If ctx is
// cancelled it returns the points done so far, marked Partial, with ctx's
// error.
func Sweep(ctx context.Context, load Loader, axes []Axis, opt sim.Options) (*SweepResult, error) {
	if len(axes) < 1 || len(axes) > 2 {
		return nil, fmt.Errorf("a sweep takes one or two parameters, got %d", len(axes))
	}
	res := &SweepResult{Axes: axes}
	var walk func(a int, vals []float64) error
	walk = func(a int, vals []float64) error {
		if a == len(axes) {
			var sets []string
			for i, v := range vals {
				sets = append(sets, axes[i].Param+"="+axes[i].value(v))
			}
			sc, err := load(sets)
			if err != nil {
				return err
			}
			sum, err := sim.MonteCarlo(ctx, sc.Sim, opt)
			if err != nil {
				if sum != nil && sum.Partial {
					res.Points = append(res.Points, Point{Values: append([]float64(nil), vals...), Summary: sum})
				}
				return err
			}
			res.Points = append(res.Points, Point{Values: append([]float64(nil), vals...), Summary: sum})
			return nil
		}
		for _, v := range axes[a].Values {
			if err := walk(a+1, append(vals, v)); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(0, nil); err != nil {
		if ctx.Err() != nil {
			// Interrupted: the points done so far (the last one partial).
			res.Partial = true
			return res, err
		}
		return nil, err
	}
	return res, nil
}
