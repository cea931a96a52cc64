package scenarios_test

import (
	"errors"
	"fmt"
	"io/fs"
	"log"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

const (
	anacDir = "testdata/genius/anac"
	handDir = "testdata/genius/hand"
)

func inDir(dir string, files ...string) []string {
	out := make([]string, len(files))
	for i, f := range files {
		out[i] = filepath.Join(dir, f)
	}
	return out
}

// anacDomains are the real GENIUS/ANAC domains in testdata/genius/anac,
// with what they hold.
var anacDomains = []struct {
	name     string
	domain   string
	profiles []string
	issues   int
	options  int // over all issues
	parties  []string
	warnings int
}{
	{"Laptop", "Laptop/Laptop-C-domain.xml", []string{"Laptop/Laptop-C-prof1.xml", "Laptop/Laptop-C-prof2.xml"}, 3, 9, []string{"laptop_c_prof1", "laptop_c_prof2"}, 0},
	// Negative reservation values, taken as 0 with a warning each.
	{"ItexvsCypress", "ItexvsCypress/ItexvsCypress_domain.xml", []string{"ItexvsCypress/Itex.xml", "ItexvsCypress/Cypress.xml"}, 4, 15, []string{"itex", "cypress"}, 2},
	// A profile that is also a domain.
	{"Itex as domain", "ItexvsCypress/Itex.xml", []string{"ItexvsCypress/Itex.xml", "ItexvsCypress/Cypress.xml"}, 4, 15, []string{"itex", "cypress"}, 2},
	{"EnglandZimbabwe", "EnglandZimbabwe/EnglandZimbabwe_domain.xml", []string{"EnglandZimbabwe/England.xml", "EnglandZimbabwe/Zimbabwe.xml"}, 5, 18, []string{"england", "zimbabwe"}, 0},
	{"Grocery", "Grocery/Grocery_domain.xml", []string{"Grocery/Grocery_domain_mary.xml", "Grocery/Grocery_domain_sam.xml"}, 5, 22, []string{"grocery_domain_mary", "grocery_domain_sam"}, 0},
	{"CameraB", "CameraB/Camera-B-domain.xml", []string{"CameraB/Camera-B-prof1.xml", "CameraB/Camera-B-prof2.xml"}, 6, 24, []string{"camera_b_prof1", "camera_b_prof2"}, 0},
	// Weights before issues, and items in similarity functions to ignore.
	{"Car", "Car/adg.xml", []string{"Car/adg_deal.xml", "Car/adg_deal2.xml"}, 6, 30, []string{"adg_deal", "adg_deal2"}, 0},
	{"Travel", "Travel/travel_domain.xml", []string{"Travel/travel_chox.xml", "Travel/travel_fanny.xml"}, 7, 41, []string{"travel_chox", "travel_fanny"}, 0},
	// Seventeen parties; eight UNCERTAIN profiles, a warning each.
	{"party", "party/party_domain.xml", []string{
		"party/party1_utility.xml", "party/party1_utility100.xml", "party/party1_utility_u10.xml", "party/party1_utility_u20.xml",
		"party/party1_utility_u50.xml", "party/party2_utility.xml", "party/party2_utility10.xml", "party/party2_utility_u10.xml",
		"party/party2_utility_u20.xml", "party/party2_utility_u50.xml", "party/party3_utility.xml", "party/party4_utility.xml",
		"party/party5_utility.xml", "party/party6_utility.xml", "party/party7_utility.xml", "party/party8_utility.xml", "party/party9_utility.xml",
	}, 6, 23, []string{
		"party1_utility", "party1_utility100", "party1_utility_u10", "party1_utility_u20", "party1_utility_u50",
		"party2_utility", "party2_utility10", "party2_utility_u10", "party2_utility_u20", "party2_utility_u50",
		"party3_utility", "party4_utility", "party5_utility", "party6_utility", "party7_utility", "party8_utility", "party9_utility",
	}, 8},
}

func TestLoadGeniusANAC(t *testing.T) {
	// Every file in testdata/genius/anac is in a row.
	files, err := filepath.Glob(filepath.Join(anacDir, "*", "*.xml"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, d := range anacDomains {
		listed[filepath.Join(anacDir, d.domain)] = true
		for _, p := range d.profiles {
			listed[filepath.Join(anacDir, p)] = true
		}
	}
	for _, f := range files {
		if !listed[f] {
			t.Errorf("%s is in no row", f)
		}
	}
	for _, d := range anacDomains {
		t.Run(d.name, func(t *testing.T) {
			s, err := scenarios.LoadGenius(filepath.Join(anacDir, d.domain), inDir(anacDir, d.profiles...), nil)
			if err != nil {
				t.Fatalf("LoadGenius error: %v", err)
			}
			m := s.Sim
			if err := m.Check(); err != nil {
				t.Errorf("Check() = %v", err)
			}
			options := 0
			for _, is := range m.Issues {
				options += len(is.Options)
			}
			if len(m.Issues) != d.issues || options != d.options {
				t.Errorf("%d issues with %d options, want %d with %d", len(m.Issues), options, d.issues, d.options)
			}
			var ids []string
			for _, p := range m.Parties {
				ids = append(ids, p.ID)
				if p.Role != agents.AtTable {
					t.Errorf("party %s is %v, want at the table", p.ID, p.Role)
				}
				if !isTimeDependent(p.Strategy) || strategyParam(p.Strategy, "beta") != 0.2 {
					t.Errorf("party %s strategy = %v β %v, want Boulware β 0.2", p.ID, p.Strategy.Name, strategyParam(p.Strategy, "beta"))
				}
				var sum float64
				for _, w := range p.Weights {
					sum += w.Value
				}
				if sum != 1 {
					t.Errorf("party %s weights sum to %v, want exactly 1", p.ID, sum)
				}
				for k, row := range p.Values {
					top := 0.0
					for _, v := range row {
						top = max(top, v.Value)
					}
					if top != 1 {
						t.Errorf("party %s issue %s: largest value %v, want 1", p.ID, m.Issues[k].ID, top)
					}
				}
			}
			if !slices.Equal(ids, d.parties) {
				t.Errorf("parties = %v, want %v", ids, d.parties)
			}
			if m.Protocol.Kind != sim.Alternating || m.Deadline != 100 {
				t.Errorf("protocol %v, deadline %d; want alternating, 100", m.Protocol.Kind, m.Deadline)
			}
			if len(s.Warnings) != d.warnings {
				t.Errorf("%d warnings, want %d:\n%s", len(s.Warnings), d.warnings, strings.Join(s.Warnings, "\n"))
			}
			if miss := scenarios.MissingEvidence(s.File); len(miss) > 0 {
				t.Errorf("MissingEvidence = %v, want none: an import gives a source or an assumption for everything", miss)
			}
		})
	}
}

// party returns the party with the given id.
func partyOf(t *testing.T, s *sim.Scenario, id string) (int, sim.Party) {
	t.Helper()
	for i, p := range s.Parties {
		if p.ID == id {
			return i, p
		}
	}
	t.Fatalf("no party %q", id)
	return 0, sim.Party{}
}

func TestGeniusByHand(t *testing.T) {
	const tol = 1e-12
	type pkg struct {
		options []int              // option index per issue
		want    map[string]float64 // utility by party
	}
	tests := []struct {
		name     string
		domain   string
		profiles []string
		ids      []string   // issue ids
		options  [][]string // option ids
		labels   [][]string // option labels
		weights  map[string][]float64
		values   map[string][][]float64
		res      map[string]float64
		disc     map[string]float64
		pkgs     []pkg
	}{
		{
			// fruit-buyer.xml: weights 3 and 1 → 3/4 = 0.75 and 1/4 = 0.25.
			// Fruit evaluations 2, 4, 8 ÷ 8 → 0.25, 0.5, 1; Price 5, 2, 0 ÷ 5
			// → 1, 0.4, 0. Reservation 0.3, discount factor 0.9.
			// fruit-seller.xml (weights and items out of order, matched by
			// index and name): weights Fruit 1, Price 4 → 0.2, 0.8. Fruit
			// 1, 1, 1 → 1, 1, 1; Price Low 0, Mid 3, High 6 ÷ 6 → 0, 0.5, 1.
			// No reservation → 0; discount factor 0 → 1 (GENIUS: none).
			name:     "fruit",
			domain:   "fruit-domain.xml",
			profiles: []string{"fruit-buyer.xml", "fruit-seller.xml"},
			ids:      []string{"fruit", "price"},
			options:  [][]string{{"apple", "banana", "cherry"}, {"low", "mid", "high"}},
			labels:   [][]string{{"Apple", "Banana", "Cherry"}, {"Low", "Mid", "High"}},
			weights:  map[string][]float64{"fruit_buyer": {0.75, 0.25}, "fruit_seller": {0.2, 0.8}},
			values: map[string][][]float64{
				"fruit_buyer":  {{0.25, 0.5, 1}, {1, 0.4, 0}},
				"fruit_seller": {{1, 1, 1}, {0, 0.5, 1}},
			},
			res:  map[string]float64{"fruit_buyer": 0.3, "fruit_seller": 0},
			disc: map[string]float64{"fruit_buyer": 0.9, "fruit_seller": 1},
			pkgs: []pkg{
				// Buyer: 0.75·1 + 0.25·1 = 1. Seller: 0.2·1 + 0.8·0 = 0.2.
				{[]int{2, 0}, map[string]float64{"fruit_buyer": 1, "fruit_seller": 0.2}},
				// Buyer: 0.75·0.5 + 0.25·0.4 = 0.475. Seller: 0.2 + 0.8·0.5 = 0.6.
				{[]int{1, 1}, map[string]float64{"fruit_buyer": 0.475, "fruit_seller": 0.6}},
				// Buyer: 0.75·0.25 + 0 = 0.1875. Seller: 0.2 + 0.8·1 = 1.
				{[]int{0, 2}, map[string]float64{"fruit_buyer": 0.1875, "fruit_seller": 1}},
			},
		},
		{
			// An integer issue, Hour from 9 to 12: its values are the
			// options, worth offset + slope·x (GENIUS's EvaluatorInteger,
			// not divided by the largest).
			// alice.xml: 3.25 − 0.25x → 1, 0.75, 0.5, 0.25; Room A 1, B 3
			// ÷ 3 → 1/3, 1; weights 0.6, 0.4; reservation 0.25.
			// bob.xml: −2 + 0.25x → 0.25, 0.5, 0.75, 1; Room 2, 0 → 1, 0;
			// weights 1, 1 → 0.5, 0.5; reservation 0.5.
			// carol.xml: 0.5 at every hour; Room 0, 0 with weight 0 (so
			// allowed) → 0, 0; weights 2, 0 → 1, 0; discount 0.5.
			name:     "meeting",
			domain:   "meeting-domain.xml",
			profiles: []string{"alice.xml", "bob.xml", "carol.xml"},
			ids:      []string{"hour", "room"},
			options:  [][]string{{"option_9", "option_10", "option_11", "option_12"}, {"room_a", "room_b"}},
			labels:   [][]string{{"9", "10", "11", "12"}, {"Room A", "Room B"}},
			weights:  map[string][]float64{"alice": {0.6, 0.4}, "bob": {0.5, 0.5}, "carol": {1, 0}},
			values: map[string][][]float64{
				"alice": {{1, 0.75, 0.5, 0.25}, {1.0 / 3, 1}},
				"bob":   {{0.25, 0.5, 0.75, 1}, {1, 0}},
				"carol": {{0.5, 0.5, 0.5, 0.5}, {0, 0}},
			},
			res:  map[string]float64{"alice": 0.25, "bob": 0.5, "carol": 0},
			disc: map[string]float64{"alice": 1, "bob": 1, "carol": 0.5},
			pkgs: []pkg{
				// Alice: 0.6·0.75 + 0.4·1 = 0.85. Bob: 0.5·0.5 + 0.5·0 = 0.25.
				{[]int{1, 1}, map[string]float64{"alice": 0.85, "bob": 0.25, "carol": 0.5}},
				// Alice: 0.6·0.25 + 0.4/3 = 0.15 + 0.1333… Bob: 0.5 + 0.5 = 1.
				{[]int{3, 0}, map[string]float64{"alice": 0.15 + 0.4/3, "bob": 1, "carol": 0.5}},
				// Alice: 0.6 + 0.4/3. Bob: 0.5·0.25 + 0.5 = 0.625.
				{[]int{0, 0}, map[string]float64{"alice": 0.6 + 0.4/3, "bob": 0.625, "carol": 0.5}},
			},
		},
	}
	near := func(got, want float64) bool { return math.Abs(got-want) <= tol }
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := scenarios.LoadGenius(filepath.Join(handDir, tc.domain), inDir(handDir, tc.profiles...), nil)
			if err != nil {
				t.Fatalf("LoadGenius error: %v", err)
			}
			if len(s.Warnings) > 0 {
				t.Errorf("warnings: %q", s.Warnings)
			}
			m := s.Sim
			for k, is := range m.Issues {
				var ids, labels []string
				for _, o := range is.Options {
					ids, labels = append(ids, o.ID), append(labels, o.Label)
				}
				if is.ID != tc.ids[k] || !slices.Equal(ids, tc.options[k]) || !slices.Equal(labels, tc.labels[k]) {
					t.Errorf("issue %d = %s %v %q, want %s %v %q", k, is.ID, ids, labels, tc.ids[k], tc.options[k], tc.labels[k])
				}
			}
			parties := sim.NewRunner(m).Draw(1, 0)
			for id, ws := range tc.weights {
				i, sp := partyOf(t, m, id)
				p := parties[i]
				for k, w := range ws {
					if !near(sp.Weights[k].Value, w) || !near(p.Weights[k], w) {
						t.Errorf("%s weight %d = %v (drawn %v), want %v", id, k, sp.Weights[k].Value, p.Weights[k], w)
					}
					for o, v := range tc.values[id][k] {
						if !near(sp.Values[k][o].Value, v) || !near(p.Utils[k][o], w*v) {
							t.Errorf("%s value %d/%d = %v (utility %v), want %v (%v)", id, k, o, sp.Values[k][o].Value, p.Utils[k][o], v, w*v)
						}
					}
				}
				if p.Reservation != tc.res[id] || p.Discount != tc.disc[id] {
					t.Errorf("%s reservation %v, discount %v; want %v, %v", id, p.Reservation, p.Discount, tc.res[id], tc.disc[id])
				}
			}
			for _, pk := range tc.pkgs {
				for id, want := range pk.want {
					i, _ := partyOf(t, m, id)
					if got := parties[i].Utility(pk.options); !near(got, want) {
						t.Errorf("%s.Utility(%v) = %v, want %v", id, pk.options, got, want)
					}
				}
			}
		})
	}
}

func TestGeniusDefaults(t *testing.T) {
	s, err := scenarios.LoadGenius(filepath.Join(handDir, "fruit-domain.xml"), inDir(handDir, "fruit-buyer.xml", "fruit-seller.xml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	f := s.File
	if s.Sim.Name != "fruit-domain" || s.Origin != filepath.Join(handDir, "fruit-domain.xml") {
		t.Errorf("name %q, origin %q; want fruit-domain and the domain file", s.Sim.Name, s.Origin)
	}
	if f.Genius.Domain != s.Origin || len(f.Genius.Profiles) != 2 {
		t.Errorf("File.Genius = %+v, want the files imported", f.Genius)
	}
	seller := f.Parties["fruit_seller"]
	buyer := f.Parties["fruit_buyer"]
	for _, c := range []struct {
		what string
		ev   scenarios.Evidence
		want string // in the assumption
	}{
		{"deadline", f.Deadline.Evidence, "100 rounds"},
		{"protocol", f.Protocol.Evidence, "alternating offers"},
		{"strategy", seller.Strategy.Evidence, "Boulware (β = 0.2)"},
		{"party", seller.Evidence, "at the table"},
		{"reservation", seller.Reservation.Evidence, "GENIUS's default, 0"},
		{"discount 0", seller.Discount.Evidence, "discount factor of 0 as 1"},
		{"discount absent", loadHand(t, "meeting-domain.xml", "alice.xml", "bob.xml").File.Parties["alice"].Discount.Evidence, "GENIUS's default, 1 (no discounting)"},
	} {
		if !strings.Contains(c.ev.Assumption, c.want) {
			t.Errorf("%s assumption = %q, want it to say %q", c.what, c.ev.Assumption, c.want)
		}
	}
	for _, c := range []struct{ what, got, want string }{
		{"buyer reservation", buyer.Reservation.Source, "fruit-buyer.xml:18: reservation 0.3"},
		{"buyer discount", buyer.Discount.Source, "fruit-buyer.xml:17: discount_factor 0.9"},
		{"buyer weight", buyer.Weights["fruit"].Source, "fruit-buyer.xml:14: weight 3 of 4 in all"},
		{"buyer values", buyer.Values["fruit"].Source, "evaluations 2, 4, 8 divided by the largest, 8"},
		{"issue", f.Issues[1].Source, `fruit-domain.xml:11: issue "Price"`},
	} {
		if !strings.Contains(c.got, c.want) {
			t.Errorf("%s source = %q, want it to say %q", c.what, c.got, c.want)
		}
	}
	if m := scenarios.MissingEvidence(f); len(m) > 0 {
		t.Errorf("MissingEvidence = %v", m)
	}
}

func TestGeniusOverrides(t *testing.T) {
	domain := filepath.Join(anacDir, "Laptop/Laptop-C-domain.xml")
	profiles := inDir(anacDir, "Laptop/Laptop-C-prof1.xml", "Laptop/Laptop-C-prof2.xml")
	s, err := scenarios.LoadGenius(domain, profiles, []string{
		"parties.laptop_c_prof1.strategy.type=conceder",
		"parties.laptop_c_prof2.reservation=uniform(0.2, 0.4)",
		"deadline=30",
	})
	if err != nil {
		t.Fatal(err)
	}
	_, p1 := partyOf(t, s.Sim, "laptop_c_prof1")
	_, p2 := partyOf(t, s.Sim, "laptop_c_prof2")
	if !isTimeDependent(p1.Strategy) || strategyParam(p1.Strategy, "beta") != 2 {
		t.Errorf("prof1 strategy β = %v, want conceder's 2", strategyParam(p1.Strategy, "beta"))
	}
	if !p2.Reservation.Uncertain() || s.Sim.Deadline != 30 {
		t.Errorf("prof2 reservation %+v, deadline %d; want a distribution, 30", p2.Reservation, s.Sim.Deadline)
	}

	for _, tc := range []struct {
		set   string
		field string
		want  []string
	}{
		{"parties.laptop_c_prof3.reservation=0.5", "--set parties.laptop_c_prof3.reservation=0.5", []string{"cannot add", `did you mean "laptop_c_prof1"`}},
		{"genius.domain=other.xml", "--set genius.domain=other.xml", []string{"cannot be overridden"}},
		{"parties.laptop_c_prof1.reservation=1.5", "parties.laptop_c_prof1.reservation", []string{"[0, 1]", "from --set"}},
		{"protocol.type=mediated", "protocol.mediator", []string{"needs a mediator", "laptop_c_prof1, laptop_c_prof2"}},
	} {
		_, err := scenarios.LoadGenius(domain, profiles, []string{tc.set})
		es := fieldErrors(t, err)
		if len(es) != 1 || es[0].Field != tc.field || es[0].File != domain {
			t.Errorf("--set %s: errors %v, want one in %s naming %q", tc.set, err, domain, tc.field)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(es[0].Msg, w) {
				t.Errorf("--set %s: %q, want it to mention %q", tc.set, es[0].Msg, w)
			}
		}
	}
}

func TestGeniusErrors(t *testing.T) {
	fruit := filepath.Join(handDir, "fruit-domain.xml")
	meeting := filepath.Join(handDir, "meeting-domain.xml")
	buyer := filepath.Join(handDir, "fruit-buyer.xml")
	alice := filepath.Join(handDir, "alice.xml")
	tests := []struct {
		file    string // in testdata/genius/invalid: a profile, or a domain (*-domain.xml)
		line    int
		field   string   // FieldError.Field
		mention []string // in Msg
		n       int      // errors, if more than 1
	}{
		{"malformed.xml", 13, "", []string{"malformed XML", "<item>", "</issue>"}, 0},
		{"not-genius.xml", 2, "", []string{"no <utility_space>", "<html>"}, 0},
		// Durian replaces Banana, which has no evaluation then: a second error.
		{"unknown-item.xml", 6, `issue "Fruit", item "Durian"`, []string{"does not have", `"Apple", "Banana", "Cherry"`}, 2},
		{"missing-issue.xml", 3, `issue "Price"`, []string{"missing", "every issue"}, 0},
		{"missing-item.xml", 9, `issue "Price", item "High"`, []string{"no evaluation"}, 0},
		{"negative-weight.xml", 15, "weight index 2", []string{"≥ 0", "-1"}, 0},
		{"missing-weight.xml", 3, `issue "Price"`, []string{"no weight"}, 0},
		{"all-weights-zero.xml", 3, "weight", []string{"every weight is 0"}, 0},
		{"zero-evaluations.xml", 9, `issue "Price"`, []string{"every evaluation is 0", "weight 1"}, 0},
		{"bad-evaluation.xml", 7, `issue "Fruit", item "Cherry"`, []string{`"lots"`, "not a finite number"}, 0},
		{"negative-evaluation.xml", 7, `issue "Fruit", item "Cherry"`, []string{"≥ 0", "-8"}, 0},
		{"nonlinear.xml", 2, "utility_space", []string{"nonlinear", "linear additive"}, 0},
		// Problems found by the shared validation name the profile too.
		{"reservation-too-high.xml", 18, "parties.reservation_too_high.reservation", []string{"[0, 1]", "1.5"}, 0},
		{"discount-too-small.xml", 17, "parties.discount_too_small.discount", []string{"[0.001, 1]", "0.0001"}, 0},
		{"integer-out-of-range.xml", 5, `issue "Hour"`, []string{"1.25 at x = 11", "[0, 1]"}, 0},
		{"integer-no-evaluator.xml", 4, `issue "Hour"`, []string{"<evaluator"}, 0},
		{"real-issue-domain.xml", 11, `issue "Price"`, []string{"real-valued", "discretise"}, 0},
		{"nested-objective-domain.xml", 11, `objective "Terms"`, []string{"nested objectives"}, 0},
		{"duplicate-item-domain.xml", 9, `issue "Fruit", item "Apple"`, []string{"twice"}, 0},
		// Found by the shared validation; the file is domain and profiles.
		{"one-item-domain.xml", 9, "issues[1].options", []string{"2 to 255", "got 1"}, 0},
		{"integer-too-wide-domain.xml", 6, `issue "Hour"`, []string{"992 values", "at most 255"}, 0},
	}
	var names []string
	for _, tc := range tests {
		names = append(names, tc.file)
	}
	everyFileHasRow(t, "testdata/genius/invalid/*.xml", names)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join("testdata/genius/invalid", tc.file)
			domain, profiles := fruit, []string{p, buyer}
			switch {
			case tc.file == "one-item-domain.xml":
				domain, profiles = p, []string{p, p}
			case strings.HasSuffix(tc.file, "-domain.xml"):
				domain = p
			case strings.HasPrefix(tc.file, "integer-"):
				domain, profiles = meeting, []string{p, alice}
			}
			s, err := scenarios.LoadGenius(domain, profiles, nil)
			if s != nil {
				t.Error("LoadGenius returned a scenario with the error")
			}
			es := fieldErrors(t, err)
			if want := max(tc.n, 1); len(es) != want {
				t.Errorf("%d errors, want %d:\n%v", len(es), want, err)
			}
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == tc.field })
			if i < 0 {
				t.Fatalf("no error names %q:\n%v", tc.field, err)
			}
			e := es[i]
			if e.File != p || e.Line != tc.line || e.Field != tc.field {
				t.Errorf("error at %s:%d %q, want %s:%d %q:\n%v", e.File, e.Line, e.Field, p, tc.line, tc.field, e)
			}
			for _, m := range tc.mention {
				if !strings.Contains(e.Msg, m) {
					t.Errorf("Msg = %q, want it to mention %q", e.Msg, m)
				}
			}
		})
	}
}

func TestGeniusLoadErrors(t *testing.T) {
	domain := filepath.Join(handDir, "fruit-domain.xml")
	buyer := filepath.Join(handDir, "fruit-buyer.xml")
	_, err := scenarios.LoadGenius(domain, []string{buyer}, nil)
	if es := fieldErrors(t, err); es[0].Field != "profiles" || !strings.Contains(es[0].Msg, "at least two") {
		t.Errorf("one profile: %v, want an error about profiles", err)
	}
	_, err = scenarios.LoadGenius(domain, []string{buyer, filepath.Join(handDir, "none.xml")}, nil)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("missing profile: %v, want fs.ErrNotExist", err)
	}
	// Every problem in every file is reported, file by file in the order
	// given, a malformed file included.
	inv := "testdata/genius/invalid/"
	_, err = scenarios.LoadGenius(domain, []string{inv + "unknown-item.xml", inv + "negative-weight.xml", inv + "missing-issue.xml", inv + "malformed.xml"}, nil)
	es := fieldErrors(t, err)
	var got []string
	for _, e := range es {
		got = append(got, filepath.Base(e.File))
	}
	if want := []string{"unknown-item.xml", "unknown-item.xml", "negative-weight.xml", "missing-issue.xml", "malformed.xml"}; !slices.Equal(got, want) {
		t.Errorf("errors in %v, want %v:\n%v", got, want, err)
	}
}

func TestGeniusScenarioFile(t *testing.T) {
	const p = "testdata/genius/fruit.yaml"
	s, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sim
	if m.Name != "fruit-market" || m.Deadline != 50 || m.Protocol.Kind != sim.Mediated {
		t.Errorf("name %s, deadline %d, protocol %v; want the file's fruit-market, 50, mediated", m.Name, m.Deadline, m.Protocol.Kind)
	}
	bi, buyer := partyOf(t, m, "fruit_buyer")
	_, seller := partyOf(t, m, "fruit_seller")
	if m.Protocol.Mediator != bi || bi != 0 {
		t.Errorf("mediator %d, buyer %d; want the buyer, first as in the profiles", m.Protocol.Mediator, bi)
	}
	// The file's values win; the rest is the import's.
	if strategyParam(seller.Strategy, "beta") != 2 || seller.Reservation.Value != 0.25 || buyer.Reservation.Value != 0.3 {
		t.Errorf("seller β %v, reservation %v; buyer reservation %v; want 2, 0.25 (file), 0.3 (profile)",
			strategyParam(seller.Strategy, "beta"), seller.Reservation.Value, buyer.Reservation.Value)
	}
	if buyer.Weights[0].Value != 0.75 || seller.Values[1][2].Value != 1 {
		t.Errorf("imported weights or values lost: %v, %v", buyer.Weights[0].Value, seller.Values[1][2].Value)
	}
	if ev := s.File.Parties["fruit_seller"].Strategy; ev.Assumption != "a test" {
		t.Errorf("seller strategy assumption %q: the file's strategy should replace the import's whole", ev.Assumption)
	}
	if len(s.Warnings) > 0 {
		t.Errorf("warnings: %q", s.Warnings)
	}

	abs := func(f string) string {
		a, err := filepath.Abs(filepath.Join(handDir, f))
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	write := func(t *testing.T, body string) string {
		t.Helper()
		f := filepath.Join(t.TempDir(), "s.yaml")
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	genius := fmt.Sprintf("genius:\n  domain: %s\n  profiles: [%s, %s]\n", abs("fruit-domain.xml"), abs("fruit-buyer.xml"), abs("fruit-seller.xml"))
	for _, tc := range []struct {
		name, body string
		file       string // the file the error names; "" for the scenario
		line       int
		field      string
		want       string
	}{
		{"issues too", genius + "issues:\n  - id: x\n    options: [{id: a}, {id: b}]\n", "", 4, "issues", "takes its issues from the domain"},
		{"one profile", "genius:\n  domain: " + abs("fruit-domain.xml") + "\n  profiles: [" + abs("fruit-buyer.xml") + "]\n", "", 3, "genius.profiles", "at least two"},
		{"no such file", "genius:\n  domain: nowhere.xml\n  profiles: [a.xml, b.xml]\n", "", 2, "genius.domain", "cannot read"},
		{"typo", genius + "  profile: x\n", "", 4, "genius.profile", `did you mean "profiles"`},
		{"file over import", genius + "parties:\n  fruit_buyer:\n    reservation: 2\n", "", 6, "parties.fruit_buyer.reservation", "[0, 1]"},
		{"import under file", "genius:\n  domain: " + abs("fruit-domain.xml") + "\n  profiles: [" + abs("fruit-buyer.xml") + ", " + abs("../invalid/reservation-too-high.xml") + "]\n",
			abs("../invalid/reservation-too-high.xml"), 18, "parties.reservation_too_high.reservation", "[0, 1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := write(t, tc.body)
			_, err := scenarios.Load(f, nil)
			es := fieldErrors(t, err)
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == tc.field })
			if i < 0 {
				t.Fatalf("no error names %q:\n%v", tc.field, err)
			}
			want := tc.file
			if want == "" {
				want = f
			}
			if e := es[i]; e.File != want || e.Line != tc.line || !strings.Contains(e.Msg, tc.want) {
				t.Errorf("error %v, want %s:%d mentioning %q", e, want, tc.line, tc.want)
			}
		})
	}
}

func loadHand(t *testing.T, domain string, profiles ...string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.LoadGenius(filepath.Join(handDir, domain), inDir(handDir, profiles...), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGeniusRoundTrip imports every test domain, exports it and imports the
// export: the model must be the same to the bit.
func TestGeniusRoundTrip(t *testing.T) {
	type row struct {
		name, domain string
		profiles     []string
	}
	var rows []row
	for _, d := range anacDomains {
		rows = append(rows, row{d.name, filepath.Join(anacDir, d.domain), inDir(anacDir, d.profiles...)})
	}
	rows = append(rows,
		row{"fruit", filepath.Join(handDir, "fruit-domain.xml"), inDir(handDir, "fruit-buyer.xml", "fruit-seller.xml")},
		row{"meeting", filepath.Join(handDir, "meeting-domain.xml"), inDir(handDir, "alice.xml", "bob.xml", "carol.xml")},
	)
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s1, err := scenarios.LoadGenius(r.domain, r.profiles, nil)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			domain, profiles, err := scenarios.ExportGenius(s1, dir)
			if err != nil {
				t.Fatalf("ExportGenius error: %v", err)
			}
			if len(profiles) != len(r.profiles) {
				t.Fatalf("%d profiles exported, want %d", len(profiles), len(r.profiles))
			}
			for i, p := range profiles {
				if filepath.Base(p) != filepath.Base(r.profiles[i]) {
					t.Errorf("profile %d written to %s, want the name it came from, %s", i, filepath.Base(p), filepath.Base(r.profiles[i]))
				}
			}
			s2, err := scenarios.LoadGenius(domain, profiles, nil)
			if err != nil {
				t.Fatalf("LoadGenius(export) error: %v", err)
			}
			if r.name == "Itex as domain" {
				// The domain would be Itex.xml, the first profile's name.
				if want := "itex-domain"; s2.Sim.Name != want {
					t.Errorf("name %q, want %q", s2.Sim.Name, want)
				}
				s2.Sim.Name = s1.Sim.Name
			}
			if r.name == "meeting" {
				// Carol's best hour is worth 0.5. The integer issue is
				// exported as a discrete one, whose evaluations GENIUS
				// divides by the largest, so her utilities are divided by
				// S = 1·0.5 + 0·0 = 0.5, as documented (her reservation
				// value is 0, and stays so).
				i, carol := partyOf(t, s2.Sim, "carol")
				for o, v := range carol.Values[0] {
					if v.Value != 1 {
						t.Errorf("carol's value for hour %d = %v, want 0.5/S = 1", o, v.Value)
					}
				}
				s2.Sim.Parties[i].Values[0] = s1.Sim.Parties[i].Values[0]
			}
			if !reflect.DeepEqual(s1.Sim, s2.Sim) {
				t.Errorf("import → export → import changed the model:\n%s", diffScenarios(s1.Sim, s2.Sim))
			}
		})
	}
}

// diffScenarios describes the first differences between two models.
func diffScenarios(a, b *sim.Scenario) string {
	var out []string
	if a.Name != b.Name {
		out = append(out, fmt.Sprintf("name %q ≠ %q", a.Name, b.Name))
	}
	if !reflect.DeepEqual(a.Issues, b.Issues) {
		out = append(out, fmt.Sprintf("issues %+v ≠ %+v", a.Issues, b.Issues))
	}
	for i := range min(len(a.Parties), len(b.Parties)) {
		p, q := a.Parties[i], b.Parties[i]
		for _, f := range []string{"ID", "Label", "Weights", "Values", "Reservation", "Discount", "Strategy", "Power", "Drift", "RedLines"} {
			x, y := reflect.ValueOf(p).FieldByName(f).Interface(), reflect.ValueOf(q).FieldByName(f).Interface()
			if !reflect.DeepEqual(x, y) {
				out = append(out, fmt.Sprintf("party %d %s: %+v ≠ %+v", i, f, x, y))
			}
		}
	}
	if len(a.Parties) != len(b.Parties) || !reflect.DeepEqual(a.Protocol, b.Protocol) || a.Deadline != b.Deadline {
		out = append(out, "parties, protocol or deadline differ")
	}
	return strings.Join(out, "\n")
}

// TestGeniusExportUkraine exports the bundled scenario and checks that
// every table party's GENIUS utility is its negsim utility (at the
// parameters' medians) divided by S = Σ_k w_k·max_o v_k(o), for all 256
// packages, and so is its reservation value.
func TestGeniusExportUkraine(t *testing.T) {
	const tol = 1e-12
	s, err := scenarios.Load("ukraine-2025-03", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sim
	domain, profiles, err := scenarios.ExportGenius(s, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if want := "ukraine-2025-03.xml"; filepath.Base(domain) != want {
		t.Errorf("domain file %s, want %s", filepath.Base(domain), want)
	}
	var names []string
	for _, p := range profiles {
		names = append(names, filepath.Base(p))
	}
	// Named by label where the label gives the id back.
	if want := []string{"us.xml", "Russia.xml", "Ukraine.xml"}; !slices.Equal(names, want) {
		t.Errorf("profiles %v, want %v (the parties at the table)", names, want)
	}
	g, err := scenarios.LoadGenius(domain, profiles, nil)
	if err != nil {
		t.Fatal(err)
	}
	drawn := sim.NewRunner(g.Sim).Draw(1, 0)

	// negsim's side: the runner's central case, every parameter at its
	// median, reservation values after the outside parties' influence.
	negsim := sim.NewRunner(m).DrawMedian()
	var pkgs [][]int
	var walk func(pkg []int)
	walk = func(pkg []int) {
		if len(pkg) == len(m.Issues) {
			pkgs = append(pkgs, slices.Clone(pkg))
			return
		}
		for o := range m.Issues[len(pkg)].Options {
			walk(append(pkg, o))
		}
	}
	walk(nil)
	if len(pkgs) != 256 {
		t.Fatalf("%d packages, want 256", len(pkgs))
	}
	j := 0
	for i, p := range negsim {
		if p.Role != agents.AtTable {
			continue
		}
		gp := drawn[j]
		j++
		if gp.ID != p.ID {
			t.Fatalf("imported party %d is %s, want %s", j, gp.ID, p.ID)
		}
		// S = Σ_k w_k·max_o v_k(o) = Σ_k max_o Utils[k][o].
		var scale float64
		for _, row := range p.Utils {
			scale += slices.Max(row)
		}
		for _, pkg := range pkgs {
			u := p.Utility(pkg)
			if got, want := gp.Utility(pkg), u/scale; math.Abs(got-want) > tol {
				t.Errorf("%s: GENIUS utility of %v = %v, want U/S = %v/%v = %v", p.ID, pkg, got, u, scale, want)
			}
		}
		if want := p.Reservation / scale; math.Abs(gp.Reservation-want) > tol {
			t.Errorf("%s: GENIUS reservation %v, want %v/%v = %v", p.ID, gp.Reservation, p.Reservation, scale, want)
		}
		if gp.Discount != p.Discount {
			t.Errorf("%s: discount %v, want %v", p.ID, gp.Discount, p.Discount)
		}
		// The EU's influence must be in it, for the test to check it.
		if p.ID == "ukraine" && p.Reservation == m.Parties[i].Reservation.At(0.5) {
			t.Errorf("%s: reservation %v without the EU's influence", p.ID, p.Reservation)
		}
	}
	// The files say what was left out.
	for _, c := range []struct {
		file string
		want []string
	}{
		{profiles[2], []string{"red lines territory=de_jure", "At their medians", "parties.ukraine.reservation = 0.325", "parties.eu.influence.ukraine = 0.05"}},
		{domain, []string{"outside parties eu"}},
	} {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range c.want {
			if !strings.Contains(string(data), w) {
				t.Errorf("%s does not say %q:\n%s", filepath.Base(c.file), w, data)
			}
		}
	}
}

func TestGeniusExportInteractions(t *testing.T) {
	p := writeScenario(t, "s.yaml", "    reservation: 0.3\n",
		"    reservation: 0.3\n    interactions:\n      both_high: {options: {price: high, term: long}, value: 0.1}\n")
	s, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, _, err = scenarios.ExportGenius(s, dir)
	if !errors.Is(err, scenarios.ErrNotExportable) || !strings.Contains(err.Error(), "parties.north.interactions.both_high") {
		t.Errorf("ExportGenius error = %v, want ErrNotExportable naming parties.north.interactions.both_high", err)
	}
	if files, _ := os.ReadDir(dir); len(files) > 0 {
		t.Errorf("ExportGenius wrote %d files with its error", len(files))
	}
}

func ExampleLoadGenius() {
	s, err := scenarios.LoadGenius("testdata/genius/anac/Laptop/Laptop-C-domain.xml",
		[]string{"testdata/genius/anac/Laptop/Laptop-C-prof1.xml", "testdata/genius/anac/Laptop/Laptop-C-prof2.xml"},
		[]string{"parties.laptop_c_prof2.strategy.type=conceder"})
	if err != nil {
		log.Fatal(err)
	}
	for _, is := range s.Sim.Issues {
		fmt.Printf("%s (%s): %d options\n", is.ID, is.Label, len(is.Options))
	}
	for _, p := range s.Sim.Parties {
		fmt.Printf("%s: weights %.3f %.3f %.3f, harddisk values %.2f %.2f %.2f, %v β=%g\n", p.ID,
			p.Weights[0].Value, p.Weights[1].Value, p.Weights[2].Value,
			p.Values[1][0].Value, p.Values[1][1].Value, p.Values[1][2].Value, p.Strategy.Name, strategyParam(p.Strategy, "beta"))
	}
	fmt.Println(s.Sim.Protocol.Kind, s.Sim.Deadline)
	// Output:
	// laptop (Laptop): 3 options
	// harddisk (Harddisk): 3 options
	// external_monitor (External Monitor): 3 options
	// laptop_c_prof1: weights 0.445 0.378 0.177, harddisk values 1.00 0.67 0.30, boulware β=0.2
	// laptop_c_prof2: weights 0.378 0.177 0.445, harddisk values 0.67 1.00 0.30, conceder β=2
	// alternating 100
}
