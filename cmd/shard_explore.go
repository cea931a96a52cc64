package cmd

import (
	"fmt"
	"io"
	"path/filepath"
	"reflect"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// SweepPartial is a sweep shard's share (PartialResult.Sweep): its grid
// points, each estimated in full, with the sweep's axes and metric.
type SweepPartial struct {
	Metric string         `json:"metric"`
	Axes   []explore.Axis `json:"axes"`
	*explore.SweepPart
}

// sweepShard is negsim sweep as shard sh: it estimates the shard's grid
// points and writes them as partial.json into --out.
func sweepShard(cmd *cobra.Command, sc *scenarios.Scenario, rs runSettings, ef exploreFlags, profiles []string,
	m explore.Metric, load explore.Loader, axes []explore.Axis, sh sim.Shard) error {
	if ef.out == "" {
		return fmt.Errorf("--shard %s: give --out DIR, where the shard writes its partial result for negsim merge", sh)
	}
	part, err := explore.SweepShard(cmd.Context(), load, axes, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}, sh)
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("%w: shard %s wrote nothing; run it again", errInterrupted, sh)
		}
		return err
	}
	p := newPartial(kindSweep, sh, sc, rs, profiles)
	p.Sweep = &SweepPartial{Metric: m.String(), Axes: axes, SweepPart: part}
	// ef.out is begin's staging directory in --out (ef.od).
	if err := writePartial(ef.out, p); err != nil {
		return err
	}
	if err := ef.od.commit(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Shard %s of the sweep of %s: points %d to %d of %d (%d runs each, seed %d); wrote %s\n",
		sh, sc.Sim.Name, part.From, part.To-1, part.Grid, rs.runs, rs.seed, filepath.Join(ef.od.dir, PartialFile))
	return nil
}

// mergeSweep merges the shards of negsim sweep into what the sweep
// writes: sweep.json, sweep.csv and the plot.
func mergeSweep(cmd *cobra.Command, parts []mergePart, f mergeFlags) error {
	sc, err := partScenario(parts[0])
	if err != nil {
		return err
	}
	first := parts[0].p.Sweep
	var sp []*explore.SweepPart
	for _, m := range parts {
		s := m.p.Sweep
		if s == nil || s.SweepPart == nil {
			return fmt.Errorf("%s: a partial result of sweep without its points (sweep)", m.path)
		}
		if s.Metric != first.Metric || !reflect.DeepEqual(s.Axes, first.Axes) {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) are of different sweeps: the metric or the axes differ", parts[0].path, parts[0].p.Shard, m.path, m.p.Shard)
		}
		sp = append(sp, s.SweepPart)
	}
	metric, err := explore.ParseMetric(sc.Sim, first.Metric)
	if err != nil {
		return fmt.Errorf("%s: metric: %w", parts[0].path, err)
	}
	res, err := explore.MergeSweep(first.Axes, sp)
	if err != nil {
		return fmt.Errorf("merging %s ...: %w", parts[0].path, err)
	}
	out := newSweepResult(sc, first.Axes, metric, res)
	// Written as sweep writes them (sweep.go).
	ef := exploreFlags{out: f.out, force: f.force, json: f.json}
	if err := ef.open(sweepFiles); err != nil {
		return err
	}
	defer ef.close()
	if ef.out != "" {
		if err := sweepOutputs(ef.out, sc, out, metric); err != nil {
			return err
		}
	}
	rs := runSettings{runs: parts[0].p.Provenance.Runs, seed: parts[0].p.Provenance.Seed}
	err = ef.finish(cmd, "sweep.json", out, nil, func(w io.Writer) { writeSweep(w, sc, res, rs, metric) })
	return ef.report(err, func() error { return writeSweepReport(ef.out, sc, res, metric) })
}

// SensitivityPartial is a sensitivity shard's share
// (PartialResult.Sensitivity): its runs of every one-at-a-time estimate
// and its rows of the Sobol design, with the settings the merge needs.
type SensitivityPartial struct {
	Metric    string             `json:"metric"`
	Low       float64            `json:"low_quantile"`
	High      float64            `json:"high_quantile"`
	Samples   int                `json:"sobol_samples"`
	Bootstrap int                `json:"bootstrap"`
	OAT       *explore.OATPart   `json:"one_at_a_time"`
	Sobol     *explore.SobolPart `json:"sobol"`
}

// sensitivityShard is negsim sensitivity as shard sh: it simulates the
// shard's share of every estimate and writes it as partial.json into
// --out. res holds the settings.
func sensitivityShard(cmd *cobra.Command, sc *scenarios.Scenario, rs runSettings, ef exploreFlags, profiles []string,
	res *SensitivityResult, boot int, load explore.Loader, ranges []explore.Range, m explore.Metric, sh sim.Shard) error {
	if ef.out == "" {
		return fmt.Errorf("--shard %s: give --out DIR, where the shard writes its partial result for negsim merge", sh)
	}
	ctx := cmd.Context()
	var err error
	sp := &SensitivityPartial{Metric: res.Metric, Low: res.Low, High: res.High, Samples: res.Samples, Bootstrap: boot}
	sp.OAT, err = explore.OneAtATimeShard(ctx, load, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}, res.Low, res.High, ranges, sh)
	if err == nil {
		sp.Sobol, err = explore.SobolShard(ctx, sc.Sim, explore.SobolOptions{N: res.Samples, Seed: rs.seed, Bootstrap: boot, Workers: rs.workers, Metric: m}, sh)
	}
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: shard %s wrote nothing; run it again", errInterrupted, sh)
		}
		return err
	}
	p := newPartial(kindSensitivity, sh, sc, rs, profiles)
	p.Sensitivity = sp
	// ef.out is begin's staging directory in --out (ef.od).
	if err := writePartial(ef.out, p); err != nil {
		return err
	}
	if err := ef.od.commit(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Shard %s of the sensitivity of %s: its runs of %d estimates (%d runs each), Sobol rows %d to %d of %d; wrote %s\n",
		sh, sc.Sim.Name, 1+2*len(sp.OAT.Params), rs.runs, sp.Sobol.From, sp.Sobol.To-1, sp.Sobol.N, filepath.Join(ef.od.dir, PartialFile))
	return nil
}

// mergeSensitivity merges the shards of negsim sensitivity into what it
// writes: sensitivity.json, sensitivity.csv and the plots.
func mergeSensitivity(cmd *cobra.Command, parts []mergePart, f mergeFlags) error {
	sc, err := partScenario(parts[0])
	if err != nil {
		return err
	}
	first := parts[0].p.Sensitivity
	var oat []*explore.OATPart
	var sob []*explore.SobolPart
	for _, m := range parts {
		s := m.p.Sensitivity
		if s == nil || s.OAT == nil || s.Sobol == nil {
			return fmt.Errorf("%s: a partial result of sensitivity without its estimates (sensitivity)", m.path)
		}
		if s.Metric != first.Metric || s.Low != first.Low || s.High != first.High || s.Samples != first.Samples || s.Bootstrap != first.Bootstrap {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) are of different studies: the metric, quantiles, samples or bootstrap differ", parts[0].path, parts[0].p.Shard, m.path, m.p.Shard)
		}
		oat, sob = append(oat, s.OAT), append(sob, s.Sobol)
	}
	metric, err := explore.ParseMetric(sc.Sim, first.Metric)
	if err != nil {
		return fmt.Errorf("%s: metric: %w", parts[0].path, err)
	}
	prov := parts[0].p.Provenance
	res := newSensitivityResult(sc, metric, first.Low, first.High, first.Samples)
	if res.OAT, res.Base, err = explore.MergeOneAtATime(oat, metric); err != nil {
		return fmt.Errorf("merging %s ...: one at a time: %w", parts[0].path, err)
	}
	res.BaseP, _, _ = metric.From(res.Base)
	res.Sobol, res.SobolRuns, err = explore.MergeSobol(sob, explore.SobolOptions{N: first.Samples, Seed: prov.Seed, Bootstrap: first.Bootstrap, Metric: metric})
	if err != nil {
		return fmt.Errorf("merging %s ...: Sobol: %w", parts[0].path, err)
	}
	// Written as sensitivity writes them (sensitivity.go).
	ef := exploreFlags{out: f.out, force: f.force, json: f.json}
	if err := ef.open(sensitivityFiles); err != nil {
		return err
	}
	defer ef.close()
	if ef.out != "" {
		if err := sensitivityOutputs(ef.out, res); err != nil {
			return err
		}
	}
	rs := runSettings{runs: prov.Runs, seed: prov.Seed}
	err = ef.finish(cmd, "sensitivity.json", res, nil, func(w io.Writer) { writeSensitivity(w, res, rs) })
	return ef.report(err, func() error { return writeSensitivityReport(ef.out, sc, res) })
}
