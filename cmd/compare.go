package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

func newCompareCmd() *cobra.Command {
	var ef exploreFlags
	var setsA, setsB []string
	var variantA, variantB string
	c := &cobra.Command{
		Use:   "compare [A [B]]",
		Short: "Compare two scenarios or variants on the same runs",
		Long: `Compare estimates two scenarios (files, bundled names, or one scenario with
different variants or overrides) on the same seed and runs, and reports the
difference in the chance of agreement with its 95% interval from the paired
runs. B defaults to A, so "negsim compare --variant-b shuttle" compares the
bundled scenario's trilateral and shuttle formats. Comparing a scenario with
itself gives exactly 0.`,
		Example: `  negsim compare --variant-b shuttle
  negsim compare a.yaml b.yaml --runs 50000
  negsim compare --set-b parties.russia.reservation=0.6`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			rs, err := ef.begin(cmd, compareFiles)
			if err != nil {
				return err
			}
			defer ef.close()
			refA := arg(args)
			refB := refA
			if len(args) == 2 {
				refB = args[1]
			}
			a, err := loadScenario(refA, variantA, nil, setsA)
			if err != nil {
				return err
			}
			b, err := loadScenario(refB, variantB, nil, setsB)
			if err != nil {
				return err
			}
			printWarnings(cmd, a, "A: ")
			printWarnings(cmd, b, "B: ")
			m, err := ef.parseMetric(a.Sim)
			if err != nil {
				return err
			}
			if _, err := ef.parseMetric(b.Sim); err != nil {
				return fmt.Errorf("B: %w", err)
			}
			c, runErr := explore.CompareBy(cmd.Context(), a.Sim, b.Sim, sim.Options{Runs: rs.runs, Seed: rs.seed, Workers: rs.workers}, m)
			if runErr != nil && cmd.Context().Err() == nil {
				return runErr
			}
			if runErr != nil {
				return fmt.Errorf("%w; nothing written (a comparison needs both estimates)", errInterrupted)
			}
			nameA, nameB := describe(a, refA), describe(b, refB)
			out := &CompareResult{SchemaVersion, nameA, nameB, c, m.String(), embedScenario(a), embedScenario(b)}
			if ef.out != "" {
				if err := compareOutputs(ef.out, a, b, out, m); err != nil {
					return err
				}
			}
			err = ef.finish(cmd, "compare.json", out, nil, func(w io.Writer) {
				fmt.Fprintf(w, "A: %s\nB: %s\n%s, seed %d\n\n", nameA, nameB, count(c.A.Runs, "paired run"), rs.seed)
				pa, la, ha := m.From(c.A)
				pb, lb, hb := m.From(c.B)
				label := m.Describe(a.Sim)
				fmt.Fprintf(w, "%s\n  A %s (95%% CI %s to %s)\n", label, pct(pa), pct(la), pct(ha))
				fmt.Fprintf(w, "  B %s (95%% CI %s to %s)\n", pct(pb), pct(lb), pct(hb))
				diff, interval := pointsDiff(c.Diff, c.DiffLo, c.DiffHi)
				fmt.Fprintf(w, "A − B  %s (95%% CI %s, paired)\n", diff, interval)
				fmt.Fprintf(w, "Runs where it held only in A: %d, only in B: %d\n", c.OnlyA, c.OnlyB)
				writeTermDiffs(w, c)
			})
			return ef.report(err, func() error { return writeCompareReport(ef.out, a, b, out, m) })
		},
	}
	ef.add(c, "compare.json and the by-round plot of both")
	c.Flags().StringArrayVar(&setsA, "set-a", nil, "override a field of A, key=value (repeatable)")
	c.Flags().StringArrayVar(&setsB, "set-b", nil, "override a field of B, key=value (repeatable)")
	c.Flags().StringVar(&variantA, "variant-a", "", "a named variant of A")
	c.Flags().StringVar(&variantB, "variant-b", "", "a named variant of B")
	dpiFlag(c)
	return c
}

// describe names a loaded scenario with its variant and overrides.
func describe(sc *scenarios.Scenario, ref string) string {
	name := sc.Sim.Name
	if sc.Variant != "" {
		name += " variant " + sc.Variant
	}
	if len(sc.Overrides) > 0 {
		name += " with " + strings.Join(sc.Overrides, ", ")
	}
	return name
}

// compareNames returns the scenarios of a comparison for its plot's title
// (the title of both, or of each if they differ, without variants) and the
// labels of A and B in its legend, each "A: " or "B: " (as the printed
// comparison names them) and what sets that side apart: its scenario's id
// if they differ, its variant ("no variant" if only the other has one)
// and its overrides, or "as written" if nothing does.
func compareNames(a, b *scenarios.Scenario) (which, labelA, labelB string) {
	same := a.Sim.Name == b.Sim.Name
	label := func(sc, other *scenarios.Scenario) string {
		var parts []string
		if !same {
			parts = append(parts, sc.Sim.Name)
		}
		switch {
		case sc.Variant != "":
			parts = append(parts, "variant "+sc.Variant)
		case other.Variant != "":
			parts = append(parts, "no variant")
		}
		if len(sc.Overrides) > 0 {
			parts = append(parts, "with "+strings.Join(sc.Overrides, ", "))
		}
		if len(parts) == 0 {
			parts = append(parts, "as written")
		}
		return strings.Join(parts, ", ")
	}
	which = plotScenario(scenarioTitle(a), a.Sim.Name, "")
	if !same {
		which += " against " + plotScenario(scenarioTitle(b), b.Sim.Name, "")
	}
	return which, "A: " + label(a, b), "B: " + label(b, a)
}
