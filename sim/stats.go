package sim

import "math"

// Z95 is the standard normal quantile for a two-sided 95% interval, as
// gonum's distuv.UnitNormal.Quantile(0.975) returns it on amd64 (0.6e-15
// below the true 1.95996398454005423…). It is a constant because gonum's
// rational approximation is compiled with fused multiply-adds on arm64 and
// returns one unit in the last place less there, which changed every
// interval of the golden summaries.
const Z95 = 1.9599639845400536

// Wilson returns the 95% Wilson score interval for k successes in n trials
// (Wilson 1927): (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n). Unlike
// the normal approximation it stays inside [0,1] and is sensible at p̂ = 0
// or 1. With n = 0 it returns [0,1].
func Wilson(k, n int) (lo, hi float64) {
	if n <= 0 {
		return 0, 1
	}
	z := Z95
	nf := float64(n)
	p := float64(k) / nf
	den := 1 + z*z/nf
	mid := p + z*z/(2*nf)
	// float64(…) rounds the product before it is subtracted or added: the Go
	// spec lets a compiler fuse x ± y·z into one multiply-add, which arm64,
	// ppc64le, s390x and riscv64 do and amd64 does not, and a single
	// rounding would change the interval's last bits (docs/model.md,
	// Reproducibility).
	half := float64(z * math.Sqrt(p*(1-p)/nf+z*z/(4*nf*nf)))
	lo, hi = (mid-half)/den, (mid+half)/den
	// Exact bounds at the edges, free of round-off.
	if k == 0 {
		lo = 0
	}
	if k == n {
		hi = 1
	}
	return max(lo, 0), min(hi, 1)
}
