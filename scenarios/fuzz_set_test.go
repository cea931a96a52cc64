package scenarios_test

import (
	"errors"
	"os"
	"testing"

	"github.com/negsim/negsim/scenarios"
)

// FuzzOverride feeds the bundled scenario arbitrary --set overrides. Parse
// must not panic and must return either a valid scenario or Errors of
// *FieldError naming the input.
func FuzzOverride(f *testing.F) {
	data, err := os.ReadFile("bundled/" + scenarios.DefaultName + ".yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{
		"parties.russia.reservation=0.6",
		"parties.russia.reservation=uniform(0.2, 0.4)",
		"parties.russia.reservation.value=0.5",
		"parties.russia.reservation.dist.type=beta",
		"parties.russia.strategy.type=linear",
		"parties.ukraine.red_lines.territory.options=de_facto,de_jure",
		"protocol.format=shuttle",
		"protocol.order=us,ukraine,russia",
		"protocol.type=alternating",
		"shocks.airstrikes.probability=",
		"deadline=3",
		"issues=1",
		"parties.rusia.reservation=0.6",
		"=",
		"a..b=1",
		"parties.eu.influence.ukraine=normal(0,0.1)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, set string) {
		s, err := scenarios.Parse("bundled:fuzz", "yaml", data, []string{set})
		if err == nil {
			if s == nil || s.Sim.Check() != nil {
				t.Fatalf("--set %q: Parse returned no error but an unusable scenario", set)
			}
			return
		}
		var es scenarios.Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Fatalf("--set %q: error %v is not a non-empty Errors", set, err)
		}
		for _, e := range es {
			if e == nil || e.File != "bundled:fuzz" {
				t.Fatalf("--set %q: FieldError %+v does not name the input", set, e)
			}
		}
	})
}
