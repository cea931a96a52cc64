package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strings"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/spatial"
	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
)

// Files that forecast --out writes: ForecastFile, and plots whose names
// start with ForecastPrefix.
const (
	ForecastFile   = "forecast.json"
	ForecastPrefix = "forecast_"
	// maxIssuePlots bounds the issues drawn one by one with --out, so that a
	// batch of hundreds of issues does not write thousands of files.
	maxIssuePlots = 50
)

type forecastFlags struct {
	model    string
	euQ, euT float64
	euCenter string
	ktabRule string
	json     bool
	out      string
	force    bool
	trace    bool
}

func newForecastCmd() *cobra.Command {
	var f forecastFlags
	c := &cobra.Command{
		Use:   "forecast FILE",
		Short: "Forecast decisions with spatial models: compromise, median, expected utility, KTAB",
		Long: `Forecast predicts where a decision on a 0–100 issue scale will land from each
actor's position, salience and capability, with the compromise model (the
capability × salience weighted mean), the weighted median, Bueno de
Mesquita's expected-utility challenge model (eu) and a KTAB-style
probabilistic Condorcet model (ktab); docs/forecasting.md describes them.

FILE is a BDM CSV (Actor,Capability,Position,Salience), KTAB's SMP CSV (one
issue per dimension) or a batch CSV (issue,actor,capability,position,
salience and optional outcome and status_quo columns), or a scenario file
(.yaml, .yml, .json, .toml) whose spatial issues are forecast with the
parties as actors. A cell may be a
distribution, uniform(40,60), tri(30,40,60) or normal(50,5): issues with
one are forecast by Monte Carlo (--runs draws), with the median and the 90%
interval of each model's prediction; fixed issues are run once. Where
outcomes are given, each model is scored against them and the baselines.`,
		Example: `  negsim forecast ../shared/spatial-examples/ktab-SOE-Policy.csv --model all
  negsim forecast issues.csv --model median,eu --runs 5000 --seed 2 --json
  negsim forecast issues.csv --out results/ --trace`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error { return runForecast(cmd, args[0], f) },
	}
	fl := c.Flags()
	fl.StringVar(&f.model, "model", "all", "models to run, comma-separated: "+strings.Join(spatial.Names(), ", ")+", or all")
	fl.Int("runs", 1000, "Monte Carlo draws for each issue with uncertain inputs (env NEGSIM_RUNS)")
	fl.Uint64("seed", 1, "random seed of the draws and of the bootstrap (env NEGSIM_SEED)")
	fl.Int("workers", 0, "parallel workers, 0 for one per CPU; never changes the results (env NEGSIM_WORKERS)")
	fl.BoolVar(&f.json, "json", false, "print the forecast as JSON")
	fl.StringVar(&f.out, "out", "", "directory to write forecast.json and the plots (PNG and SVG)")
	fl.BoolVar(&f.force, "force", false, "with --out, write into a directory that is not empty")
	fl.BoolVar(&f.trace, "trace", false, "show the process models' positions round by round (with every input at its median)")
	fl.Float64Var(&f.euQ, "eu-q", 1, "eu: Q, the probability that the status quo holds if an actor does not challenge, in [0,1]")
	fl.Float64Var(&f.euT, "eu-t", 1, "eu: T, the probability that a changing status quo moves in the actor's favour, in [0,1]")
	fl.StringVar(&f.euCenter, "eu-center", "median", "eu: the centre of positions in its utilities and its prediction, median or mean")
	fl.StringVar(&f.ktabRule, "ktab-rule", "linear", "ktab: the victory probability rule, linear, square, quartic or binary")
	dpiFlag(c)
	return c
}

// modelNames resolves --model.
func modelNames(arg string) ([]string, error) {
	if arg == "" || arg == "all" {
		return spatial.Names(), nil
	}
	var names []string
	for _, n := range strings.Split(arg, ",") {
		n = strings.TrimSpace(n)
		if _, err := spatial.New(n); err != nil {
			return nil, fmt.Errorf("--model: unknown model %q, want %s or all", n, strings.Join(spatial.Names(), ", "))
		}
		names = append(names, n)
	}
	return names, nil
}

// models checks the models' parameters and returns the constructor that
// sets them.
func (f forecastFlags) models() (func(string) (spatial.Model, error), error) {
	if !(f.euQ >= 0 && f.euQ <= 1) {
		return nil, fmt.Errorf("--eu-q: want a probability in [0,1], got %g", f.euQ)
	}
	if !(f.euT >= 0 && f.euT <= 1) {
		return nil, fmt.Errorf("--eu-t: want a probability in [0,1], got %g", f.euT)
	}
	centers := map[string]spatial.Center{"median": spatial.CenterMedian, "mean": spatial.CenterMean}
	center, ok := centers[f.euCenter]
	if !ok {
		return nil, fmt.Errorf("--eu-center: want median or mean, got %q", f.euCenter)
	}
	rule, ok := spatial.VictoryRules[f.ktabRule]
	if !ok {
		return nil, fmt.Errorf("--ktab-rule: want linear, square, quartic or binary, got %q", f.ktabRule)
	}
	return func(name string) (spatial.Model, error) {
		m, err := spatial.New(name)
		switch m := m.(type) {
		case *spatial.EU:
			m.Q, m.T, m.Center = f.euQ, f.euT, center
		case *spatial.KTAB:
			m.Victory = rule
		}
		return m, err
	}, nil
}

// ForecastReport is what forecast prints with --json and writes to
// forecast.json.
type ForecastReport struct {
	SchemaVersion int      `json:"schema_version"`
	File          string   `json:"file"`
	Format        string   `json:"format"`
	Scenario      string   `json:"scenario,omitempty"`
	Description   string   `json:"description,omitempty"`
	Models        []string `json:"models"`
	Runs          int      `json:"runs"`
	Seed          uint64   `json:"seed"`
	// Parameters are the models' parameters: eu_q, eu_t, eu_center,
	// ktab_rule.
	Parameters map[string]any  `json:"parameters"`
	Issues     []ForecastIssue `json:"issues"`
	// Scores is keyed by model, and "status_quo" for the baseline that
	// predicts the status quo, where outcomes (and status quos) are given.
	Scores map[string]ForecastScore `json:"scores,omitempty"`
	// Versus compares each model's MAE with the baselines' ("compromise",
	// "status_quo") on the issues where both have a prediction.
	Versus map[string]map[string]ForecastComparison `json:"versus,omitempty"`
}

// ForecastIssue is the forecast of one issue. Numbers are on the 0–100
// scale; null where undefined.
type ForecastIssue struct {
	Issue     string              `json:"issue"`
	Actors    int                 `json:"actors"`
	Uncertain bool                `json:"uncertain"`
	Outcome   *float64            `json:"outcome,omitempty"`
	StatusQuo *float64            `json:"status_quo,omitempty"`
	Predicted map[string]*float64 `json:"predicted"`
	// Intervals are the 90% intervals [5%, 95%] of the draws, for
	// uncertain issues.
	Intervals map[string][2]float64 `json:"intervals,omitempty"`
	// Rounds are the process models' rounds with every input at its
	// median.
	Rounds map[string]int `json:"rounds,omitempty"`
	// Names and Trace (with --trace): the actors and each process model's
	// positions by round, Trace[model][round][actor].
	Names []string               `json:"names,omitempty"`
	Trace map[string][][]float64 `json:"trace,omitempty"`
}

// ForecastScore is a model's error against the actual outcomes.
type ForecastScore struct {
	N        int     `json:"n"`
	MAE      float64 `json:"mae"`
	MAELo    float64 `json:"mae_lo"`
	MAEHi    float64 `json:"mae_hi"`
	RMSE     float64 `json:"rmse"`
	Within10 float64 `json:"within10"`
}

// ForecastComparison is a model's MAE minus a baseline's, with its 95%
// paired bootstrap interval; negative when the model does better.
type ForecastComparison struct {
	N          int     `json:"n"`
	Diff       float64 `json:"mae_diff"`
	Lo         float64 `json:"lo"`
	Hi         float64 `json:"hi"`
	BetterRate float64 `json:"better_share"`
}

func runForecast(cmd *cobra.Command, file string, f forecastFlags) error {
	st, err := newSettings(cmd, "runs", "seed", "workers")
	if err != nil {
		return err
	}
	rs, err := st.runSettings()
	if err != nil {
		return err
	}
	names, err := modelNames(f.model)
	if err != nil {
		return err
	}
	var set *spatial.Set
	if isScenarioFile(file) {
		set, err = scenarioSet(file)
	} else {
		set, err = spatial.Load(file)
	}
	if err != nil {
		return err
	}
	// The new outputs are written beside the old ones and replace them
	// (and remove an earlier forecast's plots) only once complete
	// (outdir.go).
	var od *outDir
	if f.out != "" {
		if od, err = openOutputs(f.out, f.force, forecastFiles); err != nil {
			return err
		}
		defer od.close()
	}
	newModel, err := f.models()
	if err != nil {
		return err
	}
	preds, err := spatial.Forecast(cmd.Context(), set.Issues, names, &spatial.Settings{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers, Trace: true, New: newModel})
	if err != nil {
		if errors.Is(err, cmd.Context().Err()) {
			return fmt.Errorf("%w: %v", errInterrupted, err)
		}
		return err
	}
	rep := forecastReport(set, names, preds, rs.runs, rs.seed, f.trace)
	rep.Parameters = map[string]any{"eu_q": f.euQ, "eu_t": f.euT, "eu_center": f.euCenter, "ktab_rule": f.ktabRule}
	if f.out != "" {
		if err := writeForecast(od.staging, set, rep, preds); err != nil {
			return err
		}
		if err := od.commit(); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, rep)
	}
	printForecast(out, set, rep, preds, f.trace)
	return nil
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

func forecastReport(set *spatial.Set, names []string, preds [][]spatial.Prediction, runs int, seed uint64, trace bool) *ForecastReport {
	rep := &ForecastReport{SchemaVersion: SchemaVersion, File: set.File, Format: set.Format, Scenario: set.Name, Description: set.Description, Models: names, Runs: runs, Seed: seed}
	for k, is := range set.Issues {
		fi := ForecastIssue{Issue: is.Name, Actors: len(is.Actors), Uncertain: !is.IsFixed(), Outcome: ptr(is.Outcome), StatusQuo: ptr(is.StatusQuo), Predicted: map[string]*float64{}}
		for _, p := range preds[k] {
			fi.Predicted[p.Model] = ptr(p.Value)
			if p.Uncertain && !math.IsNaN(p.Value) {
				if fi.Intervals == nil {
					fi.Intervals = map[string][2]float64{}
				}
				fi.Intervals[p.Model] = [2]float64{p.Lo, p.Hi}
			}
			if p.Rounds > 0 {
				if fi.Rounds == nil {
					fi.Rounds = map[string]int{}
				}
				fi.Rounds[p.Model] = p.Rounds
				if trace {
					if fi.Trace == nil {
						fi.Trace = map[string][][]float64{}
					}
					fi.Trace[p.Model] = p.Trace
				}
			}
		}
		if fi.Trace != nil {
			for _, a := range is.Actors {
				fi.Names = append(fi.Names, a.Name)
			}
		}
		rep.Issues = append(rep.Issues, fi)
	}

	actual, sq := make([]float64, len(set.Issues)), make([]float64, len(set.Issues))
	hasOutcome, hasSQ := false, false
	for k, is := range set.Issues {
		actual[k], sq[k] = is.Outcome, is.StatusQuo
		hasOutcome = hasOutcome || !math.IsNaN(is.Outcome)
		hasSQ = hasSQ || (!math.IsNaN(is.StatusQuo) && !math.IsNaN(is.Outcome))
	}
	if !hasOutcome {
		return rep
	}
	byModel := func(m int) []float64 {
		v := make([]float64, len(preds))
		for k := range preds {
			v[k] = preds[k][m].Value
		}
		return v
	}
	baselines := map[string][]float64{}
	for m, name := range names {
		if name == "compromise" {
			baselines["compromise"] = byModel(m)
		}
	}
	if baselines["compromise"] == nil {
		comp, _ := spatial.New("compromise")
		v := make([]float64, len(set.Issues))
		for k := range set.Issues {
			v[k] = comp.Predict(set.Issues[k].Nominal(nil), nil)
		}
		baselines["compromise"] = v
	}
	if hasSQ {
		baselines["status_quo"] = sq
	}
	rep.Scores = map[string]ForecastScore{}
	rep.Versus = map[string]map[string]ForecastComparison{}
	score := func(name string, v []float64) {
		s := spatial.Scores(v, actual, seed)
		rep.Scores[name] = ForecastScore{N: s.N, MAE: s.MAE, MAELo: s.MAELo, MAEHi: s.MAEHi, RMSE: s.RMSE, Within10: s.Within10}
	}
	for m, name := range names {
		v := byModel(m)
		score(name, v)
		vs := map[string]ForecastComparison{}
		for _, b := range []string{"compromise", "status_quo"} {
			if base, ok := baselines[b]; ok && b != name {
				c := spatial.Compare(v, base, actual, seed)
				if c.N > 0 {
					vs[b] = ForecastComparison{N: c.N, Diff: c.Diff, Lo: c.Lo, Hi: c.Hi, BetterRate: c.BetterRate}
				}
			}
		}
		if len(vs) > 0 {
			rep.Versus[name] = vs
		}
	}
	if hasSQ {
		score("status_quo", sq)
	}
	return rep
}

// printForecast prints the forecast as text.
func printForecast(w io.Writer, set *spatial.Set, rep *ForecastReport, preds [][]spatial.Prediction, trace bool) {
	formats := map[string]string{spatial.FormatBDM: "BDM CSV", spatial.FormatKTAB: "KTAB SMP CSV", spatial.FormatBatch: "batch CSV", formatScenario: "scenario file"}
	fmt.Fprintf(w, "File      %s (%s, %s)\n", filepath.Base(set.File), formats[set.Format], count(len(set.Issues), "issue"))
	if set.Name != "" {
		fmt.Fprintf(w, "Scenario  %s\n", set.Name)
	}
	if set.Description != "" {
		fmt.Fprintf(w, "          %s\n", set.Description)
	}
	fmt.Fprintf(w, "Models    %s\n", strings.Join(rep.Models, ", "))
	uncertain := 0
	for _, is := range rep.Issues {
		if is.Uncertain {
			uncertain++
		}
	}
	if uncertain == 0 {
		fmt.Fprintf(w, "Inputs    all fixed: one run per model and issue, so no interval\n")
	} else {
		fmt.Fprintf(w, "Inputs    uncertain in %d of %s: %s each (seed %d), median and 90%% interval; fixed issues run once\n", uncertain, count(len(rep.Issues), "issue"), count(rep.Runs, "draw"), rep.Seed)
	}
	width := 10
	for _, m := range rep.Models {
		width = max(width, len(m))
	}
	for k, is := range rep.Issues {
		fmt.Fprintf(w, "\nIssue %s: %s", is.Issue, count(is.Actors, "actor"))
		if is.Outcome != nil {
			fmt.Fprintf(w, ", actual outcome %.1f", *is.Outcome)
		}
		if is.StatusQuo != nil {
			fmt.Fprintf(w, ", status quo %.1f", *is.StatusQuo)
		}
		fmt.Fprintln(w)
		fmt.Fprintf(w, "  %-*s  %9s  %-14s  %s\n", width, "model", "predicted", "90% interval", "rounds")
		for _, p := range preds[k] {
			interval := "fixed inputs"
			if p.Uncertain {
				interval = fmt.Sprintf("[%.1f, %.1f]", p.Lo, p.Hi)
			}
			rounds := "-"
			if p.Rounds > 0 {
				rounds = fmt.Sprint(p.Rounds)
			}
			fmt.Fprintf(w, "  %-*s  %9s  %-14s  %s\n", width, p.Model, num(p.Value), interval, rounds)
		}
		if trace {
			printTrace(w, set.Issues[k], preds[k])
		}
	}
	if len(rep.Scores) == 0 {
		return
	}
	n := 0
	for _, s := range rep.Scores {
		n = max(n, s.N)
	}
	fmt.Fprintf(w, "\nScores against %s (0–100 scale; MAE with its 95%% bootstrap interval):\n", count(n, "actual outcome"))
	fmt.Fprintf(w, "  %-*s  %5s  %-14s  %5s  %9s  %s\n", width, "model", "MAE", "95% interval", "RMSE", "within 10", "issues")
	rows := append(append([]string{}, rep.Models...), "status_quo")
	for _, m := range rows {
		s, ok := rep.Scores[m]
		if !ok || s.N == 0 {
			continue
		}
		name := m
		if m == "status_quo" {
			name = "status quo"
		}
		fmt.Fprintf(w, "  %-*s  %5.1f  %-14s  %5.1f  %8.0f%%  %d\n", width, name, s.MAE, fmt.Sprintf("[%.1f, %.1f]", s.MAELo, s.MAEHi), s.RMSE, 100*s.Within10, s.N)
	}
	if len(rep.Versus) == 0 {
		return
	}
	fmt.Fprintf(w, "\nAgainst the baselines: MAE minus the baseline's (negative is better), 95%% paired bootstrap interval, share of issues closer:\n")
	for _, m := range rep.Models {
		vs := rep.Versus[m]
		if len(vs) == 0 {
			continue
		}
		var parts []string
		for _, b := range []string{"compromise", "status_quo"} {
			if c, ok := vs[b]; ok {
				parts = append(parts, fmt.Sprintf("vs %s %+.1f [%+.1f, %+.1f], closer on %.0f%%", strings.ReplaceAll(b, "_", " "), c.Diff, c.Lo, c.Hi, 100*c.BetterRate))
			}
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, m, strings.Join(parts, "; "))
	}
}

func printTrace(w io.Writer, is spatial.Issue, preds []spatial.Prediction) {
	for _, p := range preds {
		if len(p.Trace) == 0 {
			continue
		}
		fmt.Fprintf(w, "\n  %s: positions by round (every input at its median)\n", p.Model)
		nameW := 5
		for _, a := range is.Actors {
			nameW = max(nameW, min(24, len(a.Name)))
		}
		fmt.Fprintf(w, "    %-*s", nameW, "actor")
		for r := range p.Trace {
			fmt.Fprintf(w, " %6s", fmt.Sprintf("r%d", r))
		}
		fmt.Fprintln(w)
		for i, a := range is.Actors {
			name := a.Name
			if len(name) > nameW {
				name = name[:nameW]
			}
			fmt.Fprintf(w, "    %-*s", nameW, name)
			for _, row := range p.Trace {
				fmt.Fprintf(w, " %6.1f", row[i])
			}
			fmt.Fprintln(w)
		}
	}
}

func num(x float64) string {
	if math.IsNaN(x) {
		return "n/a"
	}
	return fmt.Sprintf("%.1f", x)
}

// slug turns an issue name into a file-name part.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	return strings.TrimSuffix(b.String(), "-")
}

// forecastName is the line that names a forecast's input under its
// plots' titles: a scenario file's title (or id), a KTAB file's scenario
// name, or nothing for a BDM or batch CSV, which has no name.
func forecastName(set *spatial.Set) string {
	name := set.Name
	if set.Format == formatScenario && set.Description != "" {
		name = set.Description // the scenario's title
	}
	if name = strings.TrimSpace(name); name != "" {
		return "\n" + name
	}
	return ""
}

// writeForecast writes forecast.json and the plots into dir.
func writeForecast(dir string, set *spatial.Set, rep *ForecastReport, preds [][]spatial.Prediction) error {
	named := forecastName(set)
	data, err := json.MarshalIndent(rep, "", "  ")
	if err != nil {
		return err
	}
	if err := atomicfile.WriteBytes(filepath.Join(dir, ForecastFile), append(data, '\n')); err != nil {
		return err
	}
	save := func(p *plot.Plot, name string) error {
		for _, ext := range []string{".png", ".svg"} {
			if err := plotSaver.Save(p, plots.DefaultWidth, plots.DefaultHeight, filepath.Join(dir, ForecastPrefix+name+ext)); err != nil {
				return err
			}
		}
		return nil
	}
	for k, is := range set.Issues {
		if k >= maxIssuePlots {
			break
		}
		base := fmt.Sprintf("%03d_%s", k+1, slug(is.Name))
		nominal := is.Nominal(nil)
		actors := make([]plots.SpatialActor, len(nominal))
		names := make([]string, len(nominal))
		for i, a := range nominal {
			actors[i] = plots.SpatialActor{Name: a.Name, Position: a.Position, Weight: a.Weight()}
			names[i] = a.Name
		}
		var marks []plots.SpatialMark
		for _, p := range preds[k] {
			if !math.IsNaN(p.Value) {
				marks = append(marks, plots.SpatialMark{Name: p.Model, Position: p.Value, Lo: p.Lo, Hi: p.Hi})
			}
		}
		if !math.IsNaN(is.Outcome) {
			marks = append(marks, plots.SpatialMark{Name: "actual", Position: is.Outcome, Lo: math.NaN(), Hi: math.NaN()})
		}
		if !math.IsNaN(is.StatusQuo) {
			marks = append(marks, plots.SpatialMark{Name: "status quo", Position: is.StatusQuo, Lo: math.NaN(), Hi: math.NaN()})
		}
		p, err := plots.SpatialIssue(fmt.Sprintf("Issue %s: actors and predictions%s", is.Name, named), actors, marks)
		if err != nil {
			return err
		}
		if err := save(p, base); err != nil {
			return err
		}
		for _, pr := range preds[k] {
			if len(pr.Trace) < 2 {
				continue
			}
			p, err := plots.PositionsByRound(fmt.Sprintf("Issue %s: positions by round, %s model%s", is.Name, pr.Model, named), names, pr.Trace, pr.Nominal)
			if err != nil {
				return err
			}
			if err := save(p, base+"_"+pr.Model+"_rounds"); err != nil {
				return err
			}
		}
	}
	if len(rep.Scores) == 0 {
		return nil
	}
	var series []plots.PredictedActual
	actual := make([]float64, len(set.Issues))
	for k, is := range set.Issues {
		actual[k] = is.Outcome
	}
	for m, name := range rep.Models {
		v := make([]float64, len(preds))
		for k := range preds {
			v[k] = preds[k][m].Value
		}
		series = append(series, plots.PredictedActual{Model: name, Predicted: v, Actual: actual})
	}
	p, err := plots.PredictedVsActual(fmt.Sprintf("Predicted against actual outcomes (%d issues)%s", len(set.Issues), named), series...)
	if err != nil {
		return err
	}
	return save(p, "predicted_vs_actual")
}
