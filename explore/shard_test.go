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
