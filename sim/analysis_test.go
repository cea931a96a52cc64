package sim

import (
	"context"
	"reflect"
	"testing"
)

// In the Monte Carlo with analysis: no run reports an agreement without a
// zone of possible agreement, so P(agreement) ≤ P(ZOPA); efficiency is at
// most 1; distances are ≥ 0; and analysing changes none of the other
// numbers.
func TestAnalysisInMonteCarlo(t *testing.T) {
	const runs = 2000
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			bad := 0
			opt := Options{Runs: runs, Seed: 17, Analyze: true, Record: func(i int, o *Outcome) error {
				if !o.Analysed {
					t.Fatalf("%s/%s: run %d not analysed", m.name, p.name, i)
				}
				if o.Agreement && !o.ZOPA {
					bad++
				}
				if o.ParetoGap < 0 || o.NashDistance < 0 {
					t.Errorf("%s/%s: run %d: negative distance %v, %v", m.name, p.name, i, o.ParetoGap, o.NashDistance)
				}
				return nil
			}}
			with, err := MonteCarlo(context.Background(), s, opt)
			if err != nil {
				t.Fatal(err)
			}
			if bad > 0 {
				t.Errorf("%s/%s: %d agreements without a ZOPA", m.name, p.name, bad)
			}
			a := with.Analysis
			if a == nil || a.ZOPARuns < with.Agreements || a.Efficiency > 1 || a.PZOPA < with.P {
				t.Errorf("%s/%s: analysis %+v inconsistent with %d agreements", m.name, p.name, a, with.Agreements)
			}
			t.Logf("%s/%s: P(agreement) %.3f, P(ZOPA) %.3f, efficiency %.3f, Pareto gap %.4f, Nash distance %.4f",
				m.name, p.name, with.P, a.PZOPA, a.Efficiency, a.MeanParetoGap, a.MeanNashDistance)
			without, err := MonteCarlo(context.Background(), s, Options{Runs: runs, Seed: 17})
			if err != nil {
				t.Fatal(err)
			}
			with.Analysis = nil
			if !reflect.DeepEqual(with, without) {
				t.Errorf("%s/%s: analysing the runs changed the summary", m.name, p.name)
			}
		}
	}
}

// With a red line on every option of an issue no zone of agreement exists.
func TestAnalysisNoZOPA(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	for o := range s.Parties[1].RedLines[0] {
		s.Parties[1].RedLines[0][o] = true
	}
	sum, err := MonteCarlo(context.Background(), s, Options{Runs: 600, Seed: 2, Analyze: true})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Analysis.ZOPARuns != 0 || sum.Agreements != 0 {
		t.Errorf("ZOPA runs %d, agreements %d; want 0 and 0", sum.Analysis.ZOPARuns, sum.Agreements)
	}
}
