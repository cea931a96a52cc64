package cmd

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/spf13/cobra"
)

// scenarioFlags are the flags that say which scenario to load.
type scenarioFlags struct {
	sets     []string
	profiles []string
	variant  string
	cmd      *cobra.Command // whose context cancels a load
}

func (f *scenarioFlags) add(c *cobra.Command) {
	f.cmd = c
	c.Flags().StringArrayVar(&f.sets, "set", nil, "override a scenario field, key=value (repeatable), e.g. parties.russia.reservation=0.6")
	c.Flags().StringArrayVar(&f.profiles, "profile", nil, "a GENIUS utility profile (repeatable, one per party), when the scenario is a GENIUS domain file")
	c.Flags().StringVar(&f.variant, "variant", "", "one of the scenario's named variants (negsim scenarios lists them), applied before --set")
	if c.ValidArgsFunction == nil {
		c.ValidArgsFunction = completeScenarioArg
	}
	_ = c.RegisterFlagCompletionFunc("variant", completeVariant)
	_ = c.RegisterFlagCompletionFunc("set", completeParamKey(true))
}

// load reads the scenario named by ref (a file, a bundled scenario's name,
// "" for the default, or a GENIUS domain file with --profile).
func (f *scenarioFlags) load(ref string) (*scenarios.Scenario, error) {
	var ctx context.Context
	if f.cmd != nil {
		ctx = f.cmd.Context()
	}
	sc, err := loadCancellable(ctx, func() (*scenarios.Scenario, error) {
		return loadScenarioFunc(ref, f.variant, f.profiles, f.sets)
	})
	if err == nil && afterLoad != nil {
		afterLoad()
	}
	return sc, err
}

// printJSON writes v to w as indented JSON, as --json prints results.
func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// printWarnings writes a loaded scenario's warnings to stderr, prefixed
// with what the scenario is to the command ("" for its only one, "A: ").
func printWarnings(cmd *cobra.Command, sc *scenarios.Scenario, prefix string) {
	for _, w := range sc.Warnings {
		fmt.Fprintf(cmd.ErrOrStderr(), "warning: %s%s\n", prefix, w)
	}
}

// Hooks for tests: loadScenarioFunc is loadScenario, replaced to load
// slowly; afterLoad, if set, is called once a scenario is loaded, to
// interrupt what follows.
var (
	loadScenarioFunc = loadScenario
	afterLoad        func()
)

// loadCancellable returns load's result, or errInterrupted as soon as ctx
// is cancelled (the first Ctrl-C or SIGTERM), leaving load to finish in
// the background: loading has nothing to write, and a slow load must not
// keep a signal from being obeyed.
func loadCancellable(ctx context.Context, load func() (*scenarios.Scenario, error)) (*scenarios.Scenario, error) {
	if ctx == nil {
		return load()
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%w while loading the scenario; nothing written", errInterrupted)
	}
	type result struct {
		sc  *scenarios.Scenario
		err error
	}
	done := make(chan result, 1)
	go func() {
		sc, err := load()
		done <- result{sc, err}
	}()
	select {
	case r := <-done:
		return r.sc, r.err
	case <-ctx.Done():
		return nil, fmt.Errorf("%w while loading the scenario; nothing written", errInterrupted)
	}
}

func loadScenario(ref, variant string, profiles, sets []string) (*scenarios.Scenario, error) {
	if ref == "-" {
		return loadStdin(variant, sets)
	}
	isXML := strings.EqualFold(filepath.Ext(ref), ".xml")
	switch {
	case len(profiles) > 0 && !isXML:
		return nil, fmt.Errorf("--profile goes with a GENIUS domain file (.xml), got %q", ref)
	case isXML && len(profiles) < 2:
		return nil, fmt.Errorf("GENIUS domain %s: give a --profile for each party, at least two", ref)
	case isXML && variant != "":
		return nil, fmt.Errorf("--variant: a GENIUS domain has no variants; write a scenario file with genius: and variants:")
	case isXML:
		// The paths go into the scenario, and so into its hash: absolute,
		// a replay from any directory finds the same.
		return scenarios.LoadGenius(recordedPath(ref), recordedPaths(profiles), sets)
	}
	return scenarios.LoadVariant(ref, variant, sets)
}

// loader returns a function that loads the scenario with these flags and
// extra overrides after them (for sweeps and sensitivity).
func (f *scenarioFlags) loader(ref string) func(extra []string) (*scenarios.Scenario, error) {
	return func(extra []string) (*scenarios.Scenario, error) {
		return loadScenario(ref, f.variant, f.profiles, append(append([]string{}, f.sets...), extra...))
	}
}
