package sim

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
