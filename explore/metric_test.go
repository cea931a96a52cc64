package explore_test

import (
	"context"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// TestMetricOfMatchesFrom checks, for every metric of an agenda scenario,
// that counting the runs where Of holds gives exactly the estimate From
// reads from the summary (1,500 runs, seed 4), so that Sobol and Compare
// (run by run) and sweeps and one-at-a-time (from summaries) analyse the
// same figure.
func TestMetricOfMatchesFrom(t *testing.T) {
	sc, err := scenarios.Load("../scenarios/testdata/valid/agenda.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	specs := []string{"agreement", "comprehensive"}
	for _, it := range sc.Sim.Agenda.Items {
		for _, f := range []string{"agreed", "in_force", "in_force_horizon", "lapsed"} {
			specs = append(specs, "item:"+it.ID+":"+f)
		}
	}
	var metrics []explore.Metric
	for _, sp := range specs {
		m, err := explore.ParseMetric(sc.Sim, sp)
		if err != nil {
			t.Fatalf("ParseMetric(%q): %v", sp, err)
		}
		metrics = append(metrics, m)
	}
	counts := make([]int, len(metrics))
	const runs = 1500
	sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: runs, Seed: 4,
		Record: func(_ int, o *sim.Outcome) error {
			for i, m := range metrics {
				if m.Of(o) {
					counts[i]++
				}
			}
			return nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	distinct := map[int]bool{}
	for i, m := range metrics {
		p, lo, hi := m.From(sum)
		if want := float64(counts[i]) / runs; p != want || lo > p || hi < p {
			t.Errorf("%s: From = %v [%v, %v], counted %v", m, p, lo, hi, want)
		}
		distinct[counts[i]] = true
	}
	if len(distinct) < 4 {
		t.Errorf("the metrics gave only %d distinct counts: the scenario does not tell them apart", len(distinct))
	}
}

func TestParseMetricErrors(t *testing.T) {
	agenda, err := scenarios.Load("../scenarios/testdata/valid/agenda.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := scenarios.Load("../scenarios/testdata/valid/minimal.yaml", nil)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		s    *sim.Scenario
		spec string
		want string
	}{
		{agenda.Sim, "item:nope:agreed", "items: minerals, energy_truce, ceasefire"},
		{agenda.Sim, "item:minerals:signed", "allowed: agreed, in_force, in_force_horizon, lapsed"},
		{agenda.Sim, "chance", "allowed: agreement, comprehensive"},
		{plain.Sim, "item:minerals:agreed", "needs a scenario with an agenda"},
		{plain.Sim, "comprehensive", "needs a scenario with an agenda"},
	}
	for _, tt := range tests {
		if _, err := explore.ParseMetric(tt.s, tt.spec); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseMetric(%q) = %v, want an error saying %q", tt.spec, err, tt.want)
		}
	}
}

// TestCompareTerms checks the paired comparison of terms on the bundled
// grand bargain, trilateral against alternating offers (1,000 runs, seed
// 2): each option's chances in A and B are the shares of runs whose
// agreement settles the issue there, recounted run by run from two
// recorded estimates, and the paired difference is their difference.
func TestCompareTerms(t *testing.T) {
	load := func(sets ...string) *sim.Scenario {
		sc, err := scenarios.Load("", append([]string{"agenda.comprehensive=true"}, sets...))
		if err != nil {
			t.Fatal(err)
		}
		return sc.Sim
	}
	a, b := load(), load("protocol.type=alternating")
	const runs = 1000
	c, err := explore.Compare(context.Background(), a, b, sim.Options{Runs: runs, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	count := func(s *sim.Scenario) map[[2]int]int {
		n := map[[2]int]int{}
		_, err := sim.MonteCarlo(context.Background(), s, sim.Options{Runs: runs, Seed: 2, Record: func(_ int, o *sim.Outcome) error {
			if o.Agreement {
				for k, opt := range o.Package {
					n[[2]int{k, opt}]++
				}
			}
			return nil
		}})
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	na, nb := count(a), count(b)
	i, moved := 0, false
	for k, is := range a.Issues {
		for o := range is.Options {
			d := c.Terms[i]
			i++
			pa, pb := float64(na[[2]int{k, o}])/runs, float64(nb[[2]int{k, o}])/runs
			if d.PA != pa || d.PB != pb || math.Abs(d.Diff-(pa-pb)) > 1e-12 || d.DiffLo > d.Diff || d.DiffHi < d.Diff {
				t.Errorf("%s=%s: %+v; recounted p_a %v, p_b %v", d.Issue, d.Option, d, pa, pb)
			}
			moved = moved || d.Diff != 0
		}
	}
	if !moved {
		t.Error("no option's chance differs between the protocols: the test does not discriminate")
	}
}

// TestMetricByRound checks each metric's series round by round against
// the summary it comes from, with Wilson intervals recomputed from whole
// run counts, and that the figures without one say so.
func TestMetricByRound(t *testing.T) {
	sc, err := scenarios.Load("ukraine-2025-03", nil)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: 1500, Seed: 2, Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	minerals := slices.IndexFunc(sum.Agenda.Items, func(it sim.ItemSummary) bool { return it.Item == "minerals" })
	for _, tt := range []struct {
		spec string
		want []float64 // nil: no series
	}{
		{"agreement", nil},
		{"item:minerals:agreed", sum.Agenda.Items[minerals].AgreedByRound},
		{"item:minerals:in_force", sum.Agenda.Items[minerals].InForceByRound},
		{"item:minerals:in_force_horizon", sum.Agenda.Items[minerals].InForceByRound},
		{"item:minerals:lapsed", nil},
		{"comprehensive", nil},
	} {
		m, err := explore.ParseMetric(sc.Sim, tt.spec)
		if err != nil {
			t.Fatal(err)
		}
		rounds, ok := m.ByRound(sum)
		switch {
		case tt.spec == "agreement":
			if !ok || !slices.Equal(rounds, sum.ByRound) {
				t.Errorf("%s: not the summary's ByRound", tt.spec)
			}
			continue
		case tt.want == nil:
			if ok || rounds != nil {
				t.Errorf("%s: a by-round series (%d rounds), want none", tt.spec, len(rounds))
			}
			continue
		}
		if !ok || len(rounds) != len(tt.want) || len(rounds) == 0 {
			t.Fatalf("%s: %d rounds (ok %v), want %d", tt.spec, len(rounds), ok, len(tt.want))
		}
		for r, x := range rounds {
			k := 0
			for float64(k)/float64(sum.Runs) < tt.want[r] {
				k++
			}
			lo, hi := sim.Wilson(k, sum.Runs)
			if x.Round != r+1 || x.P != tt.want[r] || x.CILow != lo || x.CIHigh != hi {
				t.Errorf("%s round %d: %+v, want p %v in [%v, %v]", tt.spec, r+1, x, tt.want[r], lo, hi)
			}
		}
	}
}
