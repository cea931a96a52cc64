package scenarios_test

import (
	"reflect"
	"testing"

	"github.com/negsim/negsim/scenarios"
)

// TestResolvedRoundTrip: every bundled scenario, variant and valid test
// file (with an override) rebuilt from its embedded form has the same hash
// and the same model, without reading any file.
func TestResolvedRoundTrip(t *testing.T) {
	type ref struct{ ref, variant string }
	refs := []ref{{"testdata/valid/minimal.yaml", ""}, {"testdata/valid/agenda.yaml", ""}}
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		refs = append(refs, ref{in.Name, ""})
		vs, err := scenarios.Variants(in.Name)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vs {
			refs = append(refs, ref{in.Name, v})
		}
	}
	for _, r := range refs {
		sc, err := scenarios.LoadVariant(r.ref, r.variant, []string{"deadline=9"})
		if err != nil {
			t.Fatalf("%s %s: %v", r.ref, r.variant, err)
		}
		data, err := sc.Resolved()
		if err != nil {
			t.Fatal(err)
		}
		back, err := scenarios.FromResolved("results.json", data)
		if err != nil {
			t.Fatalf("%s %s: FromResolved: %v", r.ref, r.variant, err)
		}
		if back.Hash() != sc.Hash() {
			t.Errorf("%s %s: hash %s after the round trip, %s before", r.ref, r.variant, back.Hash(), sc.Hash())
		}
		if !reflect.DeepEqual(back.Sim, sc.Sim) {
			t.Errorf("%s %s: the rebuilt model differs", r.ref, r.variant)
		}
		if back.Variant != r.variant {
			t.Errorf("%s: variant %q after the round trip, want %q", r.ref, back.Variant, r.variant)
		}
	}
	if _, err := scenarios.FromResolved("x.json", []byte(`{"file": {"Name": 3}}`)); err == nil {
		t.Error("FromResolved accepted a broken embedded scenario")
	}
}
