package sim

import "github.com/negsim/negsim/analysis"

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
