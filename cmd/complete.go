package cmd

import (
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/spf13/cobra"
)

// Shell completion ("negsim completion bash|zsh|fish|powershell", from
// cobra): scenario arguments complete to the bundled scenarios' names (and
// files), --variant to the scenario's variants, and --set, --param and
// --range to its parameters' keys.

// completeScenarioArg completes the scenario argument.
func completeScenarioArg(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	infos, _ := scenarios.Bundled()
	var names []string
	for _, in := range infos {
		if strings.HasPrefix(in.Name, toComplete) {
			names = append(names, in.Name+"\t"+in.Title)
		}
	}
	// Files complete too (the default directive).
	return names, cobra.ShellCompDirectiveDefault
}

// completeVariant completes --variant with the variants of the scenario
// named on the command line (the default scenario without one).
func completeVariant(_ *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
	vs, err := scenarios.Variants(arg(args))
	if err != nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	var out []string
	for _, v := range vs {
		if strings.HasPrefix(v, toComplete) {
			out = append(out, v)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeParamKey completes a parameter key of the scenario named on the
// command line, followed by "=" when withEquals.
func completeParamKey(withEquals bool) func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
	return func(c *cobra.Command, args []string, toComplete string) ([]string, cobra.ShellCompDirective) {
		variant, _ := c.Flags().GetString("variant")
		sc, err := scenarios.LoadVariant(arg(args), variant, nil)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []string
		seen := map[string]bool{}
		for _, p := range sc.Sim.Params() {
			if p.Name == "" || seen[p.Name] || !strings.HasPrefix(p.Name, toComplete) {
				continue
			}
			seen[p.Name] = true
			if withEquals {
				out = append(out, p.Name+"=")
			} else {
				out = append(out, p.Name)
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
	}
}
