package cmd

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/internal/inputfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

type mergeFlags struct {
	out   string
	force bool
	json  bool
}

func newMergeCmd() *cobra.Command {
	var f mergeFlags
	c := &cobra.Command{
		Use:   "merge PART... [--out DIR]",
		Short: "Combine the partial results of sharded runs into the single-machine results",
		Long: `Merge reads the partial results (partial.json, the --out directories that hold
them, or a directory of such directories) that the shards of "negsim run --shard K/N" wrote, checks that they
are the shards 0 to N-1 of one study (the same scenario, seed, runs and number
of shards, each shard once), and writes exactly what the single-machine run
writes: results.json with the same numbers bit for bit (negsim run --replay
confirms them), the plots, the report, and runs.csv if every shard saved its
runs. The shards of sweep and sensitivity merge into their sweep.json or
sensitivity.json, CSV and plots the same way. See docs/scale-out.md.`,
		Example: `  negsim run --runs 1000000 --shard 0/2 --out shards/0
  negsim run --runs 1000000 --shard 1/2 --out shards/1
  negsim merge shards/0 shards/1 --out results/
  negsim run --replay results/results.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMerge(cmd, args, f)
		},
	}
	fl := c.Flags()
	fl.StringVar(&f.out, "out", "", "directory to write the merged results (as negsim run --out writes them)")
	fl.BoolVar(&f.force, "force", false, "with --out, replace the results in a directory that is not empty")
	fl.BoolVar(&f.json, "json", false, "print the merged results as JSON")
	return c
}

// mergePart is a partial result and the file it came from.
type mergePart struct {
	path string
	p    *PartialResult
}

func runMerge(cmd *cobra.Command, args []string, f mergeFlags) error {
	if err := checkOutPath(f.out, cmd.Flags().Changed("out")); err != nil {
		return err
	}
	parts, err := readParts(args)
	if err != nil {
		return err
	}
	switch parts[0].p.Kind {
	case kindRun:
		return mergeRun(cmd, parts, f)
	case kindSweep:
		return mergeSweep(cmd, parts, f) // shard_explore.go
	case kindSensitivity:
		return mergeSensitivity(cmd, parts, f) // shard_explore.go
	}
	return fmt.Errorf("%s: kind %q: want %q, %q or %q", parts[0].path, parts[0].p.Kind, kindRun, kindSweep, kindSensitivity)
}

// maxPartialFile caps the partial results read: a shard of 10^9 runs
// (two million batches) of a scenario with a few parties stays below it.
const maxPartialFile = 1 << 30

// readParts reads the partial results named by args (files, or
// directories holding partial.json) and checks that they are the shards
// 0 to N-1 of one study, each once: the error names the files and shards
// that do not fit. It returns them in shard order.
func readParts(args []string) ([]mergePart, error) {
	var parts []mergePart
	paths, err := partPaths(args)
	if err != nil {
		return nil, err
	}
	for _, path := range paths {
		data, err := inputfile.Read(path, maxPartialFile)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		var p PartialResult
		if err := json.Unmarshal(data, &p); err != nil {
			return nil, fmt.Errorf("%s: not a negsim partial result: %v", path, err)
		}
		switch {
		case p.SchemaVersion != SchemaVersion:
			return nil, fmt.Errorf("%s: schema_version %d: this negsim (%s) merges version %d; merge with the negsim that wrote it", path, p.SchemaVersion, Version, SchemaVersion)
		case p.Kind == "" || p.Provenance.SHA256 == "":
			return nil, fmt.Errorf("%s: not a negsim partial result (no kind or provenance)", path)
		}
		parts = append(parts, mergePart{path, &p})
	}
	first := parts[0]
	n := first.p.Shard.Count
	if err := first.p.Shard.Check(); err != nil {
		return nil, fmt.Errorf("%s: shard %s: %w", first.path, first.p.Shard, err)
	}
	ordered := make([]mergePart, n)
	for _, m := range parts {
		p, q := m.p, first.p
		differ := func(what string, a, b any) error {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) are of different studies: %s %v and %v", first.path, q.Shard, m.path, p.Shard, what, b, a)
		}
		var err error
		switch {
		case p.Kind != q.Kind:
			err = differ("kind", p.Kind, q.Kind)
		case p.Provenance.SHA256 != q.Provenance.SHA256:
			err = differ("scenario (sha256)", p.Provenance.SHA256, q.Provenance.SHA256)
		case p.Provenance.Seed != q.Provenance.Seed:
			err = differ("seed", p.Provenance.Seed, q.Provenance.Seed)
		case p.Provenance.Runs != q.Provenance.Runs:
			err = differ("runs", p.Provenance.Runs, q.Provenance.Runs)
		case p.Shard.Count != n:
			err = differ("number of shards", p.Shard.Count, n)
		case p.Provenance.Version != q.Provenance.Version:
			err = differ("negsim version", p.Provenance.Version, q.Provenance.Version)
		case p.Shard.Index < 0 || p.Shard.Index >= n:
			err = fmt.Errorf("%s: shard %s: index out of range", m.path, p.Shard)
		case ordered[p.Shard.Index].p != nil:
			err = fmt.Errorf("shard %s given twice: %s and %s", p.Shard, ordered[p.Shard.Index].path, m.path)
		}
		if err != nil {
			return nil, err
		}
		ordered[p.Shard.Index] = m
	}
	var missing []string
	for k, m := range ordered {
		if m.p == nil {
			missing = append(missing, strconv.Itoa(k))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("shard %s of %d missing (have %d of the %d partial results, all of %s's study)", strings.Join(missing, ", "), n, n-len(missing), n, first.path)
	}
	return ordered, nil
}

// partPaths returns the partial results args name: a file, a directory
// holding partial.json, or a directory of such directories (a shard's
// --out each, as the Kubernetes and Slurm examples write them).
func partPaths(args []string) ([]string, error) {
	var paths []string
	for _, a := range args {
		fi, err := os.Stat(a)
		if err != nil || !fi.IsDir() {
			paths = append(paths, a) // reading it names the problem
			continue
		}
		if _, err := os.Stat(filepath.Join(a, PartialFile)); err == nil {
			paths = append(paths, filepath.Join(a, PartialFile))
			continue
		}
		inside, err := filepath.Glob(filepath.Join(a, "*", PartialFile))
		if err != nil || len(inside) == 0 {
			return nil, fmt.Errorf("%s: no %s in it or in its directories", a, PartialFile)
		}
		paths = append(paths, inside...)
	}
	return paths, nil
}

// partScenario rebuilds the scenario a partial result embeds, checking
// it against the recorded hash.
func partScenario(m mergePart) (*scenarios.Scenario, error) {
	p := m.p.Provenance
	sc, err := scenarios.FromResolved(p.Origin, m.p.Resolved)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", m.path, err)
	}
	if h := sc.Hash(); h != p.SHA256 {
		return nil, fmt.Errorf("%s: the embedded scenario does not match the recorded sha256 (%s, recorded %s): the file was edited", m.path, h, p.SHA256)
	}
	sc.Variant, sc.Overrides = p.Variant, p.Overrides
	return sc, nil
}

// mergeRun merges the shards of negsim run into its results.
func mergeRun(cmd *cobra.Command, parts []mergePart, f mergeFlags) error {
	sc, err := partScenario(parts[0])
	if err != nil {
		return err
	}
	var simParts []*sim.Partial
	saved := 0
	for _, m := range parts {
		if m.p.Run == nil {
			return fmt.Errorf("%s: a partial result of run without its tallies (run)", m.path)
		}
		if r, q := m.p.Run, parts[0].p.Run; q != nil && (r.Analyzed != q.Analyzed || r.TopPackages != q.TopPackages) {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) are of different studies: one analysed its runs (--no-analysis), the other not", parts[0].path, parts[0].p.Shard, m.path, m.p.Shard)
		}
		simParts = append(simParts, m.p.Run)
		if m.p.SavedRuns {
			saved++
		}
	}
	sum, err := sim.MergeShards(sc.Sim, simParts)
	if err != nil {
		return fmt.Errorf("merging %s ...: %w", parts[0].path, err)
	}
	// The provenance of shard 0: the scenario, seed and runs are every
	// shard's; workers, Go version and platform those of shard 0.
	first := parts[0].p
	res := &Results{SchemaVersion: SchemaVersion, Summary: sum, Title: first.Title, Provenance: first.Provenance, Resolved: first.Resolved}
	if f.out != "" {
		od, err := openOut(f.out, f.force)
		if err != nil {
			return err
		}
		defer od.close()
		if saved == len(parts) {
			if err := mergeRuns(od.staging, sc.Sim, parts); err != nil {
				return err
			}
		} else if saved > 0 {
			fmt.Fprintf(cmd.ErrOrStderr(), "note: %d of the %d shards saved their runs; the per-run data needs them all, and is not written\n", saved, len(parts))
		}
		if err := writeOutputs(cmd, od.staging, res, sc); err != nil {
			return err
		}
		if err := od.commit(); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, res)
	}
	writeSummary(out, sc, res.Summary)
	fmt.Fprintf(out, "\nMerged %d shards", len(parts))
	if f.out != "" {
		fmt.Fprintf(out, "; wrote %s", f.out)
	}
	fmt.Fprintln(out)
	return nil
}

// mergeRuns writes the shards' per-run data as one file into dir, in the
// format every shard saved it in.
func mergeRuns(dir string, s *sim.Scenario, parts []mergePart) error {
	format := parts[0].p.RunsFormat
	for _, m := range parts[1:] {
		if m.p.RunsFormat != format {
			return fmt.Errorf("%s (shard %s) and %s (shard %s) saved their runs in different formats (--format %s and %s): merge needs one", parts[0].path, parts[0].p.Shard, m.path, m.p.Shard, formatName(format), formatName(m.p.RunsFormat))
		}
	}
	if format == "parquet" {
		return mergeRunsParquet(dir, s, parts)
	}
	return mergeRunsCSV(dir, parts)
}

// formatName is a PartialResult.RunsFormat as --format names it.
func formatName(f string) string {
	if f == "" {
		return "csv"
	}
	return f
}

// mergeRunsCSV writes the shards' runs.csv, in shard order, as one
// runs.csv into dir: the header once, and each shard's rows after
// checking that they are its runs, in order.
func mergeRunsCSV(dir string, parts []mergePart) error {
	return atomicfile.Write(filepath.Join(dir, RunsFile), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		var header []string
		for _, m := range parts {
			path := filepath.Join(filepath.Dir(m.path), RunsFile)
			if err := copyShardRuns(cw, path, m.p.Run, &header); err != nil {
				return err
			}
		}
		cw.Flush()
		return cw.Error()
	})
}

// openShardRuns opens the per-run data that shard part saved at path.
func openShardRuns(path string, part *sim.Partial) (*os.File, error) {
	file, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: missing, though shard %s saved its runs: copy it beside its partial result", path, part.Shard)
	}
	return file, err
}

// copyShardRuns copies the rows of one shard's runs.csv to cw, checking
// its header against the first shard's and its run column against the
// shard's runs.
func copyShardRuns(cw *csv.Writer, path string, part *sim.Partial, header *[]string) error {
	file, err := openShardRuns(path, part)
	if err != nil {
		return err
	}
	defer file.Close()
	r := csv.NewReader(file)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	if *header == nil {
		*header = append([]string{}, head...)
		if err := cw.Write(head); err != nil {
			return err
		}
	} else if strings.Join(head, ",") != strings.Join(*header, ",") {
		return fmt.Errorf("%s: its columns differ from the first shard's", path)
	}
	run := part.FirstRun
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if rec[0] != strconv.Itoa(run) || run >= part.EndRun {
			return fmt.Errorf("%s:%d: run %s: want run %d of shard %s's runs %d to %d", path, run-part.FirstRun+2, rec[0], run, part.Shard, part.FirstRun, part.EndRun-1)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
		run++
	}
	if run != part.EndRun {
		return fmt.Errorf("%s: ends at run %d: want shard %s's runs %d to %d", path, run-1, part.Shard, part.FirstRun, part.EndRun-1)
	}
	return nil
}
