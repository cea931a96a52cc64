package sim_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Every run's analysis (ZOPA, Pareto gap, Nash distance, exactness) is the
// same to the bit whether an analysis.Archive built once answers it or a
// Searcher searches anew in the run, as before the Archive: 3,000 runs
// (seed 3) of W1, of the bundled scenario's grand-bargain variant (outside
// parties whose consent is needed), of W2 with three parties, of W1 with
// reservation values uniform on [0.3, 0.8] (talks that fail, with a ZOPA
// and without), and of that with uncertain utilities (the seller's price
// weight uniform on [0.4, 0.8]), which keeps the Searcher on both sides.
func TestArchiveSameAnalysis(t *testing.T) {
	const runs, seed = 3000, 3
	high := []string{"parties.buyer.reservation=uniform(0.3, 0.8)", "parties.seller.reservation=uniform(0.3, 0.8)"}
	var agreed, failedZOPA, failedNone int
	for _, tt := range []struct {
		name     string
		s        *sim.Scenario
		archived bool
	}{
		{"w1", loadVariant(t, "w1", ""), true},
		{"grand-bargain", loadVariant(t, scenarios.DefaultName, "grand-bargain"), true},
		{"w2-3", w2(t, 3), true},
		{"w1-high", loadVariant(t, "w1", "", high...), true},
		{"w1-high-uncertain", loadVariant(t, "w1", "", append(high, "parties.seller.weights.price=uniform(0.4, 0.8)")...), false},
	} {
		a, s := sim.NewRunner(tt.s), sim.NewRunner(tt.s)
		sim.SearchOnly(s)
		for i := range runs {
			oa := a.Run(seed, i, nil)
			if err := a.Analyze(oa); err != nil {
				t.Fatal(err)
			}
			got := fmt.Sprint(oa.ZOPA, math.Float64bits(oa.ParetoGap), math.Float64bits(oa.NashDistance), oa.Exact, oa.Analysed)
			os := s.Run(seed, i, nil)
			if err := s.Analyze(os); err != nil {
				t.Fatal(err)
			}
			want := fmt.Sprint(os.ZOPA, math.Float64bits(os.ParetoGap), math.Float64bits(os.NashDistance), os.Exact, os.Analysed)
			if got != want {
				t.Fatalf("%s run %d: archive gives ZOPA %v, gap %v, Nash distance %v, exact %v; searcher %v, %v, %v, %v",
					tt.name, i, oa.ZOPA, oa.ParetoGap, oa.NashDistance, oa.Exact, os.ZOPA, os.ParetoGap, os.NashDistance, os.Exact)
			}
			switch {
			case oa.Agreement:
				agreed++
			case oa.ZOPA:
				failedZOPA++
			default:
				failedNone++
			}
		}
		if sim.Archived(a) != tt.archived || sim.Archived(s) {
			t.Errorf("%s: archived %v (searcher path %v), want %v", tt.name, sim.Archived(a), sim.Archived(s), tt.archived)
		}
		t.Logf("%s: %v packages, the archive keeps %d", tt.name, packages(tt.s), sim.ArchiveLen(a))
	}
	t.Logf("%d agreements, %d failures with a ZOPA, %d without", agreed, failedZOPA, failedNone)
	if agreed == 0 || failedZOPA == 0 || failedNone == 0 {
		t.Errorf("%d agreements, %d failures with a ZOPA, %d without: the cases need all three", agreed, failedZOPA, failedNone)
	}
}

func loadVariant(t testing.TB, name, variant string, sets ...string) *sim.Scenario {
	t.Helper()
	sc, err := scenarios.LoadVariant(name, variant, sets)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Sim
}

// A run and its analysis allocate nothing once the Runner is set up, with
// an Archive (W1, grand-bargain) and with a Searcher (uncertain utilities).
func TestAnalyzeAllocs(t *testing.T) {
	for _, tt := range []struct {
		name string
		s    *sim.Scenario
	}{
		{"w1", loadVariant(t, "w1", "")},
		{"grand-bargain", loadVariant(t, scenarios.DefaultName, "grand-bargain")},
		{"w1-uncertain", loadVariant(t, "w1", "", "parties.seller.weights.price=uniform(0.4, 0.8)")},
	} {
		r := sim.NewRunner(tt.s)
		i := 0
		run := func() {
			o := r.Run(1, i, nil)
			if err := r.Analyze(o); err != nil {
				t.Fatal(err)
			}
			i++
		}
		for range 1000 {
			run() // fill the gap caches of the agreed packages
		}
		if allocs := testing.AllocsPerRun(200, run); allocs != 0 {
			t.Errorf("%s: %v allocations per analysed run, want 0", tt.name, allocs)
		}
	}
}

func packages(s *sim.Scenario) int {
	n := 1
	for _, is := range s.Issues {
		n *= len(is.Options)
	}
	return n
}
