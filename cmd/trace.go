package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

func newTraceCmd() *cobra.Command {
	var sf scenarioFlags
	var run int
	c := &cobra.Command{
		Use:   "trace [SCENARIO]",
		Short: "Show one run round by round",
		Long: `Trace replays run K of a Monte Carlo with seed S, round by round: the drawn
parameters, each offer or text with every party's utility for it, each
party's answer against its demand and reservation value, shocks, and how the
run ended. Run K of "negsim run --seed S" is exactly this run.`,
		Example: `  negsim trace --seed 1 --run 7
  negsim trace my-scenario.yaml --run 0 --set protocol.format=shuttle`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			st, err := newSettings(cmd, "seed")
			if err != nil {
				return err
			}
			seed, err := st.uint64("seed")
			if err != nil {
				return err
			}
			if run < 0 {
				return fmt.Errorf("--run: want a run index ≥ 0, got %d", run)
			}
			sc, err := sf.load(arg(args))
			if err != nil {
				return err
			}
			printWarnings(cmd, sc, "")
			writeTrace(cmd.OutOrStdout(), sc, seed, run)
			return nil
		},
	}
	c.Flags().Uint64("seed", 1, "random seed, as given to run (env NEGSIM_SEED)")
	c.Flags().IntVar(&run, "run", 0, "index of the run to trace, from 0")
	sf.add(c)
	return c
}

func packageString(s *sim.Scenario, pkg []int) string {
	parts := make([]string, len(pkg))
	for k, o := range pkg {
		parts[k] = s.Issues[k].ID + "=" + s.Issues[k].Options[o].ID
	}
	return strings.Join(parts, " ")
}

// writeTrace simulates run k and prints it round by round.
func writeTrace(w io.Writer, sc *scenarios.Scenario, seed uint64, k int) {
	s := sc.Sim
	r := sim.NewRunner(s)
	round := 0
	fmt.Fprintf(w, "Run %d of %s (seed %d): %s; %s\n", k, s.Name, seed, describeProtocol(s), describeDeadline(s))
	if s.Agenda != nil {
		fmt.Fprintf(w, "Agenda: %s, each negotiated on its own; on an item, demands and reservations are on the item's scale (docs/model.md)\n", count(len(s.Agenda.Items), "item"))
	}
	utils := func(u []float64) string {
		parts := make([]string, len(u))
		for i, x := range u {
			parts[i] = fmt.Sprintf("%s %.3f", s.Parties[i].ID, x)
		}
		return strings.Join(parts, ", ")
	}
	history := map[string][]string{} // per agenda item, its agreements and lapses in order
	o := r.Run(seed, k, func(e sim.Event) {
		if e.Round > round {
			round = e.Round
			fmt.Fprintf(w, "\nRound %d\n", round)
		}
		switch e.Kind {
		case sim.EvStart:
			fmt.Fprintln(w, "\nDrawn parameters (reservation after outside influence):")
			// "best" is what the simulation concedes from: the best package
			// under everyone's public red lines (Runner.Reach).
			for i, p := range r.Parties() {
				fmt.Fprintf(w, "  %-10s %-7s reservation %.3f  drift %+.3f  best %.3f  %s\n",
					p.ID, p.Role, p.Reservation, p.Drift, r.Reach(i), p.Strategy)
			}
		case sim.EvShock:
			end := ""
			if e.Accept {
				end = "; it ends the talks"
			}
			fmt.Fprintf(w, "  shock %s happens%s\n", s.Shocks[e.Party].ID, end)
		case sim.EvWalkout:
			fmt.Fprintf(w, "  %s walks out: its reservation value %.3f exceeds the best it can get\n", s.Parties[e.Party].ID, e.Reservation)
		case sim.EvPropose:
			if e.Item != "" {
				fmt.Fprintf(w, "  [%s] %s proposes %s\n", e.Item, s.Parties[e.Party].ID, itemTerms(s, e.Item, e.Package))
				break
			}
			fmt.Fprintf(w, "  %s proposes %s\n    utilities: %s\n", s.Parties[e.Party].ID, packageString(s, e.Package), utils(e.Utility))
		case sim.EvAnswer:
			p := r.Parties()[e.Party]
			verb := "refuses"
			if e.Accept {
				verb = "accepts"
			}
			if e.Item != "" {
				fmt.Fprintf(w, "    %-10s %s: worth %.3f to it on the item; demand %.3f, floor %.3f\n",
					p.ID, verb, e.Value, e.Aspiration, e.Reservation)
				break
			}
			fmt.Fprintf(w, "    %-10s %s: worth %.3f to it; demand %.3f, reservation %.3f\n",
				p.ID, verb, p.ConsentUtility(e.Package), e.Aspiration, e.Reservation)
		case sim.EvItemStatus:
			fmt.Fprintf(w, "  [%s] %s\n", e.Item, e.Note)
		case sim.EvItemAgreed:
			fmt.Fprintf(w, "  [%s] AGREED: %s is in force\n", e.Item, itemTerms(s, e.Item, e.Package))
			history[e.Item] = append(history[e.Item], fmt.Sprintf("agreed in round %d", e.Round))
		case sim.EvHorizon:
			fmt.Fprintf(w, "\nThe talks are over after round %d; %s of horizon follow, in which agreements in force may still lapse.\n", e.Round, count(s.Agenda.Horizon, "round"))
		case sim.EvItemLapsed:
			why := ""
			if e.Party >= 0 {
				why = s.Parties[e.Party].ID + " defected: it is better off without the item"
			} else {
				why = "shock " + s.Shocks[-1-e.Party].ID + " broke it"
			}
			fmt.Fprintf(w, "  [%s] LAPSED: %s%s\n", e.Item, why, e.Note)
			history[e.Item] = append(history[e.Item], fmt.Sprintf("lapsed in round %d%s", e.Round, e.Note))
		case sim.EvEnded:
			fmt.Fprintf(w, "  the talks end by chance before round %d\n", e.Round)
		}
	})
	fmt.Fprintln(w)
	if s.Agenda != nil {
		writeTraceAgendaEnd(w, s, o, history)
		return
	}
	switch o.Reason {
	case sim.Agreed:
		fmt.Fprintf(w, "Agreement in round %d: %s\n  utilities: %s\n", o.Round, packageString(s, o.Package), utils(o.Utility))
	case sim.Deadline:
		fmt.Fprintf(w, "No agreement by the deadline (round %d).\n", o.Round)
	case sim.ShockEnded:
		fmt.Fprintf(w, "Talks ended by shock %s in round %d.\n", s.Shocks[o.Cause].ID, o.Round)
	case sim.WalkedOut:
		fmt.Fprintf(w, "%s walked out in round %d.\n", s.Parties[o.Cause].ID, o.Round)
	}
	if o.Pivotal >= 0 {
		fmt.Fprintf(w, "Held out: %s\n", s.Parties[o.Pivotal].ID)
	}
}

// itemTerms formats an agenda item's terms from a whole package.
func itemTerms(s *sim.Scenario, item string, pkg []int) string {
	for _, it := range s.Agenda.Items {
		if it.ID != item {
			continue
		}
		parts := make([]string, len(it.Issues))
		for n, k := range it.Issues {
			parts[n] = s.Issues[k].ID + "=" + s.Issues[k].Options[pkg[k]].ID
		}
		return strings.Join(parts, " ")
	}
	return packageString(s, pkg)
}

// writeTraceAgendaEnd closes the trace of an agenda run: each item's fate.
func writeTraceAgendaEnd(w io.Writer, s *sim.Scenario, o *sim.Outcome, history map[string][]string) {
	switch o.Reason {
	case sim.ShockEnded:
		fmt.Fprintf(w, "Talks ended by shock %s in round %d.\n", s.Shocks[o.Cause].ID, o.Round)
	case sim.Ended:
		fmt.Fprintf(w, "Talks ended by chance after round %d.\n", o.Round)
	default:
		fmt.Fprintln(w, "The run is over. Each item:")
	}
	for j, it := range s.Agenda.Items {
		io := o.Items[j]
		var parts []string
		if io.StartInForce {
			parts = append(parts, "in force from the start")
		}
		parts = append(parts, history[it.ID]...)
		if !io.StartInForce && len(history[it.ID]) == 0 {
			parts = append(parts, "never agreed")
		}
		parts = append(parts, fmt.Sprintf("in force at the end of the talks: %s, at the horizon: %s", yesNo(io.InForceEnd), yesNo(io.InForceHorizon)))
		if io.HeldOut >= 0 {
			parts = append(parts, "held out: "+s.Parties[io.HeldOut].ID)
		}
		fmt.Fprintf(w, "  %-14s %s\n", it.ID, strings.Join(parts, "; "))
	}
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
