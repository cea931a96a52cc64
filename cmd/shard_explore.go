package cmd

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/internal/atomicfile"
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
	od, err := openOut(ef.out, true) // begin has checked it
	if err != nil {
		return err
	}
	defer od.close()
	part, err := explore.SweepShard(cmd.Context(), load, axes, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}, sh)
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("%w: shard %s wrote nothing; run it again", errInterrupted, sh)
		}
		return err
	}
	p := newPartial(kindSweep, sh, sc, rs, profiles)
	p.Sweep = &SweepPartial{Metric: m.String(), Axes: axes, SweepPart: part}
	if err := writePartial(od.staging, p); err != nil {
		return err
	}
	if err := od.commit(); err != nil {
		return err
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Shard %s of the sweep of %s: points %d to %d of %d (%d runs each, seed %d); wrote %s\n",
		sh, sc.Sim.Name, part.From, part.To-1, part.Grid, rs.runs, rs.seed, filepath.Join(ef.out, PartialFile))
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
	data, err := json.MarshalIndent(&SweepResult{SchemaVersion, metric.String(), res}, "", "  ")
	if err != nil {
		return err
	}
	if f.out != "" {
		od, err := openOut(f.out, f.force)
		if err != nil {
			return err
		}
		defer od.close()
		if err := sweepPlot(od.staging, sc, res, metric); err != nil {
			return err
		}
		if err := writeTidy(od.staging, "sweep.csv", sweepRows(sc, res, metric)); err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(filepath.Join(od.staging, "sweep.json"), append(data, '\n')); err != nil {
			return err
		}
		if err := od.commit(); err != nil {
			return err
		}
	}
	if f.json {
		fmt.Fprintln(cmd.OutOrStdout(), string(data))
		return nil
	}
	p := parts[0].p.Provenance
	writeSweep(cmd.OutOrStdout(), sc, res, runSettings{runs: p.Runs, seed: p.Seed}, metric)
	return nil
}
