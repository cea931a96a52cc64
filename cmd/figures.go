package cmd

import (
	"context"
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/negsim/negsim/internal/inputfile"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Plot file names (without extension) that run --out and plot write.
const (
	ConvergencePlot  = "convergence"
	PackagesPlot     = "packages"
	OptionSharesPlot = "option_shares"
	UtilityBoxesPlot = "utility_boxes"
	ItemsAgreedPlot  = "items_agreed_by_round"
	ItemsInForcePlot = "items_in_force_by_round"
	CombinationsPlot = "item_combinations"
	ReportFile       = "index.html"
)

// plotSaver writes every plot file. Its resolution is the --dpi flag of
// the command run (dpiFlag); a package variable rather than an argument so
// that the flag is one line in each command that writes plots, and the
// functions that draw them keep their signatures.
var plotSaver = plots.Saver{DPI: plots.DefaultDPI}

// defaultDPI is the resolution of the PNG plots without --dpi:
// plots.DefaultDPI, except in this package's tests, which draw hundreds of
// plots and set it lower to spend their time on what they check (TestDPI
// checks the default).
var defaultDPI = plots.DefaultDPI

// dpiFlag adds --dpi, the resolution of the PNG plots, to a command that
// writes plots, and resets the resolution to its default. An out-of-range
// value is a usage error before anything runs.
func dpiFlag(c *cobra.Command) {
	plotSaver.DPI = defaultDPI
	c.Flags().Var((*dpiValue)(&plotSaver.DPI), "dpi", fmt.Sprintf("resolution of the PNG plots in dots per inch, %d to %d (the default suits a printed page; SVG plots are written too)", plots.MinDPI, plots.MaxDPI))
}

// dpiValue is the value of --dpi: a whole number in [plots.MinDPI,
// plots.MaxDPI].
type dpiValue int

func (d *dpiValue) String() string { return strconv.Itoa(int(*d)) }
func (d *dpiValue) Type() string   { return "int" }

func (d *dpiValue) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil {
		return errors.New("not a whole number")
	}
	if n < plots.MinDPI || n > plots.MaxDPI {
		return fmt.Errorf("must be %d to %d", plots.MinDPI, plots.MaxDPI)
	}
	*d = dpiValue(n)
	return nil
}

// figure is one plot written as PNG and SVG, with its caption for the
// report.
type figure struct {
	Name, Caption string
}

// writeFigures draws every plot that applies to a run's results into dir,
// and the index.html report that shows them with the summary. The
// utility-space plot needs the scenario; the rest come from the results
// alone, so "negsim plot results.json" redraws them identically.
func writeFigures(ctx context.Context, dir string, res *Results, sc *scenarios.Scenario) error {
	var figs []figure
	save := func(p *plot.Plot, name, caption string, h vg.Length) error {
		for _, ext := range []string{".png", ".svg"} {
			if err := plotSaver.Save(p, plots.DefaultWidth, h, filepath.Join(dir, name+ext)); err != nil {
				return err
			}
		}
		figs = append(figs, figure{name, caption})
		return nil
	}
	if err := drawFigures(res, sc, save); err != nil {
		return err
	}

	// The utility space at the median draw, with the agreements reached.
	pr, rep, err := medianAnalysis(ctx, sc)
	if err != nil {
		return err
	}
	if err := writeUtilityPlot(dir, sc, pr, rep, agreedPackages(sc, res.Summary)); err != nil {
		return err
	}
	if len(pr.Table) > 1 {
		figs = append(figs, figure{UtilityPlot, "The outcome space at the median draw: every package, the Pareto frontier, reservation values, the bargaining solutions and the agreements reached (circle area: how often)."})
	}
	return writeReport(dir, res, figs)
}

// drawFigures draws the plots of a run's results that need no search (all
// but the utility space), passing each to save with its file name, caption
// and height; serve draws the same plots as SVG for the page.
func drawFigures(res *Results, sc *scenarios.Scenario, save func(p *plot.Plot, name, caption string, h vg.Length) error) error {
	sum := res.Summary
	label := plotScenario(res.Title, sum.Scenario, res.Provenance.Variant)

	// The series is named for what it shows: the scenario is in the title.
	s := plots.Series{Name: "estimate"}
	for _, r := range sum.ByRound {
		s.Cum, s.Lo, s.Hi = append(s.Cum, r.P), append(s.Lo, r.CILow), append(s.Hi, r.CIHigh)
	}
	p, err := plots.AgreementByRound(fmt.Sprintf("Chance of agreement by round (%d runs)\n%s", sum.Runs, label), s)
	if err != nil {
		return err
	}
	if err := save(p, ByRoundPlot, "Cumulative chance of agreement by round, with its 95% interval.", plots.DefaultHeight); err != nil {
		return err
	}

	if a := sum.Agenda; a != nil {
		if err := agendaFigures(a, label, sum.Runs, save); err != nil {
			return err
		}
	}

	if len(sum.Convergence) > 0 {
		var runs []int
		var cp, lo, hi []float64
		for _, c := range sum.Convergence {
			runs, cp, lo, hi = append(runs, c.Runs), append(cp, c.P), append(lo, c.CILow), append(hi, c.CIHigh)
		}
		p, err := plots.Convergence("Convergence of the estimate\n"+label, runs, cp, lo, hi)
		if err != nil {
			return err
		}
		if err := save(p, ConvergencePlot, "The running estimate of the chance of agreement and its 95% interval as runs accumulate.", plots.DefaultHeight); err != nil {
			return err
		}
	}

	if sum.Agreements > 0 {
		if err := packagesFigure(sum, sc, label, save); err != nil {
			return err
		}

		var issues []string
		var opts [][]string
		var osh [][]float64
		for _, is := range sum.Issues {
			issues = append(issues, issueLabel(sc.Sim, is.Issue))
			var names []string
			var sh []float64
			for _, o := range is.Options {
				names, sh = append(names, optionLabel(sc.Sim, is.Issue, o.Option)), append(sh, o.Share)
			}
			opts, osh = append(opts, names), append(osh, sh)
		}
		h := plots.OptionSharesHeight(issues, opts, osh)
		p, err := plots.OptionShares("How each issue is settled in agreements\n"+label, issues, opts, osh)
		if err != nil {
			return err
		}
		if err := save(p, OptionSharesPlot, "Each issue's option shares among agreements.", h); err != nil {
			return err
		}

		var parties []string
		var samples [][]float64
		var res []float64
		median := medianReservations(sc)
		for _, u := range sum.Utility {
			// Broken into lines, so that long names under neighbouring
			// boxes do not run into each other.
			parties = append(parties, breakWords(partyLabel(sc.Sim, u.Party), 16))
			samples = append(samples, histogramSample(u.Histogram, 1000))
			res = append(res, median[u.Party])
		}
		if p, err = plots.UtilityBoxes("Each party's utility in agreements\n"+label, parties, samples, res); err != nil {
			return err
		}
		if err := save(p, UtilityBoxesPlot, "Each party's utility in the agreements reached (box: quartiles), with its median reservation value.", plots.DefaultHeight); err != nil {
			return err
		}
	}
	return nil
}

// packagesFigure draws the most frequent agreed packages. Each bar's label
// names, by their labels, the options of the issues on which the packages
// shown differ, one issue to a line; the title names those issues, in the
// order of the lines, and the options every package shown shares.
func packagesFigure(sum *sim.Summary, sc *scenarios.Scenario, label string, save func(p *plot.Plot, name, caption string, h vg.Length) error) error {
	if len(sum.Packages) == 0 {
		return nil
	}
	first := sum.Packages[0].Options
	varies := make([]bool, len(first))
	for _, ps := range sum.Packages {
		for k, o := range ps.Options {
			if k < len(varies) && o.Option != first[k].Option {
				varies[k] = true
			}
		}
	}
	var shown, common []string
	for k, o := range first {
		if varies[k] {
			shown = append(shown, issueLabel(sc.Sim, o.Issue))
		} else {
			common = append(common, issueLabel(sc.Sim, o.Issue)+": "+optionLabel(sc.Sim, o.Issue, o.Option))
		}
	}
	var labels []string
	var shares []float64
	lines := 1
	for _, ps := range sum.Packages {
		var parts []string
		for k, o := range ps.Options {
			if k >= len(varies) || varies[k] {
				parts = append(parts, optionLabel(sc.Sim, o.Issue, o.Option))
			}
		}
		if len(parts) == 0 {
			parts = []string{"the only package agreed"}
		}
		lines = max(lines, len(parts))
		labels, shares = append(labels, strings.Join(parts, "\n")), append(shares, ps.Share)
	}
	title := "Most frequent agreements\n" + label
	if len(shown) > 0 {
		title += "\nEach label: " + strings.Join(shown, " / ")
	}
	if len(common) > 0 && len(shown) > 0 {
		title += "\nIn every package shown: " + strings.Join(common, "; ")
	}
	p, err := plots.TopPackages(title, labels, shares)
	if err != nil {
		return err
	}
	// vg.Length(…) and float64(…) around a product, here and in
	// histogramSample, keep a compiler from fusing it into the next add
	// (arm64 would), so the figures have the same size on every machine
	// (docs/model.md, Reproducibility).
	per := max(1.3*vg.Centimeter, vg.Length(vg.Length(lines)*0.45*vg.Centimeter))
	h := max(plots.DefaultHeight, vg.Length(vg.Length(len(labels))*per)+5*vg.Centimeter)
	return save(p, PackagesPlot, "The most frequent agreed packages, as shares of all agreements; the title names the issues each label gives the options of, in order, and the options every package shown shares.", h)
}

// breakWords breaks s at spaces into lines of about n characters.
func breakWords(s string, n int) string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		if line != "" && len(line)+1+len(w) > n {
			lines, line = append(lines, line), w
			continue
		}
		if line != "" {
			line += " "
		}
		line += w
	}
	return strings.Join(append(lines, line), "\n")
}

// issueLabel returns the label of an issue, or its id if it has none.
func issueLabel(s *sim.Scenario, issue string) string {
	for _, is := range s.Issues {
		if is.ID == issue && is.Label != "" {
			return is.Label
		}
	}
	return issue
}

// partyLabel returns the label of a party, or its id if it has none.
func partyLabel(s *sim.Scenario, party string) string {
	for i := range s.Parties {
		if s.Parties[i].ID == party {
			return partyName(&s.Parties[i])
		}
	}
	return party
}

// plotScenario names a scenario on the second line of a plot's title: its
// title, or its id if it has none, and the variant run.
func plotScenario(title, id, variant string) string {
	if title == "" {
		title = id
	}
	if variant != "" {
		title += " (variant " + variant + ")"
	}
	return title
}

// medianReservations returns every party's reservation value with each
// parameter at its median, by party id.
func medianReservations(sc *scenarios.Scenario) map[string]float64 {
	m := map[string]float64{}
	for _, p := range sim.NewRunner(sc.Sim).DrawMedian() {
		m[p.ID] = p.Reservation
	}
	return m
}

// histogramSample returns n values spread over a utility histogram
// (sim.UtilityBins bins over [0,1]) at its quantiles (i+0.5)/n, linearly
// interpolated within bins: a compact stand-in for the utilities
// themselves, whose quartiles it reproduces to within a bin.
func histogramSample(h []int, n int) []float64 {
	total := 0
	for _, c := range h {
		total += c
	}
	if total == 0 {
		return nil
	}
	out := make([]float64, 0, n)
	width := 1 / float64(len(h))
	b, cum := 0, 0
	for i := range n {
		q := float64((float64(i) + 0.5) / float64(n) * float64(total))
		for b < len(h)-1 && float64(cum+h[b]) < q {
			cum += h[b]
			b++
		}
		frac := 0.0
		if h[b] > 0 {
			frac = (q - float64(cum)) / float64(h[b])
		}
		out = append(out, math.Min(1, (float64(b)+math.Max(0, math.Min(1, frac)))*width))
	}
	return out
}

func newPlotCmd() *cobra.Command {
	var out string
	var force bool
	c := &cobra.Command{
		Use:   "plot RESULTS.json|sweep.json|sensitivity.json|compare.json",
		Short: "Redraw every plot and the report from saved results, without rerunning",
		Long: `Plot reads a results.json written by "negsim run --out" and draws every plot
and the index.html report again, into --out (default: the directory of the
results file). The utility-space plot uses the scenario the results embed.
Given the sweep.json, sensitivity.json or compare.json of "negsim sweep",
"negsim sensitivity" or "negsim compare", it redraws their plots, tidy CSV
and report the same way. With --out, it copies the JSON file there too, so
that every link of the report works.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := inputfile.Read(args[0], maxResultsFile)
			if err != nil {
				return fmt.Errorf("%s: %w", args[0], err)
			}
			if done, err := plotExplore(cmd, args[0], data, out, force); done || err != nil {
				return err
			}
			res, err := parseResults(args[0], data)
			if err != nil {
				return err
			}
			sc, note, err := recordedScenario(args[0], res)
			if err != nil {
				return err
			}
			if note != "" {
				fmt.Fprintf(cmd.ErrOrStderr(), "note: %s\n", note)
			}
			if out == "" {
				out = filepath.Dir(args[0])
			} else if err := prepareOut(out, force, args[0]); err != nil {
				return err
			}
			if err := keepInput(out, args[0], data); err != nil {
				return err
			}
			if err := writeFigures(cmd.Context(), out, res, sc); err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "Wrote the plots and %s to %s\n", ReportFile, out)
			return nil
		},
	}
	c.Flags().StringVar(&out, "out", "", "directory for the plots (default: the results file's directory)")
	c.Flags().BoolVar(&force, "force", false, "write into an --out directory that is not empty")
	dpiFlag(c)
	return c
}
