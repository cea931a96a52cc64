package cmd

import (
	"fmt"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

func newValidateCmd() *cobra.Command {
	var sf scenarioFlags
	c := &cobra.Command{
		Use:   "validate FILE",
		Short: "Check a scenario file and report every problem",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := sf.load(args[0])
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			for _, w := range sc.Warnings {
				fmt.Fprintf(out, "warning: %s\n", w)
			}
			s := sc.Sim
			table := 0
			for _, p := range s.Parties {
				if p.Role == agents.AtTable {
					table++
				}
			}
			if len(sc.VariantNames) > 0 {
				fmt.Fprintf(out, "variants: %s\n", strings.Join(sc.VariantNames, ", "))
			}
			fmt.Fprintf(out, "%s: valid: %s, %s (%d at the table), %s, %s, %s\n",
				sc.Origin, count(len(s.Issues), "issue"), count(len(s.Parties), "party"), table, describeProtocol(s), describeDeadline(s), count(len(s.Shocks), "shock"))
			if w := feasibilityWarning(sc); w != "" {
				fmt.Fprintf(out, "warning: %s\n", w)
			}
			if missing := scenarios.MissingEvidence(sc.File); len(missing) > 0 {
				what := fmt.Sprintf("%d parameters or choices carry", len(missing))
				if len(missing) == 1 {
					what = "1 parameter or choice carries"
				}
				fmt.Fprintf(out, "%s no source or assumption (first: %s)\n", what, missing[0])
			}
			return nil
		},
	}
	sf.add(c)
	return c
}

func newScenariosCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "scenarios",
		Short: "List the bundled scenarios",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			list, err := scenarios.Bundled()
			if err != nil {
				return err
			}
			for _, s := range list {
				def := ""
				if s.Name == scenarios.DefaultName {
					def = " (default)"
				}
				fmt.Fprintf(cmd.OutOrStdout(), "%s%s\n  %s\n", s.Name, def, s.Title)
				if len(s.Variants) > 0 {
					fmt.Fprintf(cmd.OutOrStdout(), "  variants: %s\n", strings.Join(s.Variants, ", "))
				}
			}
			return nil
		},
	}
}

// feasibilityDraws is how many draws feasibilityWarning checks.
const feasibilityDraws = 200

// feasibilityWarning returns a warning when no zone of possible agreement
// exists at the start of the talks in any of the first feasibilityDraws
// runs' draws (seed 1), else "".
func feasibilityWarning(sc *scenarios.Scenario) string {
	share, exact, err := sim.ZOPAShare(sc.Sim, 1, feasibilityDraws)
	if err != nil || share > 0 || !exact {
		return ""
	}
	return fmt.Sprintf("%s: no zone of possible agreement in any of %d sampled draws: no run can reach agreement unless drift or shocks lower reservation values (negsim analyze shows who blocks it)", sc.Origin, feasibilityDraws)
}
