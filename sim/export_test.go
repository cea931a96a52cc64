package sim

// SearchOnly makes r's per-run analysis search anew in every run, as it
// did before analysis.Archive (tests compare the two paths).
func SearchOnly(r *Runner) { r.an.searchOnly = true }

// Archived reports whether r's per-run analysis is answered by an
// analysis.Archive (after the first call to Analyze).
func Archived(r *Runner) bool { return r.an.q != nil && r.an.searcher == nil }
