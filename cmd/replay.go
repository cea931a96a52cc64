package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/negsim/negsim/internal/inputfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// replay reruns what a results file records and checks that the summary
// is the same, number for number.
func replay(cmd *cobra.Command, path string) error {
	old, err := readResults(path)
	if err != nil {
		return fmt.Errorf("--replay %w", err)
	}
	p := old.Provenance
	if p.SHA256 == "" {
		return fmt.Errorf("--replay %s: not a negsim results file (no provenance)", path)
	}
	if err := upgradeResults(old); err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	rs, f, err := replaySettings(old)
	if err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	sc, note, err := recordedScenario(path, old)
	if err != nil {
		return fmt.Errorf("--replay %s: %w", path, err)
	}
	if note != "" {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: %s\n", note)
	}
	if p.Version != Version {
		fmt.Fprintf(cmd.ErrOrStderr(), "note: results made by negsim %s, replayed by %s\n", p.Version, Version)
	}
	if old.Partial && old.Runs == 0 {
		// Interrupted before any run completed: what it recorded is what
		// an estimate cancelled before its first batch gives.
		ctx, cancel := context.WithCancel(cmd.Context())
		cancel()
		cmd.SetContext(ctx)
	}
	res, err := simulate(cmd, sc, rs, f)
	if err != nil && !(old.Partial && old.Runs == 0 && res != nil) {
		return err
	}
	// A partial result is replayed by its completed runs, which the
	// rerun completes: it is partial as recorded.
	res.Partial = old.Partial
	// Everything that describes the result is compared: the summary,
	// "partial" included, and the title it was shown under.
	type described struct {
		*sim.Summary
		Title string `json:"title"`
	}
	want, _ := json.MarshalIndent(described{old.Summary, old.Title}, "", " ")
	got, _ := json.MarshalIndent(described{res.Summary, res.Title}, "", " ")
	if !bytes.Equal(want, got) {
		return fmt.Errorf("--replay %s: the numbers differ: %s", path, firstDiff(want, got))
	}
	fmt.Fprintf(cmd.OutOrStdout(), "replay of %s: identical (%s, %s, seed %d, %s now, %d then): P(agreement) %s\n",
		path, sc.Sim.Name, count(res.Runs, "run"), p.Seed, count(rs.workers, "worker"), p.Workers, pct(res.P))
	return nil
}

// replaySettings returns the settings that reproduce old: its seed, the
// runs requested (a partial result's completed runs), its precision and
// whether its runs were analysed. Settings out of range, or a partial
// mark that contradicts the runs, are errors, as they are on the command
// line.
func replaySettings(old *Results) (runSettings, runFlags, error) {
	p := old.Provenance
	rs := runSettings{runs: p.Runs, seed: p.Seed, workers: runtime.GOMAXPROCS(0)}
	f := runFlags{precision: old.Precision, noAnalysis: old.Analysis == nil}
	switch {
	case p.Runs < 1 || p.Runs > MaxRuns:
		return rs, f, fmt.Errorf("runs_requested: want 1 to %d, got %d", MaxRuns, p.Runs)
	case old.Runs < 0 || old.Runs > p.Runs:
		return rs, f, fmt.Errorf("runs: want 0 to runs_requested (%d), got %d", p.Runs, old.Runs)
	case !(old.Precision >= 0 && old.Precision < 0.5):
		return rs, f, fmt.Errorf("precision: want a half-width in [0, 0.5), got %g", old.Precision)
	case old.Partial && old.Runs == p.Runs:
		return rs, f, fmt.Errorf("marked partial, but has every one of the %d runs requested", p.Runs)
	case old.Partial:
		rs.runs = old.Runs
	}
	return rs, f, nil
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

// recordedScenario returns the scenario a results file was made with: the
// copy it embeds when it has one (results made since they embed it), else
// the files its provenance names. With an embedded copy, it also looks at
// the file on disk and says in note when that is gone or has changed since
// (the results then use their own copy).
func recordedScenario(resultsPath string, res *Results) (sc *scenarios.Scenario, note string, err error) {
	p := res.Provenance
	if len(res.Resolved) == 0 {
		sc, err = scenarioOnDisk(resultsPath, p)
		return sc, "", err
	}
	sc, err = scenarios.FromResolved(p.Origin, res.Resolved)
	if err != nil {
		return nil, "", err
	}
	if h := sc.Hash(); h != p.SHA256 {
		return nil, "", fmt.Errorf("the embedded scenario does not match the recorded sha256 (%s, recorded %s): the file was edited", h, p.SHA256)
	}
	if p.Origin == StdinOrigin {
		return sc, "", nil // read from standard input: nothing on disk to compare
	}
	switch _, err := scenarioOnDisk(resultsPath, p); {
	case err == nil: // the file on disk is the embedded copy
	case errors.Is(err, errChanged):
		note = fmt.Sprintf("%s has changed since these results were made; using the copy they embed", p.Origin)
	default:
		note = fmt.Sprintf("%s could not be read (%v); using the copy these results embed", p.Origin, err)
	}
	return sc, note, nil
}

// errChanged is wrapped by scenarioOnDisk when the file's hash differs from
// the recorded one.
var errChanged = errors.New("scenario changed")

// scenarioOnDisk loads the scenario a results file's provenance names and
// checks that it is still the same (SHA-256). Relative paths are tried as
// given, then relative to the results file.
func scenarioOnDisk(resultsPath string, p Provenance) (*scenarios.Scenario, error) {
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
		return nil, fmt.Errorf("scenario %s has changed since these results were made (sha256 %s, recorded %s): %w", p.Origin, h, p.SHA256, errChanged)
	}
	return sc, nil
}

// maxResultsFile caps the results files read: a summary of the longest
// deadline (MaxDeadline rounds, a line each) stays well below it.
const maxResultsFile = 64 << 20

// readResults reads a results file written by run --out. The error names
// the file.
func readResults(path string) (*Results, error) {
	data, err := inputfile.Read(path, maxResultsFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return parseResults(path, data)
}

// parseResults is readResults on a file already read.
func parseResults(path string, data []byte) (*Results, error) {
	var res Results
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%s: not a negsim results file: %v", path, err)
	}
	if res.Summary == nil || res.Provenance.Origin == "" {
		return nil, fmt.Errorf("%s: not a negsim results file (no summary or provenance)", path)
	}
	return &res, nil
}

// recordedPath returns how results record the file path: absolute, so that
// a replay works from any directory. A bundled origin is kept as it is.
func recordedPath(p string) string {
	if strings.HasPrefix(p, "bundled:") || p == StdinOrigin {
		return p
	}
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// recordedPaths is recordedPath for each of ps.
func recordedPaths(ps []string) []string {
	var out []string
	for _, p := range ps {
		out = append(out, recordedPath(p))
	}
	return out
}
