package cmd

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// describeDeadline says how long the talks last, and what parties expect
// when that is uncertain.
func describeDeadline(s *sim.Scenario) string {
	if !s.DeadlineDist.Uncertain() && !s.EndChance.Uncertain() && s.EndChance.Value == 0 {
		return "deadline " + count(s.Deadline, "round")
	}
	var parts []string
	if s.DeadlineDist.Uncertain() {
		parts = append(parts, "uncertain deadline, at most "+count(s.Deadline, "round"))
	} else {
		parts = append(parts, "deadline "+count(s.Deadline, "round"))
	}
	if s.EndChance.Uncertain() || s.EndChance.Value != 0 {
		parts = append(parts, "a chance each round that the talks end")
	}
	parts = append(parts, "parties expect about "+count(sim.NewRunner(s).Horizon(), "round"))
	return strings.Join(parts, "; ")
}

// ci formats a share with its interval.
func ci(sh sim.Share) string {
	return fmt.Sprintf("%s (%s–%s)", pct(sh.P), pct(sh.CILow), pct(sh.CIHigh))
}

// writeAgendaHeadline prints the three headline chances of an agenda
// scenario, each labelled with the question it answers.
func writeAgendaHeadline(w io.Writer, a *sim.AgendaSummary) {
	fmt.Fprintln(w, "Three different questions (95% CI):")
	fmt.Fprintf(w, "  Any agreement: at least one agenda item agreed during the talks   %s\n", ci(a.Any))
	fmt.Fprintf(w, "  Comprehensive deal: every agenda item in force at the end         %s\n", ci(a.Comprehensive))
	fmt.Fprintln(w, "  Each item: see the table below")
}

// writeAgenda prints the per-item figures, the combinations in force at
// the end and the orders in which items were agreed.
func writeAgenda(w io.Writer, s *sim.Scenario, a *sim.AgendaSummary) {
	fmt.Fprintf(w, "\nAgenda items (share of all runs, 95%% CI; horizon %s after the talks):\n", count(a.Horizon, "round"))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  item\tparties\tagreed in the talks\tin force at the end\tin force at the horizon\tlapsed, once in force\tround agreed (median, quartiles)\t")
	for _, it := range a.Items {
		name := it.Item
		if it.StartInForce {
			name += " (in force at start)"
		}
		rounds := "—"
		if it.Agreed.Count > 0 {
			rounds = fmt.Sprintf("%d (%d–%d)", it.RoundMedian, it.RoundLow, it.RoundHigh)
		}
		lapse := "—"
		if it.Lapse.Of > 0 {
			lapse = ci(it.Lapse)
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", name, strings.Join(it.Parties, ", "),
			ci(it.Agreed), ci(it.InForceEnd), ci(it.InForceHorizon), lapse, rounds)
	}
	tw.Flush()

	fmt.Fprintln(w, "\nItems in force at the end of the talks (share of all runs):")
	for i, c := range a.Combinations {
		if i == 8 {
			fmt.Fprintf(w, "  (%d more combinations)\n", len(a.Combinations)-i)
			break
		}
		fmt.Fprintf(w, "  %6s  %s\n", pct(c.P), itemSet(c.Items, " + ", "nothing"))
	}
	fmt.Fprintln(w, "\nOrder in which items were agreed during the talks (share of all runs):")
	for i, c := range a.Orders {
		if i == 8 {
			fmt.Fprintf(w, "  (%d more orders)\n", len(a.Orders)-i)
			break
		}
		fmt.Fprintf(w, "  %6s  %s\n", pct(c.P), itemSet(c.Items, " → ", "no item agreed"))
	}
	fmt.Fprintln(w, "\nTerms of each item (share of the runs in which it was in force):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, it := range a.Items {
		if it.Lapse.Of == 0 {
			fmt.Fprintf(tw, "  %s\tnever in force\t\n", it.Item)
			continue
		}
		for _, is := range it.Terms {
			var parts []string
			for _, o := range is.Options {
				if o.Count > 0 {
					parts = append(parts, fmt.Sprintf("%s %s", optionLabel(s, is.Issue, o.Option), pct(o.Share)))
				}
			}
			fmt.Fprintf(tw, "  %s\t%s: %s\t\n", it.Item, is.Issue, strings.Join(parts, ", "))
		}
	}
	tw.Flush()
}

// itemSet joins item ids, or says none.
func itemSet(items []string, sep, none string) string {
	if len(items) == 0 {
		return none
	}
	if len(items) == 1 && sep == " + " {
		return items[0] + " only"
	}
	return strings.Join(items, sep)
}

// optionLabel returns an option's label (its id when it has none).
func optionLabel(s *sim.Scenario, issue, option string) string {
	for _, is := range s.Issues {
		if is.ID != issue {
			continue
		}
		for _, o := range is.Options {
			if o.ID == option && o.Label != "" {
				return o.Label
			}
		}
	}
	return option
}

// agendaFigures draws, for an agenda scenario, each item's cumulative
// chance of being agreed and its chance of being in force by round (one
// line per item), and the combinations of items in force at the end of the
// talks as a bar chart.
func agendaFigures(a *sim.AgendaSummary, label string, runs int, save func(*plot.Plot, string, string, vg.Length) error) error {
	var agreed, inForce []plots.Series
	for _, it := range a.Items {
		if len(it.AgreedByRound) > 0 {
			agreed = append(agreed, plots.Series{Name: it.Item, Cum: it.AgreedByRound})
		}
		if len(it.InForceByRound) > 0 {
			inForce = append(inForce, plots.Series{Name: it.Item, Cum: it.InForceByRound})
		}
	}
	if len(agreed) > 0 {
		p, err := plots.AgreementByRound(fmt.Sprintf("Each item agreed by round (%s)\n%s", count(runs, "run"), label), agreed...)
		if err != nil {
			return err
		}
		p.Y.Label.Text = "chance the item was agreed during the talks"
		if err := save(p, ItemsAgreedPlot, "Cumulative chance that each agenda item has been agreed during the talks, by round (terms in force before the talks do not count).", plots.DefaultHeight); err != nil {
			return err
		}
	}
	if len(inForce) > 0 {
		p, err := plots.AgreementByRound(fmt.Sprintf("Each item in force by round (%s)\n%s", count(runs, "run"), label), inForce...)
		if err != nil {
			return err
		}
		p.Y.Label.Text = "chance the item is in force"
		p.X.Label.Text = fmt.Sprintf("round (the talks, then the horizon of %s; a run that ended earlier keeps its last state)", count(a.Horizon, "round"))
		if err := save(p, ItemsInForcePlot, "Chance that each agenda item is in force at the end of each round, through the talks and the horizon after them: agreements lapse as well as start.", plots.DefaultHeight); err != nil {
			return err
		}
	}
	var labels []string
	var shares []float64
	for i, c := range a.Combinations {
		if i == 12 {
			break
		}
		labels, shares = append(labels, itemSet(c.Items, " + ", "nothing")), append(shares, c.P)
	}
	if len(labels) > 0 {
		h := max(plots.DefaultHeight, vg.Length(vg.Length(len(labels))*1.3*vg.Centimeter)+3*vg.Centimeter)
		p, err := plots.TopPackages("Items in force at the end of the talks\n"+label, labels, shares)
		if err != nil {
			return err
		}
		p.X.Label.Text = "share of all runs"
		if err := save(p, CombinationsPlot, "The combinations of agenda items in force at the end of the talks, as shares of all runs.", h); err != nil {
			return err
		}
	}
	return nil
}
