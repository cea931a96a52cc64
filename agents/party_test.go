package agents

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// newParty returns a party with the given weights, option values (so that
// Utils[k][o] = weights[k]·values[k][o]) and red lines (nil for none), with
// SetConsent called.
func newParty(t testing.TB, role Role, controls []int, weights []float64, values [][]float64, red [][]bool, reservation float64) *Party {
	t.Helper()
	if len(weights) != len(values) {
		t.Fatalf("newParty: %d weights for %d issues", len(weights), len(values))
	}
	p := &Party{ID: "x", Role: role, Controls: controls, Weights: weights, Reservation: reservation}
	for k, row := range values {
		u := make([]float64, len(row))
		for o, v := range row {
			u[o] = weights[k] * v
		}
		p.Utils = append(p.Utils, u)
		if red == nil {
			p.RedLine = append(p.RedLine, make([]bool, len(row)))
		} else {
			p.RedLine = append(p.RedLine, red[k])
		}
	}
	p.SetConsent()
	return p
}

// The party used by the tests below: weights 0.5, 0.3, 0.2, so Utils are
// a: [0.5, 0.25, 0], b: [0, 0.3], c: [0.04, 0.2, 0.12]. As an outside party
// controlling b and c (weights summing to 0.5) its consent utilities are
// b: [0, 0.6], c: [0.08, 0.4, 0.24].
var (
	testWeights = []float64{0.5, 0.3, 0.2}
	testValues  = [][]float64{{1, 0.5, 0}, {0, 1}, {0.2, 1, 0.6}}
	// Red lines on a0 (uncontrolled by the outside party) and c2.
	testRed = [][]bool{{true, false, false}, {false, false}, {false, false, true}}
)

func TestUtility(t *testing.T) {
	table := newParty(t, AtTable, nil, testWeights, testValues, testRed, 0)
	outside := newParty(t, Outside, []int{1, 2}, testWeights, testValues, testRed, 0)
	tests := []struct {
		pkg                          []int
		utility, table, outsideValue float64
	}{
		{[]int{0, 1, 1}, 1, 1, 1},
		{[]int{1, 0, 2}, 0.37, 0.37, 0.24},
		{[]int{2, 1, 0}, 0.34, 0.34, 0.68},
		{[]int{2, 0, 0}, 0.04, 0.04, 0.08},
		{[]int{0, 0, 0}, 0.54, 0.54, 0.08},
	}
	for _, tt := range tests {
		if got := table.Utility(tt.pkg); !scalar.EqualWithinAbsOrRel(got, tt.utility, tol, tol) {
			t.Errorf("table Utility(%v) = %v, want %v", tt.pkg, got, tt.utility)
		}
		if got := table.ConsentUtility(tt.pkg); !scalar.EqualWithinAbsOrRel(got, tt.table, tol, tol) {
			t.Errorf("table ConsentUtility(%v) = %v, want %v", tt.pkg, got, tt.table)
		}
		// An outside party's Utility is over all issues; its consent only
		// over the controlled ones, rescaled by their weights.
		if got := outside.Utility(tt.pkg); !scalar.EqualWithinAbsOrRel(got, tt.utility, tol, tol) {
			t.Errorf("outside Utility(%v) = %v, want %v", tt.pkg, got, tt.utility)
		}
		if got := outside.ConsentUtility(tt.pkg); !scalar.EqualWithinAbsOrRel(got, tt.outsideValue, tol, tol) {
			t.Errorf("outside ConsentUtility(%v) = %v, want %v", tt.pkg, got, tt.outsideValue)
		}
	}
}

func TestBreaks(t *testing.T) {
	table := newParty(t, AtTable, nil, testWeights, testValues, testRed, 0)
	outside := newParty(t, Outside, []int{1, 2}, testWeights, testValues, testRed, 0)
	none := newParty(t, Outside, nil, testWeights, testValues, testRed, 0)
	tests := []struct {
		pkg                    []int
		table, outside, noneOK bool
	}{
		{[]int{1, 1, 1}, false, false, false},
		{[]int{0, 1, 1}, true, false, false}, // a0 is not controlled by the outside party
		{[]int{1, 1, 2}, true, true, false},
		{[]int{0, 0, 2}, true, true, false},
	}
	for _, tt := range tests {
		if got := table.Breaks(tt.pkg); got != tt.table {
			t.Errorf("table Breaks(%v) = %v, want %v", tt.pkg, got, tt.table)
		}
		if got := outside.Breaks(tt.pkg); got != tt.outside {
			t.Errorf("outside Breaks(%v) = %v, want %v", tt.pkg, got, tt.outside)
		}
		if got := none.Breaks(tt.pkg); got != tt.noneOK {
			t.Errorf("outside party controlling nothing: Breaks(%v) = %v, want %v", tt.pkg, got, tt.noneOK)
		}
	}
}

func TestBest(t *testing.T) {
	allRed := [][]bool{{true, true, true}, {false, false}, {false, false, false}}
	tests := []struct {
		name string
		p    *Party
		want float64
	}{
		{"table, no red lines", newParty(t, AtTable, nil, testWeights, testValues, nil, 0), 1},
		// a0 and c2 are red lines: 0.25 + 0.3 + 0.2.
		{"table, red lines", newParty(t, AtTable, nil, testWeights, testValues, testRed, 0), 0.75},
		// Only b and c count, rescaled: 0.6 + 0.4; the red line on a0 does not.
		{"outside, red lines", newParty(t, Outside, []int{1, 2}, testWeights, testValues, testRed, 0), 1},
		{"outside, controls c", newParty(t, Outside, []int{2}, testWeights, testValues, testRed, 0), 1},
		{"outside, controls a", newParty(t, Outside, []int{0}, testWeights, testValues, testRed, 0), 0.5},
		{"outside, controls nothing", newParty(t, Outside, nil, testWeights, testValues, testRed, 0), 0},
		// An issue whose options are all red lines counts as nothing.
		{"table, issue all red", newParty(t, AtTable, nil, testWeights, testValues, allRed, 0), 0.5},
	}
	for _, tt := range tests {
		if got := tt.p.Best(); !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
			t.Errorf("%s: Best() = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestBestIsAttained checks on random parties that Best is the largest
// consent utility over the packages that break no red line (brute force).
// Seeds 1..200; tolerance 1e-12.
func TestBestIsAttained(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		nI := 1 + rng.IntN(4)
		w, v, red := randomPrefs(rng, nI, 4)
		role, controls := AtTable, []int(nil)
		if rng.IntN(2) == 0 {
			role = Outside
			for k := range nI {
				if rng.IntN(2) == 0 {
					controls = append(controls, k)
				}
			}
		}
		p := newParty(t, role, controls, w, v, red, 0)
		want := 0.0
		found := false
		forEachPackage(sizes(v), func(pkg []int) {
			if p.Breaks(pkg) {
				return
			}
			found = true
			want = max(want, p.ConsentUtility(pkg))
		})
		if !found {
			// Some issue is all red lines; Best then ignores that issue,
			// so it is at least as large as nothing.
			continue
		}
		if got := p.Best(); !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
			t.Errorf("seed %d (%v, controls %v): Best() = %v, want %v", seed, role, controls, got, want)
		}
	}
}

// TestSetConsentRoleChange checks that turning a party at the table into an
// outside party gives it its own Consent rather than overwriting Utils,
// which Consent aliases at the table.
func TestSetConsentRoleChange(t *testing.T) {
	p := newParty(t, AtTable, nil, testWeights, testValues, nil, 0)
	pkg := []int{0, 1, 1}
	before := p.Utility(pkg)
	p.Role, p.Controls = Outside, []int{2}
	p.SetConsent()
	if got := p.Utility(pkg); got != before {
		t.Errorf("after SetConsent as outside party: Utility(%v) = %v, want %v (Utils overwritten)", pkg, got, before)
	}
	if got, want := p.ConsentUtility(pkg), 1.0; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("outside ConsentUtility(%v) = %v, want %v", pkg, got, want)
	}
	// And back: Consent is Utils again.
	p.Role = AtTable
	p.SetConsent()
	if got := p.ConsentUtility([]int{1, 0, 2}); !scalar.EqualWithinAbsOrRel(got, 0.37, tol, tol) {
		t.Errorf("table ConsentUtility after role change = %v, want 0.37", got)
	}
}

func TestAccepts(t *testing.T) {
	p := newParty(t, AtTable, nil, testWeights, testValues, testRed, 0.4)
	o := newParty(t, Outside, []int{1, 2}, testWeights, testValues, testRed, 0.4)
	tests := []struct {
		p          *Party
		pkg        []int // consent utility in the comment
		aspiration float64
		want       bool
	}{
		{p, []int{1, 1, 1}, 0.7, true},   // 0.75
		{p, []int{1, 1, 1}, 0.76, false}, // 0.75, below the aspiration
		{p, []int{1, 0, 1}, 0.1, true},   // 0.45, above the reservation 0.4
		{p, []int{2, 1, 0}, 0.1, false},  // 0.34, below the reservation
		{p, []int{1, 0, 2}, 0.1, false},  // 0.37, and red line c2
		{p, []int{0, 1, 1}, 0, false},    // 1, but red line a0
		{o, []int{0, 1, 1}, 0.9, true},   // 1; a0 is not controlled
		{o, []int{2, 1, 0}, 0.6, true},   // 0.68
		{o, []int{2, 1, 0}, 0.7, false},  // 0.68, below the aspiration
		{o, []int{2, 0, 0}, 0.05, false}, // 0.08, below the reservation
		{o, []int{1, 1, 2}, 0, false},    // 0.84, but red line c2
	}
	for _, tt := range tests {
		if got := tt.p.Accepts(tt.pkg, tt.aspiration); got != tt.want {
			t.Errorf("%v party: Accepts(%v, %v) = %v, want %v (consent utility %v)", tt.p.Role, tt.pkg, tt.aspiration, got, tt.want, tt.p.ConsentUtility(tt.pkg))
		}
	}

	// The limits are inclusive: a package worth exactly the aspiration or
	// the reservation value is accepted, one ulp more demanded is not.
	pkg := []int{1, 1, 1}
	u := p.ConsentUtility(pkg)
	if !p.Accepts(pkg, u) {
		t.Errorf("Accepts(%v, %v) = false at its own consent utility, want true", pkg, u)
	}
	if up := math.Nextafter(u, 2); p.Accepts(pkg, up) {
		t.Errorf("Accepts(%v, %v) = true above its consent utility %v, want false", pkg, up, u)
	}
	p.Reservation = u
	if !p.Accepts(pkg, 0) {
		t.Errorf("Accepts(%v, 0) = false with reservation equal to its utility %v, want true", pkg, u)
	}
	p.Reservation = math.Nextafter(u, 2)
	if p.Accepts(pkg, 0) {
		t.Errorf("Accepts(%v, 0) = true with reservation %v above its utility %v, want false", pkg, p.Reservation, u)
	}
}

func TestShortfall(t *testing.T) {
	p := newParty(t, AtTable, nil, testWeights, testValues, testRed, 0.4)
	tests := []struct {
		pkg        []int
		aspiration float64
		want       float64
	}{
		{[]int{1, 1, 1}, 0.5, -0.25}, // 0.5 − 0.75
		{[]int{1, 1, 1}, 0.9, 0.15},  // 0.9 − 0.75
		{[]int{2, 1, 0}, 0.1, 0.06},  // reservation 0.4 − 0.34
		{[]int{1, 0, 2}, 0.1, 1.03},  // red line: 1 + (0.4 − 0.37)
		{[]int{0, 1, 1}, 0.1, 1},     // red line with room to spare: 1
	}
	for _, tt := range tests {
		if got := p.Shortfall(tt.pkg, tt.aspiration); !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
			t.Errorf("Shortfall(%v, %v) = %v, want %v", tt.pkg, tt.aspiration, got, tt.want)
		}
	}
}

// TestShortfallAccepts checks on random parties and packages that Shortfall
// is ≤ 0 exactly when the party accepts, and ≥ 1 when a red line is
// crossed. Seeds 1..200, 50 packages each.
func TestShortfallAccepts(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, seed))
		nI := 1 + rng.IntN(4)
		w, v, red := randomPrefs(rng, nI, 4)
		role, controls := AtTable, []int(nil)
		if seed%2 == 0 {
			role, controls = Outside, []int{rng.IntN(nI)}
		}
		p := newParty(t, role, controls, w, v, red, rng.Float64()*0.6)
		pkg := make([]int, nI)
		for range 50 {
			for k := range pkg {
				pkg[k] = rng.IntN(len(v[k]))
			}
			asp := rng.Float64()
			s, ok := p.Shortfall(pkg, asp), p.Accepts(pkg, asp)
			if (s <= 0) != ok {
				t.Errorf("seed %d: Shortfall(%v, %v) = %v but Accepts = %v", seed, pkg, asp, s, ok)
			}
			if p.Breaks(pkg) && s < 1 {
				t.Errorf("seed %d: Shortfall(%v, %v) = %v crossing a red line, want ≥ 1", seed, pkg, asp, s)
			}
		}
	}
}

// randomPrefs draws weights summing to 1, values in [0,1] with 2..maxOpts
// options per issue and the largest value of each issue 1, and red lines
// on about one option in six.
func randomPrefs(rng *rand.Rand, nI, maxOpts int) (w []float64, v [][]float64, red [][]bool) {
	var sum float64
	for range nI {
		x := rng.Float64() + 0.05
		w = append(w, x)
		sum += x
	}
	for k := range w {
		w[k] /= sum
		n := 2 + rng.IntN(maxOpts-1)
		row, rl := make([]float64, n), make([]bool, n)
		for o := range row {
			row[o] = rng.Float64()
			rl[o] = rng.IntN(6) == 0
		}
		row[rng.IntN(n)] = 1
		v, red = append(v, row), append(red, rl)
	}
	return w, v, red
}

func sizes(v [][]float64) []int {
	n := make([]int, len(v))
	for k := range v {
		n[k] = len(v[k])
	}
	return n
}

// forEachPackage calls f with every package of the outcome space, in
// lexicographic order; f must not keep pkg.
func forEachPackage(sizes []int, f func(pkg []int)) {
	pkg := make([]int, len(sizes))
	for {
		f(pkg)
		k := len(pkg) - 1
		for ; k >= 0; k-- {
			pkg[k]++
			if pkg[k] < sizes[k] {
				break
			}
			pkg[k] = 0
		}
		if k < 0 {
			return
		}
	}
}
