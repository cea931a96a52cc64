package cmd

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"text/tabwriter"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

func newSweepCmd() *cobra.Command {
	var sf scenarioFlags
	var ef exploreFlags
	var shards shardFlags
	var ax axisFlags
	c := &cobra.Command{
		Use:   "sweep [SCENARIO] --param KEY --from A --to B --steps N",
		Short: "Chance of agreement (or any --metric) across values of one or two parameters",
		Long: `Sweep sets a parameter (and optionally a second: a 2-D grid) to evenly spaced
values and estimates the chance of agreement at each, with its 95% interval.
Every point uses the same seed and runs (common random numbers), so the
differences between points are the parameter's effect, not noise from other
random draws. Writes sweep.json and a line plot with a band (1-D) or a heat
map (2-D) with --out.`,
		Example: `  negsim sweep --param parties.russia.reservation --from 0.2 --to 0.8 --steps 13
  negsim sweep --param parties.russia.reservation --from 0.2 --to 0.8 --steps 7 \
      --param parties.ukraine.reservation --from 0.2 --to 0.6 --steps 5 --out sweep/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(ax.params) < 1 || len(ax.params) > 2 {
				return fmt.Errorf("--param: give one or two parameters, got %d", len(ax.params))
			}
			rs, err := ef.begin(cmd, sweepFiles)
			if err != nil {
				return err
			}
			defer ef.close()
			sc, err := sf.load(arg(args))
			if err != nil {
				return err
			}
			printWarnings(cmd, sc, "")
			m, err := ef.parseMetric(sc.Sim)
			if err != nil {
				return err
			}
			axes, err := ax.axes(sc, &sf, arg(args))
			if err != nil {
				return err
			}
			load := sf.loader(arg(args))
			if sh, ok, err := shards.resolve(cmd); err != nil {
				return err
			} else if ok {
				return sweepShard(cmd, sc, rs, ef, sf.profiles, m, load, axes, sh) // shard_explore.go
			}
			res, runErr := explore.Sweep(cmd.Context(), load, axes, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers})
			out := newSweepResult(sc, axes, m, res)
			if res != nil && ef.out != "" && len(res.Points) > 0 {
				if err := sweepOutputs(ef.out, sc, out, m); err != nil {
					return err
				}
			}
			err = ef.finish(cmd, "sweep.json", out, runErr, func(w io.Writer) { writeSweep(w, sc, res, rs, m) })
			return ef.report(err, func() error { return writeSweepReport(ef.out, sc, res, m) })
		},
	}
	sf.add(c)
	ef.add(c, "sweep.json and the sweep plot")
	shards.add(c)
	c.Flags().StringArrayVar(&ax.params, "param", nil, "a numeric parameter to sweep, e.g. parties.russia.reservation (once or twice)")
	_ = c.RegisterFlagCompletionFunc("param", completeParamKey(false))
	c.Flags().StringArrayVar(&ax.values, "values", nil, "for a choice, its values to sweep, comma-separated, one --values per --param (\"\" for a numeric one), e.g. --param protocol.type --values mediated,alternating")
	c.Flags().Float64SliceVar(&ax.from, "from", []float64{0}, "first value (one per --param, or one for all)")
	c.Flags().Float64SliceVar(&ax.to, "to", []float64{1}, "last value (one per --param, or one for all)")
	c.Flags().IntSliceVar(&ax.steps, "steps", []int{11}, "number of values, ends included (one per --param, or one for all)")
	dpiFlag(c)
	return c
}

// axisFlags are sweep's --param, --values, --from, --to and --steps.
type axisFlags struct {
	params, values []string
	from, to       []float64
	steps          []int
}

// axes builds the axes of the sweep of sc (loaded by sf from ref): a
// choice from --values, each value checked by loading it, or a numeric
// parameter's grid from --from, --to and --steps.
func (f *axisFlags) axes(sc *scenarios.Scenario, sf *scenarioFlags, ref string) ([]explore.Axis, error) {
	pick := func(name string, n int, i int) (int, error) {
		switch {
		case n == len(f.params):
			return i, nil
		case n == 1:
			return 0, nil
		}
		return 0, fmt.Errorf("--%s: give one value, or one per --param (%d), got %d", name, len(f.params), n)
	}
	var axes []explore.Axis
	if len(f.values) > 0 && len(f.values) != len(f.params) {
		return nil, fmt.Errorf("--values: give one per --param (%d), \"\" for a numeric one; got %d", len(f.params), len(f.values))
	}
	for i, p := range f.params {
		if len(f.values) > 0 && strings.TrimSpace(f.values[i]) != "" {
			// A choice (protocol.type, a strategy type, ...): each
			// value is applied as an override and checked by loading.
			var labels []string
			for _, v := range strings.Split(f.values[i], ",") {
				labels = append(labels, strings.TrimSpace(v))
			}
			for _, l := range labels {
				if _, err := sf.loader(ref)([]string{p + "=" + l}); err != nil {
					return nil, fmt.Errorf("--param %s --values %s: %w", p, f.values[i], err)
				}
			}
			axes = append(axes, explore.Categorical(p, labels))
			continue
		}
		if err := checkParam(sc, p); err != nil {
			return nil, err
		}
		fi, err1 := pick("from", len(f.from), i)
		ti, err2 := pick("to", len(f.to), i)
		si, err3 := pick("steps", len(f.steps), i)
		if err := errors.Join(err1, err2, err3); err != nil {
			return nil, err
		}
		vals, err := explore.Grid(f.from[fi], f.to[ti], f.steps[si])
		if err != nil {
			return nil, fmt.Errorf("--param %s: %w", p, err)
		}
		if p == "deadline" || p == "agenda.horizon" {
			// Whole rounds: rounded, each once.
			var whole []float64
			for _, v := range vals {
				if r := math.Round(v); len(whole) == 0 || whole[len(whole)-1] != r {
					whole = append(whole, r)
				}
			}
			vals = whole
		}
		axes = append(axes, explore.Axis{Param: p, Values: vals})
	}
	return axes, nil
}

// newSweepResult is what sweep writes as sweep.json for the result res
// (the same for one machine and for merged shards).
func newSweepResult(sc *scenarios.Scenario, axes []explore.Axis, m explore.Metric, res *explore.SweepResult) *SweepResult {
	out := &SweepResult{SchemaVersion: SchemaVersion, Metric: m.String(), Title: scenarioTitle(sc), Variant: sc.Variant, SweepResult: res, Embedded: embedScenario(sc)}
	if b := baseValue(sc, axes); !math.IsNaN(b) {
		out.Base = &b
	}
	return out
}

func writeSweep(w io.Writer, sc *scenarios.Scenario, res *explore.SweepResult, rs runSettings, m explore.Metric) {
	fmt.Fprintf(w, "Sweep of %s: %s per point, seed %d (common random numbers)\n\n", sc.Sim.Name, count(rs.runs, "run"), rs.seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	var head []string
	for _, a := range res.Axes {
		head = append(head, a.Param)
	}
	fmt.Fprintf(tw, "%s\t%s\t95%% CI\t\n", strings.Join(head, "\t"), m.Describe(sc.Sim))
	for _, p := range res.Points {
		var vals []string
		for i, v := range p.Values {
			vals = append(vals, axisText(res.Axes[i], v, fmt.Sprintf("%.4g", v)))
		}
		s := p.Summary
		note := ""
		if s.Partial {
			note = " (partial)"
		}
		p, lo, hi := m.From(s)
		fmt.Fprintf(tw, "%s\t%s\t%s to %s%s\t\n", strings.Join(vals, "\t"), pct(p), pct(lo), pct(hi), note)
	}
	tw.Flush()
}

// sweepOutputs draws the plot of a sweep and writes its sweep.csv into
// dir: for sweep, for the merge of its shards and for plot.
func sweepOutputs(dir string, sc *scenarios.Scenario, res *SweepResult, m explore.Metric) error {
	if err := sweepPlot(dir, sc, res, m); err != nil {
		return err
	}
	return writeTidy(dir, "sweep.csv", sweepRows(sc, res.SweepResult, m))
}

// sweepPlot draws the plot of a sweep into dir, named by the title,
// variant and base value that res records, so that a redraw from
// sweep.json matches the first drawing.
func sweepPlot(dir string, sc *scenarios.Scenario, res *SweepResult, m explore.Metric) error {
	name := plotScenario(res.Title, sc.Sim.Name, res.Variant)
	if len(res.Axes) == 1 {
		var x, p, lo, hi []float64
		for _, pt := range res.Points {
			v, l, h := m.From(pt.Summary)
			x, p = append(x, pt.Values[0]), append(p, v)
			lo, hi = append(lo, l), append(hi, h)
		}
		title := fmt.Sprintf("%s across %s\n%s", m.Describe(sc.Sim), res.Axes[0].Param, name)
		if ls := res.Axes[0].Labels; ls != nil {
			pl, err := plots.SweepChoices(title, res.Axes[0].Param, ls[:len(p)], p, lo, hi) // the points done, if partial
			return savePlot(dir, "sweep", pl, err)
		}
		base := math.NaN()
		if res.Base != nil {
			base = *res.Base
		}
		pl, err := plots.SweepLineAt(title, res.Axes[0].Param, x, p, lo, hi, base)
		return savePlot(dir, "sweep", pl, err)
	}
	if res.Partial {
		return nil // an incomplete grid has no heat map
	}
	x, y := res.Axes[0].Values, res.Axes[1].Values
	grid := make([][]float64, len(x))
	for i := range x {
		for j := range y {
			v, _, _ := m.From(res.Points[i*len(y)+j].Summary)
			grid[i] = append(grid[i], v)
		}
	}
	pl, err := plots.SweepHeatmap(fmt.Sprintf("%s\n%s", m.Describe(sc.Sim), name), res.Axes[0].Param, res.Axes[1].Param, x, y, grid)
	return savePlot(dir, "sweep", pl, err)
}
