package explore

import (
	"context"
	"fmt"
	"math"
	"slices"
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
	grid, err := sweepGrid(axes)
	if err != nil {
		return nil, err
	}
	res := &SweepResult{Axes: axes}
	for _, vals := range grid {
		p, err := sweepPoint(ctx, load, axes, vals, opt)
		if p.Summary != nil {
			res.Points = append(res.Points, p)
		}
		if err != nil {
			if ctx.Err() != nil {
				// Interrupted: the points done so far (the last one partial).
				res.Partial = true
				return res, err
			}
			return nil, err
		}
	}
	return res, nil
}

// sweepGrid returns the grid's points' values in row-major order.
func sweepGrid(axes []Axis) ([][]float64, error) {
	if len(axes) < 1 || len(axes) > 2 {
		return nil, fmt.Errorf("a sweep takes one or two parameters, got %d", len(axes))
	}
	grid := [][]float64{nil}
	for _, a := range axes {
		var next [][]float64
		for _, g := range grid {
			for _, v := range a.Values {
				next = append(next, append(slices.Clone(g), v))
			}
		}
		grid = next
	}
	return grid, nil
}

// sweepPoint estimates the grid point at vals. When the estimate is
// interrupted, the point has its partial summary.
func sweepPoint(ctx context.Context, load Loader, axes []Axis, vals []float64, opt sim.Options) (Point, error) {
	var sets []string
	for i, v := range vals {
		sets = append(sets, axes[i].Param+"="+axes[i].value(v))
	}
	sc, err := load(sets)
	if err != nil {
		return Point{}, err
	}
	sum, err := sim.MonteCarlo(ctx, sc.Sim, opt)
	if err != nil && (sum == nil || !sum.Partial) {
		return Point{}, err
	}
	return Point{Values: vals, Summary: sum}, err
}

// SweepPart is one shard's share of a sweep (SweepShard): the grid points
// [From, To) in row-major order, each estimated in full, as Sweep
// estimates it.
type SweepPart struct {
	Shard sim.Shard `json:"shard"`
	// Grid is the number of points of the whole grid.
	Grid   int     `json:"grid_points"`
	From   int     `json:"from"`
	To     int     `json:"to"`
	Points []Point `json:"points"`
}

// SweepShard is shard sh of Sweep: shard K of N estimates the grid points
// [K·P/N, (K+1)·P/N) of the P points in row-major order, with opt's seed
// and runs. A point is the unit, not a run: each point's summary is then
// exactly Sweep's, and MergeSweep only puts the points together. With
// fewer points than shards some shards have none. If ctx is cancelled it
// returns ctx's error and no part.
func SweepShard(ctx context.Context, load Loader, axes []Axis, opt sim.Options, sh sim.Shard) (*SweepPart, error) {
	if err := sh.Check(); err != nil {
		return nil, err
	}
	grid, err := sweepGrid(axes)
	if err != nil {
		return nil, err
	}
	n := len(grid)
	part := &SweepPart{Shard: sh, Grid: n, Points: []Point{}}
	part.From, part.To = sh.Range(n)
	for _, vals := range grid[part.From:part.To] {
		p, err := sweepPoint(ctx, load, axes, vals, opt)
		if err != nil {
			return nil, err
		}
		part.Points = append(part.Points, p)
	}
	return part, nil
}

// MergeSweep puts the parts of every shard of a sweep over axes together
// into Sweep's result. It returns an error naming the shard if the parts
// are not the shards 0 to N-1 of a sweep of that grid, each once.
func MergeSweep(axes []Axis, parts []*SweepPart) (*SweepResult, error) {
	grid, err := sweepGrid(axes)
	if err != nil {
		return nil, err
	}
	if len(parts) == 0 {
		return nil, fmt.Errorf("no shard to merge")
	}
	if err := parts[0].Shard.Check(); err != nil {
		return nil, fmt.Errorf("shard %s: %w", parts[0].Shard, err)
	}
	n := parts[0].Shard.Count
	ordered := make([]*SweepPart, n)
	for _, p := range parts {
		sh := p.Shard
		if sh.Count != n || sh.Check() != nil {
			return nil, fmt.Errorf("shard %s: want shard K of %d", sh, n)
		}
		from, to := sh.Range(len(grid))
		switch {
		case ordered[sh.Index] != nil:
			return nil, fmt.Errorf("shard %s given twice", sh)
		case p.Grid != len(grid) || p.From != from || p.To != to || len(p.Points) != p.To-p.From:
			return nil, fmt.Errorf("shard %s: points %d to %d of %d, want %d to %d of %d", sh, p.From, p.To, p.Grid, from, to, len(grid))
		}
		ordered[sh.Index] = p
	}
	res := &SweepResult{Axes: axes}
	for k, p := range ordered {
		if p == nil {
			return nil, fmt.Errorf("shard %d/%d is missing", k, n)
		}
		for i, pt := range p.Points {
			if !slices.Equal(pt.Values, grid[p.From+i]) || pt.Summary == nil {
				return nil, fmt.Errorf("shard %s: point %d is at %v, want %v", p.Shard, p.From+i, pt.Values, grid[p.From+i])
			}
			res.Points = append(res.Points, pt)
		}
	}
	return res, nil
}
