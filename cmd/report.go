package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// pct formats a share as a percentage; a share too small to show at one
// decimal is "<0.1%" rather than a misleading "0.0%".
func pct(x float64) string {
	if x > 0 && x < 0.0005 {
		return "<0.1%"
	}
	return fmt.Sprintf("%.1f%%", 100*x)
}

// describeProtocol says in words how the scenario negotiates.
func describeProtocol(s *sim.Scenario) string {
	switch s.Protocol.Kind {
	case sim.Mediated:
		return fmt.Sprintf("mediated single text, %s, mediator %s", s.Protocol.Format, s.Parties[s.Protocol.Mediator].ID)
	default:
		return "stacked alternating offers"
	}
}

// writeSummary prints a readable summary of a Monte Carlo estimate.
func writeSummary(w io.Writer, sc *scenarios.Scenario, sum *sim.Summary) {
	writeSummarySettings(w, sc, sum)
	writeHeadline(w, sum)
	writeByRound(w, sum)
	if sum.Agenda != nil {
		writeAgenda(w, sc.Sim, sum.Agenda)
	}
	if sum.Agreements > 0 {
		writePackages(w, sum)
		writeOptionShares(w, sum)
		writeMeanUtility(w, sum)
	}
	writeBreakdown(w, sum)
	writeHeldOut(w, sum)
}

// writeSummarySettings names the scenario, its protocol, agenda, variant
// and overrides, and the runs.
func writeSummarySettings(w io.Writer, sc *scenarios.Scenario, sum *sim.Summary) {
	s := sc.Sim
	if sc.File.Title != "" {
		fmt.Fprintf(w, "Scenario  %s: %s\n", s.Name, sc.File.Title)
	} else {
		fmt.Fprintf(w, "Scenario  %s\n", s.Name)
	}
	fmt.Fprintf(w, "Protocol  %s; %s\n", describeProtocol(s), describeDeadline(s))
	if s.Agenda != nil {
		fmt.Fprintf(w, "Agenda    %s, each agreed on its own (docs/model.md, \"Agenda items\")\n", count(len(s.Agenda.Items), "item"))
	}
	if sc.Variant != "" {
		fmt.Fprintf(w, "Variant   %s\n", sc.Variant)
	}
	if len(sc.Overrides) > 0 {
		fmt.Fprintf(w, "Overrides %s\n", strings.Join(sc.Overrides, ", "))
	}
	if sum.Precision > 0 {
		fmt.Fprintf(w, "Runs      %d (seed %d), until the 95%% interval was ±%s percentage points\n\n", sum.Runs, sum.Seed, given(100*sum.Precision))
	} else {
		fmt.Fprintf(w, "Runs      %d (seed %d)\n\n", sum.Runs, sum.Seed)
	}
}

// writeHeadline prints the chance of agreement (or the agenda's headline)
// and, with an analysis, the zone of agreement and efficiency.
func writeHeadline(w io.Writer, sum *sim.Summary) {
	if sum.Agenda != nil {
		writeAgendaHeadline(w, sum.Agenda)
	} else {
		fmt.Fprintf(w, "Chance of agreement: %s (95%% CI %s to %s)\n", pct(sum.P), pct(sum.CILow), pct(sum.CIHigh))
	}
	if a := sum.Analysis; a != nil {
		fmt.Fprintf(w, "Zone of possible agreement existed: %s of runs (95%% CI %s to %s)\n", pct(a.PZOPA), pct(a.ZOPACILow), pct(a.ZOPACIHigh))
		fmt.Fprintf(w, "Protocol efficiency (agreements when a zone existed): %s\n", pct(a.Efficiency))
		if sum.Agreements > 0 {
			fmt.Fprintf(w, "Agreements' mean distance: to the Pareto frontier %.3f, to the Nash solution %.3f (utility)\n", a.MeanParetoGap, a.MeanNashDistance)
		}
		if a.InexactRuns > 0 {
			fmt.Fprintf(w, "(the analysis of %s hit a search budget: its answers are bounds)\n", count(a.InexactRuns, "run"))
		}
	}
	fmt.Fprintln(w)
}

// writeByRound prints the cumulative chance of agreement by round.
func writeByRound(w io.Writer, sum *sim.Summary) {
	// Long deadlines show about a dozen rounds, evenly spaced, and the last.
	rounds := sum.ByRound
	if n := len(rounds); n > 24 {
		step := (n + 11) / 12
		rounds = nil
		for i := step - 1; i < n-1; i += step {
			rounds = append(rounds, sum.ByRound[i])
		}
		rounds = append(rounds, sum.ByRound[n-1])
		fmt.Fprintf(w, "By round (cumulative chance of agreement, every %d rounds):\n", step)
	} else if sum.Agenda != nil {
		fmt.Fprintln(w, "By round (cumulative chance of any agreement):")
	} else {
		fmt.Fprintln(w, "By round (cumulative chance of agreement):")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	const perLine = 6
	for i := 0; i < len(rounds); i += perLine {
		var heads, vals []string
		for _, r := range rounds[i:min(i+perLine, len(rounds))] {
			heads = append(heads, fmt.Sprintf("r%d", r.Round))
			vals = append(vals, pct(r.P))
		}
		fmt.Fprintf(tw, "\t%s\t\n\t%s\t\n", strings.Join(heads, "\t"), strings.Join(vals, "\t"))
	}
	tw.Flush()
}

// writePackages lists the most frequent agreements (with an agenda, the
// packages in force at the end); it, writeOptionShares and
// writeMeanUtility are for a summary with agreements.
func writePackages(w io.Writer, sum *sim.Summary) {
	if sum.Agenda != nil {
		fmt.Fprintf(w, "\nMost frequent packages in force at the end of the talks, items and status quo together (%d distinct; share of runs with any agreement):\n", sum.DistinctPackages)
	} else {
		fmt.Fprintf(w, "\nMost frequent agreements (%d distinct; share of agreements):\n", sum.DistinctPackages)
	}
	for _, p := range sum.Packages {
		var parts []string
		for _, o := range p.Options {
			parts = append(parts, o.Issue+"="+o.Option)
		}
		fmt.Fprintf(w, "  %6s  %s\n", pct(p.Share), strings.Join(parts, " "))
	}
}

// writeOptionShares prints each issue's options' shares in agreements.
func writeOptionShares(w io.Writer, sum *sim.Summary) {
	if sum.Agenda != nil {
		fmt.Fprintln(w, "\nOption shares in force at the end of the talks (runs with any agreement):")
	} else {
		fmt.Fprintln(w, "\nOption shares among agreements:")
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, is := range sum.Issues {
		var parts []string
		for _, o := range is.Options {
			parts = append(parts, o.Option+" "+pct(o.Share))
		}
		fmt.Fprintf(tw, "  %s\t%s\n", is.Issue, strings.Join(parts, "\t"))
	}
	tw.Flush()
}

// writeMeanUtility prints each party's mean utility in agreements.
func writeMeanUtility(w io.Writer, sum *sim.Summary) {
	if sum.Agenda != nil {
		fmt.Fprintln(w, "\nMean utility of what is in force at the end of the talks (runs with any agreement; 0 to 1):")
	} else {
		fmt.Fprintln(w, "\nMean utility in agreements (0 to 1):")
	}
	var parts []string
	var scores []string
	for _, u := range sum.Utility {
		parts = append(parts, fmt.Sprintf("%s %.3f", u.Party, u.Mean))
		if u.MeanDiscounted != 0 {
			scores = append(scores, fmt.Sprintf("%s %.3f", u.Party, u.MeanDiscounted))
		}
	}
	fmt.Fprintf(w, "  %s\n", strings.Join(parts, "  "))
	if len(scores) > 0 {
		fmt.Fprintf(w, "  discounted (GENIUS score, not used in decisions): %s\n", strings.Join(scores, "  "))
	}
}

// writeBreakdown prints why talks failed, as shares of all runs.
func writeBreakdown(w io.Writer, sum *sim.Summary) {
	if len(sum.Breakdown) > 0 {
		fmt.Fprintln(w, "\nNo agreement (share of all runs):")
		for _, b := range sum.Breakdown {
			fmt.Fprintf(w, "  %6s  %s\n", pct(b.Share), b.Reason)
		}
	}
}

// writeHeldOut prints who held out when talks failed.
func writeHeldOut(w io.Writer, sum *sim.Summary) {
	if failed := sum.Runs - sum.Agreements; failed > 0 {
		fmt.Fprintln(w, "\nHeld out when talks failed (share of failed runs):")
		for _, p := range sum.Pivotal {
			fmt.Fprintf(w, "  %6s  %s\n", pct(p.Share), p.Party)
		}
		if sum.NoProposal > 0 {
			fmt.Fprintf(w, "  %6s  nobody: the talks ended before any proposal\n", pct(float64(sum.NoProposal)/float64(failed)))
		}
		if sum.AllAccepting > 0 {
			fmt.Fprintf(w, "  %6s  nobody: every party would have accepted the last proposal, but time ran out first\n", pct(float64(sum.AllAccepting)/float64(failed)))
		}
	}
}
