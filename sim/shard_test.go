package sim

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"
)

// agendaRich is the rich scenario with three agenda items, one in force
// at the start and lapsing, so that every agenda tally is exercised.
func agendaRich(t testing.TB, kind ProtocolKind, format Format) *Scenario {
	t.Helper()
	s := rich(t, kind, format)
	ia := item("a", []int{0}, []int{3}, 0, 1)
	ib := item("b", []int{1}, []int{0}, 0, 1, 2)
	ib.After = []int{0}
	ib.Renegotiate = true
	ic := item("c", []int{2}, []int{0}, 0, 2, 3)
	ic.Start = []int{1}
	ic.Hazard = Fixed(0.2)
	ic.Renegotiate = true
	s.Agenda = &Agenda{Items: []Item{ia, ib, ic}, Horizon: 5}
	if err := s.Check(); err != nil {
		t.Fatal(err)
	}
	return s
}

// shardAll runs every shard of n, passes each partial through JSON (as
// they travel between machines) and returns them in reverse order.
func shardAll(t *testing.T, s *Scenario, opt Options, n int) []*Partial {
	t.Helper()
	var parts []*Partial
	for k := n - 1; k >= 0; k-- {
		p, err := MonteCarloShard(context.Background(), s, opt, Shard{k, n})
		if err != nil {
			t.Fatalf("MonteCarloShard(%d/%d): %v", k, n, err)
		}
		data, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q Partial
		if err := json.Unmarshal(data, &q); err != nil {
			t.Fatal(err)
		}
		parts = append(parts, &q)
	}
	return parts
}

// TestMergeShardsBitIdentical checks that merging the shards of an
// estimate gives MonteCarlo's summary byte for byte as JSON (which tells
// every float apart, -0 from 0 too), for 1, 2, 3 and 7 shards (7 > the 6
// batches: an empty shard), with and without analysis, for each protocol
// of the toy, rich and agenda scenarios. Seed 5, 3,000 runs (a short last
// batch).
func TestMergeShardsBitIdentical(t *testing.T) {
	makers := append(slices.Clone(scenarioMakers), struct {
		name string
		make func(testing.TB, ProtocolKind, Format) *Scenario
	}{"agenda", agendaRich})
	for _, m := range makers {
		for _, p := range protocols {
			s := m.make(t, p.kind, p.format)
			for _, analyze := range []bool{false, true} {
				opt := Options{Runs: mcRuns, Seed: 5, Workers: 2, Analyze: analyze}
				want, err := json.Marshal(monteCarlo(t, s, opt))
				if err != nil {
					t.Fatal(err)
				}
				for _, n := range []int{1, 2, 3, 7} {
					sum, err := MergeShards(s, shardAll(t, s, opt, n))
					if err != nil {
						t.Fatalf("%s/%s: MergeShards of %d: %v", m.name, p.name, n, err)
					}
					got, _ := json.Marshal(sum)
					if !bytes.Equal(got, want) {
						t.Errorf("%s/%s analyze=%v: merge of %d shards =\n%s\nwant\n%s", m.name, p.name, analyze, n, got, want)
					}
				}
			}
		}
	}
}

// TestShardRuns checks that the shards' run ranges are whole batches,
// contiguous, cover [0, runs) and differ by at most one batch.
func TestShardRuns(t *testing.T) {
	for _, tt := range []struct{ runs, n int }{{1, 1}, {3000, 2}, {3000, 7}, {512, 3}, {100_000, 13}, {1_000_000_000, 1000}} {
		next := 0
		var sizes []int
		for k := range tt.n {
			from, to := Shard{k, tt.n}.Runs(tt.runs)
			if from != next || from%chunk != 0 || to < from {
				t.Fatalf("Shard{%d, %d}.Runs(%d) = %d, %d; want a batch-aligned start at %d", k, tt.n, tt.runs, from, to, next)
			}
			next = to
			sizes = append(sizes, (to-from+chunk-1)/chunk)
		}
		if next != tt.runs || slices.Max(sizes)-slices.Min(sizes) > 1 {
			t.Errorf("shards of %d runs in %d: end %d, batches %v; want end %d, sizes within one", tt.runs, tt.n, next, sizes, tt.runs)
		}
	}
}

// TestShardRerunIdentical checks that a shard run again, on another
// number of workers, gives the same partial, byte for byte.
func TestShardRerunIdentical(t *testing.T) {
	s := agendaRich(t, Mediated, Trilateral)
	var files [][]byte
	for _, w := range []int{1, 3} {
		p, err := MonteCarloShard(context.Background(), s, Options{Runs: mcRuns, Seed: 3, Workers: w, Analyze: true}, Shard{1, 3})
		if err != nil {
			t.Fatal(err)
		}
		data, _ := json.Marshal(p)
		files = append(files, data)
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Errorf("shard 1/3 on 1 and 3 workers differ:\n%s\n%s", files[0], files[1])
	}
}

// TestMergeShardsRefuses checks each refusal: its message names the
// shard and what is wrong.
func TestMergeShardsRefuses(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	opt := Options{Runs: mcRuns, Seed: 5}
	fresh := func() []*Partial { return shardAll(t, s, opt, 3) } // shards 2, 1, 0
	other := func(o Options, n, k int) *Partial {
		p, err := MonteCarloShard(context.Background(), s, o, Shard{k, n})
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name  string
		parts func() []*Partial
		want  string
	}{
		{"none", func() []*Partial { return nil }, "no shard"},
		{"missing", func() []*Partial { return fresh()[:2] }, "shard 0/3 is missing"},
		{"duplicate", func() []*Partial { p := fresh(); return append(p, p[1]) }, "shard 1/3 given twice"},
		{"count", func() []*Partial { p := fresh(); p[0] = other(opt, 4, 2); return p }, "different numbers of shards"},
		{"seed", func() []*Partial { p := fresh(); p[1] = other(Options{Runs: mcRuns, Seed: 6}, 3, 1); return p }, "seed 6"},
		{"runs", func() []*Partial { p := fresh(); p[1] = other(Options{Runs: 4000, Seed: 5}, 3, 1); return p }, "4000 runs"},
		{"analysis", func() []*Partial {
			p := fresh()
			p[1] = other(Options{Runs: mcRuns, Seed: 5, Analyze: true}, 3, 1)
			return p
		}, "analysed"},
		{"range", func() []*Partial { p := fresh(); p[0].FirstRun++; return p }, "shard 2/3: runs"},
		{"batches", func() []*Partial { p := fresh(); p[0].Batches.Agreements = p[0].Batches.Agreements[1:]; return p }, "batches"},
		{"by_round", func() []*Partial { p := fresh(); p[1].Counts.ByRound = nil; return p }, "by_round"},
		{"package", func() []*Partial {
			p := fresh()
			p[2].Counts.Packages = append(p[2].Counts.Packages, PackageCount{Options: []int{0, 0, 99}, Count: 1})
			return p
		}, "shard 0/3: counts.packages"},
		{"sums", func() []*Partial { p := fresh(); p[2].Batches.Utility[1] = nil; return p }, "utility and score"},
		{"agenda", func() []*Partial { p := fresh(); p[2].Counts.Agenda = &AgendaCounts{}; return p }, "no agenda"},
		{"inconsistent", func() []*Partial { p := fresh(); p[2].Counts.Agreements++; return p }, "do not match"},
	}
	for _, tt := range tests {
		_, err := MergeShards(s, tt.parts())
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: MergeShards error = %v, want one containing %q", tt.name, err, tt.want)
		}
	}
}

// TestMonteCarloShardRefuses checks the shard settings MonteCarloShard
// refuses, and that a cancelled shard gives no partial.
func TestMonteCarloShardRefuses(t *testing.T) {
	s := toy(t, Mediated, Trilateral)
	for _, tt := range []struct {
		opt  Options
		sh   Shard
		want string
	}{
		{Options{Runs: 1000, Precision: 0.01}, Shard{0, 2}, "cannot be sharded"},
		{Options{Runs: 1000}, Shard{2, 2}, "shard index"},
		{Options{Runs: 1000}, Shard{0, 0}, "shard count"},
		{Options{Runs: 1000}, Shard{-1, 2}, "shard index"},
	} {
		p, err := MonteCarloShard(context.Background(), s, tt.opt, tt.sh)
		if p != nil || err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("MonteCarloShard(%+v, %v) = %v, %v; want an error containing %q", tt.opt, tt.sh, p, err, tt.want)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p, err := MonteCarloShard(ctx, s, Options{Runs: 5000}, Shard{0, 1})
	if p != nil || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled MonteCarloShard = %v, %v; want nil, context.Canceled", p, err)
	}
}

// TestShardRecord checks that a shard records its own runs, with their
// global indices, in order.
func TestShardRecord(t *testing.T) {
	s := toy(t, Alternating, Trilateral)
	var got []int
	opt := Options{Runs: mcRuns, Seed: 1, Workers: 2, Record: func(run int, _ *Outcome) error { got = append(got, run); return nil }}
	if _, err := MonteCarloShard(context.Background(), s, opt, Shard{1, 2}); err != nil {
		t.Fatal(err)
	}
	from, to := Shard{1, 2}.Runs(mcRuns)
	if len(got) != to-from || got[0] != from || got[len(got)-1] != to-1 || !slices.IsSorted(got) {
		t.Errorf("shard 1/2 recorded runs %d to %d (%d), want %d to %d in order", got[0], got[len(got)-1], len(got), from, to-1)
	}
}
