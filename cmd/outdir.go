package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// An --out directory of run, analyze, sweep, sensitivity, compare and
// forecast is written so that no result is ever lost: the command locks the directory against other negsim writers, writes the
// new outputs into a staging directory inside it, and only once they are
// all written moves them over the old ones, one rename each. A run killed
// at any point leaves the old results, or the new ones, never neither; what
// it leaves of its own (the staging directory, a temporary file) is
// removed by the next command that writes there.

// stagingPrefix names the staging directories of negsim's writers.
const stagingPrefix = ".negsim-staging-"

// outDir is an --out directory being written.
type outDir struct {
	dir     string // the directory given
	staging string // where the new outputs are written
	outs    outputSet
	unlock  func()
}

// An outputSet names the files one command writes into --out, so that
// its commit replaces them and removes those of an earlier run of the same
// command that the new one did not write, leaving other files alone.
type outputSet struct {
	names    []string // file names
	prefixes []string // and the files whose names start with one of these
	last     string   // moved in last: once it is new, all the outputs are
}

// has reports whether the file name is one of the set's outputs.
func (s outputSet) has(name string) bool {
	if slices.Contains(s.names, name) {
		return true
	}
	for _, p := range s.prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// The outputs of each command that writes --out through openOutputs.
var (
	runFiles         = outputSet{names: outputs, last: ResultsFile}
	analyzeFiles     = outputSet{names: []string{AnalysisFile, UtilityPlot + ".png", UtilityPlot + ".svg"}, last: AnalysisFile}
	sweepFiles       = outputSet{names: []string{"sweep.json", "sweep.csv", "sweep.png", "sweep.svg", ReportFile, PartialFile}, last: "sweep.json"}
	sensitivityFiles = outputSet{names: []string{"sensitivity.json", "sensitivity.csv", "tornado.png", "tornado.svg", "sobol.png", "sobol.svg", ReportFile, PartialFile}, last: "sensitivity.json"}
	compareFiles     = outputSet{names: []string{"compare.json", "compare.csv", "compare_by_round.png", "compare_by_round.svg", ReportFile}, last: "compare.json"}
	forecastFiles    = outputSet{names: []string{ForecastFile}, prefixes: []string{ForecastPrefix}, last: ForecastFile}

	outputSets = []outputSet{runFiles, analyzeFiles, sweepFiles, sensitivityFiles, compareFiles, forecastFiles}
)

// checkOutPath checks the --out directory named dir (the flag was given
// when given is true): it must not be empty, and a symbolic link must lead
// somewhere.
func checkOutPath(dir string, given bool) error {
	if dir == "" {
		if given {
			return errors.New(`--out "": give the directory to write into`)
		}
		return nil
	}
	fi, err := os.Lstat(dir)
	if err != nil || fi.Mode()&fs.ModeSymlink == 0 {
		return nil
	}
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		target, _ := os.Readlink(dir)
		return fmt.Errorf("--out %s: a symbolic link to %s, which does not exist; create it, or give another directory", dir, target)
	}
	return nil
}

// openOut opens the --out directory of run (openOutputs).
func openOut(dir string, force bool) (*outDir, error) {
	return openOutputs(dir, force, runFiles)
}

// openOutputs creates the --out directory, or checks that an existing one
// may be written (an empty directory may; one with other files only with
// force), locks it, removes what killed negsim writers left in it, and
// makes a staging directory for the new outputs, outs. The caller must
// close it.
func openOutputs(dir string, force bool, outs outputSet) (*outDir, error) {
	if err := checkOutPath(dir, true); err != nil {
		return nil, err
	}
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("--out: %w", err)
		}
	case err != nil:
		return nil, fmt.Errorf("--out %s: %w", dir, err)
	case !fi.IsDir():
		return nil, fmt.Errorf("--out %s: not a directory", dir)
	}
	unlock, err := lockDir(dir)
	if err != nil {
		return nil, err
	}
	od := &outDir{dir: dir, outs: outs, unlock: unlock}
	if err := od.prepare(force); err != nil {
		od.close()
		return nil, err
	}
	return od, nil
}

// prepare removes negsim's stale temporaries, checks what is left, and
// makes the staging directory.
func (od *outDir) prepare(force bool) error {
	entries, err := os.ReadDir(od.dir)
	if err != nil {
		return fmt.Errorf("--out %s: %w", od.dir, err)
	}
	var others []string
	for _, e := range entries {
		name := e.Name()
		if ownTemporary(name) {
			// Left by a negsim killed while writing: the lock says no
			// other writer is at work.
			if err := os.RemoveAll(filepath.Join(od.dir, name)); err != nil {
				return fmt.Errorf("--out: removing a temporary file left by an interrupted run: %w", err)
			}
			continue
		}
		if name == lockFile {
			continue
		}
		others = append(others, name)
	}
	if len(others) > 0 && !force {
		return fmt.Errorf("--out %s: directory exists and is not empty; use --force to replace the results in it", od.dir)
	}
	if od.staging, err = os.MkdirTemp(od.dir, stagingPrefix); err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	return nil
}

// ownTemporary reports whether name is a temporary that negsim writes in
// an output directory: a staging directory, or atomicfile's temporary for
// the output of any command ("." + name + ".tmp" + digits).
func ownTemporary(name string) bool {
	if strings.HasPrefix(name, stagingPrefix) {
		return true
	}
	base, ok := strings.CutPrefix(name, ".")
	if !ok {
		return false
	}
	i := strings.LastIndex(base, ".tmp")
	if i < 0 {
		return false
	}
	out, digits := base[:i], base[i+len(".tmp"):]
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return false
	}
	for _, s := range outputSets {
		if s.has(out) {
			return true
		}
	}
	return false
}

// commit moves the new outputs over the old ones, the set's last file
// (results.json of run) last, and removes the old outputs of the same
// command that the new run did not write (runs.csv of an earlier
// --save-runs, say), so that none is left stale.
func (od *outDir) commit() error {
	entries, err := os.ReadDir(od.staging)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	slices.SortStableFunc(names, func(a, b string) int {
		return boolCmp(a == od.outs.last, b == od.outs.last)
	})
	for _, name := range names {
		if err := os.Rename(filepath.Join(od.staging, name), filepath.Join(od.dir, name)); err != nil {
			return fmt.Errorf("--out: %w", err)
		}
	}
	old, err := os.ReadDir(od.dir)
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	for _, e := range old {
		if name := e.Name(); od.outs.has(name) && !slices.Contains(names, name) && !e.IsDir() {
			if err := os.Remove(filepath.Join(od.dir, name)); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("--out: %w", err)
			}
		}
	}
	return nil
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// close removes the staging directory, if anything is left in it, and
// releases the lock.
func (od *outDir) close() {
	if od.staging != "" {
		os.RemoveAll(od.staging)
	}
	if od.unlock != nil {
		od.unlock()
	}
}
