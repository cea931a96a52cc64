package agents

import (
	"fmt"
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
		st := &TimeDependent{Beta: tt.beta, K: tt.k}
		got := st.Aspiration(tt.round, deadline, best, floor)
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
	td := func(beta float64) Strategy { return &TimeDependent{Beta: beta} }
	boulware, linear, conceder := td(0.2), td(1), td(2)
	prev := [3]float64{best, best, best}
	for round := 1; round < deadline; round++ {
		a := [3]float64{
			boulware.Aspiration(round, deadline, best, floor),
			linear.Aspiration(round, deadline, best, floor),
			conceder.Aspiration(round, deadline, best, floor),
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
	strategies := []func() Strategy{
		func() Strategy { return &TimeDependent{Beta: 0.2} },
		func() Strategy { return &TimeDependent{Beta: 2, K: 0.3} },
		func() Strategy { return &TitForTat{Rate: 1, MinConcession: 0.5} },
		func() Strategy { return &HardLiner{Target: 0} },
	}
	for _, mk := range strategies {
		for _, floor := range []float64{0.6, 0.7, 1} {
			for _, round := range []int{1, 5, 10} {
				st := mk()
				if got := st.Aspiration(round, 10, 0.6, floor); got != 0.6 {
					t.Errorf("%v: Aspiration(round %d, best 0.6, floor %v) = %v, want 0.6", st, round, floor, got)
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
	st := &TitForTat{Rate: 0.5, MinConcession: 0.1}
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
	for _, step := range steps {
		for _, u := range step.observe {
			st.Observe(u)
		}
		got := st.Aspiration(step.round, deadline, best, floor)
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
	st := &TitForTat{Rate: 1}
	const deadline = 6
	for round := 1; round < deadline; round++ {
		st.Observe(0.2) // the same offer every round: no gain
		if got := st.Aspiration(round, deadline, 0.7, 0.1); got != 0.7 {
			t.Errorf("Aspiration(%+v, round %d) = %v, want 0.7", st, round, got)
		}
	}
	if got := st.Aspiration(deadline, deadline, 0.7, 0.1); got != 0.1 {
		t.Errorf("Aspiration(%+v, round %d) = %v, want floor 0.1", st, deadline, got)
	}

	// A conceder that has reached its floor follows the floor up.
	st = &TitForTat{MinConcession: 1}
	st.Aspiration(1, 10, 0.7, 0.1)
	if got := st.Aspiration(2, 10, 0.7, 0.1); got != 0.1 {
		t.Errorf("Aspiration(%+v, round 2, floor 0.1) = %v, want 0.1", st, got)
	}
	if got := st.Aspiration(3, 10, 0.7, 0.25); got != 0.25 {
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
		st := &HardLiner{Target: tt.target}
		for _, round := range []int{1, 5, 10} {
			st.Observe(float64(round) / 10)
			got := st.Aspiration(round, 10, 0.9, 0.3)
			if !scalar.EqualWithinAbsOrRel(got, tt.want, tol, tol) {
				t.Errorf("Aspiration(%+v, %d) = %v, want %v", st, round, got, tt.want)
			}
		}
	}
}

func TestRoleString(t *testing.T) {
	if got := Outside.String(); got != "outside" {
		t.Errorf("Outside.String() = %q, want %q", got, "outside")
	}
	if got := AtTable.String(); got != "table" {
		t.Errorf("AtTable.String() = %q, want %q", got, "table")
	}
}

// TestRegistry checks the built-in families, their parameters and
// defaults, and that Set resets a reactive strategy's state.
func TestRegistry(t *testing.T) {
	tests := []struct {
		name     string
		params   []string
		defaults []float64
		reactive bool
	}{
		{"boulware", []string{"beta", "k"}, []float64{0.2, 0}, false},
		{"conceder", []string{"beta", "k"}, []float64{2, 0}, false},
		{"linear", []string{"beta", "k"}, []float64{1, 0}, false},
		{"time-dependent", []string{"beta", "k"}, []float64{1, 0}, false},
		{"tit-for-tat", []string{"rate", "min_concession"}, []float64{1, 0}, true},
		{"hard-liner", []string{"target"}, []float64{1}, false},
	}
	for _, tt := range tests {
		f, ok := Lookup(tt.name)
		if !ok {
			t.Errorf("Lookup(%q) found nothing", tt.name)
			continue
		}
		var names []string
		for _, p := range f.Params {
			names = append(names, p.Name)
		}
		if fmt.Sprint(names) != fmt.Sprint(tt.params) || fmt.Sprint(f.Defaults()) != fmt.Sprint(tt.defaults) || f.Reactive != tt.reactive {
			t.Errorf("%s: params %v defaults %v reactive %v, want %v %v %v", tt.name, names, f.Defaults(), f.Reactive, tt.params, tt.defaults, tt.reactive)
		}
	}
	if lin, _ := Lookup("linear"); !lin.Params[lin.Param("beta")].Locked {
		t.Error("linear's beta is not locked")
	}
	if td, _ := Lookup("time-dependent"); !td.Params[td.Param("beta")].Required {
		t.Error("time-dependent's beta is not required")
	}
	if got := len(Families()); got != len(tests) {
		t.Errorf("Families() lists %d, want %d", got, len(tests))
	}

	// Set starts a new run: a tit-for-tat party forgets what it saw.
	f, _ := Lookup("tit-for-tat")
	st := f.Build([]float64{1, 0})
	st.Aspiration(1, 10, 0.9, 0.3)
	st.Observe(0.2)
	st.Observe(0.5)
	st.Set([]float64{1, 0})
	if got := st.Aspiration(1, 10, 0.9, 0.3); got != 0.9 {
		t.Errorf("after Set, round 1 aspiration = %v, want best 0.9", got)
	}
}

// TestRegisterRejects checks the programming errors Register panics on.
func TestRegisterRejects(t *testing.T) {
	newHL := func() Strategy { return &HardLiner{} }
	tests := []struct {
		name string
		f    Family
	}{
		{"duplicate", Family{Name: "boulware", New: newHL}},
		{"no name", Family{New: newHL}},
		{"no constructor", Family{Name: "x"}},
		{"too many parameters", Family{Name: "y", New: newHL, Params: make([]ParamSpec, MaxParams+1)}},
	}
	for _, tt := range tests {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: Register did not panic", tt.name)
				}
			}()
			Register(tt.f)
		}()
	}
}

// TestTimeDependentTable checks that the tabulated α is Alpha to the bit,
// also after the parameters or the deadline change.
func TestTimeDependentTable(t *testing.T) {
	st := &TimeDependent{Beta: 0.3, K: 0.1}
	for _, T := range []int{5, 12, 5} {
		for _, beta := range []float64{0.3, 1.7} {
			st.Set([]float64{beta, 0.1})
			for r := 0; r <= T+2; r++ {
				want := 0.9 - st.Alpha(r, T)*(0.9-0.2)
				if got := st.Aspiration(r, T, 0.9, 0.2); got != want {
					t.Errorf("β=%v T=%d round %d: Aspiration = %v, want %v", beta, T, r, got, want)
				}
			}
		}
	}
}
