package scenarios_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/gonum/floats/scalar"
)

const minimalYAML = "testdata/valid/minimal.yaml"

// fieldErrors returns err as Errors, failing the test unless it is a
// non-empty Errors of non-nil *FieldError that wraps ErrInvalid.
func fieldErrors(t *testing.T, err error) scenarios.Errors {
	t.Helper()
	if err == nil {
		t.Fatal("err = nil, want an error")
	}
	var es scenarios.Errors
	if !errors.As(err, &es) {
		t.Fatalf("err = %v (%T), want scenarios.Errors", err, err)
	}
	if len(es) == 0 {
		t.Fatal("empty Errors")
	}
	if !errors.Is(err, scenarios.ErrInvalid) {
		t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
	}
	for i, e := range es {
		if e == nil {
			t.Fatalf("Errors[%d] is a nil *FieldError", i)
		}
	}
	return es
}

// writeScenario writes a copy of the minimal scenario with each old string
// replaced by its new one to a temporary file, and returns its path.
func writeScenario(t *testing.T, name string, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(minimalYAML)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("minimal.yaml has no %q", oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestBundled(t *testing.T) {
	infos, err := scenarios.Bundled()
	if err != nil {
		t.Fatalf("Bundled() error: %v", err)
	}
	if !slices.ContainsFunc(infos, func(i scenarios.Info) bool { return i.Name == scenarios.DefaultName }) {
		t.Errorf("Bundled() = %v, want it to include DefaultName %q", infos, scenarios.DefaultName)
	}
	for _, info := range infos {
		t.Run(info.Name, func(t *testing.T) {
			if info.Title == "" || info.Description == "" {
				t.Errorf("Info = %+v, want a title and a description", info)
			}
			s, err := scenarios.Load(info.Name, nil)
			if err != nil {
				t.Fatalf("Load(%q) error: %v", info.Name, err)
			}
			if want := "bundled:" + info.Name; s.Origin != want {
				t.Errorf("Origin = %q, want %q", s.Origin, want)
			}
			if len(s.Warnings) > 0 {
				t.Errorf("Load(%q) warnings:\n%s", info.Name, strings.Join(s.Warnings, "\n"))
			}
			if err := s.Sim.Check(); err != nil {
				t.Errorf("Sim.Check() = %v", err)
			}
			if m := scenarios.MissingEvidence(s.File); len(m) > 0 {
				t.Errorf("MissingEvidence = %v, want none: a bundled scenario gives a source or an assumption for everything", m)
			}
			if !slices.Equal(info.Variants, s.VariantNames) {
				t.Errorf("Info.Variants = %q, want %q", info.Variants, s.VariantNames)
			}
			hashes := map[string]string{s.Hash(): ""}
			for _, v := range s.VariantNames {
				t.Run(v, func(t *testing.T) {
					vs, err := scenarios.LoadVariant(info.Name, v, nil)
					if err != nil {
						t.Fatalf("LoadVariant(%q, %q) error: %v", info.Name, v, err)
					}
					if vs.Variant != v || vs.File.Variant != v {
						t.Errorf("Variant = %q, File.Variant = %q, want %q", vs.Variant, vs.File.Variant, v)
					}
					if len(vs.Warnings) > 0 {
						t.Errorf("warnings:\n%s", strings.Join(vs.Warnings, "\n"))
					}
					if err := vs.Sim.Check(); err != nil {
						t.Errorf("Sim.Check() = %v", err)
					}
					if m := scenarios.MissingEvidence(vs.File); len(m) > 0 {
						t.Errorf("MissingEvidence = %v, want none: a bundled variant gives a source or an assumption for everything it changes", m)
					}
					if prev, dup := hashes[vs.Hash()]; dup {
						t.Errorf("Hash() = %s, as for %q", vs.Hash(), prev)
					}
					hashes[vs.Hash()] = v
				})
			}
		})
	}
}

func TestLoadDefault(t *testing.T) {
	s, err := scenarios.Load("", nil)
	if err != nil {
		t.Fatalf(`Load("") error: %v`, err)
	}
	if want := "bundled:" + scenarios.DefaultName; s.Origin != want {
		t.Errorf(`Load("").Origin = %q, want %q`, s.Origin, want)
	}
	if s.Sim.Name != scenarios.DefaultName {
		t.Errorf(`Load("").Sim.Name = %q, want %q`, s.Sim.Name, scenarios.DefaultName)
	}
}

func TestLoadRefErrors(t *testing.T) {
	txt := filepath.Join(t.TempDir(), "scenario.txt")
	if err := os.WriteFile(txt, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		ref  string
		want []string // what the message must mention
	}{
		{"ukraine-2025-3", []string{`did you mean "ukraine-2025-03"`}},
		{filepath.Join(t.TempDir(), "none.yaml"), []string{"no such file"}},
		{txt, []string{".yaml, .yml, .json, .toml"}},
	} {
		_, err := scenarios.Load(tc.ref, nil)
		if err == nil {
			t.Errorf("Load(%q) error = nil, want one", tc.ref)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Load(%q) error = %q, want it to mention %q", tc.ref, err, w)
			}
		}
	}
}

func TestUkraine(t *testing.T) {
	s, err := scenarios.Load("ukraine-2025-03", nil)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sim

	var ids []string
	for _, p := range m.Parties {
		ids = append(ids, p.ID)
	}
	if want := []string{"us", "russia", "ukraine", "eu", "coalition"}; !slices.Equal(ids, want) {
		t.Fatalf("party ids = %v, want %v (file order)", ids, want)
	}
	party := map[string]sim.Party{}
	for _, p := range m.Parties {
		party[p.ID] = p
	}

	wantIssues := []struct {
		id      string
		options []string
	}{
		{"ceasefire", []string{"none", "energy", "energy_civilian", "full"}},
		{"intelligence", []string{"continues", "suspended"}},
		{"supplies", []string{"continue", "suspended"}},
		{"territory", []string{"no_recognition", "de_jure"}},
		{"zaporizhzhia", []string{"us_managed", "russian"}},
		{"peacekeepers", []string{"none", "coalition"}},
		{"minerals", []string{"none", "signed"}},
	}
	if len(m.Issues) != len(wantIssues) {
		t.Fatalf("%d issues, want %d", len(m.Issues), len(wantIssues))
	}
	issue := map[string]int{}
	for k, is := range m.Issues {
		issue[is.ID] = k
		var opts []string
		for _, o := range is.Options {
			opts = append(opts, o.ID)
		}
		if is.ID != wantIssues[k].id || !slices.Equal(opts, wantIssues[k].options) {
			t.Errorf("issue %d = %s %v, want %s %v", k, is.ID, opts, wantIssues[k].id, wantIssues[k].options)
		}
	}

	// Ukraine's only red line is de jure recognition.
	territory := issue["territory"]
	for k, rl := range party["ukraine"].RedLines {
		for o, red := range rl {
			want := k == territory && m.Issues[k].Options[o].ID == "de_jure"
			if red != want {
				t.Errorf("ukraine red line on %s.%s = %v, want %v", m.Issues[k].ID, m.Issues[k].Options[o].ID, red, want)
			}
		}
	}

	// The coalition of the willing, not the EU, controls the peacekeeping
	// force; the EU is outside the table and controls nothing.
	eu, coalition := party["eu"], party["coalition"]
	if eu.Role != agents.Outside || coalition.Role != agents.Outside {
		t.Errorf("eu role = %v, coalition role = %v, want %v", eu.Role, coalition.Role, agents.Outside)
	}
	if len(eu.Controls) != 0 {
		t.Errorf("eu controls = %v, want none", eu.Controls)
	}
	if want := []int{issue["peacekeepers"]}; !slices.Equal(coalition.Controls, want) {
		t.Errorf("coalition controls = %v, want %v (peacekeepers)", coalition.Controls, want)
	}
	for _, id := range []string{"us", "russia", "ukraine"} {
		if party[id].Role != agents.AtTable {
			t.Errorf("%s role = %v, want %v", id, party[id].Role, agents.AtTable)
		}
	}

	pr := m.Protocol
	if pr.Kind != sim.Mediated || pr.Format != sim.Trilateral {
		t.Errorf("protocol = %v %v, want mediated trilateral", pr.Kind, pr.Format)
	}
	if got := m.Parties[pr.Mediator].ID; got != "us" {
		t.Errorf("mediator = %q, want us", got)
	}
	if m.Deadline != 24 || !m.DeadlineDist.Uncertain() {
		t.Errorf("deadline = %d (uncertain %v), want at most 24, uncertain", m.Deadline, m.DeadlineDist.Uncertain())
	}

	// The agenda: what the calls settled is in force at the start; the
	// pledge and the raw-materials deal are the US's and Ukraine's; the
	// broader truce extends the energy truce and carries the Kremlin's
	// conditions; the force comes after a truce.
	a := m.Agenda
	if a == nil {
		t.Fatal("no agenda")
	}
	item := map[string]*sim.Item{}
	for j := range a.Items {
		item[a.Items[j].ID] = &a.Items[j]
	}
	idx := func(id string) int { return slices.IndexFunc(m.Parties, func(p sim.Party) bool { return p.ID == id }) }
	for _, tc := range []struct {
		id      string
		start   bool
		parties []string
		after   []string
		conds   int
	}{
		{"energy_truce", true, []string{"us", "russia", "ukraine"}, nil, 0},
		{"us_pledge", true, []string{"us", "ukraine"}, nil, 0},
		{"minerals", false, []string{"us", "ukraine"}, nil, 0},
		{"truce", false, []string{"us", "russia", "ukraine"}, []string{"energy_truce"}, 3},
		{"recognition", false, []string{"us", "russia", "ukraine"}, nil, 0},
		{"nuclear_plant", false, []string{"us", "russia", "ukraine"}, nil, 0},
		{"peacekeeping", false, []string{"us", "russia", "ukraine", "coalition"}, []string{"truce"}, 0},
	} {
		it := item[tc.id]
		if it == nil {
			t.Errorf("no agenda item %s", tc.id)
			continue
		}
		var ps, after []int
		for _, id := range tc.parties {
			ps = append(ps, idx(id))
		}
		for _, id := range tc.after {
			after = append(after, slices.IndexFunc(a.Items, func(x sim.Item) bool { return x.ID == id }))
		}
		if (it.Start != nil) != tc.start || !slices.Equal(it.Parties, ps) || !slices.Equal(it.After, after) || len(it.Conditions) != tc.conds {
			t.Errorf("item %s: start %v, parties %v, after %v, %d conditions; want start %v, parties %v, after %v, %d conditions",
				tc.id, it.Start, it.Parties, it.After, len(it.Conditions), tc.start, ps, after, tc.conds)
		}
	}
	for _, c := range item["truce"].Conditions {
		if c.Party != idx("russia") {
			t.Errorf("truce: a condition of party %d, want Russia's", c.Party)
		}
	}
}

func TestInvalid(t *testing.T) {
	// Each file is testdata/valid/minimal.* with one thing broken (or
	// three, for three-problems.yaml). field and line locate the error;
	// allowed are what its message must say (what is allowed, or the
	// suggestion); n is the number of errors, when more than one.
	tests := []struct {
		file    string
		field   string
		line    int
		allowed []string
		n       int
	}{
		{file: "malformed.yaml", field: "", line: 22, allowed: []string{"malformed YAML"}},
		{file: "malformed.json", field: "", line: 13, allowed: []string{"malformed JSON"}},
		// TOML syntax errors have a line (go-toml reports it); field errors do not.
		{file: "malformed.toml", field: "", line: 3, allowed: []string{"malformed TOML"}},
		{file: "unknown-top-level-key.yaml", field: "dedline", line: 5, allowed: []string{`did you mean "deadline"`, "agenda, deadline, description, end_chance, extends, genius, issues"}},
		{file: "unknown-party-field.yaml", field: "parties.north.reservaton", line: 29, allowed: []string{`did you mean "reservation"`, "red_lines, reservation, risk, role"}},
		{file: "weight-negative.yaml", field: "parties.north.weights.price", line: 24, allowed: []string{"[0, 1e+300]"}},
		{file: "weight-infinite.yaml", field: "parties.north.weights.price", line: 24, allowed: []string{"finite", "[0, 1e+300]"}},
		{file: "value-out-of-range.yaml", field: "parties.north.values.price.high", line: 27, allowed: []string{"[0, 1]"}},
		{file: "reservation-too-high.yaml", field: "parties.south.reservation", line: 41, allowed: []string{"[0, 1]", "1.4"}},
		{file: "reservation-too-high.json", field: "parties.south.reservation", line: 28, allowed: []string{"[0, 1]", "1.4"}},
		{file: "reservation-too-high.toml", field: "parties.south.reservation", line: 0, allowed: []string{"[0, 1]", "1.4"}},
		// The option without a value is a second error.
		{file: "unknown-option-in-values.yaml", field: "parties.north.values.price.hihg", line: 27, allowed: []string{`did you mean "high"`, "high, low, mid"}, n: 2},
		{file: "unknown-issue-in-weights.yaml", field: "parties.north.weights.prise", line: 24, allowed: []string{`did you mean "price"`, "price, term"}},
		{file: "unknown-party-in-influence.yaml", field: "parties.west.influence.soth", line: 61, allowed: []string{`did you mean "south"`, "north, south, west"}},
		{file: "red-line-unknown-option.yaml", field: "parties.south.red_lines.price.options[0]", line: 44, allowed: []string{`did you mean "high"`, "high, low, mid"}},
		{file: "uniform-min-above-max.yaml", field: "parties.north.reservation", line: 29, allowed: []string{"min < max"}},
		{file: "normal-sd-zero.yaml", field: "parties.north.reservation", line: 29, allowed: []string{"sd > 0"}},
		{file: "beta-alpha-zero.yaml", field: "parties.north.reservation", line: 29, allowed: []string{"alpha > 0"}},
		{file: "triangular-mode-outside.yaml", field: "parties.north.reservation", line: 29, allowed: []string{"min ≤ mode ≤ max"}},
		{file: "uniform-outside-range.yaml", field: "parties.north.reservation", line: 29, allowed: []string{"[0, 1]"}},
		{file: "unknown-dist.yaml", field: "parties.north.reservation", line: 29, allowed: []string{`"gamma"`, "uniform, normal, beta, triangular"}},
		{file: "unknown-dist-type.yaml", field: "parties.north.reservation", line: 29, allowed: []string{`did you mean "uniform"`, "uniform, normal, beta, triangular"}},
		{file: "deadline-zero.yaml", field: "deadline", line: 5, allowed: []string{"[1, 100000]"}},
		{file: "deadline-fraction.yaml", field: "deadline", line: 5, allowed: []string{"whole number"}},
		// References to "price" go to the first issue of that id, so the
		// duplicate is the only error.
		{file: "duplicate-issue.yaml", field: "issues[2].id", line: 20, allowed: []string{`"price"`, "used twice"}},
		{file: "uppercase-party.yaml", field: "parties.South", line: 33, allowed: []string{"lowercase"}},
		{file: "mediated-without-mediator.yaml", field: "protocol.mediator", line: 6, allowed: []string{"at the table (north, south)"}},
		{file: "mediator-outside.yaml", field: "protocol.mediator", line: 9, allowed: []string{"at the table (north, south)"}},
		{file: "unknown-protocol.yaml", field: "protocol.type", line: 7, allowed: []string{`did you mean "mediated"`, "alternating, mediated"}},
		{file: "weights-all-zero.yaml", field: "parties.north.weights", line: 23, allowed: []string{"weight > 0"}},
		{file: "one-party-at-table.yaml", field: "parties", line: 20, allowed: []string{"at least two parties", "table"}},
		{file: "issue-one-option.yaml", field: "issues[1].options", line: 17, allowed: []string{"2 to 255"}},
		{file: "three-problems.yaml", field: "deadline", line: 5, allowed: []string{"[1, 100000]"}, n: 3},
	}
	tests = append(tests, agendaInvalid...)  // agenda_test.go
	tests = append(tests, spatialInvalid...) // spatial_test.go
	var names []string
	for _, tc := range tests {
		names = append(names, tc.file)
	}
	everyFileHasRow(t, "testdata/invalid/*", names)
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			p := filepath.Join("testdata", "invalid", tc.file)
			s, err := scenarios.Load(p, nil)
			if s != nil {
				t.Errorf("Load(%q) returned a scenario with the error", p)
			}
			es := fieldErrors(t, err)
			if want := max(tc.n, 1); len(es) != want {
				t.Errorf("Load(%q): %d errors, want %d:\n%v", p, len(es), want, err)
			}
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == tc.field })
			if i < 0 {
				t.Fatalf("Load(%q): no error names field %q:\n%v", p, tc.field, err)
			}
			e := es[i]
			if e.File != p {
				t.Errorf("File = %q, want %q", e.File, p)
			}
			if e.Line != tc.line {
				t.Errorf("%s: Line = %d, want %d", e, e.Line, tc.line)
			}
			for _, a := range tc.allowed {
				if !strings.Contains(e.Msg, a) {
					t.Errorf("Msg = %q, want it to mention %q", e.Msg, a)
				}
			}
			if !strings.Contains(e.Error(), tc.field) {
				t.Errorf("Error() = %q, want it to name the field %q", e.Error(), tc.field)
			}
			for j := 1; j < len(es); j++ {
				if es[j].Line > 0 && es[j].Line < es[j-1].Line {
					t.Errorf("errors out of line order: %d before %d", es[j-1].Line, es[j].Line)
				}
			}
		})
	}
}

func TestInvalidAllReported(t *testing.T) {
	const p = "testdata/invalid/three-problems.yaml"
	_, err := scenarios.Load(p, nil)
	es := fieldErrors(t, err)
	want := []struct {
		field string
		line  int
	}{
		{"deadline", 5},
		{"parties.south.weights.price", 36},
		{"parties.south.reservation", 41},
	}
	if len(es) != len(want) {
		t.Fatalf("Load(%q): %d errors, want %d:\n%v", p, len(es), len(want), err)
	}
	for i, w := range want {
		if es[i].Field != w.field || es[i].Line != w.line {
			t.Errorf("error %d = %s:%d, want %s:%d", i, es[i].Field, es[i].Line, w.field, w.line)
		}
	}
}

func TestOverrides(t *testing.T) {
	party := func(t *testing.T, s *scenarios.Scenario, id string) sim.Party {
		t.Helper()
		for _, p := range s.Sim.Parties {
			if p.ID == id {
				return p
			}
		}
		t.Fatalf("no party %q", id)
		return sim.Party{}
	}
	const tol = 1e-12

	t.Run("number replaces distribution", func(t *testing.T) {
		base, err := scenarios.Load("", nil)
		if err != nil {
			t.Fatal(err)
		}
		if !party(t, base, "russia").Reservation.Uncertain() {
			t.Fatal("russia's reservation is fixed in the bundled scenario; this test needs a distribution there")
		}
		s, err := scenarios.Load("", []string{"parties.russia.reservation=0.6"})
		if err != nil {
			t.Fatal(err)
		}
		r := party(t, s, "russia").Reservation
		if r.Uncertain() || r.Value != 0.6 {
			t.Errorf("reservation = %+v, want fixed 0.6", r)
		}
		if want := []string{"parties.russia.reservation=0.6"}; !slices.Equal(s.Overrides, want) {
			t.Errorf("Overrides = %v, want %v", s.Overrides, want)
		}
	})

	t.Run("format", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"protocol.format=shuttle"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Sim.Protocol.Format != sim.Shuttle {
			t.Errorf("format = %v, want %v", s.Sim.Protocol.Format, sim.Shuttle)
		}
	})

	t.Run("distribution", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"parties.russia.reservation=uniform(0.2,0.4)"})
		if err != nil {
			t.Fatal(err)
		}
		r := party(t, s, "russia").Reservation
		if !r.Uncertain() {
			t.Fatalf("reservation = %+v, want a distribution", r)
		}
		for _, c := range []struct{ u, want float64 }{{0, 0.2}, {0.5, 0.3}, {1, 0.4}} {
			if got := r.At(c.u); !scalar.EqualWithinAbsOrRel(got, c.want, tol, tol) {
				t.Errorf("reservation.At(%v) = %v, want %v", c.u, got, c.want)
			}
		}
	})

	t.Run("parse toml", func(t *testing.T) {
		data, err := os.ReadFile("testdata/valid/minimal.toml")
		if err != nil {
			t.Fatal(err)
		}
		s, err := scenarios.Parse("minimal.toml", "toml", data, []string{"protocol.format=shuttle", "parties.south.reservation=0.5"})
		if err != nil {
			t.Fatal(err)
		}
		if s.Sim.Protocol.Format != sim.Shuttle {
			t.Errorf("format = %v, want %v", s.Sim.Protocol.Format, sim.Shuttle)
		}
		if r := party(t, s, "south").Reservation; r.Uncertain() || r.Value != 0.5 {
			t.Errorf("reservation = %+v, want fixed 0.5", r)
		}
	})

	t.Run("empty value clears", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"parties.russia.drift="})
		if err != nil {
			t.Fatal(err)
		}
		if d := party(t, s, "russia").Drift; d.Uncertain() || d.Value != 0 {
			t.Errorf("drift = %+v, want the default, fixed 0", d)
		}
	})

	t.Run("strategy type alone", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"parties.russia.strategy.type=linear"})
		if err != nil {
			t.Fatal(err)
		}
		st := party(t, s, "russia").Strategy
		beta, _ := st.Param("beta")
		if !isTimeDependent(st) || beta.Uncertain() || beta.Value != 1 {
			t.Errorf("strategy = %v with beta %+v, want time-dependent with fixed beta 1", st.Name, beta)
		}
		// The type replaces the strategy whole, as in a variant: Russia's
		// beta, a boulware parameter, goes with it.
		if len(s.Warnings) != 0 {
			t.Errorf("Warnings = %q, want none", s.Warnings)
		}
	})

	t.Run("strategy type, then a parameter of the new type", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"parties.russia.strategy.type=conceder", "parties.russia.strategy.beta=3"})
		if err != nil {
			t.Fatal(err)
		}
		if st := party(t, s, "russia").Strategy; strategyParam(st, "beta") != 3 {
			t.Errorf("beta = %v, want 3", strategyParam(st, "beta"))
		}
		s, err = scenarios.Load("", []string{"parties.russia.strategy.type=conceder"})
		if err != nil {
			t.Fatal(err)
		}
		if st := party(t, s, "russia").Strategy; strategyParam(st, "beta") != 2 {
			t.Errorf("beta = %v, want conceder's default 2, not the file's boulware beta", strategyParam(st, "beta"))
		}
	})

	t.Run("value replaces a distribution", func(t *testing.T) {
		// Russia's reservation is a distribution in the file; setting its
		// value replaces the whole parameter.
		s, err := scenarios.Load("", []string{"parties.russia.reservation.value=0.5"})
		if err != nil {
			t.Fatal(err)
		}
		if r := party(t, s, "russia").Reservation; r.Uncertain() || r.Value != 0.5 {
			t.Errorf("reservation = %+v, want fixed 0.5", r)
		}
	})

	t.Run("in order", func(t *testing.T) {
		s, err := scenarios.Load("", []string{"parties.eu.reservation=0.3", "parties.eu.reservation=0.25"})
		if err != nil {
			t.Fatal(err)
		}
		if r := party(t, s, "eu").Reservation; r.Value != 0.25 {
			t.Errorf("reservation = %v, want the last override, 0.25", r.Value)
		}
	})
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		set     string
		field   string   // FieldError.Field
		line    bool     // whether the error has a line (in the file); a problem in an overridden field has none
		allowed []string // what Msg must mention
	}{
		{"parties.rusia.reservation=0.5", "--set parties.rusia.reservation=0.5", false, []string{`did you mean "russia"`, "cannot add"}},
		{"parties.china.reservation=0.5", "--set parties.china.reservation=0.5", false, []string{"cannot add", "eu, russia, ukraine, us"}},
		{"shocks.flood.probability=0.5", "--set shocks.flood.probability=0.5", false, []string{"cannot add", "airstrikes"}},
		{"parties.russia.reservaton=0.5", "--set parties.russia.reservaton=0.5", false, []string{`did you mean "reservation"`}},
		{"parties.russia.reservation", "--set parties.russia.reservation", false, []string{"key=value"}},
		{"parties.russia.reservation=abc", "parties.russia.reservation", false, []string{`"abc"`, "uniform, normal, beta, triangular", "from --set parties.russia.reservation=abc"}},
		{"parties.russia.reservation=2", "parties.russia.reservation", false, []string{"[0, 1]", "from --set"}},
		{"protocol.format=triangle", "protocol.format", false, []string{"trilateral, shuttle", "from --set protocol.format=triangle"}},
		// A required parameter cannot be cleared.
		{"parties.russia.reservation=", "parties.russia.reservation", false, []string{"required", "[0, 1]", "from --set"}},
		// Nor can anything else but a parameter: an empty order would be
		// the default order.
		{"protocol.order=", "--set protocol.order=", false, []string{"empty value", "protocol.order=a,b"}},
		{"protocol.format= ", "--set protocol.format= ", false, []string{"empty value"}},
		{"parties.russia.strategy.rate=2", "parties.russia.strategy.rate", false, []string{"not a parameter of boulware", "from --set"}},
	}
	for _, tc := range tests {
		s, err := scenarios.Load("", []string{tc.set})
		if s != nil {
			t.Errorf("Load with --set %s returned a scenario", tc.set)
		}
		es := fieldErrors(t, err)
		if len(es) != 1 {
			t.Errorf("--set %s: %d errors, want 1:\n%v", tc.set, len(es), err)
		}
		e := es[0]
		if e.Field != tc.field {
			t.Errorf("--set %s: Field = %q, want %q", tc.set, e.Field, tc.field)
		}
		if (e.Line > 0) != tc.line {
			t.Errorf("--set %s: Line = %d, want a line: %v", tc.set, e.Line, tc.line)
		}
		if want := "bundled:" + scenarios.DefaultName; e.File != want {
			t.Errorf("--set %s: File = %q, want %q", tc.set, e.File, want)
		}
		for _, a := range tc.allowed {
			if !strings.Contains(e.Msg, a) {
				t.Errorf("--set %s: Msg = %q, want it to mention %q", tc.set, e.Msg, a)
			}
		}
	}
}

func TestOverrideNeverAddsParty(t *testing.T) {
	for _, set := range [][]string{
		{"parties.china.reservation=0.5"},
		{"parties.china=x"},
		{"parties.china.role=table", "parties.china.reservation=0.5"},
	} {
		if _, err := scenarios.Load(minimalYAML, set); err == nil {
			t.Errorf("Load(%q, %q) error = nil, want one: an override cannot add a party", minimalYAML, set)
		}
	}
	s, err := scenarios.Load(minimalYAML, []string{"parties.west.drift=0.01"})
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Sim.Parties) != 3 {
		t.Errorf("%d parties after an override, want 3", len(s.Sim.Parties))
	}
}

func TestFormats(t *testing.T) {
	want, err := scenarios.Load(minimalYAML, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Warnings) > 0 {
		t.Errorf("minimal.yaml warnings: %v", want.Warnings)
	}
	for _, format := range []string{"json", "toml"} {
		p := "testdata/valid/minimal." + format
		got, err := scenarios.Load(p, nil)
		if err != nil {
			t.Errorf("Load(%q) error: %v", p, err)
			continue
		}
		if !reflect.DeepEqual(got.Sim, want.Sim) {
			t.Errorf("Load(%q).Sim = %+v,\nwant (from YAML) %+v", p, *got.Sim, *want.Sim)
		}
		if !reflect.DeepEqual(got.File, want.File) {
			t.Errorf("Load(%q).File = %+v,\nwant (from YAML) %+v", p, *got.File, *want.File)
		}
		// Parse with the format named explicitly does the same.
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := scenarios.Parse("input", format, data, nil)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", format, err)
		} else if !reflect.DeepEqual(parsed.Sim, want.Sim) {
			t.Errorf("Parse(%s).Sim differs from the YAML's", format)
		}
	}
}

func TestWarnings(t *testing.T) {
	tests := []struct {
		name   string
		oldNew []string
		want   []string // what the one warning must mention
	}{
		{
			name:   "weights not summing to 1",
			oldNew: []string{"      term: 0.3\n", "      term: 0.5\n"},
			want:   []string{":23: parties.north.weights", "sum to 1.2", "normalised"},
		},
		{
			name:   "issue nobody weights",
			oldNew: []string{"      - {id: long}\n", "      - {id: long}\n  - id: venue\n    options: [{id: here}, {id: there}]\n"},
			want:   []string{":20: issues[2]", `"venue"`},
		},
		{
			name:   "red line on every option",
			oldNew: []string{"options: [high]", "options: [low, mid, high]"},
			want:   []string{":43: parties.south.red_lines.price", "every option"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeScenario(t, "scenario.yaml", tc.oldNew...)
			s, err := scenarios.Load(p, nil)
			if err != nil {
				t.Fatalf("Load error: %v", err)
			}
			if len(s.Warnings) != 1 {
				t.Fatalf("Warnings = %q, want one", s.Warnings)
			}
			w := s.Warnings[0]
			if !strings.HasPrefix(w, p+":") {
				t.Errorf("warning %q does not start with the file name", w)
			}
			for _, m := range tc.want {
				if !strings.Contains(w, m) {
					t.Errorf("warning %q does not mention %q", w, m)
				}
			}
		})
	}
}

// everyFileHasRow checks that every file matching glob is named in a test
// table, so that no broken input goes untested.
func everyFileHasRow(t *testing.T, glob string, names []string) {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.Contains(names, filepath.Base(f)) {
			t.Errorf("%s has no row in the table", f)
		}
	}
}
