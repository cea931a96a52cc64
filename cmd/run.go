package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Results is what run writes to results.json and prints with --json: the
// summary and the provenance needed to reproduce it.
type Results struct {
	SchemaVersion int `json:"schema_version"`
	*sim.Summary
	Title      string     `json:"title"`
	Provenance Provenance `json:"provenance"`
	// Resolved is the scenario as run (bases, variant and overrides
	// applied; scenarios.Scenario.Resolved), so that the results replay
	// and redraw without the scenario's files, from any directory.
	Resolved json.RawMessage `json:"resolved_scenario,omitempty"`
}

// Provenance records everything a result depends on, so that
// "negsim run --replay results.json" can rerun it and check the numbers.
type Provenance struct {
	Version   string   `json:"negsim_version"`
	Origin    string   `json:"origin"`
	SHA256    string   `json:"scenario_sha256"`
	Overrides []string `json:"overrides"`
	Profiles  []string `json:"genius_profiles,omitempty"`
	Variant   string   `json:"variant,omitempty"`
	Seed      uint64   `json:"seed"`
	Runs      int      `json:"runs_requested"`
	Workers   int      `json:"workers"`
	GoVersion string   `json:"go_version"`
	Platform  string   `json:"platform"`
}

// Output file names in --out.
const (
	ResultsFile = "results.json"
	RunsFile    = "runs.csv"
	ByRoundPlot = "agreement_by_round"
)

type runFlags struct {
	scenarioFlags
	out        string
	json       bool
	saveRuns   bool
	format     string
	force      bool
	replay     string
	precision  float64
	noAnalysis bool
	shards     shardFlags
}

func newRunCmd() *cobra.Command {
	var f runFlags
	c := &cobra.Command{
		Use:   "run [SCENARIO]",
		Short: "Estimate the chance of agreement by Monte Carlo",
		Long: `Run simulates the scenario (a file, or a bundled scenario's name; by default
the bundled ukraine-2025-03) many times and summarises the outcomes: the
chance of agreement with its 95% Wilson interval, the chance by round, the
most frequent agreements, each issue's option shares, each party's mean
utility, why talks broke down and who held out.`,
		Example: `  negsim run
  negsim run --runs 100000 --seed 7 --set protocol.format=shuttle
  negsim run my-scenario.yaml --set parties.russia.reservation=0.6 --out results/`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runRun(cmd, args, f)
		},
	}
	fl := c.Flags()
	fl.Int("runs", sim.DefaultRuns, "number of simulated negotiations (env NEGSIM_RUNS)")
	fl.Uint64("seed", 1, "random seed; the same seed and runs give the same numbers (env NEGSIM_SEED)")
	fl.Int("workers", 0, "parallel workers, 0 for one per CPU; never changes the results (env NEGSIM_WORKERS)")
	f.scenarioFlags.add(c)
	fl.StringVar(&f.out, "out", "", "directory to write results.json, the plot and (with --save-runs) runs.csv")
	fl.BoolVar(&f.json, "json", false, "print the results as JSON")
	fl.BoolVar(&f.saveRuns, "save-runs", false, "with --out, also write runs.csv with one row per run")
	fl.StringVar(&f.format, "format", "csv", "with --save-runs, the format of the per-run data: csv (runs.csv) or parquet (runs.parquet, for pandas, R and DuckDB)")
	fl.BoolVar(&f.force, "force", false, "with --out, replace the results in a directory that is not empty")
	fl.StringVar(&f.replay, "replay", "", "rerun exactly what a results.json records and check that the numbers match")
	fl.BoolVar(&f.noAnalysis, "no-analysis", false, "skip the per-run outcome-space analysis (zone of agreement, distances to the Pareto frontier and the Nash solution), which costs a search per run when utilities are uncertain")
	f.shards.add(c)
	fl.Float64Var(&f.precision, "precision", 0, "run until the 95% interval's half-width on the chance of agreement is at most this (e.g. 0.005), in batches of 512 runs; --runs is then the maximum")
	dpiFlag(c)
	return c
}

func runRun(cmd *cobra.Command, args []string, f runFlags) error {
	if f.replay != "" {
		if len(args) > 0 || len(f.sets) > 0 || len(f.profiles) > 0 || f.variant != "" {
			return errors.New("--replay takes the scenario, overrides, seed and runs from the results file; give no scenario or --set")
		}
		return replay(cmd, f.replay)
	}
	st, err := newSettings(cmd, "runs", "seed", "workers")
	if err != nil {
		return err
	}
	rs, err := st.runSettings()
	if err != nil {
		return err
	}
	if err := checkOutPath(f.out, cmd.Flags().Changed("out")); err != nil {
		return err
	}
	if f.saveRuns && f.out == "" {
		return errors.New("--save-runs needs --out DIR")
	}
	if _, err := parseRunFormat(f.format); err != nil {
		return err
	}
	if cmd.Flags().Changed("format") && !f.saveRuns {
		return errors.New("--format is the format of the per-run data: give --save-runs too")
	}
	if !(f.precision >= 0 && f.precision < 0.5) { // NaN too
		return fmt.Errorf("--precision: want a half-width in (0, 0.5), e.g. 0.005, got %g", f.precision)
	}
	if f.precision > 0 && !cmd.Flags().Changed("runs") && os.Getenv("NEGSIM_RUNS") == "" {
		rs.runs = sim.MaxAdaptiveRuns
	}
	sh, sharded, err := f.shards.resolve(cmd)
	if err != nil {
		return err
	}
	sc, err := f.load(arg(args))
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
	}
	if w := feasibilityWarning(sc); w != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
	}
	if sharded {
		return runShard(cmd, sc, rs, f, sh) // shard.go
	}
	// The new outputs are written beside the old ones and replace them
	// only once complete (outdir.go).
	staged := f
	var od *outDir
	if f.out != "" {
		if od, err = openOut(f.out, f.force); err != nil {
			return err
		}
		defer od.close()
		staged.out = od.staging
	}

	res, err := simulate(cmd, sc, rs, staged)
	interrupted := errors.Is(err, context.Canceled) && cmd.Context().Err() != nil
	if err != nil && !interrupted {
		return err
	}
	if f.out != "" {
		if err := writeOutputs(cmd, staged.out, res, sc); err != nil {
			return err
		}
		if err := od.commit(); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	if f.json {
		if err := printJSON(out, res); err != nil {
			return err
		}
	} else {
		writeSummary(out, sc, res.Summary)
		if f.out != "" {
			fmt.Fprintf(out, "\nWrote %s\n", f.out)
		}
	}
	if interrupted {
		written := "nothing written"
		if f.out != "" {
			written = "partial results written to " + f.out
		}
		return fmt.Errorf("%w after %d of %d runs; %s", errInterrupted, res.Runs, rs.runs, written)
	}
	return nil
}

// simulate runs the Monte Carlo, streaming runs.csv when asked, and returns
// the results with their provenance. When the context is cancelled it
// returns the results of the runs completed so far, marked partial, with
// the context's error; runs.csv then holds exactly those runs.
func simulate(cmd *cobra.Command, sc *scenarios.Scenario, rs runSettings, f runFlags) (*Results, error) {
	opt := sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers, Precision: f.precision, Analyze: !f.noAnalysis}
	bar := newProgress(cmd.ErrOrStderr(), rs.runs)
	if bar != nil {
		opt.Progress = func(done int) { bar.Set(done) }
	}
	ctx := cmd.Context()
	var sum *sim.Summary
	var simErr error
	run := func() {
		sum, simErr = sim.MonteCarlo(ctx, sc.Sim, opt)
	}
	if f.saveRuns {
		// runs.csv (or .parquet) streams while the runs are simulated
		// into a temporary file, which replaces it only once every
		// recorded run is in.
		format, _ := parseRunFormat(f.format) // checked by runRun
		err := atomicfile.Write(filepath.Join(f.out, format.file), func(w io.Writer) error {
			rw, err := newRunWriter(w, sc.Sim, opt.Seed, format)
			if err != nil {
				return err
			}
			opt.Record = rw.write
			run()
			if simErr != nil && sum == nil {
				return simErr
			}
			return rw.flush()
		})
		if err != nil && simErr == nil {
			return nil, err
		}
	} else {
		run()
	}
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(cmd.ErrOrStderr())
	}
	if sum == nil {
		return nil, simErr
	}
	return newResults(sc, sum, rs, f.profiles), simErr
}

// newResults wraps a summary of sc with its provenance, as results.json
// records it.
func newResults(sc *scenarios.Scenario, sum *sim.Summary, rs runSettings, profiles []string) *Results {
	// A scenario that cannot be embedded (it always can: File holds only
	// strings, numbers and collections of them) is recorded without it.
	resolved, _ := sc.Resolved()
	return &Results{
		Resolved:      resolved,
		SchemaVersion: SchemaVersion,
		Summary:       sum,
		Title:         sc.File.Title,
		Provenance: Provenance{
			Version:   Version,
			Origin:    recordedPath(sc.Origin),
			SHA256:    sc.Hash(),
			Overrides: append([]string{}, sc.Overrides...),
			Profiles:  recordedPaths(profiles),
			Variant:   sc.Variant,
			Seed:      rs.seed,
			Runs:      rs.runs,
			Workers:   rs.workers,
			GoVersion: runtime.Version(),
			Platform:  runtime.GOOS + "/" + runtime.GOARCH,
		},
	}
}

// outputs are the files run may write into --out.
var outputs = func() []string {
	out := []string{ResultsFile, RunsFile, RunsParquetFile, ReportFile, AnalysisFile, PartialFile}
	for _, p := range []string{ByRoundPlot, ConvergencePlot, PackagesPlot, OptionSharesPlot, UtilityBoxesPlot, UtilityPlot, ItemsAgreedPlot, ItemsInForcePlot, CombinationsPlot} {
		out = append(out, p+".png", p+".svg")
	}
	return out
}()

// prepareOut creates the --out directory, or checks that an existing one may
// be written: an empty directory may; one with files only with --force, and
// then the outputs of an earlier run are removed so that none is left stale.
// When the directory is also the one the input file was read from (plot
// --out given the results' own folder), the data files of that run
// (results.json, runs.csv, runs.parquet, analysis.json) are kept: they are
// what is being redrawn, not stale outputs.
func prepareOut(dir string, force bool, input string) error {
	if err := checkOutPath(dir, true); err != nil {
		return err
	}
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
		return nil
	case err != nil:
		return fmt.Errorf("--out %s: %w", dir, err)
	case len(entries) == 0:
		return nil
	case !force:
		return fmt.Errorf("--out %s: directory exists and is not empty; use --force to replace the results in it", dir)
	}
	inputDir := input != "" && sameDir(dir, filepath.Dir(input))
	for _, name := range outputs {
		if inputDir && dataOutputs[name] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("--out: %w", err)
		}
	}
	return nil
}

// dataOutputs are the files of a run's --out directory that hold data
// rather than drawings (see prepareOut).
var dataOutputs = map[string]bool{ResultsFile: true, RunsFile: true, RunsParquetFile: true, AnalysisFile: true}

// sameDir reports whether a and b name the same existing directory.
func sameDir(a, b string) bool {
	fa, err := os.Stat(a)
	if err != nil {
		return false
	}
	fb, err := os.Stat(b)
	return err == nil && os.SameFile(fa, fb)
}

func arg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// writeOutputs writes results.json and the plots into dir, each atomically.
func writeOutputs(cmd *cobra.Command, dir string, res *Results, sc *scenarios.Scenario) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, ResultsFile), append(data, '\n')); err != nil {
		return err
	}
	// Not cancelled with the runs: an interrupted run still draws its
	// partial results.
	return writeFigures(context.WithoutCancel(cmd.Context()), dir, res, sc)
}

// agreedPackages turns a summary's most frequent agreements back into
// option indices.
func agreedPackages(sc *scenarios.Scenario, sum *sim.Summary) []weightedPackage {
	var out []weightedPackage
	for _, ps := range sum.Packages {
		pkg := make([]int, len(sc.Sim.Issues))
		for k, io := range ps.Options {
			for o, op := range sc.Sim.Issues[k].Options {
				if op.ID == io.Option {
					pkg[k] = o
				}
			}
		}
		out = append(out, weightedPackage{pkg: pkg, count: ps.Count})
	}
	return out
}

// progressMin is the smallest number of runs that shows a progress bar.
const progressMin = 50000

// newProgress returns a progress bar on w for long runs when w is a
// terminal, else nil.
func newProgress(w io.Writer, runs int) *progressbar.ProgressBar {
	f, ok := w.(*os.File)
	if !ok || runs < progressMin || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(runs,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("runs"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("runs"),
		progressbar.OptionThrottle(100*time.Millisecond),
	)
}
