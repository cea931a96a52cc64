package sim

import (
	"fmt"
	"math"
)

// Quantiler is a distribution that can be drawn from by inverse transform.
// The distributions of gonum.org/v1/gonum/stat/distuv satisfy it.
type Quantiler interface {
	CDF(x float64) float64
	Quantile(p float64) float64
}

// Param is a numeric model parameter: a fixed number, or a distribution
// drawn anew in every Monte Carlo run and truncated to the parameter's valid
// range. The zero Param is the fixed number 0.
type Param struct {
	// Value is the fixed value; for a random parameter it is unused.
	Value float64
	// Dist is nil for a fixed parameter.
	Dist Quantiler
	// Lo and Hi bound a random parameter's draws.
	Lo, Hi float64
	// Name is the parameter's key (e.g. "parties.russia.reservation"), for
	// reports; the scenario loader sets it. It does not affect draws.
	Name string

	pLo, pHi float64
}

// Fixed returns the parameter that is always v.
func Fixed(v float64) Param { return Param{Value: v} }

// Random returns the parameter drawn from d truncated to [lo, hi]: a draw
// is d's quantile at a uniform point of [CDF(lo), CDF(hi)], so truncation
// costs no rejections and a run's draw depends only on its uniform number.
// It returns an error if d puts no probability on [lo, hi].
func Random(d Quantiler, lo, hi float64) (Param, error) {
	pLo, pHi := d.CDF(lo), d.CDF(hi)
	if math.IsNaN(pLo) || math.IsNaN(pHi) || !(pHi > pLo) {
		return Param{}, fmt.Errorf("distribution puts no probability on [%g, %g]", lo, hi)
	}
	return Param{Dist: d, Lo: lo, Hi: hi, pLo: pLo, pHi: pHi}, nil
}

// Uncertain reports whether p is drawn from a distribution.
func (p Param) Uncertain() bool { return p.Dist != nil }

// At returns the parameter's value for the uniform number u in [0,1).
func (p Param) At(u float64) float64 {
	if p.Dist == nil {
		return p.Value
	}
	pLo, pHi := p.pLo, p.pHi
	if pLo == 0 && pHi == 0 {
		// Built as a literal rather than by Random: truncate to [Lo, Hi]
		// if given, else not at all.
		if p.Lo == 0 && p.Hi == 0 {
			return p.Dist.Quantile(u)
		}
		pLo, pHi = p.Dist.CDF(p.Lo), p.Dist.CDF(p.Hi)
	}
	// float64(…) rounds the product before the add: the Go spec lets a
	// compiler fuse the two into one multiply-add, which arm64, ppc64le,
	// s390x and riscv64 do and amd64 does not, and a draw that differs in
	// its last bit can flip a decision (docs/model.md, Reproducibility).
	x := p.Dist.Quantile(pLo + float64(u*(pHi-pLo)))
	// Guard against quantile round-off at the edges of the support.
	return min(max(x, p.Lo), p.Hi)
}

// Uniform is the uniform distribution on [Min, Max], with Min < Max. It
// computes what gonum's distuv.Uniform computes on amd64, to the bit, but
// rounds its product explicitly: gonum's p·(Max−Min) + Min is fused into
// one multiply-add on arm64, so a draw there could differ in its last bit.
type Uniform struct {
	Min, Max float64
}

// CDF returns P(X ≤ x), in [0,1].
func (d Uniform) CDF(x float64) float64 {
	if x < d.Min {
		return 0
	}
	if x > d.Max {
		return 1
	}
	return (x - d.Min) / (d.Max - d.Min)
}

// Quantile returns the x with CDF(x) = p. It panics if p is outside [0,1].
func (d Uniform) Quantile(p float64) float64 {
	if p < 0 || p > 1 {
		panic("sim: Uniform.Quantile: p outside [0,1]")
	}
	return float64(p*(d.Max-d.Min)) + d.Min
}
