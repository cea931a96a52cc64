package scenarios_test

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Bounds that keep one fuzzed input fast: a scenario larger than this is
// cut down (its deadline) or skipped (its size) before it runs.
const (
	fuzzRuns        = 100
	fuzzMaxDeadline = 60
	fuzzMaxValues   = 20_000 // parties × options
)

// FuzzRun extends FuzzLoad to the run-time path: a fuzzed scenario that
// loads runs fuzzRuns Monte Carlo runs (and its outcome-space analysis)
// without a panic, a NaN or an infinity anywhere in the summary (JSON
// cannot encode them), or a broken invariant of the summary. Seeded with
// the bundled scenarios and every valid one in testdata, in each format.
func FuzzRun(f *testing.F) {
	seeds, err := filepath.Glob("bundled/*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, glob := range []string{"testdata/valid/*", "testdata/hostile/*", "testdata/genius/*.yaml", "../explore/testdata/*.yaml"} {
		ps, err := filepath.Glob(glob)
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, ps...)
	}
	added := 0
	for _, p := range seeds {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		ext := strings.TrimPrefix(filepath.Ext(p), ".")
		if i := slices.Index(fuzzFormats, ext); i >= 0 {
			f.Add(data, uint8(i))
			added++
		}
	}
	for _, e := range extendsSeeds {
		f.Add([]byte(e.data), uint8(slices.Index(fuzzFormats, e.format)))
	}
	if added < 5 {
		f.Fatalf("only %d seed files", added)
	}
	f.Fuzz(func(t *testing.T, data []byte, format uint8) {
		fm := fuzzFormats[int(format)%len(fuzzFormats)]
		s, err := scenarios.Parse("fuzz."+fm, fm, data, nil)
		if err != nil {
			return
		}
		sc := s.Sim
		values := 0
		for _, is := range sc.Issues {
			values += len(is.Options)
		}
		if values*len(sc.Parties) > fuzzMaxValues {
			t.Skip("too large to run fast")
		}
		sc.Deadline = min(sc.Deadline, fuzzMaxDeadline)
		sum, err := sim.MonteCarlo(context.Background(), sc, sim.Options{Runs: fuzzRuns, Seed: 7, Workers: 1, Analyze: true})
		if err != nil {
			t.Fatalf("MonteCarlo of a scenario that loaded: %v", err)
		}
		checkSummary(t, sc, sum)
	})
}

// checkSummary checks the invariants of a complete summary of fuzzRuns
// runs of sc.
func checkSummary(t *testing.T, sc *sim.Scenario, sum *sim.Summary) {
	t.Helper()
	if _, err := json.Marshal(sum); err != nil {
		t.Fatalf("summary cannot be encoded (a NaN or an infinity?): %v", err)
	}
	const tol = 1e-9
	in01 := func(x float64) bool { return x >= 0 && x <= 1 }
	if sum.Runs != fuzzRuns || sum.Partial {
		t.Errorf("runs, partial = %d, %v; want %d, false", sum.Runs, sum.Partial, fuzzRuns)
	}
	if sum.Agreements < 0 || sum.Agreements > sum.Runs {
		t.Errorf("agreements = %d of %d runs", sum.Agreements, sum.Runs)
	}
	if !in01(sum.P) || math.Abs(sum.P-float64(sum.Agreements)/float64(sum.Runs)) > tol {
		t.Errorf("P = %v, want agreements/runs = %d/%d", sum.P, sum.Agreements, sum.Runs)
	}
	if !(sum.CILow <= sum.P+tol && sum.P <= sum.CIHigh+tol && in01(sum.CILow) && in01(sum.CIHigh)) {
		t.Errorf("P = %v outside its interval [%v, %v]", sum.P, sum.CILow, sum.CIHigh)
	}
	// Every run either agrees or fails for one reason.
	share, count := sum.P, sum.Agreements
	for _, b := range sum.Breakdown {
		share += b.Share
		count += b.Count
		if !in01(b.Share) {
			t.Errorf("breakdown %s share %v outside [0, 1]", b.Reason, b.Share)
		}
	}
	if count != sum.Runs || math.Abs(share-1) > tol {
		t.Errorf("agreements and breakdowns count %d runs, shares sum to %v; want %d and 1", count, share, sum.Runs)
	}
	// By round: cumulative, ending at P.
	prev := 0.0
	for _, r := range sum.ByRound {
		if r.P < prev-tol || !in01(r.P) {
			t.Errorf("P by round %d = %v after %v: not a cumulative share", r.Round, r.P, prev)
		}
		prev = r.P
	}
	if n := len(sum.ByRound); n > 0 && math.Abs(sum.ByRound[n-1].P-sum.P) > tol {
		t.Errorf("P by the last round = %v, want P = %v", sum.ByRound[n-1].P, sum.P)
	}
	// Shares among agreements.
	if sum.Agreements > 0 {
		pkgs := 0
		for _, p := range sum.Packages {
			pkgs += p.Count
			if len(p.Options) != len(sc.Issues) || !in01(p.Share) {
				t.Errorf("package %v: %d issues, share %v", p.Options, len(p.Options), p.Share)
			}
		}
		if pkgs > sum.Agreements || sum.DistinctPackages < len(sum.Packages) {
			t.Errorf("the top packages count %d agreements of %d, %d distinct of %d listed", pkgs, sum.Agreements, sum.DistinctPackages, len(sum.Packages))
		}
		for _, is := range sum.Issues {
			n, s := 0, 0.0
			for _, o := range is.Options {
				n += o.Count
				s += o.Share
			}
			if n != sum.Agreements || math.Abs(s-1) > tol {
				t.Errorf("issue %s: option counts %d, shares sum to %v; want %d and 1", is.Issue, n, s, sum.Agreements)
			}
		}
	}
	failed := sum.Runs - sum.Agreements
	for _, p := range sum.Pivotal {
		if p.Count < 0 || p.Count > failed || !in01(p.Share) {
			t.Errorf("pivotal %s: %d of %d failed runs, share %v", p.Party, p.Count, failed, p.Share)
		}
	}
	if a := sum.Analysis; a != nil {
		if a.ZOPARuns < sum.Agreements || a.ZOPARuns > sum.Runs || !in01(a.PZOPA) || !in01(a.Efficiency) {
			t.Errorf("analysis: %d runs with a zone of agreement for %d agreements of %d runs; P(ZOPA) %v, efficiency %v", a.ZOPARuns, sum.Agreements, sum.Runs, a.PZOPA, a.Efficiency)
		}
	}
}
