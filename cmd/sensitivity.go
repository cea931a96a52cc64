package cmd

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

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

// newSensitivityResult is sensitivity.json's settings, before its
// estimates (the same for one machine and for merged shards).
func newSensitivityResult(sc *scenarios.Scenario, m explore.Metric, low, high float64, samples int) *SensitivityResult {
	return &SensitivityResult{SchemaVersion: SchemaVersion, Scenario: sc.Sim.Name, Title: scenarioTitle(sc), Variant: sc.Variant, Metric: m.String(), MetricText: m.Describe(sc.Sim), Low: low, High: high, Samples: samples, Embedded: embedScenario(sc)}
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
				if err := sensitivityOutputs(ef.out, res); err != nil {
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

// sensitivityOutputs draws the tornado and Sobol plots and writes
// sensitivity.csv into dir: for sensitivity, for the merge of its shards
// and for plot.
func sensitivityOutputs(dir string, res *SensitivityResult) error {
	if err := sensitivityPlots(dir, res); err != nil {
		return err
	}
	return writeTidy(dir, "sensitivity.csv", sensitivityRows(res))
}

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
