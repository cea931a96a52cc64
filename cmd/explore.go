package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"

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
	return rs, f.open(outs)
}

// open opens --out, if given, for outs (outdir.go): from then on f.out is
// the staging directory in it. begin calls it; so does negsim merge, which
// writes the merged outputs as the command does.
func (f *exploreFlags) open(outs outputSet) error {
	if f.out == "" {
		return nil
	}
	od, err := openOutputs(f.out, f.force, outs)
	if err != nil {
		return err
	}
	f.od, f.out = od, od.staging
	return nil
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
