package scenarios_test

import (
	"fmt"
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

// baseYAML is the base the tests extend: a distribution and a number with
// evidence, a strategy and a protocol with parameters, lists, a shock.
const baseYAML = `name: base
title: Base scenario
deadline: {value: 10, assumption: ten rounds}
protocol:
  type: mediated
  mediator: north
  order: [north, south]
  assumption: a mediator
issues:
  - id: price
    options: [{id: low}, {id: mid}, {id: high}]
  - id: term
    options: [{id: short}, {id: long}]
parties:
  north:
    weights: {price: 0.7, term: 0.3}
    values:
      price: {low: 0, mid: 0.5, high: 1, source: north's prices}
      term: {short: 0.2, long: 1}
    reservation: {dist: "uniform(0.2, 0.4)", source: a quote}
    strategy: {type: boulware, beta: 0.2, assumption: late}
  south:
    weights: {price: 0.6, term: 0.4}
    values:
      price: {low: 1, mid: 0.6, high: 0}
      term: {short: 1, long: 0}
    reservation: {value: 0.4, assumption: a guess}
    red_lines: {price: {options: [high], source: never high}}
    strategy: {type: tit-for-tat, rate: 1}
shocks:
  storm:
    probability: 0.1
    reservation: {north: 0.01}
`

// writeFiles writes files (name → content) to a new temporary directory
// and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// lineOf returns the 1-based line of body on which s first occurs.
func lineOf(t *testing.T, body, s string) int {
	t.Helper()
	i := strings.Index(body, s)
	if i < 0 {
		t.Fatalf("%q not in %q", s, body)
	}
	return 1 + strings.Count(body[:i], "\n")
}

func party(t *testing.T, s *scenarios.Scenario, id string) sim.Party {
	t.Helper()
	for _, p := range s.Sim.Parties {
		if p.ID == id {
			return p
		}
	}
	t.Fatalf("no party %q", id)
	return sim.Party{}
}

func TestExtendsMerge(t *testing.T) {
	tests := []struct {
		name  string
		child string // after "extends: base.yaml\n"
		check func(t *testing.T, s *scenarios.Scenario)
	}{
		{
			name:  "number over a distribution",
			child: "parties:\n  north:\n    reservation: 0.5\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				if r := party(t, s, "north").Reservation; r.Uncertain() || r.Value != 0.5 {
					t.Errorf("north reservation = %+v, want fixed 0.5", r)
				}
				// The base's evidence goes with its parameter.
				if ev := s.File.Parties["north"].Reservation.Evidence; ev != (scenarios.Evidence{}) {
					t.Errorf("north reservation evidence = %+v, want none (replaced with the parameter)", ev)
				}
			},
		},
		{
			name:  "distribution over a number",
			child: "parties:\n  south:\n    reservation: uniform(0.1, 0.3)\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				r := party(t, s, "south").Reservation
				if !r.Uncertain() || r.At(0) != 0.1 || r.At(1) != 0.3 {
					t.Errorf("south reservation = %+v, want uniform(0.1, 0.3)", r)
				}
				if ev := s.File.Parties["south"].Reservation.Evidence; ev != (scenarios.Evidence{}) {
					t.Errorf("south reservation evidence = %+v, want none", ev)
				}
			},
		},
		{
			name:  "a parameter's mapping replaces the parameter whole",
			child: "parties:\n  south:\n    reservation: {value: 0.5, source: new}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				p := s.File.Parties["south"].Reservation
				if *p.Value != 0.5 || p.Source != "new" || p.Assumption != "" {
					t.Errorf("south reservation = %v %+v, want 0.5 with only the child's source", *p.Value, p.Evidence)
				}
			},
		},
		{
			name:  "nested party fields merge key by key",
			child: "parties:\n  north:\n    values:\n      price: {mid: 0.6}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				v := party(t, s, "north").Values[0]
				if v[0].Value != 0 || v[1].Value != 0.6 || v[2].Value != 1 {
					t.Errorf("north price values = %v %v %v, want 0 0.6 1", v[0].Value, v[1].Value, v[2].Value)
				}
				if src := s.File.Parties["north"].Values["price"].Source; src != "north's prices" {
					t.Errorf("price table source = %q, want the base's", src)
				}
				if w := party(t, s, "north").Weights; w[0].Value != 0.7 || w[1].Value != 0.3 {
					t.Errorf("north weights = %v, want the base's", w)
				}
				if r := party(t, s, "north").Reservation; !r.Uncertain() {
					t.Errorf("north reservation = %+v, want the base's distribution", r)
				}
			},
		},
		{
			name:  "a list is replaced whole",
			child: "parties:\n  south:\n    red_lines: {price: {options: [mid]}}\nprotocol:\n  order: [south, north]\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				if got := party(t, s, "south").RedLines[0]; !slices.Equal(got, []bool{false, true, false}) {
					t.Errorf("south red lines on price = %v, want only mid", got)
				}
				if src := s.File.Parties["south"].RedLines["price"].Source; src != "never high" {
					t.Errorf("red line source = %q, want the base's (only the list is replaced)", src)
				}
				if got := s.Sim.Protocol.Order; !slices.Equal(got, []int{1, 0}) {
					t.Errorf("order = %v, want [1 0]", got)
				}
			},
		},
		{
			name:  "a strategy of the same type merges",
			child: "parties:\n  north:\n    strategy: {beta: 0.5}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				st := s.File.Parties["north"].Strategy
				if st.Type != "boulware" || *st.Beta.Value != 0.5 || st.Assumption != "late" {
					t.Errorf("north strategy = %s β %v %+v, want boulware β 0.5 with the base's assumption", st.Type, *st.Beta.Value, st.Evidence)
				}
			},
		},
		{
			name:  "a strategy of another type replaces it whole",
			child: "parties:\n  north:\n    strategy: {type: linear}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				st := s.File.Parties["north"].Strategy
				if st.Beta.Value != nil || st.Assumption != "" {
					t.Errorf("north strategy = %+v, want linear alone", st)
				}
				if len(s.Warnings) > 0 {
					t.Errorf("warnings %q, want none: the base's beta is gone with its strategy", s.Warnings)
				}
			},
		},
		{
			name:  "a protocol of the same type merges",
			child: "protocol: {format: shuttle}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				pr := s.Sim.Protocol
				if pr.Kind != sim.Mediated || pr.Format != sim.Shuttle || pr.Mediator != 0 || s.File.Protocol.Assumption != "a mediator" {
					t.Errorf("protocol = %+v, %+v; want the base's, shuttle", pr, s.File.Protocol)
				}
			},
		},
		{
			name:  "a protocol of another type replaces it whole",
			child: "protocol: {type: alternating, assumption: offers}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				if pf := s.File.Protocol; pf.Mediator != "" || pf.Order != nil || pf.Assumption != "offers" {
					t.Errorf("protocol = %+v, want the child's alone", pf)
				}
				if len(s.Warnings) > 0 {
					t.Errorf("warnings %q, want none: the base's mediator is gone with its protocol", s.Warnings)
				}
			},
		},
		{
			name:  "shocks merge key by key",
			child: "shocks:\n  storm: {probability: 0.2}\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				sh := s.Sim.Shocks[0]
				if sh.Probability.Value != 0.2 || len(sh.Shifts) != 1 || sh.Shifts[0].Amount.Value != 0.01 {
					t.Errorf("storm = %+v, want probability 0.2 and the base's shift", sh)
				}
			},
		},
		{
			name:  "the name is the child's file's, the rest inherited",
			child: "",
			check: func(t *testing.T, s *scenarios.Scenario) {
				if s.Sim.Name != "child" || s.File.Title != "Base scenario" || s.Sim.Deadline != 10 {
					t.Errorf("name %q, title %q, deadline %d; want child, the base's title and deadline", s.Sim.Name, s.File.Title, s.Sim.Deadline)
				}
				if got := []string{s.Sim.Parties[0].ID, s.Sim.Parties[1].ID}; !slices.Equal(got, []string{"north", "south"}) {
					t.Errorf("parties %v, want the base's order", got)
				}
			},
		},
		{
			name:  "a name given",
			child: "name: other\n",
			check: func(t *testing.T, s *scenarios.Scenario) {
				if s.Sim.Name != "other" {
					t.Errorf("name %q, want other", s.Sim.Name)
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{"base.yaml": baseYAML, "child.yaml": "extends: base.yaml\n" + tc.child})
			s, err := scenarios.Load(filepath.Join(dir, "child.yaml"), nil)
			if err != nil {
				t.Fatalf("Load error: %v", err)
			}
			if want := []string{filepath.Join(dir, "base.yaml")}; !slices.Equal(s.Bases, want) {
				t.Errorf("Bases = %q, want %q", s.Bases, want)
			}
			tc.check(t, s)
		})
	}
}

func TestExtendsChain(t *testing.T) {
	// Three files in two directories: each level changes one thing.
	dir := writeFiles(t, map[string]string{
		"base.yaml": baseYAML,
		"mid.json":  `{"extends": "base.yaml", "title": "Mid", "parties": {"north": {"reservation": 0.5}}}`,
	})
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	top := filepath.Join(sub, "top.toml")
	if err := os.WriteFile(top, []byte("extends = \"../mid.json\"\ndeadline = 7\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(top, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{filepath.Join(dir, "mid.json"), filepath.Join(dir, "base.yaml")}; !slices.Equal(s.Bases, want) {
		t.Errorf("Bases = %q, want %q", s.Bases, want)
	}
	if s.Sim.Deadline != 7 || s.File.Title != "Mid" || party(t, s, "north").Reservation.Value != 0.5 || s.Sim.Name != "top" {
		t.Errorf("deadline %d, title %q, north reservation %v, name %q; want 7, Mid, 0.5, top",
			s.Sim.Deadline, s.File.Title, party(t, s, "north").Reservation.Value, s.Sim.Name)
	}
	if party(t, s, "south").Reservation.Value != 0.4 {
		t.Errorf("south reservation %v, want the base's 0.4", party(t, s, "south").Reservation.Value)
	}
}

func TestExtendsBundled(t *testing.T) {
	const child = "extends: ukraine-2025-03\nparties:\n  russia:\n    reservation: {value: 0.6, assumption: a test}\n"
	dir := writeFiles(t, map[string]string{"hard.yaml": child})
	p := filepath.Join(dir, "hard.yaml")
	s, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	want, err := scenarios.Load("", []string{"parties.russia.reservation=0.6"})
	if err != nil {
		t.Fatal(err)
	}
	if r := party(t, s, "russia").Reservation; r.Uncertain() || r.Value != 0.6 {
		t.Errorf("russia reservation = %+v, want fixed 0.6", r)
	}
	w := *want.Sim
	w.Name = s.Sim.Name
	if d := diffScenarios(s.Sim, &w); d != "" || !reflect.DeepEqual(s.Sim.Shocks, w.Shocks) {
		t.Errorf("extending the bundled scenario differs from overriding it: %s", d)
	}
	if s.Sim.Name != "hard" || !slices.Equal(s.Bases, []string{"bundled:" + scenarios.DefaultName}) {
		t.Errorf("name %q, bases %q; want hard, [bundled:%s]", s.Sim.Name, s.Bases, scenarios.DefaultName)
	}
	if m := scenarios.MissingEvidence(s.File); len(m) > 0 {
		t.Errorf("MissingEvidence = %v, want none", m)
	}
	// The bundled scenario's variants are inherited.
	if !slices.Contains(s.VariantNames, "shuttle") {
		t.Fatalf("VariantNames = %q, want the bundled scenario's", s.VariantNames)
	}
	v, err := scenarios.LoadVariant(p, "shuttle", nil)
	if err != nil {
		t.Fatal(err)
	}
	if v.Sim.Protocol.Format != sim.Shuttle || party(t, v, "russia").Reservation.Value != 0.6 {
		t.Errorf("shuttle variant of the child: format %v, russia reservation %v; want shuttle, 0.6", v.Sim.Protocol.Format, party(t, v, "russia").Reservation.Value)
	}
}

func TestExtendsGeniusBase(t *testing.T) {
	// The base imports GENIUS files, relative to its own directory; the
	// imported parties count as the base's.
	base, err := filepath.Abs("testdata/genius/fruit.yaml")
	if err != nil {
		t.Fatal(err)
	}
	dir := writeFiles(t, map[string]string{
		"ok.yaml":  "extends: " + base + "\nparties:\n  fruit_buyer:\n    reservation: 0.35\n",
		"bad.yaml": "extends: " + base + "\nparties:\n  fruit_byer:\n    reservation: 0.35\n",
	})
	s, err := scenarios.Load(filepath.Join(dir, "ok.yaml"), nil)
	if err != nil {
		t.Fatal(err)
	}
	if r := party(t, s, "fruit_buyer").Reservation.Value; r != 0.35 {
		t.Errorf("fruit_buyer reservation %v, want 0.35", r)
	}
	_, err = scenarios.Load(filepath.Join(dir, "bad.yaml"), nil)
	es := fieldErrors(t, err)
	if e := es[0]; e.Field != "parties.fruit_byer" || e.Line != 3 || !strings.Contains(e.Msg, `did you mean "fruit_buyer"`) {
		t.Errorf("error %v, want bad.yaml:3 parties.fruit_byer suggesting fruit_buyer", e)
	}
}

func TestExtendsErrors(t *testing.T) {
	chain := map[string]string{}
	for i := range scenarios.MaxExtends + 1 {
		chain[fmt.Sprintf("c%d.yaml", i)] = fmt.Sprintf("extends: c%d.yaml\n", i+1)
	}
	chain[fmt.Sprintf("c%d.yaml", scenarios.MaxExtends+1)] = baseYAML
	tests := []struct {
		name  string
		files map[string]string
		load  string // the file loaded
		file  string // the file the error names
		line  string // what the error's line holds ("" for none)
		field string
		want  []string // what the message mentions
	}{
		{
			name:  "loop of two files",
			files: map[string]string{"a.yaml": "extends: b.yaml\n", "b.yaml": "deadline: 3\nextends: a.yaml\n"},
			load:  "a.yaml", file: "b.yaml", line: "extends: a.yaml", field: "extends",
			want: []string{"loop: ", "a.yaml → ", "b.yaml → ", "a.yaml: a scenario cannot extend itself"},
		},
		{
			name:  "self-loop",
			files: map[string]string{"a.yaml": "extends: a.yaml\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{"loop: ", "a.yaml → "},
		},
		{
			name:  "loop below the top",
			files: map[string]string{"a.yaml": "extends: b.yaml\n", "b.yaml": "extends: c.yaml\n", "c.yaml": "extends: ./b.yaml\n"},
			load:  "a.yaml", file: "c.yaml", line: "extends", field: "extends",
			want: []string{"b.yaml → ", "c.yaml → "},
		},
		{
			name:  "too deep",
			files: chain, load: "c0.yaml", file: fmt.Sprintf("c%d.yaml", scenarios.MaxExtends), line: "extends", field: "extends",
			want: []string{fmt.Sprintf("more than %d bases", scenarios.MaxExtends), "c0.yaml → ", "c17.yaml"},
		},
		{
			name:  "no such base",
			files: map[string]string{"a.yaml": "deadline: 3\nextends: nowhere.yaml\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{"nowhere.yaml", "no such file"},
		},
		{
			name:  "bundled name misspelt",
			files: map[string]string{"a.yaml": "extends: ukraine-2025-3\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{`did you mean "ukraine-2025-03"`},
		},
		{
			name:  "extends not a name",
			files: map[string]string{"a.yaml": "extends: [base.yaml]\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{"must name the base scenario"},
		},
		{
			name:  "extends null",
			files: map[string]string{"a.yaml": "deadline: 3\nextends: ~\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{"must name the base scenario"},
		},
		{
			name:  "new party",
			files: map[string]string{"base.yaml": baseYAML, "a.yaml": "extends: base.yaml\nparties:\n  nort:\n    reservation: 0.5\n"},
			load:  "a.yaml", file: "a.yaml", line: "nort:", field: "parties.nort",
			want: []string{`has no party "nort"`, `did you mean "north"`, "north, south", "not add one"},
		},
		{
			name:  "new shock",
			files: map[string]string{"base.yaml": baseYAML, "a.yaml": "extends: base.yaml\nshocks:\n  strom: {probability: 0.2}\n"},
			load:  "a.yaml", file: "a.yaml", line: "strom:", field: "shocks.strom",
			want: []string{`has no shock "strom"`, `did you mean "storm"`},
		},
		{
			name:  "unknown key in the child",
			files: map[string]string{"base.yaml": baseYAML, "a.yaml": "extends: base.yaml\nparties:\n  north:\n    reservaton: 0.5\n"},
			load:  "a.yaml", file: "a.yaml", line: "reservaton", field: "parties.north.reservaton",
			want: []string{`did you mean "reservation"`},
		},
		{
			name:  "invalid value in the child",
			files: map[string]string{"base.yaml": baseYAML, "a.yaml": "extends: base.yaml\nparties:\n  north:\n    reservation: 1.4\n"},
			load:  "a.yaml", file: "a.yaml", line: "reservation", field: "parties.north.reservation",
			want: []string{"[0, 1]"},
		},
		{
			name:  "invalid value in a TOML child",
			files: map[string]string{"base.yaml": baseYAML, "a.toml": "extends = \"base.yaml\"\n[parties.north]\nreservation = 1.4\n"},
			load:  "a.toml", file: "a.toml", line: "", field: "parties.north.reservation",
			want: []string{"[0, 1]"},
		},
		{
			// The child replaces the issues; the base's weight for the
			// issue it drops is now the error, on the base's line.
			name:  "error in the base caused by the child",
			files: map[string]string{"base.yaml": baseYAML, "a.yaml": "extends: base.yaml\nissues:\n  - id: price\n    options: [{id: low}, {id: mid}, {id: high}]\n"},
			load:  "a.yaml", file: "base.yaml", line: "weights: {price: 0.7", field: "parties.north.weights.term",
			want: []string{`unknown issue "term"`},
		},
		{
			name:  "unknown key in the base",
			files: map[string]string{"base.yaml": strings.Replace(baseYAML, "title:", "titel:", 1), "a.yaml": "extends: base.yaml\n"},
			load:  "a.yaml", file: "base.yaml", line: "titel", field: "titel",
			want: []string{`did you mean "title"`},
		},
		{
			name:  "malformed base",
			files: map[string]string{"base.yaml": "deadline: 3\nparties: [\n", "a.yaml": "extends: base.yaml\n"},
			load:  "a.yaml", file: "base.yaml", line: "", field: "",
			want: []string{"malformed YAML"},
		},
		{
			name:  "base of unknown type",
			files: map[string]string{"base.txt": "", "a.yaml": "extends: base.txt\n"},
			load:  "a.yaml", file: "a.yaml", line: "extends", field: "extends",
			want: []string{".yaml, .yml, .json, .toml"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := writeFiles(t, tc.files)
			_, err := scenarios.Load(filepath.Join(dir, tc.load), nil)
			es := fieldErrors(t, err)
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == tc.field })
			if i < 0 {
				t.Fatalf("no error names field %q:\n%v", tc.field, err)
			}
			e := es[i]
			if want := filepath.Join(dir, tc.file); e.File != want {
				t.Errorf("%v: File = %q, want %q", e, e.File, want)
			}
			if tc.line != "" {
				if want := lineOf(t, tc.files[tc.file], tc.line); e.Line != want {
					t.Errorf("%v: Line = %d, want %d", e, e.Line, want)
				}
			} else if tc.field != "" && e.Line != 0 {
				t.Errorf("%v: Line = %d, want none", e, e.Line)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Msg, w) {
					t.Errorf("Msg = %q, want it to mention %q", e.Msg, w)
				}
			}
		})
	}
}

func TestExtendsMalformedLine(t *testing.T) {
	dir := writeFiles(t, map[string]string{"base.yaml": "deadline: 3\nparties: [\n", "a.yaml": "extends: base.yaml\n"})
	_, err := scenarios.Load(filepath.Join(dir, "a.yaml"), nil)
	es := fieldErrors(t, err)
	if e := es[0]; e.File != filepath.Join(dir, "base.yaml") || e.Line == 0 {
		t.Errorf("error %v, want one on a line of base.yaml", e)
	}
}

func TestBundledExtendsOnlyBundled(t *testing.T) {
	_, err := scenarios.Parse("bundled:x", "yaml", []byte("extends: base.yaml\n"), nil)
	es := fieldErrors(t, err)
	if e := es[0]; e.File != "bundled:x" || e.Field != "extends" || !strings.Contains(e.Msg, "only bundled scenarios") {
		t.Errorf("error %v, want bundled:x: extends: ...only bundled scenarios", e)
	}
}

// variantsYAML extends the base with variants; the base has variants too.
const variantsYAML = `extends: base.yaml
parties:
  north:
    reservation: 0.3
variants:
  shuttle:
    protocol: {format: shuttle}
  hard-south:
    parties:
      south:
        reservation: 0.5
        strategy: {type: hard-liner, target: 0.9}
  same:
    title: Base scenario
  fast:
    deadline: 3
`

const baseWithVariants = baseYAML + `variants:
  fast:
    deadline: 5
    protocol: {format: shuttle}
  calm:
    shocks: {storm: {probability: 0}}
`

func TestVariants(t *testing.T) {
	dir := writeFiles(t, map[string]string{"base.yaml": baseWithVariants, "v.yaml": variantsYAML})
	p := filepath.Join(dir, "v.yaml")

	names, err := scenarios.Variants(p)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"calm", "fast", "hard-south", "same", "shuttle"}
	if !slices.Equal(names, want) {
		t.Errorf("Variants(%q) = %q, want %q (the base's included)", p, names, want)
	}

	base, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if base.Variant != "" || base.File.Variant != "" || !slices.Equal(base.VariantNames, want) {
		t.Errorf("Load: Variant %q, File.Variant %q, VariantNames %q; want \"\", \"\", %q", base.Variant, base.File.Variant, base.VariantNames, want)
	}

	hashes := map[string]string{base.Hash(): ""}
	tests := []struct {
		variant string
		sets    []string
		check   func(t *testing.T, s *scenarios.Scenario)
	}{
		{"shuttle", nil, func(t *testing.T, s *scenarios.Scenario) {
			if s.Sim.Protocol.Format != sim.Shuttle || s.Sim.Protocol.Kind != sim.Mediated {
				t.Errorf("protocol %+v, want mediated shuttle", s.Sim.Protocol)
			}
			if party(t, s, "north").Reservation.Value != 0.3 {
				t.Errorf("north reservation %v, want the file's 0.3 under the variant", party(t, s, "north").Reservation.Value)
			}
		}},
		{"hard-south", nil, func(t *testing.T, s *scenarios.Scenario) {
			south := party(t, s, "south")
			if south.Reservation.Value != 0.5 || south.Strategy.Name != "hard-liner" || strategyParam(south.Strategy, "target") != 0.9 {
				t.Errorf("south reservation %v, strategy %v target %v; want 0.5, hard-liner 0.9", south.Reservation.Value, south.Strategy.Name, strategyParam(south.Strategy, "target"))
			}
		}},
		{"hard-south", []string{"parties.south.reservation=0.6", "parties.south.strategy.target=0.8"}, func(t *testing.T, s *scenarios.Scenario) {
			// --set applies after the variant.
			south := party(t, s, "south")
			if south.Reservation.Value != 0.6 || strategyParam(south.Strategy, "target") != 0.8 {
				t.Errorf("south reservation %v, target %v; want the overrides' 0.6, 0.8", south.Reservation.Value, strategyParam(south.Strategy, "target"))
			}
		}},
		{"same", nil, func(t *testing.T, s *scenarios.Scenario) {
			if d := diffScenarios(s.Sim, base.Sim); d != "" {
				t.Errorf("a variant that changes nothing differs: %s", d)
			}
		}},
		{"fast", nil, func(t *testing.T, s *scenarios.Scenario) {
			// Merged by name: the file's deadline over the base's
			// variant, which also sets the format.
			if s.Sim.Deadline != 3 || s.Sim.Protocol.Format != sim.Shuttle {
				t.Errorf("deadline %d, format %v; want 3, shuttle", s.Sim.Deadline, s.Sim.Protocol.Format)
			}
		}},
		{"calm", nil, func(t *testing.T, s *scenarios.Scenario) {
			if s.Sim.Shocks[0].Probability.Value != 0 || party(t, s, "north").Reservation.Value != 0.3 {
				t.Errorf("storm probability %v, north reservation %v; want 0 and the file's 0.3", s.Sim.Shocks[0].Probability.Value, party(t, s, "north").Reservation.Value)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.variant+strings.Join(tc.sets, ","), func(t *testing.T) {
			s, err := scenarios.LoadVariant(p, tc.variant, tc.sets)
			if err != nil {
				t.Fatal(err)
			}
			if s.Variant != tc.variant || s.File.Variant != tc.variant {
				t.Errorf("Variant %q, File.Variant %q; want %q", s.Variant, s.File.Variant, tc.variant)
			}
			tc.check(t, s)
			again, err := scenarios.LoadVariant(p, tc.variant, tc.sets)
			if err != nil {
				t.Fatal(err)
			}
			if again.Hash() != s.Hash() {
				t.Errorf("the same variant hashes to %s and %s", s.Hash(), again.Hash())
			}
			if prev, dup := hashes[s.Hash()]; dup {
				t.Errorf("variant %q %q hashes as %q", tc.variant, tc.sets, prev)
			}
			hashes[s.Hash()] = tc.variant + strings.Join(tc.sets, ",")
		})
	}
}

func TestVariantErrors(t *testing.T) {
	tests := []struct {
		name    string
		body    string // after baseYAML
		variant string
		sets    []string
		line    string // what the error's line holds
		field   string
		want    []string
	}{
		{
			name: "unknown variant", body: "variants:\n  shuttle: {protocol: {format: shuttle}}\n  fast: {deadline: 3}\n", variant: "shutle",
			line: "variants:", field: "variants", want: []string{`unknown variant "shutle"`, `did you mean "shuttle"`, "(variants: fast, shuttle)"},
		},
		{
			name: "no variants", variant: "fast",
			field: "variants", want: []string{"no variants"},
		},
		{
			name: "a variant adds a party", body: "variants:\n  more:\n    parties:\n      sout: {reservation: 0.5}\n", variant: "more",
			line: "sout:", field: "parties.sout", want: []string{`has no party "sout"`, `did you mean "south"`, "(in variant more)"},
		},
		{
			name: "invalid value in a variant", body: "variants:\n  high:\n    parties:\n      south: {reservation: 1.5}\n", variant: "high",
			line: "reservation: 1.5", field: "parties.south.reservation", want: []string{"[0, 1]", "(in variant high)"},
		},
		{
			name: "unknown key in a variant", body: "variants:\n  x:\n    dedline: 3\n",
			line: "dedline", field: "variants.x.dedline", want: []string{`did you mean "deadline"`},
		},
		{
			name: "extends in a variant", body: "variants:\n  x:\n    extends: other.yaml\n",
			line: "extends", field: "variants.x.extends", want: []string{`unknown key "extends"`},
		},
		{
			name: "empty variant", body: "variants:\n  x: {}\n",
			line: "x: {}", field: "variants.x", want: []string{"empty"},
		},
		{
			name: "variant of nothing but empty mappings", body: "variants:\n  x:\n    parties: {}\n",
			line: "x:", field: "variants.x", want: []string{"empty"},
		},
		{
			name: "variant not a mapping", body: "variants:\n  x: 3\n",
			line: "x: 3", field: "variants.x", want: []string{"must be a mapping"},
		},
		{
			name: "variant name", body: "variants:\n  2x: {deadline: 3}\n",
			line: "2x", field: "variants.2x", want: []string{"not valid"},
		},
		{
			name: "variants overridden", body: "variants:\n  x: {deadline: 3}\n", sets: []string{"variants.x.deadline=4"},
			field: "--set variants.x.deadline=4", want: []string{"cannot be overridden"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			body := baseYAML + tc.body
			dir := writeFiles(t, map[string]string{"s.yaml": body})
			p := filepath.Join(dir, "s.yaml")
			s, err := scenarios.LoadVariant(p, tc.variant, tc.sets)
			if s != nil {
				t.Errorf("LoadVariant returned a scenario with the error")
			}
			es := fieldErrors(t, err)
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == tc.field })
			if i < 0 {
				t.Fatalf("no error names field %q:\n%v", tc.field, err)
			}
			e := es[i]
			if e.File != p {
				t.Errorf("%v: File = %q, want %q", e, e.File, p)
			}
			want := 0
			if tc.line != "" {
				want = lineOf(t, body, tc.line)
			}
			if e.Line != want {
				t.Errorf("%v: Line = %d, want %d", e, e.Line, want)
			}
			for _, w := range tc.want {
				if !strings.Contains(e.Msg, w) {
					t.Errorf("Msg = %q, want it to mention %q", e.Msg, w)
				}
			}
		})
	}
}

func TestBundledVariants(t *testing.T) {
	names, err := scenarios.Variants(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"alternating", "grand-bargain", "shuttle", "truce-not-restored", "us-pressure"} {
		if !slices.Contains(names, want) {
			t.Errorf("Variants(%q) = %q, want it to include %q", scenarios.DefaultName, names, want)
		}
	}
	get := func(variant string) *scenarios.Scenario {
		t.Helper()
		s, err := scenarios.LoadVariant(scenarios.DefaultName, variant, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	base := get("")
	if s := get("shuttle"); s.Sim.Protocol.Kind != sim.Mediated || s.Sim.Protocol.Format != sim.Shuttle {
		t.Errorf("shuttle: protocol %+v, want mediated shuttle", s.Sim.Protocol)
	}
	if s := get("alternating"); s.Sim.Protocol.Kind != sim.Alternating {
		t.Errorf("alternating: protocol %+v, want alternating", s.Sim.Protocol)
	}
	s := get("us-pressure")
	us := party(t, s, "us")
	if d := diffScenarios(s.Sim, base.Sim); d == "" {
		t.Error("us-pressure is the scenario itself")
	}
	if len(us.Influence) != 1 || us.Influence[0].Party != slices.IndexFunc(s.Sim.Parties, func(p sim.Party) bool { return p.ID == "ukraine" }) || us.Influence[0].Amount.At(1) >= 0 {
		t.Errorf("us-pressure: US influence %+v, want one lowering Ukraine's reservation", us.Influence)
	}
	if s := get("grand-bargain"); s.Sim.Agenda != nil || base.Sim.Agenda == nil {
		t.Errorf("grand-bargain: agenda %v (base %v), want none: one package of every issue", s.Sim.Agenda, base.Sim.Agenda)
	}
	if s := get("truce-not-restored"); s.Sim.Agenda == nil || s.Sim.Agenda.Items[0].Renegotiate || !base.Sim.Agenda.Items[0].Renegotiate {
		t.Error("truce-not-restored: the energy truce can still be renegotiated")
	}
}

func ExampleLoadVariant() {
	names, err := scenarios.Variants("ukraine-2025-03")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(strings.Join(names, ", "))
	s, err := scenarios.LoadVariant("ukraine-2025-03", "shuttle", []string{"deadline=8"})
	if err != nil {
		log.Fatal(err)
	}
	pr := s.Sim.Protocol
	fmt.Printf("%s: %s, %s, deadline %d rounds\n", s.Variant, pr.Kind, pr.Format, s.Sim.Deadline)
	// Output:
	// alternating, grand-bargain, shuttle, truce-not-restored, us-pressure
	// shuttle: mediated, shuttle, deadline 8 rounds
}

// strategyParam returns the fixed value of a strategy's named parameter
// (NaN if the family has none).
func strategyParam(st sim.Strategy, name string) float64 {
	p, ok := st.Param(name)
	if !ok {
		return math.NaN()
	}
	return p.Value
}

// isTimeDependent reports whether st is one of the time-dependent
// families (time-dependent, boulware, linear, conceder).
func isTimeDependent(st sim.Strategy) bool {
	_, ok := st.Family().New().(*agents.TimeDependent)
	return ok
}
