package sim

import "github.com/negsim/negsim/analysis"

// SetSkipSilent turns the skipping of silent rounds (skip.go) on or off
// for r, so that tests and benchmarks can compare it with round-by-round
// play. Turning it on has no effect on a scenario that does not qualify.
func SetSkipSilent(r *Runner, on bool) {
	if !on {
		r.sk.on = false
		return
	}
	r.sk = newSilent(r)
}

// SkippedRounds returns the number of rounds r has skipped so far.
func SkippedRounds(r *Runner) int { return r.sk.skipped }

// SearchOnly makes r's per-run analysis search anew in every run, as it
// did before analysis.Archive (tests compare the two paths).
func SearchOnly(r *Runner) { r.an.searchOnly = true }

// Archived reports whether r's per-run analysis is answered by an
// analysis.Archive (after the first call to Analyze).
func Archived(r *Runner) bool { return r.an.q != nil && r.an.searcher == nil }

// ArchiveLen returns the number of packages r's Archive keeps (0 without
// one).
func ArchiveLen(r *Runner) int {
	if a, ok := r.an.q.(*analysis.Archive); ok {
		return a.Len()
	}
	return 0
}
