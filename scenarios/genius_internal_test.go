package scenarios

import (
	"errors"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestGeniusID(t *testing.T) {
	tests := []struct{ name, prefix, want string }{
		{"Laptop", "issue_", "laptop"},
		{"External Monitor", "issue_", "external_monitor"},
		{"19'' LCD", "option_", "option_19_lcd"},
		{"$4.37", "option_", "option_4_37"},
		{"Laptop-C-prof1", "party_", "laptop_c_prof1"},
		{"5% spoilage allowed", "option_", "option_5_spoilage_allowed"},
		{"Ünïcode  name!", "issue_", "n_code_name"},
		{"", "option_", "option"},
		{"!!!", "party_", "party"},
		{"12", "option_", "option_12"},
		{"-3", "option_", "option_3"},
	}
	for _, tt := range tests {
		got := geniusID(tt.name, tt.prefix)
		if got != tt.want {
			t.Errorf("geniusID(%q, %q) = %q, want %q", tt.name, tt.prefix, got, tt.want)
		}
		if !idRE.MatchString(got) {
			t.Errorf("geniusID(%q, %q) = %q, not a valid id", tt.name, tt.prefix, got)
		}
	}
	used := map[string]bool{}
	var ids []string
	for _, n := range []string{"A b", "a-b", "a_b", "a b"} {
		ids = append(ids, uniqueID(geniusID(n, "issue_"), used))
	}
	if want := []string{"a_b", "a_b_2", "a_b_3", "a_b_4"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("unique ids = %v, want %v", ids, want)
	}
}

// TestNormalise checks, on random weights (seed 1, 1; 20000 vectors), that
// normalised weights sum to exactly 1 in order, that normalising again
// changes nothing, and that the entry set to make the sum exact moves by
// less than 2e-15.
func TestNormalise(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	exact := 0
	for range 20000 {
		xs := make([]float64, 1+rng.IntN(12))
		for i := range xs {
			switch rng.IntN(4) {
			case 0:
				xs[i] = 0
			case 1:
				xs[i] = float64(rng.IntN(100))
			default:
				xs[i] = rng.Float64()
			}
		}
		xs[rng.IntN(len(xs))] += 0.001 // a positive sum
		var s float64
		for _, x := range xs {
			s += x
		}
		w := normalise(xs)
		var sum float64
		for i, x := range w {
			sum += x
			if d := math.Abs(x - xs[i]/s); d > 2e-15 {
				t.Fatalf("normalise(%v)[%d] = %v, %g from x/Σx", xs, i, x, d)
			}
		}
		if sum == 1 {
			exact++
		}
		if again := normalise(w); sum == 1 && !reflect.DeepEqual(again, w) {
			t.Fatalf("normalise(normalise(%v)) = %v, want %v", xs, again, w)
		}
	}
	if exact != 20000 {
		t.Errorf("%d of 20000 normalised vectors sum to exactly 1, want all", exact)
	}
	if got := normalise([]float64{0, 0}); !reflect.DeepEqual(got, []float64{0, 0}) {
		t.Errorf("normalise(0, 0) = %v, want zeros", got)
	}
}

// FuzzGenius feeds the GENIUS import a domain and two profiles, seeded with
// every test file. It must not panic and must return either a scenario
// that passes sim's Check or an Errors of *FieldError naming one of the
// files. A scenario it returns must export, and import again unchanged
// unless the export rescales a party (an issue whose best option is worth
// less than 1, which integer issues allow).
func FuzzGenius(f *testing.F) {
	type seed struct{ domain, p1, p2 string }
	seeds := []seed{
		{"hand/fruit-domain.xml", "hand/fruit-buyer.xml", "hand/fruit-seller.xml"},
		{"hand/meeting-domain.xml", "hand/alice.xml", "hand/bob.xml"},
		{"hand/meeting-domain.xml", "hand/carol.xml", "hand/alice.xml"},
		{"anac/Laptop/Laptop-C-domain.xml", "anac/Laptop/Laptop-C-prof1.xml", "anac/Laptop/Laptop-C-prof2.xml"},
		{"anac/ItexvsCypress/ItexvsCypress_domain.xml", "anac/ItexvsCypress/Itex.xml", "anac/ItexvsCypress/Cypress.xml"},
		{"anac/Car/adg.xml", "anac/Car/adg_deal.xml", "anac/Car/adg_deal2.xml"},
		{"anac/party/party_domain.xml", "anac/party/party1_utility100.xml", "anac/party/party5_utility.xml"},
		{"anac/Grocery/Grocery_domain.xml", "anac/Grocery/Grocery_domain_mary.xml", "anac/Grocery/Grocery_domain_sam.xml"},
	}
	invalid, err := filepath.Glob("testdata/genius/invalid/*.xml")
	if err != nil {
		f.Fatal(err)
	}
	for _, p := range invalid {
		rel, _ := filepath.Rel("testdata/genius", p)
		seeds = append(seeds, seed{"hand/fruit-domain.xml", rel, "hand/fruit-buyer.xml"}, seed{rel, rel, rel})
	}
	read := func(p string) string {
		data, err := os.ReadFile(filepath.Join("testdata/genius", p))
		if err != nil {
			f.Fatal(err)
		}
		return string(data)
	}
	for _, s := range seeds {
		f.Add(read(s.domain), read(s.p1), read(s.p2))
	}
	names := []string{"d.xml", "p.xml", "q.xml"}
	f.Fuzz(func(t *testing.T, domain, p1, p2 string) {
		files := map[string]string{names[0]: domain, names[1]: p1, names[2]: p2}
		readFile := func(p string) ([]byte, error) {
			s, ok := files[p]
			if !ok {
				return nil, fs.ErrNotExist
			}
			return []byte(s), nil
		}
		s, err := loadGenius(names[0], names[1:], nil, readFile)
		if err != nil {
			if s != nil {
				t.Errorf("loadGenius returned a scenario and an error")
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 || len(es) > MaxErrors {
				t.Fatalf("loadGenius error is %T with %d problems, want 1 to %d in an Errors: %v", err, len(es), MaxErrors, err)
			}
			for _, e := range es {
				if e == nil || (e.File != names[0] && e.File != names[1] && e.File != names[2]) || !errors.Is(e, ErrInvalid) {
					t.Fatalf("bad FieldError %v in %v", e, err)
				}
			}
			return
		}
		if s == nil || s.Sim == nil || s.File == nil {
			t.Fatalf("loadGenius = %+v, nil; want a complete scenario", s)
		}
		if err := s.Sim.Check(); err != nil {
			t.Fatalf("loadGenius returned a scenario that fails Check: %v", err)
		}
		dir := t.TempDir()
		d, ps, err := ExportGenius(s, dir)
		if err != nil {
			t.Fatalf("ExportGenius of an imported scenario: %v", err)
		}
		s2, err := LoadGenius(d, ps, nil)
		if err != nil {
			t.Fatalf("importing the export: %v", err)
		}
		// Ids come from the exported file names and GENIUS names, so they
		// are the same unless a name had to change.
		if len(s2.Sim.Parties) != len(s.Sim.Parties) || len(s2.Sim.Issues) != len(s.Sim.Issues) {
			t.Fatalf("export → import: %d parties, %d issues; want %d, %d", len(s2.Sim.Parties), len(s2.Sim.Issues), len(s.Sim.Parties), len(s.Sim.Issues))
		}
		for i, p := range s.Sim.Parties {
			rescaled := false
			for k := range p.Values {
				top := 0.0
				for _, v := range p.Values[k] {
					top = max(top, v.Value)
				}
				rescaled = rescaled || top != 1 && p.Weights[k].Value > 0
			}
			q := s2.Sim.Parties[i]
			if !rescaled && (!reflect.DeepEqual(p.Weights, q.Weights) || !reflect.DeepEqual(p.Values, q.Values) || p.Reservation != q.Reservation || p.Discount != q.Discount) {
				t.Fatalf("export → import changed party %s:\n%+v\n%+v", p.ID, p, q)
			}
		}
	})
}
