package sim

import (
	"math"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestZ95 checks that the constant is what gonum computes on amd64, to the
// bit, so that fixing it changed no result there, and within 1 ulp of it on
// any architecture.
func TestZ95(t *testing.T) {
	g := distuv.UnitNormal.Quantile(0.975)
	if runtime.GOARCH == "amd64" && Z95 != g {
		t.Errorf("Z95 = %v, gonum's UnitNormal.Quantile(0.975) = %v on amd64", Z95, g)
	}
	if d := math.Abs(Z95 - g); d > 1e-15 {
		t.Errorf("Z95 = %v, %g from gonum's %v", Z95, d, g)
	}
	if got, want := math.Float64bits(Z95), uint64(0x3fff5c0331eeff82); got != want {
		t.Errorf("Z95's bits = %#x, want %#x", got, want)
	}
}

func TestWilson(t *testing.T) {
	// z = 1.959963984540054, z² = 3.841458820694124. The closed forms are
	// worked out from (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n):
	//   k = 0:  hi = (z²/n) / (1 + z²/n); k = n: lo = 1 / (1 + z²/n).
	//   k = n/2: mid = 1/2, half = z·√(1/4n + z²/4n²) / (1 + z²/n).
	// The four-digit values are those of published tables.
	const z2 = 3.841458820694124
	tests := []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, (z2 / 10) / (1 + z2/10)},                         // 0.2775
		{10, 10, 1 / (1 + z2/10), 1},                                // 0.7225
		{5, 10, 0.5 - wilsonHalf(10, z2), 0.5 + wilsonHalf(10, z2)}, // 0.2366, 0.7634
		{0, 100, 0, (z2 / 100) / (1 + z2/100)},                      // 0.0370
		{50, 100, 0.5 - wilsonHalf(100, z2), 0.5 + wilsonHalf(100, z2)},
		{1, 1, 1 / (1 + z2), 1},
		{0, 1, 0, z2 / (1 + z2)},
		{0, 0, 0, 1},
	}
	for _, tt := range tests {
		lo, hi := Wilson(tt.k, tt.n)
		if !scalar.EqualWithinAbsOrRel(lo, tt.lo, 1e-12, 1e-12) || !scalar.EqualWithinAbsOrRel(hi, tt.hi, 1e-12, 1e-12) {
			t.Errorf("Wilson(%d, %d) = [%v, %v], want [%v, %v]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
	published := []struct {
		k, n   int
		lo, hi float64
	}{
		{0, 10, 0, 0.2775},
		{5, 10, 0.2366, 0.7634},
		{10, 10, 0.7225, 1},
		{3, 20, 0.0524, 0.3604},
	}
	for _, tt := range published {
		lo, hi := Wilson(tt.k, tt.n)
		if math.Abs(lo-tt.lo) > 5e-5 || math.Abs(hi-tt.hi) > 5e-5 {
			t.Errorf("Wilson(%d, %d) = [%.4f, %.4f], want [%.4f, %.4f]", tt.k, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}

// wilsonHalf is the half-width of the Wilson interval at p̂ = 1/2.
func wilsonHalf(n, z2 float64) float64 {
	return math.Sqrt(z2) * math.Sqrt(1/(4*n)+z2/(4*n*n)) / (1 + z2/n)
}

// TestWilsonRange checks that the interval lies in [0,1], contains p̂, and
// narrows as n grows at fixed p̂, for every k of n up to 200.
func TestWilsonRange(t *testing.T) {
	for n := 1; n <= 200; n++ {
		for k := 0; k <= n; k++ {
			lo, hi := Wilson(k, n)
			p := float64(k) / float64(n)
			if !(0 <= lo && lo <= p && p <= hi && hi <= 1) {
				t.Fatalf("Wilson(%d, %d) = [%v, %v], want 0 ≤ lo ≤ %v ≤ hi ≤ 1", k, n, lo, hi, p)
			}
			if k == 0 && lo != 0 || k == n && hi != 1 {
				t.Errorf("Wilson(%d, %d) = [%v, %v], want an exact bound at the edge", k, n, lo, hi)
			}
		}
		lo1, hi1 := Wilson(n, 2*n)
		lo2, hi2 := Wilson(2*n, 4*n)
		if !(hi2-lo2 < hi1-lo1) {
			t.Errorf("Wilson(%d, %d) width %v not below Wilson(%d, %d) width %v", 2*n, 4*n, hi2-lo2, n, 2*n, hi1-lo1)
		}
	}
}
