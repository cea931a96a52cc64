package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
)

// exploreFlags are shared by sweep, sensitivity and compare.
type exploreFlags struct {
	// out is the --out directory; from begin on, the staging directory in
	// it that the outputs are written to (od.dir is the one given).
	out    string
	force  bool
	json   bool
	metric string
	od     *outDir
}

// parseMetric reads --metric for the scenario.
func (f *exploreFlags) parseMetric(s *sim.Scenario) (explore.Metric, error) {
	m, err := explore.ParseMetric(s, f.metric)
	if err != nil {
		return m, fmt.Errorf("--metric: %w", err)
	}
	return m, nil
}

func (f *exploreFlags) add(c *cobra.Command, what string) {
	fl := c.Flags()
	fl.Int("runs", sim.DefaultRuns, "runs per estimate (env NEGSIM_RUNS)")
	fl.Uint64("seed", 1, "random seed, shared by every estimate: common random numbers (env NEGSIM_SEED)")
	fl.Int("workers", 0, "parallel workers, 0 for one per CPU; never changes the results (env NEGSIM_WORKERS)")
	fl.StringVar(&f.out, "out", "", "directory to write "+what+" (JSON, tidy CSV, PNG and SVG) and the index.html report")
	fl.BoolVar(&f.force, "force", false, "with --out, replace the results in a directory that is not empty")
	fl.BoolVar(&f.json, "json", false, "print the results as JSON")
	fl.StringVar(&f.metric, "metric", "agreement", "the figure to report: agreement (in an agenda scenario, any agreement), comprehensive, or item:ID:agreed|in_force|in_force_horizon|lapsed")
}

// begin reads the run settings and opens --out (outdir.go) for outs; the
// caller must call close when done.
func (f *exploreFlags) begin(cmd *cobra.Command, outs outputSet) (runSettings, error) {
	st, err := newSettings(cmd, "runs", "seed", "workers")
	if err != nil {
		return runSettings{}, err
	}
	rs, err := st.runSettings()
	if err != nil {
		return rs, err
	}
	if f.out != "" {
		if f.od, err = openOutputs(f.out, f.force, outs); err != nil {
			return rs, err
		}
		f.out = f.od.staging
	}
	return rs, nil
}

// close removes what is left of the staging directory and unlocks --out.
func (f *exploreFlags) close() {
	if f.od != nil {
		f.od.close()
	}
}

// finish writes v as JSON into --out (name) and to stdout with --json,
// and turns an interruption into the interrupted error after writing;
// report then moves the outputs into --out.
func (f *exploreFlags) finish(cmd *cobra.Command, name string, v any, runErr error, text func(io.Writer)) error {
	interrupted := runErr != nil && errors.Is(runErr, context.Canceled) && cmd.Context().Err() != nil
	if runErr != nil && !interrupted {
		return runErr
	}
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if f.out != "" {
		if err := atomicfile.WriteBytes(filepath.Join(f.out, name), append(data, '\n')); err != nil {
			return err
		}
	}
	if f.json {
		fmt.Fprintln(cmd.OutOrStdout(), string(data))
	} else {
		text(cmd.OutOrStdout())
	}
	if interrupted {
		where := "nothing written"
		if f.od != nil {
			where = "partial results written to " + f.od.dir
		}
		return fmt.Errorf("%w; %s", errInterrupted, where)
	}
	return nil
}

func savePlot(dir, name string, p *plot.Plot, err error) error {
	if err != nil || dir == "" {
		return err
	}
	for _, ext := range []string{".png", ".svg"} {
		if err := plotSaver.Save(p, plots.DefaultWidth, plots.DefaultHeight, filepath.Join(dir, name+ext)); err != nil {
			return err
		}
	}
	return nil
}

// checkParam checks that key names a numeric parameter of the scenario.
func checkParam(sc *scenarios.Scenario, key string) error {
	var names []string
	for _, p := range sc.Sim.Params() {
		if p.Name == key {
			return nil
		}
		if p.Name != "" {
			names = append(names, p.Name)
		}
	}
	hint := scenarios.Suggest(key, names)
	return fmt.Errorf("--param %s: not a numeric parameter of %s%s (e.g. parties.<id>.reservation, parties.<id>.weights.<issue>, shocks.<id>.probability)", key, sc.Sim.Name, hint)
}

func newSweepCmd() *cobra.Command {
	var sf scenarioFlags
	var ef exploreFlags
	var shards shardFlags
	var params, values []string
	var from, to []float64
	var steps []int
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
			if len(params) < 1 || len(params) > 2 {
				return fmt.Errorf("--param: give one or two parameters, got %d", len(params))
			}
			pick := func(name string, n int, i int) (int, error) {
				switch {
				case n == len(params):
					return i, nil
				case n == 1:
					return 0, nil
				}
				return 0, fmt.Errorf("--%s: give one value, or one per --param (%d), got %d", name, len(params), n)
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
			var axes []explore.Axis
			if len(values) > 0 && len(values) != len(params) {
				return fmt.Errorf("--values: give one per --param (%d), \"\" for a numeric one; got %d", len(params), len(values))
			}
			for i, p := range params {
				if len(values) > 0 && strings.TrimSpace(values[i]) != "" {
					// A choice (protocol.type, a strategy type, ...): each
					// value is applied as an override and checked by loading.
					var labels []string
					for _, v := range strings.Split(values[i], ",") {
						labels = append(labels, strings.TrimSpace(v))
					}
					for _, l := range labels {
						if _, err := sf.loader(arg(args))([]string{p + "=" + l}); err != nil {
							return fmt.Errorf("--param %s --values %s: %w", p, values[i], err)
						}
					}
					axes = append(axes, explore.Categorical(p, labels))
					continue
				}
				if err := checkParam(sc, p); err != nil {
					return err
				}
				fi, err1 := pick("from", len(from), i)
				ti, err2 := pick("to", len(to), i)
				si, err3 := pick("steps", len(steps), i)
				if err := errors.Join(err1, err2, err3); err != nil {
					return err
				}
				vals, err := explore.Grid(from[fi], to[ti], steps[si])
				if err != nil {
					return fmt.Errorf("--param %s: %w", p, err)
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
			load := sf.loader(arg(args))
			if sh, ok, err := shards.resolve(cmd); err != nil {
				return err
			} else if ok {
				return sweepShard(cmd, sc, rs, ef, sf.profiles, m, load, axes, sh) // shard_explore.go
			}
			res, runErr := explore.Sweep(cmd.Context(), load, axes, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers})
			out := newSweepResult(sc, axes, m, res)
			if res != nil && ef.out != "" && len(res.Points) > 0 {
				if err := sweepPlot(ef.out, sc, out, m); err != nil {
					return err
				}
				if err := writeTidy(ef.out, "sweep.csv", sweepRows(sc, res, m)); err != nil {
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
	c.Flags().StringArrayVar(&params, "param", nil, "a numeric parameter to sweep, e.g. parties.russia.reservation (once or twice)")
	_ = c.RegisterFlagCompletionFunc("param", completeParamKey(false))
	c.Flags().StringArrayVar(&values, "values", nil, "for a choice, its values to sweep, comma-separated, one --values per --param (\"\" for a numeric one), e.g. --param protocol.type --values mediated,alternating")
	c.Flags().Float64SliceVar(&from, "from", []float64{0}, "first value (one per --param, or one for all)")
	c.Flags().Float64SliceVar(&to, "to", []float64{1}, "last value (one per --param, or one for all)")
	c.Flags().IntSliceVar(&steps, "steps", []int{11}, "number of values, ends included (one per --param, or one for all)")
	dpiFlag(c)
	return c
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

// newSensitivityResult is sensitivity.json's settings, before its
// estimates (the same for one machine and for merged shards).
func newSensitivityResult(sc *scenarios.Scenario, m explore.Metric, low, high float64, samples int) *SensitivityResult {
	return &SensitivityResult{SchemaVersion: SchemaVersion, Scenario: sc.Sim.Name, Title: scenarioTitle(sc), Variant: sc.Variant, Metric: m.String(), MetricText: m.Describe(sc.Sim), Low: low, High: high, Samples: samples, Embedded: embedScenario(sc)}
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

// SensitivityResult is what sensitivity writes to sensitivity.json.
type SensitivityResult struct {
	SchemaVersion int    `json:"schema_version"`
	Scenario      string `json:"scenario"`
	// Title and Variant are the scenario's title and variant, for the
	// plots' titles; left out when there is none.
	Title   string `json:"title,omitempty"`
	Variant string `json:"variant,omitempty"`
	// Metric is the figure analysed (explore.ParseMetric), MetricText it
	// in words, and BaseP its estimate with every parameter random.
	Metric     string               `json:"metric"`
	MetricText string               `json:"metric_text"`
	BaseP      float64              `json:"base_p"`
	Base       *sim.Summary         `json:"base"`
	OAT        []explore.OAT        `json:"one_at_a_time"`
	Low        float64              `json:"low_quantile"`
	High       float64              `json:"high_quantile"`
	Sobol      []explore.SobolIndex `json:"sobol,omitempty"`
	SobolRuns  int                  `json:"sobol_runs,omitempty"`
	Samples    int                  `json:"sobol_samples,omitempty"`
	Partial    bool                 `json:"partial,omitempty"`
	// Embedded is the scenario as run, for plot's report.
	Embedded *EmbeddedScenario `json:"embedded_scenario,omitempty"`
}

func newSensitivityCmd() *cobra.Command {
	var sf scenarioFlags
	var ef exploreFlags
	var shards shardFlags
	var samples, boot int
	var low, high float64
	var rangeFlags []string
	var rangeAll float64
	c := &cobra.Command{
		Use:   "sensitivity [SCENARIO]",
		Short: "Which parameters move the chance of agreement (or any --metric) most",
		Long: `Sensitivity ranks the scenario's random parameters by how much they move the
chance of agreement, two ways:

  one at a time: each parameter fixed at its 10th and then its 90th
    percentile (--low, --high), everything else random, --runs runs each on
    the same seed; shown as a tornado plot;
  variance-based: first-order and total Sobol indices (Saltelli 2010, Jansen
    1999) on --samples Latin-hypercube samples, with bootstrap intervals;
    costs samples x (parameters + 2) runs. The estimates are not clamped:
    a first-order index above its total, or a value outside [0, 1], is sampling
    error, and the output says so when it happens.

Writes sensitivity.json, tornado and sobol plots with --out.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := ef.begin(cmd, sensitivityFiles)
			if err != nil {
				return err
			}
			defer ef.close()
			sc, err := sf.load(arg(args))
			if err != nil {
				return err
			}
			printWarnings(cmd, sc, "")
			load := sf.loader(arg(args))
			m, err := ef.parseMetric(sc.Sim)
			if err != nil {
				return err
			}
			res := newSensitivityResult(sc, m, low, high, samples)
			opt := sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}
			var runErr error
			ranges, err := sensitivityRanges(sc, rangeFlags, rangeAll)
			if err != nil {
				return err
			}
			if sh, ok, err := shards.resolve(cmd); err != nil {
				return err
			} else if ok {
				return sensitivityShard(cmd, sc, rs, ef, sf.profiles, res, boot, load, ranges, m, sh) // shard_explore.go
			}
			res.OAT, res.Base, runErr = explore.OneAtATimeRanges(cmd.Context(), load, opt, low, high, m, ranges)
			if runErr == nil {
				res.BaseP, _, _ = m.From(res.Base)
				res.Sobol, res.SobolRuns, runErr = explore.Sobol(cmd.Context(), sc.Sim, explore.SobolOptions{N: samples, Seed: rs.seed, Bootstrap: boot, Workers: rs.workers, Metric: m})
			}
			if runErr != nil && cmd.Context().Err() != nil {
				res.Partial = true
			}
			if ef.out != "" && runErr == nil {
				if err := sensitivityPlots(ef.out, res); err != nil {
					return err
				}
				if err := writeTidy(ef.out, "sensitivity.csv", sensitivityRows(res)); err != nil {
					return err
				}
			}
			err = ef.finish(cmd, "sensitivity.json", res, runErr, func(w io.Writer) { writeSensitivity(w, res, rs) })
			return ef.report(err, func() error { return writeSensitivityReport(ef.out, sc, res) })
		},
	}
	sf.add(c)
	ef.add(c, "sensitivity.json, the tornado and the Sobol plots")
	shards.add(c)
	c.Flags().IntVar(&samples, "samples", 1024, "Latin-hypercube samples for the Sobol indices")
	c.Flags().IntVar(&boot, "bootstrap", 500, "bootstrap resamples for the Sobol intervals")
	c.Flags().Float64Var(&low, "low", 0.1, "low quantile for one-at-a-time")
	c.Flags().Float64Var(&high, "high", 0.9, "high quantile for one-at-a-time")
	c.Flags().StringArrayVar(&rangeFlags, "range", nil, "also try a parameter (fixed or random) at a low and a high value, KEY=LOW:HIGH (repeatable), e.g. parties.russia.reservation=0.3:0.6")
	c.Flags().Float64Var(&rangeAll, "range-all", 0, "also try every fixed numeric parameter at ±PCT% of its value (within its valid range), e.g. 20")
	_ = c.RegisterFlagCompletionFunc("range", completeParamKey(true))
	dpiFlag(c)
	return c
}

func writeSensitivity(w io.Writer, res *SensitivityResult, rs runSettings) {
	if res.Base == nil {
		fmt.Fprintln(w, "Interrupted before the first estimate.")
		return
	}
	fmt.Fprintf(w, "Sensitivity of %s: %s %s with every parameter random (%s, seed %d)\n\n", res.Scenario, res.MetricText, pct(res.BaseP), count(rs.runs, "run"), rs.seed)
	fmt.Fprintf(w, "One at a time (a random parameter at its %s%% and %s%% quantiles, a --range or --range-all parameter at its low and high values; ranked by swing, in percentage points):\n", given(100*res.Low), given(100*res.High))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  parameter\tlow value\tP\thigh value\tP\tswing (points)\t")
	deadline := false
	for _, o := range res.OAT {
		fmt.Fprintf(tw, "  %s\t%.4g\t%s\t%.4g\t%s\t%.1f\t\n", o.Param, o.Low, pct(o.PLow), o.High, pct(o.PHigh), 100*o.Swing)
		deadline = deadline || o.Param == "deadline"
	}
	tw.Flush()
	if deadline {
		fmt.Fprintln(w, "  (deadline: one at a time fixes it, so the parties know the end; the Sobol indices below keep it uncertain, as the parties expect it)")
	}
	if len(res.Sobol) > 0 {
		fmt.Fprintf(w, "\nSobol indices (%s, %s; 95%% bootstrap intervals; ranked by total):\n", count(res.Samples, "sample"), count(res.SobolRuns, "run"))
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "  parameter\tfirst order\ttotal\t")
		for _, s := range res.Sobol {
			fmt.Fprintf(tw, "  %s\t%.3f [%.3f, %.3f]\t%.3f [%.3f, %.3f]\t\n", s.Param, s.First, s.FirstLo, s.FirstHi, s.Total, s.TotalLo, s.TotalHi)
		}
		tw.Flush()
		for _, s := range res.Sobol {
			if s.ShowsSamplingError() {
				fmt.Fprint(w, sobolSamplingNote)
				break
			}
		}
	}
}

// sobolSamplingNote explains estimates that theory rules out (see
// explore.SobolIndex).
const sobolSamplingNote = `
Note: in theory 0 ≤ first order ≤ total ≤ 1. A first-order index above its
total, or a value or bound outside [0, 1], is the estimators' sampling error
at this number of samples, not a property of the scenario; the intervals
show its size. It shows for parameters that act almost alone (first ≈
total) or hardly at all (first ≈ 0). More --samples shrink it (as
1/√samples).
`

func sensitivityPlots(dir string, res *SensitivityResult) error {
	if err := tornadoFigure(dir, res); err != nil {
		return err
	}
	if len(res.Sobol) == 0 {
		return nil
	}
	var ps []string
	var f, fl, fh, t, tl, th []float64
	for _, s := range res.Sobol {
		ps = append(ps, s.Param)
		f, fl, fh = append(f, s.First), append(fl, s.FirstLo), append(fh, s.FirstHi)
		t, tl, th = append(t, s.Total), append(tl, s.TotalLo), append(th, s.TotalHi)
	}
	p, err := plots.SobolBars(fmt.Sprintf("Sobol indices of %s\n%s", res.MetricText, plotScenario(res.Title, res.Scenario, res.Variant)), ps, f, fl, fh, t, tl, th)
	if err != nil {
		return err
	}
	return saveSized(dir, "sobol", p, barsHeight(len(ps), 1.1))
}

func newCompareCmd() *cobra.Command {
	var ef exploreFlags
	var setsA, setsB []string
	var variantA, variantB string
	c := &cobra.Command{
		Use:   "compare [A [B]]",
		Short: "Compare two scenarios or variants on the same runs",
		Long: `Compare estimates two scenarios (files, bundled names, or one scenario with
different variants or overrides) on the same seed and runs, and reports the
difference in the chance of agreement with its 95% interval from the paired
runs. B defaults to A, so "negsim compare --variant-b shuttle" compares the
bundled scenario's trilateral and shuttle formats. Comparing a scenario with
itself gives exactly 0.`,
		Example: `  negsim compare --variant-b shuttle
  negsim compare a.yaml b.yaml --runs 50000
  negsim compare --set-b parties.russia.reservation=0.6`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := ef.begin(cmd, compareFiles)
			if err != nil {
				return err
			}
			defer ef.close()
			refA := arg(args)
			refB := refA
			if len(args) == 2 {
				refB = args[1]
			}
			a, err := loadScenario(refA, variantA, nil, setsA)
			if err != nil {
				return err
			}
			b, err := loadScenario(refB, variantB, nil, setsB)
			if err != nil {
				return err
			}
			printWarnings(cmd, a, "A: ")
			printWarnings(cmd, b, "B: ")
			m, err := ef.parseMetric(a.Sim)
			if err != nil {
				return err
			}
			if _, err := ef.parseMetric(b.Sim); err != nil {
				return fmt.Errorf("B: %w", err)
			}
			c, runErr := explore.CompareBy(cmd.Context(), a.Sim, b.Sim, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}, m)
			if runErr != nil && cmd.Context().Err() == nil {
				return runErr
			}
			if runErr != nil {
				return fmt.Errorf("%w; nothing written (a comparison needs both estimates)", errInterrupted)
			}
			nameA, nameB := describe(a, refA), describe(b, refB)
			out := &CompareResult{SchemaVersion, nameA, nameB, c, m.String(), embedScenario(a), embedScenario(b)}
			if ef.out != "" {
				if err := compareOutputs(ef.out, a, b, out, m); err != nil {
					return err
				}
			}
			err = ef.finish(cmd, "compare.json", out, nil, func(w io.Writer) {
				fmt.Fprintf(w, "A: %s\nB: %s\n%s, seed %d\n\n", nameA, nameB, count(c.A.Runs, "paired run"), rs.seed)
				pa, la, ha := m.From(c.A)
				pb, lb, hb := m.From(c.B)
				label := m.Describe(a.Sim)
				fmt.Fprintf(w, "%s\n  A %s (95%% CI %s to %s)\n", label, pct(pa), pct(la), pct(ha))
				fmt.Fprintf(w, "  B %s (95%% CI %s to %s)\n", pct(pb), pct(lb), pct(hb))
				diff, interval := pointsDiff(c.Diff, c.DiffLo, c.DiffHi)
				fmt.Fprintf(w, "A − B  %s (95%% CI %s, paired)\n", diff, interval)
				fmt.Fprintf(w, "Runs where it held only in A: %d, only in B: %d\n", c.OnlyA, c.OnlyB)
				writeTermDiffs(w, c)
			})
			return ef.report(err, func() error { return writeCompareReport(ef.out, a, b, out, m) })
		},
	}
	ef.add(c, "compare.json and the by-round plot of both")
	c.Flags().StringArrayVar(&setsA, "set-a", nil, "override a field of A, key=value (repeatable)")
	c.Flags().StringArrayVar(&setsB, "set-b", nil, "override a field of B, key=value (repeatable)")
	c.Flags().StringVar(&variantA, "variant-a", "", "a named variant of A")
	c.Flags().StringVar(&variantB, "variant-b", "", "a named variant of B")
	dpiFlag(c)
	return c
}

// describe names a loaded scenario with its variant and overrides.
func describe(sc *scenarios.Scenario, ref string) string {
	name := sc.Sim.Name
	if sc.Variant != "" {
		name += " variant " + sc.Variant
	}
	if len(sc.Overrides) > 0 {
		name += " with " + strings.Join(sc.Overrides, ", ")
	}
	return name
}

// compareNames returns the scenarios of a comparison for its plot's title
// (the title of both, or of each if they differ, without variants) and the
// labels of A and B in its legend, each "A: " or "B: " (as the printed
// comparison names them) and what sets that side apart: its scenario's id
// if they differ, its variant ("no variant" if only the other has one)
// and its overrides, or "as written" if nothing does.
func compareNames(a, b *scenarios.Scenario) (which, labelA, labelB string) {
	same := a.Sim.Name == b.Sim.Name
	label := func(sc, other *scenarios.Scenario) string {
		var parts []string
		if !same {
			parts = append(parts, sc.Sim.Name)
		}
		switch {
		case sc.Variant != "":
			parts = append(parts, "variant "+sc.Variant)
		case other.Variant != "":
			parts = append(parts, "no variant")
		}
		if len(sc.Overrides) > 0 {
			parts = append(parts, "with "+strings.Join(sc.Overrides, ", "))
		}
		if len(parts) == 0 {
			parts = append(parts, "as written")
		}
		return strings.Join(parts, ", ")
	}
	which = plotScenario(scenarioTitle(a), a.Sim.Name, "")
	if !same {
		which += " against " + plotScenario(scenarioTitle(b), b.Sim.Name, "")
	}
	return which, "A: " + label(a, b), "B: " + label(b, a)
}
