package sim

import (
	"context"
	"reflect"
	"testing"

	"github.com/negsim/negsim/agents"
)

// In the Monte Carlo with analysis: P(agreement) ≤ P(ZOPA); efficiency is
// at most 1; distances are ≥ 0; and analysing changes none of the other
// numbers. (Whether each run's ZOPA is right is TestZOPAAgainstEnumeration.)
func TestAnalysisInMonteCarlo(t *testing.T) {
	const runs = 2000
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			opt := Options{Runs: runs, Seed: 17, Analyze: true, Record: func(i int, o *Outcome) error {
				if !o.Analysed {
					t.Fatalf("%s/%s: run %d not analysed", m.name, p.name, i)
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

// Each run's ZOPA, as Runner.Analyze reports it, equals an independent
// recomputation by enumerating every package with the run's drawn parties:
// some package crosses no red line of a party whose consent is needed and
// gives each of them at least its reservation value, at the reservation
// values the run ended with or else (for a failure) at those of its first
// round (Runner.Draw). An agreed package must itself be such a package at
// the agreement round. 1,500 runs per scenario and protocol, seed 17; exact
// comparison (no tolerance: both sides compare the same float64 sums).
func TestZOPAAgainstEnumeration(t *testing.T) {
	const runs, seed = 1500, 17
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			r, start := NewRunner(s), NewRunner(s)
			var sizes []int
			for _, is := range s.Issues {
				sizes = append(sizes, len(is.Options))
			}
			zopa, agreed, fromStart := 0, 0, 0
			for i := range runs {
				o := r.Run(seed, i, nil)
				want := enumerateZOPA(r.Parties(), r.Consenters(), sizes)
				if o.Agreement {
					agreed++
					for _, j := range r.Consenters() {
						q := &r.Parties()[j]
						if q.Breaks(o.Package) || q.ConsentUtility(o.Package) < q.Reservation {
							t.Errorf("%s/%s run %d: agreed package %v: %s's red line crossed %v, consent utility %v, reservation %v",
								m.name, p.name, i, o.Package, q.ID, q.Breaks(o.Package), q.ConsentUtility(o.Package), q.Reservation)
						}
					}
				} else if !want {
					want = enumerateZOPA(start.Draw(seed, i), start.Consenters(), sizes)
					if want {
						fromStart++
					}
				}
				if err := r.Analyze(o); err != nil {
					t.Fatal(err)
				}
				if o.ZOPA != want {
					t.Errorf("%s/%s run %d (agreement %v): Analyze says ZOPA %v, enumeration %v", m.name, p.name, i, o.Agreement, o.ZOPA, want)
				}
				if want {
					zopa++
				}
			}
			t.Logf("%s/%s: %d runs, %d with a ZOPA (%d only at the first round's reservation values), %d agreements", m.name, p.name, runs, zopa, fromStart, agreed)
			if zopa == runs || zopa == agreed {
				t.Errorf("%s/%s: %d runs with a ZOPA of %d, %d agreements; the case must have failures with and without one", m.name, p.name, zopa, runs, agreed)
			}
		}
	}
}

// enumerateZOPA reports whether some package crosses none of the consenting
// parties' red lines and gives each at least its reservation value, by
// trying every package.
func enumerateZOPA(parties []agents.Party, consenters, sizes []int) bool {
	pkg := make([]int, len(sizes))
	for {
		ok := true
		for _, j := range consenters {
			q := &parties[j]
			if q.Breaks(pkg) || q.ConsentUtility(pkg) < q.Reservation {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
		// Next package, last issue fastest.
		k := len(pkg) - 1
		for ; k >= 0; k-- {
			if pkg[k]++; pkg[k] < sizes[k] {
				break
			}
			pkg[k] = 0
		}
		if k < 0 {
			return false
		}
	}
}
