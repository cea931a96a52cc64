package agents

import (
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// tol is the tolerance for values worked out by hand to 16 digits.
const tol = 1e-12

// The expected aspirations below are Faratin, Sierra & Jennings (1998),
// α(t) = k + (1 − k)(t/T)^(1/β), u(t) = best − α(t)(best − floor), worked
// out by hand for best = 0.9, floor = 0.3 (span 0.6) and T = 10.
func TestAspirationTimeDependent(t *testing.T) {
	const (
		best, floor = 0.9, 0.3
		deadline    = 10
	)
	tests := []struct {
		name  string
		beta  float64
		k     float64
		round int
		want  float64
	}{
		// Boulware β = 0.2: α = t^5.
		{"boulware", 0.2, 0, 0, 0.9},
		{"boulware", 0.2, 0, 5, 0.88125},  // 0.9 − 0.5^5·0.6 = 0.9 − 0.01875
		{"boulware", 0.2, 0, 8, 0.703392}, // 0.9 − 0.32768·0.6
		{"boulware", 0.2, 0, 10, 0.3},
		{"boulware k", 0.2, 0.1, 0, 0.84},     // α = k = 0.1
		{"boulware k", 0.2, 0.1, 5, 0.823125}, // α = 0.1 + 0.9·0.03125 = 0.128125
		{"boulware k", 0.2, 0.1, 10, 0.3},     // at the deadline k does not matter
		{"boulware late", 0.2, 0, 12, 0.3},    // past the deadline: t clamped to T
		{"linear", 1, 0, 0, 0.9},
		{"linear", 1, 0, 3, 0.72}, // 0.9 − 0.3·0.6
		{"linear", 1, 0, 7, 0.48}, // 0.9 − 0.7·0.6
		{"linear", 1, 0, 10, 0.3},
		{"linear k", 1, 0.5, 4, 0.48},             // α = 0.5 + 0.5·0.4 = 0.7
		{"conceder", 2, 0, 1, 0.7102633403898973}, // 0.9 − √0.1·0.6
		{"conceder", 2, 0, 4, 0.5205266807797944}, // 0.9 − √0.4·0.6
		{"conceder", 2, 0, 10, 0.3},
		{"conceder k", 2, 0.2, 1, 0.6282106723119178}, // α = 0.2 + 0.8·√0.1
	}
	for _, tt := range tests {
		st := Strategy{Kind: TimeDependent, Beta: tt.beta, K: tt.k}
		var s State
		got := st.Aspiration(&s, tt.round, deadline, best, floor)
		if !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
			t.Errorf("%s: Aspiration(β=%v k=%v, round %d) = %v, want %v", tt.name, tt.beta, tt.k, tt.round, got, tt.want)
		}
	}
}

// TestAspirationOrder checks the shape of the three time-dependent families:
// at every round before the deadline Boulware demands more than linear, and
// linear more than Conceder; all are non-increasing in time.
func TestAspirationOrder(t *testing.T) {
	const (
		best, floor = 0.8, 0.1
		deadline    = 20
	)
	td := func(beta float64) Strategy { return Strategy{Kind: TimeDependent, Beta: beta} }
	boulware, linear, conceder := td(0.2), td(1), td(2)
	prev := [3]float64{best, best, best}
	for round := 1; round < deadline; round++ {
		var s State
		a := [3]float64{
			boulware.Aspiration(&s, round, deadline, best, floor),
			linear.Aspiration(&s, round, deadline, best, floor),
			conceder.Aspiration(&s, round, deadline, best, floor),
		}
		if !(a[0] > a[1] && a[1] > a[2]) {
			t.Errorf("round %d: Boulware, linear, Conceder aspirations = %v, want strictly decreasing", round, a)
		}
		for i := range a {
			if a[i] > prev[i] || a[i] < floor || a[i] > best {
				t.Errorf("round %d: family %d aspiration %v after %v, want non-increasing in [%v, %v]", round, i, a[i], prev[i], floor, best)
			}
		}
		prev = a
	}
}

// TestAspirationFloorAboveBest checks that every family demands best when
// its floor (the reservation value) is at or above best.
func TestAspirationFloorAboveBest(t *testing.T) {
	strategies := []Strategy{
		{Kind: TimeDependent, Beta: 0.2},
		{Kind: TimeDependent, Beta: 2, K: 0.3},
		{Kind: TitForTat, Rate: 1, MinConcession: 0.5},
		{Kind: HardLiner, Target: 0},
	}
	for _, st := range strategies {
		for _, floor := range []float64{0.6, 0.7, 1} {
			for _, round := range []int{1, 5, 10} {
				var s State
				if got := st.Aspiration(&s, round, 10, 0.6, floor); got != 0.6 {
					t.Errorf("%v: Aspiration(round %d, best 0.6, floor %v) = %v, want 0.6", st.Kind, round, floor, got)
				}
			}
		}
	}
}

// TestAspirationTitForTat follows one tit-for-tat party through a
// negotiation: before each round it observes the proposals it received,
// then sets its demand. best = 0.9, floor = 0.3 (span 0.6), T = 10,
// Rate = 0.5, MinConcession = 0.1 (0.06 a round).
func TestAspirationTitForTat(t *testing.T) {
	st := Strategy{Kind: TitForTat, Rate: 0.5, MinConcession: 0.1}
	const (
		best, floor = 0.9, 0.3
		deadline    = 10
	)
	steps := []struct {
		observe []float64
		round   int
		want    float64
	}{
		{[]float64{0.1, 0.3}, 1, 0.9},  // starts at best; gains before the start do not count
		{[]float64{0.2, 0.4}, 2, 0.79}, // gain 0.1 on 0.3: 0.9 − 0.5·0.1 − 0.06
		{[]float64{0.3}, 3, 0.73},      // no improvement on 0.4: only the minimum concession
		{[]float64{0.9}, 4, 0.42},      // gain 0.5: 0.73 − 0.25 − 0.06
		{nil, 5, 0.36},
		{nil, 6, 0.3},
		{nil, 7, 0.3},             // 0.24 is below the floor
		{[]float64{0.95}, 8, 0.3}, // never below the floor
		{nil, 10, 0.3},            // last round: the floor
	}
	var s State
	for _, step := range steps {
		for _, u := range step.observe {
			s.Observe(u)
		}
		got := st.Aspiration(&s, step.round, deadline, best, floor)
		if !scalar.EqualWithinAbsOrRel(got, step.want, tol, tol) {
			t.Errorf("Aspiration(%+v, round %d) = %v, want %v", st, step.round, got, step.want)
		}
	}
}

// TestAspirationTitForTatStubborn checks that a tit-for-tat party that
// receives no concessions and has no minimum concession holds its best
// until the last round, and then drops to its floor; and that a rising
// floor (drift) lifts its demand.
func TestAspirationTitForTatStubborn(t *testing.T) {
	st := Strategy{Kind: TitForTat, Rate: 1}
	const deadline = 6
	var s State
	for round := 1; round < deadline; round++ {
		s.Observe(0.2) // the same offer every round: no gain
		if got := st.Aspiration(&s, round, deadline, 0.7, 0.1); got != 0.7 {
			t.Errorf("Aspiration(%+v, round %d) = %v, want 0.7", st, round, got)
		}
	}
	if got := st.Aspiration(&s, deadline, deadline, 0.7, 0.1); got != 0.1 {
		t.Errorf("Aspiration(%+v, round %d) = %v, want floor 0.1", st, deadline, got)
	}

	// A conceder that has reached its floor follows the floor up.
	st = Strategy{Kind: TitForTat, MinConcession: 1}
	s = State{}
	st.Aspiration(&s, 1, 10, 0.7, 0.1)
	if got := st.Aspiration(&s, 2, 10, 0.7, 0.1); got != 0.1 {
		t.Errorf("Aspiration(%+v, round 2, floor 0.1) = %v, want 0.1", st, got)
	}
	if got := st.Aspiration(&s, 3, 10, 0.7, 0.25); got != 0.25 {
		t.Errorf("Aspiration(%+v, round 3, floor 0.25) = %v, want 0.25", st, got)
	}
}

func TestAspirationHardLiner(t *testing.T) {
	tests := []struct {
		target, want float64
	}{
		{1, 0.9},
		{0.5, 0.6}, // 0.3 + 0.5·0.6
		{0.25, 0.45},
		{0, 0.3},
	}
	for _, tt := range tests {
		st := Strategy{Kind: HardLiner, Target: tt.target}
		var s State
		for _, round := range []int{1, 5, 10} {
			s.Observe(float64(round) / 10)
			got := st.Aspiration(&s, round, 10, 0.9, 0.3)
			if !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
				t.Errorf("Aspiration(%+v, %d) = %v, want %v", st, round, got, tt.want)
			}
		}
	}
}

func TestKindString(t *testing.T) {
	tests := []struct {
		k    Kind
		want string
	}{
		{TimeDependent, "time-dependent"},
		{TitForTat, "tit-for-tat"},
		{HardLiner, "hard-liner"},
		{Kind(-1), "unknown"},
		{Kind(3), "unknown"},
	}
	for _, tt := range tests {
		if got := tt.k.String(); got != tt.want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(tt.k), got, tt.want)
		}
	}
	if got := Outside.String(); got != "outside" {
		t.Errorf("Outside.String() = %q, want %q", got, "outside")
	}
	if got := AtTable.String(); got != "table" {
		t.Errorf("AtTable.String() = %q, want %q", got, "table")
	}
}
