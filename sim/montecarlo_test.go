package sim

import (
	"context"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/negsim/negsim/agents"
)

// mcRuns is the sample size of the Monte Carlo tests: more than five
// batches, and not a multiple of the batch size, so the last batch is
// short.
const mcRuns = 3000

// TestMonteCarloWorkers checks that the summary does not depend on the
// number of workers (1, 2, 4, 8), bit for bit, and that two invocations
// give the same summary, for each protocol of both test scenarios. Seed 42,
// 3,000 runs.
func TestMonteCarloWorkers(t *testing.T) {
	if mcRuns%chunk == 0 || mcRuns < 4*chunk {
		t.Fatalf("mcRuns = %d: want several batches of %d and a short last one", mcRuns, chunk)
	}
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			want := monteCarlo(t, s, Options{Runs: mcRuns, Seed: 42, Workers: 1})
			for _, w := range []int{2, 4, 8, 1} {
				got := monteCarlo(t, s, Options{Runs: mcRuns, Seed: 42, Workers: w})
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s/%s: MonteCarlo with %d workers = %+v, want %+v as with 1", m.name, p.name, w, got, want)
				}
			}
		}
	}
	// The seed matters.
	s := toy(t, Mediated, Trilateral)
	a := monteCarlo(t, s, Options{Runs: 1000, Seed: 42})
	b := monteCarlo(t, s, Options{Runs: 1000, Seed: 43})
	if reflect.DeepEqual(a.Utility, b.Utility) {
		t.Errorf("seeds 42 and 43 give the same mean utilities %+v", a.Utility)
	}
}

// TestMonteCarloMatchesRuns recomputes the summary's counts from
// Runner.Run (seed 9, 3,000 runs of the rich scenario) and checks them.
func TestMonteCarloMatchesRuns(t *testing.T) {
	const seed = 9
	for _, p := range protocols {
		s := rich(t, p.kind, p.format)
		sum := monteCarlo(t, s, Options{Runs: mcRuns, Seed: seed, Workers: 3})
		r := NewRunner(s)
		agreed := 0
		byRound := make([]int, s.Deadline)
		reasons := map[string]int{}
		utilSum := make([]float64, len(s.Parties))
		for i := range mcRuns {
			o := r.Run(seed, i, nil)
			switch o.Reason {
			case Agreed:
				agreed++
				byRound[o.Round-1]++
				for j, u := range o.Utility {
					utilSum[j] += u
				}
			case Deadline:
				reasons["deadline"]++
			case ShockEnded:
				reasons["shock:"+s.Shocks[o.Cause].ID]++
			case WalkedOut:
				reasons["walkout:"+s.Parties[o.Cause].ID]++
			}
		}
		if sum.Runs != mcRuns || sum.Agreements != agreed || sum.Seed != seed || sum.Partial {
			t.Errorf("%s: Runs, Agreements, Seed, Partial = %d, %d, %d, %v, want %d, %d, %d, false", p.name, sum.Runs, sum.Agreements, sum.Seed, sum.Partial, mcRuns, agreed, seed)
		}
		cum := 0
		for k, rs := range sum.ByRound {
			cum += byRound[k]
			if want := float64(cum) / mcRuns; rs.P != want {
				t.Errorf("%s: ByRound[%d].P = %v, want %v", p.name, k, rs.P, want)
			}
		}
		got := map[string]int{}
		for _, b := range sum.Breakdown {
			got[b.Reason] = b.Count
		}
		if !reflect.DeepEqual(got, reasons) {
			t.Errorf("%s: Breakdown counts = %v, want %v", p.name, got, reasons)
		}
		for j, u := range sum.Utility {
			// Sums in batch order differ from one running sum by round-off.
			if want := utilSum[j] / float64(agreed); math.Abs(u.Mean-want) > 1e-12 {
				t.Errorf("%s: Utility[%s].Mean = %v, want %v", p.name, u.Party, u.Mean, want)
			}
		}
	}
}

// TestSummaryConsistency checks the summary's internal arithmetic for each
// protocol of both scenarios (seed 8, 3,000 runs): P and the breakdown
// shares sum to 1 (within 1e-12), ByRound is non-decreasing and ends at P,
// package shares sum to at most 1, each issue's option shares sum to 1
// (within 1e-12), and the Wilson intervals contain their estimates.
func TestSummaryConsistency(t *testing.T) {
	const tol = 1e-12
	for _, m := range scenarioMakers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			sum := monteCarlo(t, s, Options{Runs: mcRuns, Seed: 8, TopPackages: 5})
			name := m.name + "/" + p.name
			if sum.Agreements == 0 || sum.Agreements == sum.Runs {
				t.Fatalf("%s: %d agreements in %d runs, want some but not all", name, sum.Agreements, sum.Runs)
			}
			if want := float64(sum.Agreements) / float64(sum.Runs); sum.P != want {
				t.Errorf("%s: P = %v, want %v", name, sum.P, want)
			}
			if !(sum.CILow <= sum.P && sum.P <= sum.CIHigh) {
				t.Errorf("%s: P = %v outside its interval [%v, %v]", name, sum.P, sum.CILow, sum.CIHigh)
			}
			wantProto, wantFormat := p.kind.String(), p.format.String()
			if p.kind == Alternating {
				wantFormat = ""
			}
			if sum.Scenario != s.Name || sum.Protocol != wantProto || sum.Format != wantFormat {
				t.Errorf("%s: Scenario, Protocol, Format = %q, %q, %q, want %q, %q, %q", name, sum.Scenario, sum.Protocol, sum.Format, s.Name, wantProto, wantFormat)
			}

			total, count := sum.P, sum.Agreements
			for i, b := range sum.Breakdown {
				total += b.Share
				count += b.Count
				if i > 0 && b.Count > sum.Breakdown[i-1].Count {
					t.Errorf("%s: Breakdown not sorted by count: %+v", name, sum.Breakdown)
				}
			}
			if math.Abs(total-1) > tol || count != sum.Runs {
				t.Errorf("%s: P + breakdown shares = %v (counts %d of %d), want 1", name, total, count, sum.Runs)
			}

			if len(sum.ByRound) != s.Deadline {
				t.Fatalf("%s: %d ByRound entries, want %d", name, len(sum.ByRound), s.Deadline)
			}
			prev := 0.0
			for k, rs := range sum.ByRound {
				if rs.Round != k+1 || rs.P < prev || !(rs.CILow <= rs.P && rs.P <= rs.CIHigh) {
					t.Errorf("%s: ByRound[%d] = %+v after P %v, want round %d, non-decreasing P inside its interval", name, k, rs, prev, k+1)
				}
				prev = rs.P
			}
			if last := sum.ByRound[len(sum.ByRound)-1]; last.P != sum.P {
				t.Errorf("%s: ByRound ends at %v, want P = %v", name, last.P, sum.P)
			}

			var pkgShare float64
			pkgCount := 0
			for i, ps := range sum.Packages {
				pkgShare += ps.Share
				pkgCount += ps.Count
				if len(ps.Options) != len(s.Issues) || (i > 0 && ps.Count > sum.Packages[i-1].Count) {
					t.Errorf("%s: Packages[%d] = %+v: want one option per issue, sorted by count", name, i, ps)
				}
			}
			if len(sum.Packages) > 5 || sum.DistinctPackages < len(sum.Packages) || pkgShare > 1+tol || pkgCount > sum.Agreements {
				t.Errorf("%s: %d packages (of %d distinct) with shares summing to %v, counts to %d of %d agreements; want at most 5 and 1", name, len(sum.Packages), sum.DistinctPackages, pkgShare, pkgCount, sum.Agreements)
			}

			if len(sum.Issues) != len(s.Issues) {
				t.Fatalf("%s: %d issues in the summary, want %d", name, len(sum.Issues), len(s.Issues))
			}
			for k, is := range sum.Issues {
				var share float64
				n := 0
				for _, o := range is.Options {
					share += o.Share
					n += o.Count
				}
				if is.Issue != s.Issues[k].ID || len(is.Options) != len(s.Issues[k].Options) || math.Abs(share-1) > tol || n != sum.Agreements {
					t.Errorf("%s: issue %q: %d options with shares summing to %v and counts to %d, want %d, 1 and %d", name, is.Issue, len(is.Options), share, n, len(s.Issues[k].Options), sum.Agreements)
				}
			}

			var pivShare float64
			for _, ps := range sum.Pivotal {
				pivShare += ps.Share
			}
			if pivShare > 1+tol {
				t.Errorf("%s: pivotal shares sum to %v, want at most 1", name, pivShare)
			}
			for _, u := range sum.Utility {
				if !(u.Mean >= 0 && u.Mean <= 1) {
					t.Errorf("%s: mean utility of %s = %v, want in [0, 1]", name, u.Party, u.Mean)
				}
			}
		}
	}
}

func TestMonteCarloOptions(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	if sum, err := MonteCarlo(context.Background(), s, Options{Runs: -1}); err == nil {
		t.Errorf("MonteCarlo(Runs: -1) = %+v, nil, want an error", sum)
	}

	// Runs 0 means DefaultRuns; a one-round deadline keeps it quick.
	s.Deadline = 1
	var progress []int
	sum := monteCarlo(t, s, Options{Seed: 1, Workers: 2, Progress: func(done int) { progress = append(progress, done) }})
	if sum.Runs != DefaultRuns {
		t.Errorf("MonteCarlo(Runs: 0).Runs = %d, want %d", sum.Runs, DefaultRuns)
	}
	// Progress reports every batch, in order, ending at the total.
	nBatches := (DefaultRuns + chunk - 1) / chunk
	if len(progress) != nBatches || progress[len(progress)-1] != DefaultRuns {
		t.Fatalf("Progress called %d times ending with %v, want %d ending with %d", len(progress), progress[len(progress)-1:], nBatches, DefaultRuns)
	}
	for i, d := range progress[:len(progress)-1] {
		if d != (i+1)*chunk {
			t.Errorf("Progress call %d reported %d, want %d", i, d, (i+1)*chunk)
		}
	}

	// TopPackages limits the list.
	s = toy(t, Alternating, Trilateral)
	for _, top := range []int{1, 3} {
		sum := monteCarlo(t, s, Options{Runs: 1000, Seed: 1, TopPackages: top})
		if len(sum.Packages) != min(top, sum.DistinctPackages) {
			t.Errorf("TopPackages %d: %d packages listed of %d distinct", top, len(sum.Packages), sum.DistinctPackages)
		}
	}
}

// TestMonteCarloCancelled checks that a context cancelled before or
// during the estimate gives a partial summary and the context's error.
func TestMonteCarloCancelled(t *testing.T) {
	s := toy(t, Mediated, Shuttle)

	// No batch may start once the context is done; repeated because
	// which of several ready channels a select takes is random.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for range 20 {
		for _, w := range []int{1, 2, 4} {
			sum, err := MonteCarlo(ctx, s, Options{Runs: mcRuns, Workers: w})
			if !errors.Is(err, context.Canceled) || sum == nil || !sum.Partial || sum.Runs != 0 {
				t.Fatalf("%d workers, cancelled context: MonteCarlo = %+v, %v, want an empty partial summary and context.Canceled", w, sum, err)
			}
		}
	}

	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if sum, err := MonteCarlo(expired, s, Options{Runs: mcRuns}); !errors.Is(err, context.DeadlineExceeded) || sum == nil || !sum.Partial {
		t.Errorf("expired context: MonteCarlo = %+v, %v, want a partial summary and context.DeadlineExceeded", sum, err)
	}

	// Cancelled after the first batch is merged: the summary covers the
	// batches merged by then, in order, and equals the summary of that
	// many runs.
	const runs = 40 * chunk
	ctx, cancel = context.WithCancel(context.Background())
	defer cancel()
	sum, err := MonteCarlo(ctx, s, Options{Runs: runs, Seed: 4, Workers: 2, Progress: func(int) { cancel() }})
	if !errors.Is(err, context.Canceled) || sum == nil || !sum.Partial {
		t.Fatalf("cancelled after the first batch: MonteCarlo = %+v, %v, want a partial summary and context.Canceled", sum, err)
	}
	if sum.Runs < chunk || sum.Runs >= runs || sum.Runs%chunk != 0 {
		t.Fatalf("cancelled after the first batch: partial summary of %d runs, want whole batches, at least 1 and fewer than %d", sum.Runs, runs)
	}
	want := monteCarlo(t, s, Options{Runs: sum.Runs, Seed: 4})
	want.Partial = true
	if !reflect.DeepEqual(sum, want) {
		t.Errorf("partial summary of %d runs = %+v, want %+v", sum.Runs, sum, want)
	}
}

// TestMonteCarloRecord checks that Record sees runs 0..N−1 exactly once, in
// order, each equal to Runner.Run's outcome (seed 6, 3,000 runs, 4
// workers).
func TestMonteCarloRecord(t *testing.T) {
	const seed = 6
	for _, p := range protocols {
		s := rich(t, p.kind, p.format)
		r := NewRunner(s)
		next := 0
		rec := func(run int, o *Outcome) error {
			if run != next {
				t.Fatalf("%s: Record got run %d, want %d", p.name, run, next)
			}
			next++
			if got, want := snapshot(o), snapshot(r.Run(seed, run, nil)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: Record(%d) = %+v, want %+v", p.name, run, got, want)
			}
			return nil
		}
		sum := monteCarlo(t, s, Options{Runs: mcRuns, Seed: seed, Workers: 4, Record: rec})
		if next != mcRuns || sum.Runs != mcRuns {
			t.Errorf("%s: Record called for %d runs, summary of %d, want %d", p.name, next, sum.Runs, mcRuns)
		}
	}
}

func TestMonteCarloRecordError(t *testing.T) {
	errFull := errors.New("disk full")
	const failAt = 700 // in the second batch
	s := toy(t, Alternating, Trilateral)
	for _, w := range []int{1, 4} {
		calls := 0
		rec := func(run int, o *Outcome) error {
			calls++
			if run == failAt {
				return errFull
			}
			return nil
		}
		sum, err := MonteCarlo(context.Background(), s, Options{Runs: mcRuns, Workers: w, Record: rec})
		if !errors.Is(err, errFull) || sum != nil {
			t.Errorf("%d workers: MonteCarlo with a failing Record = %+v, %v, want nil and an error wrapping %v", w, sum, err, errFull)
		}
		if calls != failAt+1 {
			t.Errorf("%d workers: Record called %d times, want %d (none after the error)", w, calls, failAt+1)
		}
	}
}

// TestMonteCarloShortRuns covers estimates smaller than one batch, and
// with more workers than batches.
func TestMonteCarloShortRuns(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	for _, runs := range []int{1, 7, chunk, chunk + 1} {
		var seen []int
		sum := monteCarlo(t, s, Options{Runs: runs, Seed: 1, Workers: 8, Record: func(i int, _ *Outcome) error {
			seen = append(seen, i)
			return nil
		}})
		want := make([]int, runs)
		for i := range want {
			want[i] = i
		}
		if sum.Runs != runs || !slices.Equal(seen, want) {
			t.Errorf("Runs %d: summary of %d runs, Record saw %d runs", runs, sum.Runs, len(seen))
		}
	}
}

// An adaptive estimate stops at the same run count, with the same summary,
// for 1 and 4 workers, at a batch boundary where the interval is narrow
// enough, and not at the batch before.
func TestPrecisionStopsAtSameRunCount(t *testing.T) {
	const h = 0.01
	for _, p := range protocols {
		s := toy(t, p.kind, p.format)
		var sums []*Summary
		for _, w := range []int{1, 4} {
			sum, err := MonteCarlo(context.Background(), s, Options{Seed: 8, Workers: w, Precision: h, Runs: 200000})
			if err != nil {
				t.Fatal(err)
			}
			sums = append(sums, sum)
		}
		a, b := sums[0], sums[1]
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%s: adaptive estimates differ: %d runs with 1 worker, %d with 4", p.name, a.Runs, b.Runs)
		}
		if a.Runs%chunk != 0 || a.Runs < MinAdaptiveRuns || a.Partial {
			t.Errorf("%s: stopped at %d runs (partial %v), want a multiple of %d, at least %d", p.name, a.Runs, a.Partial, chunk, MinAdaptiveRuns)
		}
		if lo, hi := Wilson(a.Agreements, a.Runs); (hi-lo)/2 > h {
			t.Errorf("%s: stopped at half-width %v > %v", p.name, (hi-lo)/2, h)
		}
		if a.Runs > MinAdaptiveRuns {
			prev, err := MonteCarlo(context.Background(), s, Options{Seed: 8, Runs: a.Runs - chunk})
			if err != nil {
				t.Fatal(err)
			}
			if lo, hi := Wilson(prev.Agreements, prev.Runs); (hi-lo)/2 <= h {
				t.Errorf("%s: stopped at %d runs, but %d were already precise enough", p.name, a.Runs, prev.Runs)
			}
		}
		t.Logf("%s: %d runs for ±%v", p.name, a.Runs, h)
	}
}

// TestDiscountIsAScore checks the discount factor's semantics (issue #10):
// a party's reported utility in agreements is what its decisions compare
// with its reservation value, so no agreement gives it less than that
// value; the discounted GENIUS score is reported beside it, and equals
// Utility × Discount^τ run by run (τ = (round−1)/(deadline−1)). Toy
// scenario, every party at discount 0.3, seed 4, 3,000 runs.
func TestDiscountIsAScore(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	for i := range s.Parties {
		s.Parties[i].Discount = Fixed(0.3)
	}
	var recs []Outcome
	sum, err := MonteCarlo(context.Background(), s, Options{Runs: 3000, Seed: 4, Workers: 1,
		Record: func(_ int, o *Outcome) error { recs = append(recs, *o); return nil }})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Agreements == 0 {
		t.Fatal("no agreement: the test needs some")
	}
	var score float64
	for run, o := range recs {
		if !o.Agreement {
			continue
		}
		r := NewRunner(s)
		r.Run(4, run, nil)
		tau := float64(o.Round-1) / float64(s.Deadline-1)
		for i, p := range r.Parties() {
			if o.Utility[i] < p.Reservation-1e-12 && (p.Role == agents.AtTable) {
				t.Fatalf("run %d: %s's utility %v is below its reservation value %v", run, p.ID, o.Utility[i], p.Reservation)
			}
			if want := o.Utility[i] * math.Pow(0.3, tau); math.Abs(o.Score[i]-want) > 1e-12 {
				t.Fatalf("run %d: %s's score %v, want %v", run, p.ID, o.Score[i], want)
			}
		}
		score += o.Score[1]
	}
	if got, want := sum.Utility[1].MeanDiscounted, score/float64(sum.Agreements); math.Abs(got-want) > 1e-12 {
		t.Errorf("MeanDiscounted = %v, want %v", got, want)
	}
	if sum.Utility[1].MeanDiscounted >= sum.Utility[1].Mean {
		t.Errorf("MeanDiscounted %v is not below Mean %v at discount 0.3", sum.Utility[1].MeanDiscounted, sum.Utility[1].Mean)
	}
}
