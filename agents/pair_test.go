package agents

import (
	"math/rand/v2"
	"testing"
)

// With two parties, PairDraft is the draft PlanExact writes; as the target
// falls, the other party's utility for it never falls; and the table's
// consent utility is ConsentUtility to the bit (the simulator's skipping
// of silent rounds relies on all three). Seeds 1..200, 60 targets each,
// interaction terms included (so that some targets are out of reach).
func TestPairDraft(t *testing.T) {
	for seed := uint64(1); seed <= 200; seed++ {
		rng := rand.New(rand.NewPCG(seed, 7))
		parties, _, _ := planInstance(t, rng)
		parties = parties[:2]
		parties[0].Pairs = []Pair{{K1: 0, O1: 0, K2: 1, O2: 1, U: 0.2}}
		parties[1].Pairs = []Pair{{K1: 0, O1: 1, K2: 1, O2: 0, U: -0.1}}
		sizes := make([]int, len(parties[0].Utils))
		allowed := make([][]bool, len(sizes))
		for k := range sizes {
			sizes[k] = len(parties[0].Utils[k])
			allowed[k] = make([]bool, sizes[k])
			for o := range allowed[k] {
				allowed[k][o] = rng.Float64() > 0.2 || o == 0
			}
		}
		sp := NewSpace(sizes, allowed, 2, 1<<20)
		for j := range parties {
			parties[j].SetConsent()
			sp.Fill(j, &parties[j])
		}
		sp.Prune([]int{0, 1})
		if a, b, ok := sp.Pair(); !ok || a != 0 || b != 1 {
			t.Fatalf("seed %d: Pair() = %d, %d, %v, want 0, 1, true", seed, a, b, ok)
		}
		planned, drafted := make([]int, len(sizes)), make([]int, len(sizes))
		demand := []float64{0.5, 0.5}
		for self := range 2 {
			other := 1 - self
			prev := -1.0
			for i := range 60 {
				target := 1.3 - float64(i)/40 // from out of reach to below everything
				c := sp.PairDraft(self, target)
				sp.PlanExact(planned, self, []int{0, 1}, demand, target)
				sp.Candidate(c, drafted)
				for k := range planned {
					if planned[k] != drafted[k] {
						t.Fatalf("seed %d: self %d target %v: PairDraft gives %v, PlanExact %v", seed, self, target, drafted, planned)
					}
				}
				for j := range parties {
					if got, want := sp.CandidateConsent(j, c), parties[j].ConsentUtility(drafted); got != want {
						t.Fatalf("seed %d: CandidateConsent(%d, %v) = %v, ConsentUtility = %v", seed, j, drafted, got, want)
					}
				}
				u := sp.CandidateConsent(other, c)
				if u < prev {
					t.Fatalf("seed %d: self %d: target %v gives the other %v, less than %v at a higher target", seed, self, target, u, prev)
				}
				prev = u
			}
		}
	}
}

// Conceding holds exactly when α is tabulated for the deadline asked and
// never falls over the table, checked here against Alpha itself.
func TestConceding(t *testing.T) {
	for _, beta := range []float64{0.001, 0.2, 1, 2, 1000} {
		for _, k := range []float64{0, 0.3, 1} {
			for _, T := range []int{0, 1, 9, 99, 1 << 17} {
				s := &TimeDependent{}
				s.Set([]float64{beta, k})
				if s.Conceding(T) {
					t.Errorf("β=%v k=%v T=%d: Conceding before any Aspiration", beta, k, T)
				}
				s.Aspiration(0, T, 0.9, 0.2)
				want := T <= 1<<16
				for r := 1; r <= T && want; r++ {
					want = s.Alpha(r, T) >= s.Alpha(r-1, T)
				}
				if got := s.Conceding(T); got != want {
					t.Errorf("β=%v k=%v T=%d: Conceding = %v, want %v", beta, k, T, got, want)
				}
				if s.Conceding(T + 1) {
					t.Errorf("β=%v k=%v T=%d: Conceding(%d) true for a table of deadline %d", beta, k, T, T+1, T)
				}
				s.Set([]float64{beta * 2, k})
				if s.Conceding(T) {
					t.Errorf("β=%v k=%v T=%d: Conceding after Set changed β", beta, k, T)
				}
			}
		}
	}
}
