package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/negsim/negsim/scenarios"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/spf13/cobra"
)

// replay reruns what a results file records and checks that the summary
// is the same, number for number.
func replay(cmd *cobra.Command, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--replay: %w", err)
	}
	var old Results
	if err := json.Unmarshal(data, &old); err != nil {
		return fmt.Errorf("--replay %s: not a negsim results file: %v", path, err)
	}
	p := old.Provenance
	if p.Origin == "" || p.SHA256 == "" || old.Summary == nil {
		return fmt.Errorf("--replay %s: not a negsim results file (no provenance)", path)
	}
	if err := upgradeResults(&old); err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	sc, err := recordedScenario(path, p)
	if err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	if p.Version != Version {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: results made by negsim %s, replayed by %s\n", p.Version, Version)
	}
	rs := runSettings{runs: old.Runs, seed: p.Seed, workers: runtime.GOMAXPROCS(0)}
	res, err := simulate(cmd, sc, rs, runFlags{})
	if err != nil {
		return err
	}
	res.Partial = old.Partial // a partial result replays its completed runs
	want, _ := json.MarshalIndent(old.Summary, "", " ")
	got, _ := json.MarshalIndent(res.Summary, "", " ")
	if !bytes.Equal(want, got) {
		return fmt.Errorf("--replay %s: the numbers differ: %s", path, firstDiff(want, got))
	}
	fmt.Fprintf(cmd.OutOrStdout(), "replay of %s: identical (%s, %d runs, seed %d, %d workers now, %d then): P(agreement) %s\n",
		path, sc.Sim.Name, res.Runs, p.Seed, rs.workers, p.Workers, pct(res.P))
	return nil
}

// firstDiff describes the first line where two JSON texts differ.
func firstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range min(len(w), len(g)) {
		if w[i] != g[i] {
			return fmt.Sprintf("recorded %s, now %s", strings.TrimSpace(w[i]), strings.TrimSpace(g[i]))
		}
	}
	return fmt.Sprintf("recorded %d lines, now %d", len(w), len(g))
}

// recordedScenario loads the scenario a results file's provenance records
// and checks that it is still the same (SHA-256). Relative paths are tried
// as given, then relative to the results file.
func recordedScenario(resultsPath string, p Provenance) (*scenarios.Scenario, error) {
	locate := func(f string) string {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) && !filepath.IsAbs(f) {
			return filepath.Join(filepath.Dir(resultsPath), f)
		}
		return f
	}
	ref, ok := strings.CutPrefix(p.Origin, "bundled:")
	if !ok {
		ref = locate(p.Origin)
	}
	var profiles []string
	for _, f := range p.Profiles {
		profiles = append(profiles, locate(f))
	}
	sc, err := loadScenario(ref, p.Variant, profiles, p.Overrides)
	if err != nil {
		return nil, err
	}
	if h := sc.Hash(); h != p.SHA256 {
		return nil, fmt.Errorf("scenario %s has changed since these results were made (sha256 %s, recorded %s)", p.Origin, h, p.SHA256)
	}
	return sc, nil
}
