package cmd

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// A sharded run splits one study across the machines of a scheduler: each
// shard (negsim run, sweep or sensitivity with --shard K/N, or the index a
// Kubernetes Indexed Job or a Slurm job array gives it) writes a partial
// result, partial.json, into its --out directory, and negsim merge turns
// the N partials into exactly the outputs the single-machine command
// writes (docs/scale-out.md).

// PartialFile is the name of a shard's partial result in its --out.
const PartialFile = "partial.json"

// Kinds of partial result: the command whose shard wrote it.
const (
	kindRun         = "run"
	kindSweep       = "sweep"
	kindSensitivity = "sensitivity"
)

// PartialResult is what a shard writes to partial.json: the shard, the
// provenance and embedded scenario that results.json records, and the
// mergeable tallies of the command that wrote it (Kind: the field that
// holds them). It holds no timestamp: a shard run again writes
// the same file.
type PartialResult struct {
	SchemaVersion int             `json:"schema_version"`
	Kind          string          `json:"kind"`
	Shard         sim.Shard       `json:"shard"`
	Title         string          `json:"title"`
	Provenance    Provenance      `json:"provenance"`
	Resolved      json.RawMessage `json:"resolved_scenario"`
	// SavedRuns: the shard also wrote its runs beside, in RunsFormat
	// (--format: "csv", the default when empty, or "parquet").
	SavedRuns  bool          `json:"saved_runs,omitempty"`
	RunsFormat string        `json:"runs_format,omitempty"`
	Run        *sim.Partial  `json:"run,omitempty"`
	Sweep      *SweepPartial `json:"sweep,omitempty"`
	// Sensitivity is a sensitivity shard's.
	Sensitivity *SensitivityPartial `json:"sensitivity,omitempty"`
}

// shardFlags are the flags that make a command a shard.
type shardFlags struct {
	shard string
}

func (f *shardFlags) add(c *cobra.Command) {
	c.Flags().StringVar(&f.shard, "shard", "", "run shard K of N (K from 0) and write its partial result to --out, for negsim merge; detected from a Kubernetes Indexed Job (JOB_COMPLETION_INDEX, with --shards) or a Slurm job array (SLURM_ARRAY_TASK_ID) when not given")
	c.Flags().Int("shards", 0, "the number of shards in a Kubernetes Indexed Job, whose pods know only their index (env NEGSIM_SHARDS); in a Slurm job array, overrides SLURM_ARRAY_TASK_COUNT")
}

// resolve returns the shard this command is, and ok false when it is not
// a shard: --shard K/N, else the index a scheduler sets in the
// environment.
func (f *shardFlags) resolve(cmd *cobra.Command) (sh sim.Shard, ok bool, err error) {
	st, err := newSettings(cmd, "shards")
	if err != nil {
		return sh, false, err
	}
	total, err := st.int("shards", 0)
	if err != nil {
		return sh, false, err
	}
	if f.shard != "" {
		sh, err = parseShard(f.shard)
		if err == nil && total != 0 && total != sh.Count {
			err = fmt.Errorf("--shard %s and %s %d disagree on the number of shards", f.shard, st.source("shards"), total)
		}
		return sh, err == nil, err
	}
	sh, ok, err = shardFromEnv(os.LookupEnv, total)
	if err == nil && !ok && cmd.Flags().Changed("shards") {
		err = fmt.Errorf("--shards %d: no shard index (JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID) is set; give --shard K/N", total)
	}
	return sh, ok, err
}

// parseShard reads "K/N".
func parseShard(s string) (sim.Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(strings.TrimSpace(k))
	ni, err2 := strconv.Atoi(strings.TrimSpace(n))
	if !ok || err1 != nil || err2 != nil {
		return sim.Shard{}, fmt.Errorf("--shard %q: want K/N, shard K (from 0) of N, e.g. 0/4", s)
	}
	sh := sim.Shard{Index: ki, Count: ni}
	if err := sh.Check(); err != nil {
		return sh, fmt.Errorf("--shard %s: %w", s, err)
	}
	return sh, nil
}

// shardFromEnv detects the shard a scheduler runs: a Kubernetes Indexed
// Job sets JOB_COMPLETION_INDEX (its pods are not told the number of
// completions, so total, from --shards or NEGSIM_SHARDS, must give it);
// a Slurm job array sets SLURM_ARRAY_TASK_ID, _COUNT, _MIN and _STEP (an
// array such as --array=1-8 or 0-14:2 is numbered from its minimum, in
// steps). total, if not 0, overrides Slurm's count.
func shardFromEnv(env func(string) (string, bool), total int) (sim.Shard, bool, error) {
	num := func(name string) (int, error) {
		v, _ := env(name)
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("%s=%q: want a whole number", name, v)
		}
		return n, nil
	}
	_, k8s := env("JOB_COMPLETION_INDEX")
	_, slurm := env("SLURM_ARRAY_TASK_ID")
	var sh sim.Shard
	switch {
	case k8s && slurm:
		return sh, false, errors.New("both JOB_COMPLETION_INDEX (Kubernetes) and SLURM_ARRAY_TASK_ID (Slurm) are set: give --shard K/N")
	case k8s:
		k, err := num("JOB_COMPLETION_INDEX")
		if err != nil {
			return sh, false, err
		}
		if total == 0 {
			return sh, false, errors.New("JOB_COMPLETION_INDEX is set (a Kubernetes Indexed Job) but not the number of shards: give --shards N or NEGSIM_SHARDS=N, N the Job's completions")
		}
		sh = sim.Shard{Index: k, Count: total}
		if err := sh.Check(); err != nil {
			return sh, false, fmt.Errorf("JOB_COMPLETION_INDEX=%d of --shards/NEGSIM_SHARDS %d: %w", k, total, err)
		}
		return sh, true, nil
	case slurm:
		id, err := num("SLURM_ARRAY_TASK_ID")
		if err != nil {
			return sh, false, err
		}
		lo, step := 0, 1
		if _, set := env("SLURM_ARRAY_TASK_MIN"); set {
			if lo, err = num("SLURM_ARRAY_TASK_MIN"); err != nil {
				return sh, false, err
			}
		}
		if _, set := env("SLURM_ARRAY_TASK_STEP"); set {
			if step, err = num("SLURM_ARRAY_TASK_STEP"); err != nil {
				return sh, false, err
			}
		}
		n := total
		if n == 0 {
			if n, err = num("SLURM_ARRAY_TASK_COUNT"); err != nil {
				return sh, false, fmt.Errorf("%w (or give --shards N)", err)
			}
		}
		if step < 1 || (id-lo)%step != 0 {
			return sh, false, fmt.Errorf("SLURM_ARRAY_TASK_ID=%d is not in the array from %d in steps of %d: give --shard K/N", id, lo, step)
		}
		sh = sim.Shard{Index: (id - lo) / step, Count: n}
		if err := sh.Check(); err != nil {
			return sh, false, fmt.Errorf("Slurm array task %d (from %d, step %d) of %d: %w; give --array=0-%d, or --shard K/N", id, lo, step, n, err, n-1)
		}
		return sh, true, nil
	}
	return sh, false, nil
}

// writePartial writes p to dir/partial.json, atomically, encoding it
// straight into the file: it holds a few numbers per batch of runs, and
// an extra copy would cost a shard of 10^7 runs megabytes.
func writePartial(dir string, p *PartialResult) error {
	return atomicfile.Write(filepath.Join(dir, PartialFile), func(w io.Writer) error {
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := json.NewEncoder(bw).Encode(p); err != nil {
			return fmt.Errorf("%s: %w", PartialFile, err)
		}
		return bw.Flush()
	})
}

// newPartial is a partial result of kind for shard sh of sc, with the
// provenance results.json would record.
func newPartial(kind string, sh sim.Shard, sc *scenarios.Scenario, rs runSettings, profiles []string) *PartialResult {
	r := newResults(sc, nil, rs, profiles)
	return &PartialResult{SchemaVersion: SchemaVersion, Kind: kind, Shard: sh, Title: r.Title, Provenance: r.Provenance, Resolved: r.Resolved}
}

// runShard is negsim run as shard sh: it simulates the shard's runs and
// writes their partial result (and with --save-runs their runs.csv) into
// --out, replacing its contents only once all is written.
func runShard(cmd *cobra.Command, sc *scenarios.Scenario, rs runSettings, f runFlags, sh sim.Shard) error {
	switch {
	case f.out == "":
		return fmt.Errorf("--shard %s: give --out DIR, where the shard writes its partial result for negsim merge", sh)
	case f.precision > 0:
		return fmt.Errorf("--shard %s with --precision: an adaptive run cannot be sharded (where it stops depends on every batch before); give --runs", sh)
	case f.json:
		return fmt.Errorf("--shard %s with --json: a shard has no results to print; negsim merge --json prints them", sh)
	}
	od, err := openOut(f.out, f.force)
	if err != nil {
		return err
	}
	defer od.close()
	opt := sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers, Analyze: !f.noAnalysis}
	var part *sim.Partial
	shardRuns := func() error {
		part, err = sim.MonteCarloShard(cmd.Context(), sc.Sim, opt, sh)
		return err
	}
	format, _ := parseRunFormat(f.format) // checked by runRun
	if f.saveRuns {
		err = atomicfile.Write(filepath.Join(od.staging, format.file), func(w io.Writer) error {
			rw, err := newRunWriter(w, sc.Sim, opt.Seed, format)
			if err != nil {
				return err
			}
			opt.Record = rw.write
			if err := shardRuns(); err != nil {
				return err
			}
			return rw.flush()
		})
	} else {
		err = shardRuns()
	}
	if err != nil {
		if cmd.Context().Err() != nil {
			return fmt.Errorf("%w: shard %s wrote nothing; run it again", errInterrupted, sh)
		}
		return err
	}
	p := newPartial(kindRun, sh, sc, rs, f.profiles)
	p.SavedRuns, p.Run = f.saveRuns, part
	if f.saveRuns && f.format != "csv" {
		p.RunsFormat = f.format
	}
	if err := writePartial(od.staging, p); err != nil {
		return err
	}
	if err := od.commit(); err != nil {
		return err
	}
	runs := "no runs (more shards than batches of 512 runs)"
	if part.EndRun > part.FirstRun {
		runs = fmt.Sprintf("runs %d to %d", part.FirstRun, part.EndRun-1)
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Shard %s of %s: %s of %d (seed %d); wrote %s\n",
		sh, sc.Sim.Name, runs, part.Runs, rs.seed, filepath.Join(f.out, PartialFile))
	return nil
}
