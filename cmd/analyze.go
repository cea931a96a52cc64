package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/analysis"
	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// Output file names of analyze in --out: the utility-space plot (without
// extension) and the analysis.
const (
	UtilityPlot  = "utility_space"
	AnalysisFile = "analysis.json"
)

type analyzeFlags struct {
	scenarioFlags
	json   bool
	out    string
	force  bool
	run    int
	seeded bool
}

func newAnalyzeCmd() *cobra.Command {
	var f analyzeFlags
	c := &cobra.Command{
		Use:   "analyze [SCENARIO]",
		Short: "Analyse the outcome space: zone of agreement, Pareto frontier, bargaining solutions",
		Long: `Analyze studies the scenario's outcome space with every parameter at its
median (or, with --run K, as drawn for run K of "negsim run --seed S"): its
size; the zone of possible agreement (packages every party whose consent is
needed prefers to no deal), or which party's reservation value or red lines
empty it; the Pareto frontier of the parties at the table; and the Nash,
weighted Nash, Kalai-Smorodinsky, utilitarian and egalitarian solutions,
each with its package and every party's utility. Small spaces are
enumerated; large ones searched by branch and bound.`,
		Example: `  negsim analyze
  negsim analyze --json
  negsim analyze --out results/ --run 7 --seed 1
  negsim analyze domain.xml --profile a.xml --profile b.xml`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f.seeded = cmd.Flags().Changed("run")
			return runAnalyze(cmd, args, f)
		},
	}
	f.scenarioFlags.add(c)
	c.Flags().BoolVar(&f.json, "json", false, "print the analysis as JSON, the Pareto frontier included")
	c.Flags().StringVar(&f.out, "out", "", "directory to write the utility-space plot (PNG and SVG) and analysis.json")
	c.Flags().BoolVar(&f.force, "force", false, "with --out, write into a directory that is not empty")
	c.Flags().IntVar(&f.run, "run", 0, "analyse the parameters drawn for this run (with --seed) instead of the medians")
	c.Flags().Uint64("seed", 1, "seed of the run given by --run (env NEGSIM_SEED)")
	dpiFlag(c)
	return c
}

// medianAnalysis analyses the scenario with every parameter at its median.
func medianAnalysis(ctx context.Context, sc *scenarios.Scenario) (*analysis.Problem, *analysis.Report, error) {
	r := sim.NewRunner(sc.Sim)
	p := &analysis.Problem{Issues: sc.Sim.Issues, Parties: r.DrawMedian(), Consent: r.Consenters(), Table: r.Table()}
	rep, err := analysis.Analyze(ctx, p, nil)
	return p, rep, err
}

// AnalysisReport is what analyze prints with --json and writes to
// analysis.json: the report with packages and parties named.
type AnalysisReport struct {
	SchemaVersion int                `json:"schema_version"`
	Scenario      string             `json:"scenario"`
	Draw          string             `json:"draw"`
	Packages      float64            `json:"packages"`
	Enumerated    bool               `json:"enumerated"`
	Approximate   bool               `json:"approximate"`
	Reservation   map[string]float64 `json:"reservation"`
	ZOPA          struct {
		Exists    bool               `json:"exists"`
		Size      int64              `json:"size"`
		SizeExact bool               `json:"size_exact"`
		Blockers  []NamedBlocker     `json:"blockers,omitempty"`
		Ideal     map[string]float64 `json:"ideal,omitempty"`
	} `json:"zopa"`
	Frontier  *NamedFrontier  `json:"frontier,omitempty"`
	Solutions []NamedSolution `json:"solutions"`
	Notes     []string        `json:"notes,omitempty"`
}

// NamedBlocker names a party whose reservation value or red lines alone
// empty the zone of agreement.
type NamedBlocker struct {
	Party  string `json:"party"`
	Reason string `json:"reason"`
}

// NamedFrontier is the Pareto frontier with packages as option ids.
type NamedFrontier struct {
	Vectors  int          `json:"vectors"`
	Packages int64        `json:"packages"`
	Points   []NamedPoint `json:"points"`
}

// NamedPoint is a frontier point: a package and the table parties'
// utilities.
type NamedPoint struct {
	Package map[string]string  `json:"package"`
	Utility map[string]float64 `json:"utility"`
}

// NamedSolution is a bargaining solution with its package and every
// party's utility.
type NamedSolution struct {
	Name    string             `json:"name"`
	Found   bool               `json:"found"`
	Package map[string]string  `json:"package,omitempty"`
	Utility map[string]float64 `json:"utility,omitempty"`
}

func runAnalyze(cmd *cobra.Command, args []string, f analyzeFlags) error {
	st, err := newSettings(cmd, "seed")
	if err != nil {
		return err
	}
	seed, err := st.uint64("seed")
	if err != nil {
		return err
	}
	if f.run < 0 {
		return fmt.Errorf("--run: want a run index ≥ 0, got %d", f.run)
	}
	sc, err := f.load(arg(args))
	if err != nil {
		return err
	}
	for _, w := range sc.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s\n", w)
	}
	// The new outputs are written beside the old ones and replace them
	// only once complete (outdir.go).
	var od *outDir
	if f.out != "" {
		if od, err = openOutputs(f.out, f.force, analyzeFiles); err != nil {
			return err
		}
		defer od.close()
	}
	r := sim.NewRunner(sc.Sim)
	draw := "every parameter at its median"
	var parties []agents.Party
	if f.seeded {
		parties = r.Draw(seed, f.run)
		draw = fmt.Sprintf("as drawn for run %d with seed %d (reservation values of the first round)", f.run, seed)
	} else {
		parties = r.DrawMedian()
	}
	p := &analysis.Problem{Issues: sc.Sim.Issues, Parties: parties, Consent: r.Consenters(), Table: r.Table()}
	rep, err := analysis.Analyze(cmd.Context(), p, nil)
	if err != nil {
		return err
	}
	named := nameReport(sc, p, rep, draw)
	if f.out != "" {
		data, err := json.MarshalIndent(named, "", "  ")
		if err != nil {
			return err
		}
		if err := atomicfile.WriteBytes(filepath.Join(od.staging, AnalysisFile), append(data, '\n')); err != nil {
			return err
		}
		if err := writeUtilityPlot(od.staging, sc, p, rep, nil); err != nil {
			return err
		}
		if err := od.commit(); err != nil {
			return err
		}
	}
	out := cmd.OutOrStdout()
	if f.json {
		return printJSON(out, named)
	}
	writeAnalysis(out, sc, p, rep, draw)
	if f.out != "" {
		fmt.Fprintf(out, "\nWrote %s\n", f.out)
	}
	return nil
}

func nameReport(sc *scenarios.Scenario, p *analysis.Problem, rep *analysis.Report, draw string) *AnalysisReport {
	s := sc.Sim
	a := &AnalysisReport{SchemaVersion: SchemaVersion, Scenario: s.Name, Draw: draw, Packages: rep.Packages, Enumerated: rep.Enumerated,
		Approximate: rep.Approximate, Notes: rep.Notes, Reservation: map[string]float64{}}
	for _, j := range p.Consent {
		a.Reservation[s.Parties[j].ID] = p.Parties[j].Reservation
	}
	a.ZOPA.Exists, a.ZOPA.Size, a.ZOPA.SizeExact = rep.ZOPA.Exists, rep.ZOPA.Size, rep.ZOPA.SizeExact
	for _, b := range rep.ZOPA.Blockers {
		a.ZOPA.Blockers = append(a.ZOPA.Blockers, NamedBlocker{Party: s.Parties[b.Party].ID, Reason: b.Reason})
	}
	if rep.ZOPA.Ideal != nil {
		a.ZOPA.Ideal = map[string]float64{}
		for t, j := range p.Table {
			a.ZOPA.Ideal[s.Parties[j].ID] = rep.ZOPA.Ideal[t]
		}
	}
	pkgMap := func(pkg []int) map[string]string {
		m := map[string]string{}
		for k, o := range pkg {
			m[s.Issues[k].ID] = s.Issues[k].Options[o].ID
		}
		return m
	}
	if fr := rep.Frontier; fr != nil {
		a.Frontier = &NamedFrontier{Vectors: fr.Vectors, Packages: fr.Packages}
		for _, pt := range fr.Points {
			u := map[string]float64{}
			for t, j := range p.Table {
				u[s.Parties[j].ID] = pt.Utility[t]
			}
			a.Frontier.Points = append(a.Frontier.Points, NamedPoint{Package: pkgMap(pt.Package), Utility: u})
		}
	}
	for _, so := range rep.Solutions {
		ns := NamedSolution{Name: so.Name, Found: so.Found}
		if so.Found {
			ns.Package = pkgMap(so.Package)
			ns.Utility = map[string]float64{}
			for j, u := range so.Utility {
				ns.Utility[s.Parties[j].ID] = u
			}
		}
		a.Solutions = append(a.Solutions, ns)
	}
	return a
}

// writeAnalysis prints the analysis for people.
func writeAnalysis(w io.Writer, sc *scenarios.Scenario, p *analysis.Problem, rep *analysis.Report, draw string) {
	s := sc.Sim
	fmt.Fprintf(w, "Scenario  %s\n", s.Name)
	if sc.Variant != "" {
		fmt.Fprintf(w, "Variant   %s\n", sc.Variant)
	}
	if len(sc.Overrides) > 0 {
		fmt.Fprintf(w, "Overrides %s\n", strings.Join(sc.Overrides, ", "))
	}
	fmt.Fprintf(w, "Draw      %s\n", draw)
	method := "enumerated"
	if !rep.Enumerated {
		method = "branch and bound, " + count(rep.Nodes, "node")
	}
	packages := "packages"
	if rep.Packages == 1 {
		packages = "package"
	}
	fmt.Fprintf(w, "Outcome space: %s %s (%s)\n", bigCount(rep.Packages), packages, method)
	var res []string
	for _, j := range p.Consent {
		res = append(res, fmt.Sprintf("%s %.3f", s.Parties[j].ID, p.Parties[j].Reservation))
	}
	fmt.Fprintf(w, "Reservation values: %s\n\n", strings.Join(res, ", "))
	z := rep.ZOPA
	if z.Exists {
		size := count(z.Size, "package")
		if !z.SizeExact {
			size = "at least " + size
		}
		fmt.Fprintf(w, "Zone of possible agreement: %s (%s of the outcome space)\n", size, pct(float64(z.Size)/rep.Packages))
	} else {
		fmt.Fprintln(w, "Zone of possible agreement: EMPTY: no package gives every party whose consent is needed its reservation value")
		if len(z.Blockers) == 0 {
			fmt.Fprintln(w, "  No single party's reservation value or red lines alone empty it.")
		}
		for _, b := range z.Blockers {
			what := "its reservation value"
			if b.Reason == analysis.ReasonRedLine {
				what = "its red lines"
			}
			fmt.Fprintf(w, "  %s: %s alone empties it\n", s.Parties[b.Party].ID, what)
		}
	}
	if fr := rep.Frontier; fr != nil {
		fmt.Fprintf(w, "Pareto frontier of the parties at the table: %s, %s (--json lists them)\n", count(fr.Vectors, "distinct utility vector"), count(fr.Packages, "package"))
	}
	fmt.Fprintln(w, "\nBargaining solutions (over the zone; disagreement point: reservation values):")
	for _, so := range rep.Solutions {
		if !so.Found {
			fmt.Fprintf(w, "  %-18s none (the zone is empty)\n", so.Name)
			continue
		}
		var us []string
		for j, u := range so.Utility {
			us = append(us, fmt.Sprintf("%s %.3f", s.Parties[j].ID, u))
		}
		fmt.Fprintf(w, "  %-18s %s\n  %-18s utilities: %s\n", so.Name, packageString(s, so.Package), "", strings.Join(us, ", "))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(w, "Note: %s\n", n)
	}
}

func bigCount(x float64) string {
	if x < 1e15 {
		return fmt.Sprintf("%.0f", x)
	}
	return fmt.Sprintf("%.3g", x)
}
