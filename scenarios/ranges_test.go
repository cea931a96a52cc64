package scenarios

import (
	"math"
	"strconv"
	"strings"
	"testing"
)

// TestRange checks, for every kind of numeric parameter of the bundled
// scenarios and of an agenda scenario, that Range knows it, that its ends
// load and that a value outside is refused. Every parameter is checked to
// be known; the loads (about 10 ms each) are done for one parameter of
// each kind.
func TestRange(t *testing.T) {
	refs := []string{"testdata/valid/agenda.yaml"}
	infos, err := Bundled()
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range infos {
		refs = append(refs, in.Name)
	}
	set := func(key string, v float64) string { return key + "=" + strconv.FormatFloat(v, 'g', -1, 64) }
	for _, ref := range refs {
		sc, err := Load(ref, nil)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for _, p := range sc.Sim.Params() {
			if p.Name == "" {
				continue // a locked strategy parameter
			}
			lo, hi, ok := sc.Range(p.Name)
			if !ok {
				t.Errorf("%s: Range(%q) not found", ref, p.Name)
				continue
			}
			k := kind(p.Name)
			if seen[k] {
				continue
			}
			seen[k] = true
			if _, err := Load(ref, []string{set(p.Name, lo)}); err != nil {
				t.Errorf("%s: Load with %s: %v", ref, set(p.Name, lo), err)
			}
			if !math.IsInf(hi, 1) {
				if _, err := Load(ref, []string{set(p.Name, hi)}); err != nil {
					t.Errorf("%s: Load with %s: %v", ref, set(p.Name, hi), err)
				}
			}
			if _, err := Load(ref, []string{set(p.Name, lo-1)}); err == nil {
				t.Errorf("%s: Load with %s: no error, want out of range", ref, set(p.Name, lo-1))
			}
		}
	}
	sc, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"parties.nobody.reservation", "protocol.type", "parties.russia.strategy.nothing", "x"} {
		if _, _, ok := sc.Range(key); ok {
			t.Errorf("Range(%q) found, want not found", key)
		}
	}
}

// kind is a parameter's key without the ids of parties and options, and
// with the strategy parameter's name kept: the parameters that share a
// range rule.
func kind(key string) string {
	seg := strings.Split(key, ".")
	switch {
	case seg[0] == "parties" && len(seg) > 3 && seg[2] == "strategy":
		return "parties.strategy." + seg[3]
	case seg[0] == "parties":
		return "parties." + seg[2]
	}
	return seg[0] + "." + seg[len(seg)-1]
}
