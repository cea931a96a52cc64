package explore

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/negsim/negsim/sim"
)

// TestMergeSweepBitIdentical checks that the shards of a 2-D sweep (3 × 2
// points of the bundled scenario, 600 runs each, seed 4), passed through
// JSON and merged in reverse order, give Sweep's result byte for byte as
// JSON, for 1, 2, 4 and 8 shards (8 > 6 points: empty shards).
func TestMergeSweepBitIdentical(t *testing.T) {
	axes := []Axis{
		{Param: "parties.russia.reservation", Values: []float64{0.3, 0.5, 0.7}},
		Categorical("protocol.format", []string{"trilateral", "shuttle"}),
	}
	opt := sim.Options{Runs: 600, Seed: 4, Workers: 2}
	load := loader("")
	res, err := Sweep(context.Background(), load, axes, opt)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(res)
	for _, n := range []int{1, 2, 4, 8} {
		var parts []*SweepPart
		for k := n - 1; k >= 0; k-- {
			p, err := SweepShard(context.Background(), load, axes, opt, sim.Shard{Index: k, Count: n})
			if err != nil {
				t.Fatal(err)
			}
			data, _ := json.Marshal(p)
			var q SweepPart
			if err := json.Unmarshal(data, &q); err != nil {
				t.Fatal(err)
			}
			parts = append(parts, &q)
		}
		merged, err := MergeSweep(axes, parts)
		if err != nil {
			t.Fatalf("MergeSweep of %d: %v", n, err)
		}
		if got, _ := json.Marshal(merged); !bytes.Equal(got, want) {
			t.Errorf("merge of %d shards differs from Sweep:\n%s\nwant\n%s", n, got, want)
		}
		if n == 4 {
			for _, tt := range []struct {
				parts []*SweepPart
				want  string
			}{
				{parts[1:], "shard 3/4 is missing"},
				{append(parts, parts[0]), "shard 3/4 given twice"},
				{nil, "no shard"},
			} {
				if _, err := MergeSweep(axes, tt.parts); err == nil || !strings.Contains(err.Error(), tt.want) {
					t.Errorf("MergeSweep error = %v, want %q", err, tt.want)
				}
			}
			if _, err := MergeSweep(axes[:1], parts); err == nil || !strings.Contains(err.Error(), "points") {
				t.Errorf("MergeSweep on another grid: error = %v, want one about the points", err)
			}
		}
	}
}

// TestMergeSensitivityBitIdentical checks that one at a time and Sobol
// split into 1, 3 and 5 shards (passed through JSON, merged in reverse
// order) give what OneAtATimeRanges and Sobol give, byte for byte as
// JSON, each estimate's summary included. The bundled scenario, 700 runs
// per estimate, a range for a fixed parameter, 40 Sobol samples, seed 6.
func TestMergeSensitivityBitIdentical(t *testing.T) {
	load := loader("")
	sc, err := load(nil)
	if err != nil {
		t.Fatal(err)
	}
	opt := sim.Options{Runs: 700, Seed: 6, Workers: 2}
	ranges := []Range{{Param: "parties.russia.reservation", Low: 0.3, High: 0.6}}
	m := Metric{}
	oat, base, err := OneAtATimeRanges(context.Background(), load, opt, 0.1, 0.9, m, ranges)
	if err != nil {
		t.Fatal(err)
	}
	type all struct {
		OAT       []OAT
		Base      *sim.Summary
		Low, High []*sim.Summary
		Sobol     []SobolIndex
		Runs      int
	}
	sobolOpt := SobolOptions{N: 40, Seed: 6, Bootstrap: 30, Workers: 2}
	sob, runs, err := Sobol(context.Background(), sc.Sim, sobolOpt)
	if err != nil {
		t.Fatal(err)
	}
	stats := func(o []OAT, b *sim.Summary, s []SobolIndex, runs int) []byte {
		a := all{OAT: o, Base: b, Sobol: s, Runs: runs}
		for _, x := range o {
			a.Low, a.High = append(a.Low, x.LowStats), append(a.High, x.HighStats)
		}
		data, _ := json.Marshal(a)
		return data
	}
	want := stats(oat, base, sob, runs)
	for _, n := range []int{1, 3, 5} {
		var oparts []*OATPart
		var sparts []*SobolPart
		for k := n - 1; k >= 0; k-- {
			sh := sim.Shard{Index: k, Count: n}
			op, err := OneAtATimeShard(context.Background(), load, opt, 0.1, 0.9, ranges, sh)
			if err != nil {
				t.Fatal(err)
			}
			sp, err := SobolShard(context.Background(), sc.Sim, sobolOpt, sh)
			if err != nil {
				t.Fatal(err)
			}
			var oq OATPart
			var sq SobolPart
			for _, c := range []struct{ in, out any }{{op, &oq}, {sp, &sq}} {
				data, _ := json.Marshal(c.in)
				if err := json.Unmarshal(data, c.out); err != nil {
					t.Fatal(err)
				}
			}
			oparts, sparts = append(oparts, &oq), append(sparts, &sq)
		}
		o, b, err := MergeOneAtATime(oparts, m)
		if err != nil {
			t.Fatalf("MergeOneAtATime of %d: %v", n, err)
		}
		s, r, err := MergeSobol(sparts, sobolOpt)
		if err != nil {
			t.Fatalf("MergeSobol of %d: %v", n, err)
		}
		if got := stats(o, b, s, r); !bytes.Equal(got, want) {
			t.Errorf("merge of %d shards differs:\n%s\nwant\n%s", n, got, want)
		}
		if n == 3 {
			if _, _, err := MergeSobol(sparts[1:], sobolOpt); err == nil || !strings.Contains(err.Error(), "shard 2/3 is missing") {
				t.Errorf("MergeSobol without shard 2: error %v, want it missing", err)
			}
			if _, _, err := MergeOneAtATime(oparts[1:], m); err == nil || !strings.Contains(err.Error(), "shard 2/3 is missing") {
				t.Errorf("MergeOneAtATime without shard 2: error %v, want it missing", err)
			}
			if _, _, err := MergeSobol(append(sparts, sparts[0]), sobolOpt); err == nil || !strings.Contains(err.Error(), "given twice") {
				t.Errorf("MergeSobol with a shard twice: error %v", err)
			}
		}
	}
}

// A part whose shard count is out of range (a hand-edited partial.json)
// is an error of the merge, not a panic sizing its shard list.
func TestMergeBadShardCount(t *testing.T) {
	axes := []Axis{{Param: "deadline", Values: []float64{4, 6}}}
	for _, count := range []int{-1, 0} {
		sh := sim.Shard{Index: 0, Count: count}
		if _, err := MergeSweep(axes, []*SweepPart{{Shard: sh}}); err == nil || !strings.Contains(err.Error(), "shard count") {
			t.Errorf("MergeSweep with shard count %d: %v, want an error on the count", count, err)
		}
		if _, _, err := MergeSobol([]*SobolPart{{Shard: sh}}, SobolOptions{N: 8}); err == nil || !strings.Contains(err.Error(), "shard count") {
			t.Errorf("MergeSobol with shard count %d: %v, want an error on the count", count, err)
		}
	}
}
