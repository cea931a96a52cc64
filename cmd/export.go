package cmd

import (
	"fmt"

	"github.com/negsim/negsim/scenarios"
	"github.com/spf13/cobra"
)

func newExportCmd() *cobra.Command {
	var sf scenarioFlags
	var out string
	c := &cobra.Command{
		Use:   "export [SCENARIO] --out DIR",
		Short: "Write a scenario as a GENIUS domain and profiles, for GENIUS and NegMAS",
		Long: `Export writes the scenario as a GENIUS domain file and one utility profile per
party at the table, so that it can be run in GENIUS or NegMAS. Random
parameters are written at their medians. GENIUS normalises each issue's
evaluations and the weights, so utilities are rescaled where needed; every
preference and the zone of agreement are preserved (docs/genius.md).`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if out == "" {
				return fmt.Errorf("--out DIR is required")
			}
			sc, err := sf.load(arg(args))
			if err != nil {
				return err
			}
			if err := prepareOut(out, false, ""); err != nil {
				return err
			}
			domain, profiles, err := scenarios.ExportGenius(sc, out)
			if err != nil {
				return err
			}
			fmt.Fprintln(cmd.ErrOrStderr(), "note: GENIUS profiles hold only issue weights, evaluations, a reservation value and a discount factor; red lines, outside parties, strategies, drift, shocks and the protocol are not exported (the files' comments list what was left out)")
			fmt.Fprintf(cmd.OutOrStdout(), "domain   %s\n", domain)
			for _, p := range profiles {
				fmt.Fprintf(cmd.OutOrStdout(), "profile  %s\n", p)
			}
			return nil
		},
	}
	sf.add(c)
	c.Flags().StringVar(&out, "out", "", "directory to write the GENIUS files into (created; must be empty if it exists)")
	return c
}
