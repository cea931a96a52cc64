package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
	// A relative path may be relative to where the results are.
	locate := func(f string) string {
		if _, err := os.Stat(f); errors.Is(err, os.ErrNotExist) && !filepath.IsAbs(f) {
			return filepath.Join(filepath.Dir(path), f)
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
	sc, err := loadScenario(ref, profiles, p.Overrides)
	if err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	if h := sc.Hash(); h != p.SHA256 {
		return fmt.Errorf("--replay %s: scenario %s has changed since these results were made (sha256 %s, recorded %s)", path, p.Origin, h, p.SHA256)
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
