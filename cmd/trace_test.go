package cmd

import (
	"regexp"
	"testing"
)

// TestTraceBestIsWhatTheSimulationUses checks that the "best" negsim trace
// prints for each party is the utility its aspiration concedes from: with
// time starting at 0 and k = 0, a time-dependent party demands exactly its
// best in round 1 (issue #10: trace printed the best under the party's own
// red lines only, 0.992 for Russia, which then demanded 0.872).
func TestTraceBestIsWhatTheSimulationUses(t *testing.T) {
	// One package of every issue: in an agenda run, each item's talks
	// concede from the best the item can give, not from this best.
	code, out, errOut := run(t, "trace", "--seed", "1", "--run", "3", "--variant", "grand-bargain")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	best := regexp.MustCompile(`(?m)^  russia\s+table\s+reservation \S+\s+drift \S+\s+best (\S+)\s+time-dependent`).FindStringSubmatch(out)
	demand := regexp.MustCompile(`(?m)^    russia\s+(?:accepts|refuses): worth \S+ to it; demand (\S+),`).FindStringSubmatch(out)
	if best == nil || demand == nil {
		t.Fatalf("trace lacks Russia's parameters or first answer:\n%s", out)
	}
	if best[1] != demand[1] {
		t.Errorf("trace prints Russia's best as %s, but Russia demands %s in round 1 (time 0, k = 0): best must be what the simulation uses", best[1], demand[1])
	}
}

func TestTraceGolden(t *testing.T) {
	code, out, errOut := run(t, "trace", "--seed", "1", "--run", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	golden(t, "trace_seed1_run3.golden", out)
}
