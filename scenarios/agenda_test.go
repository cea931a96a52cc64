package scenarios_test

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/pelletier/go-toml/v2"
	"go.yaml.in/yaml/v3"
	"gonum.org/v1/gonum/floats/scalar"
)

const agendaYAML = "testdata/valid/agenda.yaml"

// agendaInvalid are the rows of TestInvalid for broken agendas, uncertain
// deadlines and end_chance: each file is testdata/valid/agenda.yaml (or
// minimal.yaml, for breaks without an agenda) with one thing broken.
var agendaInvalid = []struct {
	file    string
	field   string
	line    int
	allowed []string
	n       int
}{
	{file: "agenda-unknown-issue.yaml", field: "agenda.items.minerals.issues[0]", line: 60, allowed: []string{`did you mean "minerals"`, "ceasefire, intelligence, minerals"}},
	{file: "agenda-unknown-option.yaml", field: "agenda.items.minerals.status_quo.minerals", line: 61, allowed: []string{`did you mean "none"`, "none, signed"}},
	{file: "agenda-unknown-party.yaml", field: "agenda.items.minerals.parties[1]", line: 62, allowed: []string{`did you mean "ukraine"`, "russia, ukraine, us"}},
	{file: "agenda-unknown-after.yaml", field: "agenda.items.ceasefire.after[0]", line: 87, allowed: []string{`did you mean "energy_truce"`, "ceasefire, energy_truce, minerals"}},
	{file: "agenda-unknown-item-key.yaml", field: "agenda.items.energy_truce.renegotiat", line: 73, allowed: []string{`did you mean "renegotiate"`}},
	{file: "agenda-item-without-issues.yaml", field: "agenda.items.minerals.issues", line: 58, allowed: []string{"at least one issue", "ceasefire, intelligence, minerals"}},
	{file: "agenda-missing-status-quo.yaml", field: "agenda.items.ceasefire.status_quo", line: 86, allowed: []string{`"intelligence"`, "continues, suspended"}},
	{file: "agenda-options-allow-nothing.yaml", field: "agenda.items.energy_truce.options.ceasefire", line: 67, allowed: []string{"allows no option", "none, energy, full"}},
	{file: "agenda-options-not-item-issue.yaml", field: "agenda.items.energy_truce.options.intelligence", line: 67, allowed: []string{"not one of the item's issues", "ceasefire"}},
	{file: "agenda-start-not-allowed.yaml", field: "agenda.items.energy_truce.start.ceasefire", line: 69, allowed: []string{`"full"`, "allowed: energy"}},
	{file: "agenda-start-incomplete.yaml", field: "agenda.items.ceasefire.start", line: 88, allowed: []string{`"intelligence"`, "ceasefire, intelligence"}},
	{file: "agenda-no-party-at-table.yaml", field: "agenda.items.minerals.parties", line: 64, allowed: []string{"at the table (us, russia)"}},
	{file: "agenda-after-itself.yaml", field: "agenda.items.ceasefire.after[0]", line: 87, allowed: []string{"its own precondition"}},
	{file: "agenda-after-cycle.yaml", field: "agenda.items.ceasefire.after", line: 88, allowed: []string{"cycle", "energy_truce → ceasefire → energy_truce"}},
	{file: "agenda-condition-neither.yaml", field: "agenda.items.ceasefire.conditions.minerals_first", line: 89, allowed: []string{"item:", "issue:, options:"}},
	{file: "agenda-condition-options-without-issue.yaml", field: "agenda.items.energy_truce.conditions.kremlin_intelligence.options", line: 78, allowed: []string{"options need issue"}},
	{file: "agenda-condition-issue-without-options.yaml", field: "agenda.items.energy_truce.conditions.kremlin_intelligence.issue", line: 77, allowed: []string{"issue needs options"}},
	{file: "agenda-condition-own-item.yaml", field: "agenda.items.ceasefire.conditions.minerals_first.item", line: 91, allowed: []string{"own item"}},
	{file: "agenda-binding-out-of-range.yaml", field: "agenda.items.energy_truce.conditions.kremlin_intelligence.binding", line: 79, allowed: []string{"[0, 1]", "1.2"}},
	{file: "agenda-hazard-out-of-range.yaml", field: "agenda.items.energy_truce.hazard", line: 70, allowed: []string{"[0, 1]", "1.5"}},
	{file: "agenda-order-incomplete.yaml", field: "agenda.order", line: 52, allowed: []string{"each item once", "leaves out energy_truce"}},
	{file: "agenda-order-twice.yaml", field: "agenda.order[3]", line: 52, allowed: []string{`"minerals"`, "twice"}},
	// The item left out is not reported as well: it is the typo's.
	{file: "agenda-order-unknown.yaml", field: "agenda.order[1]", line: 52, allowed: []string{`did you mean "energy_truce"`}},
	{file: "agenda-issue-on-no-item.yaml", field: "agenda.items", line: 57, allowed: []string{`"intelligence"`, "on no item"}},
	{file: "agenda-breaks-unknown-item.yaml", field: "shocks.airstrikes.breaks.energy_truse", line: 100, allowed: []string{`did you mean "energy_truce"`, "ceasefire, energy_truce, minerals"}},
	{file: "agenda-breaks-without-agenda.yaml", field: "shocks.flood.breaks", line: 65, allowed: []string{"no agenda"}},
	{file: "agenda-horizon-fraction.yaml", field: "agenda.horizon", line: 53, allowed: []string{"whole number", "≥ 0", "2.5"}},
	{file: "agenda-horizon-distribution.yaml", field: "agenda.horizon", line: 53, allowed: []string{"not a distribution"}},
	{file: "agenda-horizon-negative.yaml", field: "agenda.horizon", line: 53, allowed: []string{"[0, 100000]"}},
	{file: "end-chance-out-of-range.yaml", field: "end_chance", line: 12, allowed: []string{"[0, 1]", "1.5"}},
	{file: "deadline-dist-below-one.yaml", field: "deadline", line: 9, allowed: []string{"[1, 100000]"}},
}

func TestAgenda(t *testing.T) {
	s, err := scenarios.Load(agendaYAML, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) > 0 {
		t.Errorf("Warnings = %q, want none", s.Warnings)
	}
	if m := scenarios.MissingEvidence(s.File); slices.ContainsFunc(m, func(p string) bool {
		return strings.HasPrefix(p, "agenda") || strings.Contains(p, "breaks") || p == "end_chance" || p == "deadline"
	}) {
		t.Errorf("MissingEvidence = %v, want nothing of the agenda, breaks, end_chance or deadline", m)
	}
	m := s.Sim
	if err := m.Check(); err != nil {
		t.Errorf("Check() = %v", err)
	}

	// Parties in file order: us 0, russia 1, ukraine 2.
	var ids []string
	for _, p := range m.Parties {
		ids = append(ids, p.ID)
	}
	if want := []string{"us", "russia", "ukraine"}; !slices.Equal(ids, want) {
		t.Fatalf("parties = %v, want %v", ids, want)
	}
	fixed := func(v float64, name string) sim.Param { return sim.Param{Value: v, Name: name} }
	want := &sim.Agenda{
		Horizon: 8,
		Items: []sim.Item{
			{
				ID: "minerals", Label: "Raw-materials deal",
				Issues:    []int{2},
				StatusQuo: []int{0},
				Parties:   []int{0, 2},
				Hazard:    fixed(0, "agenda.items.minerals.hazard"),
			},
			{
				ID: "energy_truce", Label: "Energy-infrastructure truce",
				Issues:      []int{0},
				Options:     [][]bool{{false, true, false}},
				StatusQuo:   []int{0},
				Start:       []int{1},
				Parties:     []int{0, 1, 2},
				Hazard:      fixed(0.05, "agenda.items.energy_truce.hazard"),
				Renegotiate: true,
				Conditions:  []sim.Condition{{ID: "kremlin_intelligence", Party: 1, Item: -1, Issue: 1, Options: []bool{false, true}}},
			},
			{
				ID: "ceasefire", Label: "ceasefire",
				Issues:     []int{0, 1},
				StatusQuo:  []int{0, 0},
				Parties:    []int{0, 1, 2},
				After:      []int{1},
				Hazard:     fixed(0, "agenda.items.ceasefire.hazard"),
				Conditions: []sim.Condition{{ID: "minerals_first", Party: 0, Item: 0, Issue: -1}},
			},
		},
	}
	got := m.Agenda
	if got == nil {
		t.Fatal("Agenda = nil")
	}
	// The binding is a distribution, compared apart.
	binding := got.Items[1].Conditions[0].Binding
	got.Items[1].Conditions[0].Binding = sim.Param{}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Agenda =\n%+v\nwant\n%+v", *got, *want)
	}
	const tol = 1e-12
	if !binding.Uncertain() || binding.Name != "agenda.items.energy_truce.conditions.kremlin_intelligence.binding" {
		t.Errorf("binding = %+v, want the uniform(0.6, 1) named by its path", binding)
	}
	for _, c := range []struct{ u, want float64 }{{0, 0.6}, {0.5, 0.8}, {1, 1}} {
		if x := binding.At(c.u); !scalar.EqualWithinAbsOrRel(x, c.want, tol, tol) {
			t.Errorf("binding.At(%v) = %v, want %v", c.u, x, c.want)
		}
	}

	// The shock breaks the energy truce, item 1.
	if len(m.Shocks) != 1 || !reflect.DeepEqual(m.Shocks[0].Breaks, []sim.ItemBreak{{Item: 1, Probability: fixed(0.2, "shocks.airstrikes.breaks.energy_truce")}}) {
		t.Errorf("shocks = %+v, want airstrikes breaking item 1 with probability 0.2", m.Shocks)
	}

	// Uncertain deadline triangular(8, 12, 20): 20 rounds at most.
	if m.Deadline != 20 {
		t.Errorf("Deadline = %d, want 20 (the upper bound)", m.Deadline)
	}
	dd := m.DeadlineDist
	if !dd.Uncertain() || dd.Lo != 1 || dd.Hi != 20 || dd.Name != "deadline" {
		t.Errorf("DeadlineDist = %+v, want a distribution on [1, 20] named deadline", dd)
	}
	for _, c := range []struct{ u, want float64 }{{0, 8}, {1.0 / 3, 12}, {1, 20}} {
		if x := dd.At(c.u); !scalar.EqualWithinAbsOrRel(x, c.want, tol, tol) {
			t.Errorf("DeadlineDist.At(%v) = %v, want %v", c.u, x, c.want)
		}
	}
	if m.EndChance != fixed(0.02, "end_chance") {
		t.Errorf("EndChance = %+v, want fixed 0.02", m.EndChance)
	}
}

// TestAgendaAbsent checks what a scenario without an agenda gets: no
// agenda, a fixed deadline, no end chance, and the same hash as before
// the fields existed (they are left out of JSON when empty).
func TestAgendaAbsent(t *testing.T) {
	s, err := scenarios.Load(minimalYAML, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Sim
	if m.Agenda != nil || m.DeadlineDist.Uncertain() || m.Deadline != 10 || m.EndChance.Value != 0 || m.EndChance.Uncertain() {
		t.Errorf("Agenda %v, Deadline %d, DeadlineDist %+v, EndChance %+v; want no agenda, fixed 10, no end chance", m.Agenda, m.Deadline, m.DeadlineDist, m.EndChance)
	}
	data, err := json.Marshal(s.File)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"Agenda"`, `"EndChance"`, `"Breaks"`} {
		if strings.Contains(string(data), k) {
			t.Errorf("File's JSON has %s, want it left out when empty (Scenario.Hash would change)", k)
		}
	}
}

func TestDeadlineDistribution(t *testing.T) {
	tests := []struct {
		set      string
		deadline int
	}{
		{"deadline=uniform(8, 16)", 16},
		{"deadline=uniform(8, 15.2)", 16},
		{"deadline=triangular(1, 2, 3)", 3},
		// Unbounded: the 0.999999 quantile of normal(12, 2) truncated to
		// [1, 100000] is 12 + 4.753·2 = 21.5.
		{"deadline=normal(12, 2)", 22},
		{"deadline=normal(99990, 100)", scenarios.MaxDeadline},
		{"deadline=30", 30},
	}
	for _, tc := range tests {
		s, err := scenarios.Load(minimalYAML, []string{tc.set})
		if err != nil {
			t.Errorf("--set %s: %v", tc.set, err)
			continue
		}
		m := s.Sim
		if m.Deadline != tc.deadline {
			t.Errorf("--set %s: Deadline = %d, want %d", tc.set, m.Deadline, tc.deadline)
		}
		dd := m.DeadlineDist
		if strings.Contains(tc.set, "(") {
			if !dd.Uncertain() || dd.Lo != 1 || dd.Hi != float64(tc.deadline) {
				t.Errorf("--set %s: DeadlineDist = %+v, want a distribution on [1, %d]", tc.set, dd, tc.deadline)
			}
			if x := dd.At(1 - 1e-9); x > float64(m.Deadline) || math.IsNaN(x) {
				t.Errorf("--set %s: DeadlineDist.At(1) = %v, beyond Deadline %d", tc.set, x, m.Deadline)
			}
		} else if dd.Uncertain() {
			t.Errorf("--set %s: DeadlineDist = %+v, want the zero Param", tc.set, dd)
		}
		if err := m.Check(); err != nil {
			t.Errorf("--set %s: Check() = %v", tc.set, err)
		}
	}
}

func TestAgendaDefaultParties(t *testing.T) {
	// Ukraine outside, controlling minerals: the items on minerals need
	// it by default; the others do not.
	p := writeAgenda(t,
		"    reservation: 0.3\n    strategy: {type: boulware}\nagenda:", "    reservation: 0.3\n    strategy: {type: boulware}\n    role: outside\n    controls: [minerals]\nagenda:",
		"      parties: [us, ukraine]\n", "")
	s, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Warnings) > 0 {
		t.Errorf("Warnings = %q, want none", s.Warnings)
	}
	for _, c := range []struct {
		item    int
		parties []int
	}{{0, []int{0, 1, 2}}, {1, []int{0, 1}}, {2, []int{0, 1}}} {
		if got := s.Sim.Agenda.Items[c.item].Parties; !slices.Equal(got, c.parties) {
			t.Errorf("item %s: Parties = %v, want %v", s.Sim.Agenda.Items[c.item].ID, got, c.parties)
		}
	}
}

func TestAgendaWarnings(t *testing.T) {
	tests := []struct {
		name   string
		oldNew []string
		want   []string // what the one warning must mention
	}{
		{
			name: "item leaves out an outside party that controls its issue",
			oldNew: []string{
				"    reservation: 0.3\n    strategy: {type: boulware}\nagenda:", "    reservation: 0.3\n    strategy: {type: boulware}\n    role: outside\n    controls: [minerals]\nagenda:",
				"parties: [us, ukraine]", "parties: [us, russia]",
			},
			want: []string{":63: agenda.items.minerals.parties", `"ukraine"`, `"minerals"`},
		},
		{
			name:   "condition of a party the item does not need",
			oldNew: []string{"          party: us\n", "          party: russia\n", "      after: [energy_truce]\n", "      after: [energy_truce]\n      parties: [us, ukraine]\n"},
			want:   []string{"agenda.items.ceasefire.conditions.minerals_first.party", `"russia"`, "never applies"},
		},
		{
			name:   "condition on an issue of the item itself",
			oldNew: []string{"          issue: intelligence\n          options: [suspended]\n", "          issue: ceasefire\n          options: [energy]\n"},
			want:   []string{"agenda.items.energy_truce.conditions.kremlin_intelligence.issue", "settled by this item"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := writeAgenda(t, tc.oldNew...)
			s, err := scenarios.Load(p, nil)
			if err != nil {
				t.Fatalf("Load error: %v", err)
			}
			if len(s.Warnings) != 1 {
				t.Fatalf("Warnings = %q, want one", s.Warnings)
			}
			for _, m := range tc.want {
				if !strings.Contains(s.Warnings[0], m) {
					t.Errorf("warning %q does not mention %q", s.Warnings[0], m)
				}
			}
		})
	}
}

// writeAgenda is writeScenario for testdata/valid/agenda.yaml.
func writeAgenda(t *testing.T, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(agendaYAML)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if strings.Count(s, oldNew[i]) != 1 {
			t.Fatalf("agenda.yaml has %d of %q, want 1", strings.Count(s, oldNew[i]), oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	p := filepath.Join(t.TempDir(), "agenda.yaml")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAgendaOverrides(t *testing.T) {
	item := func(s *scenarios.Scenario, id string) sim.Item {
		for _, it := range s.Sim.Agenda.Items {
			if it.ID == id {
				return it
			}
		}
		t.Fatalf("no item %q", id)
		return sim.Item{}
	}
	tests := []struct {
		set   string
		check func(s *scenarios.Scenario) bool
	}{
		{"agenda.items.energy_truce.hazard=0.1", func(s *scenarios.Scenario) bool { return item(s, "energy_truce").Hazard.Value == 0.1 }},
		{"agenda.items.energy_truce.hazard.value=0.1", func(s *scenarios.Scenario) bool { return item(s, "energy_truce").Hazard.Value == 0.1 }},
		{"agenda.items.energy_truce.conditions.kremlin_intelligence.binding=0.5", func(s *scenarios.Scenario) bool {
			b := item(s, "energy_truce").Conditions[0].Binding
			return !b.Uncertain() && b.Value == 0.5
		}},
		{"shocks.airstrikes.breaks.energy_truce=0.3", func(s *scenarios.Scenario) bool { return s.Sim.Shocks[0].Breaks[0].Probability.Value == 0.3 }},
		// A break may be added: breaks is a mapping of parameters.
		{"shocks.airstrikes.breaks.minerals=0.1", func(s *scenarios.Scenario) bool {
			bs := s.Sim.Shocks[0].Breaks
			return len(bs) == 2 && bs[0].Item == 0 && bs[0].Probability.Value == 0.1 && bs[1].Item == 1
		}},
		{"end_chance=0.05", func(s *scenarios.Scenario) bool { return s.Sim.EndChance.Value == 0.05 }},
		{"deadline=uniform(8,16)", func(s *scenarios.Scenario) bool { return s.Sim.Deadline == 16 && s.Sim.DeadlineDist.Uncertain() }},
		{"deadline=12", func(s *scenarios.Scenario) bool { return s.Sim.Deadline == 12 && !s.Sim.DeadlineDist.Uncertain() }},
		{"agenda.horizon=3", func(s *scenarios.Scenario) bool { return s.Sim.Agenda.Horizon == 3 }},
		{"agenda.order=ceasefire,energy_truce,minerals", func(s *scenarios.Scenario) bool { return s.Sim.Agenda.Items[0].ID == "ceasefire" }},
		{"agenda.items.minerals.parties=us,russia,ukraine", func(s *scenarios.Scenario) bool { return slices.Equal(item(s, "minerals").Parties, []int{0, 1, 2}) }},
		{"agenda.items.ceasefire.renegotiate=true", func(s *scenarios.Scenario) bool { return item(s, "ceasefire").Renegotiate }},
		{"agenda.items.energy_truce.status_quo.ceasefire=energy", func(s *scenarios.Scenario) bool { return item(s, "energy_truce").StatusQuo[0] == 1 }},
		{"agenda.items.energy_truce.options.ceasefire=energy,full", func(s *scenarios.Scenario) bool {
			return slices.Equal(item(s, "energy_truce").Options[0], []bool{false, true, true})
		}},
	}
	for _, tc := range tests {
		s, err := scenarios.Load(agendaYAML, []string{tc.set})
		if err != nil {
			t.Errorf("--set %s: %v", tc.set, err)
			continue
		}
		if !tc.check(s) {
			t.Errorf("--set %s: not applied: %+v", tc.set, s.Sim.Agenda)
		}
	}
}

func TestAgendaOverrideErrors(t *testing.T) {
	tests := []struct {
		set     string
		field   string
		allowed []string
	}{
		{"agenda.items.energy_truse.hazard=0.1", "--set agenda.items.energy_truse.hazard=0.1", []string{`did you mean "energy_truce"`, "cannot add"}},
		{"agenda.items.ceasefire.conditions.kremlin.binding=0.5", "--set agenda.items.ceasefire.conditions.kremlin.binding=0.5", []string{"cannot add", "minerals_first"}},
		{"agenda.items.energy_truce.hazard=2", "agenda.items.energy_truce.hazard", []string{"[0, 1]", "from --set"}},
		{"agenda.items.energy_truce.hazzard=0.1", "--set agenda.items.energy_truce.hazzard=0.1", []string{`did you mean "hazard"`}},
		{"agenda.horizon=uniform(1,3)", "agenda.horizon", []string{"not a distribution", "from --set"}},
		{"shocks.airstrikes.breaks.energy_truse=0.3", "shocks.airstrikes.breaks.energy_truse", []string{`did you mean "energy_truce"`, "from --set"}},
		{"end_chance=1.5", "end_chance", []string{"[0, 1]", "from --set"}},
		// Clearing a start term is an error, not a silent change.
		{"agenda.items.energy_truce.start.ceasefire=", "--set agenda.items.energy_truce.start.ceasefire=", []string{"empty value", "only a numeric parameter"}},
		{"deadline=uniform(0.5,3)", "deadline", []string{"[1, 100000]", "from --set"}},
	}
	for _, tc := range tests {
		s, err := scenarios.Load(agendaYAML, []string{tc.set})
		if s != nil {
			t.Errorf("--set %s returned a scenario", tc.set)
		}
		es := fieldErrors(t, err)
		if len(es) != 1 {
			t.Errorf("--set %s: %d errors, want 1:\n%v", tc.set, len(es), err)
		}
		if es[0].Field != tc.field {
			t.Errorf("--set %s: Field = %q, want %q", tc.set, es[0].Field, tc.field)
		}
		for _, a := range tc.allowed {
			if !strings.Contains(es[0].Msg, a) {
				t.Errorf("--set %s: Msg = %q, want it to mention %q", tc.set, es[0].Msg, a)
			}
		}
	}
}

// TestAgendaFormats loads agenda.yaml converted to JSON and TOML: the same
// structs read every format. Each conversion sorts the parties (Go maps
// keep no order), so the YAML compared with is converted too.
func TestAgendaFormats(t *testing.T) {
	data, err := os.ReadFile(agendaYAML)
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := yaml.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	ym, err := yaml.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	want, err := scenarios.Parse("agenda.yaml", "yaml", ym, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want.Sim.Parties[0].ID != "russia" {
		t.Fatalf("parties from the converted YAML start with %s, want russia (sorted)", want.Sim.Parties[0].ID)
	}
	js, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	tm, err := toml.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	for format, data := range map[string][]byte{"json": js, "toml": tm} {
		got, err := scenarios.Parse("agenda."+format, format, data, nil)
		if err != nil {
			t.Errorf("Parse(%s) error: %v", format, err)
			continue
		}
		// The distributions' quantile functions compare by value.
		if !reflect.DeepEqual(got.Sim.Agenda, want.Sim.Agenda) || !reflect.DeepEqual(got.Sim.Shocks, want.Sim.Shocks) ||
			!reflect.DeepEqual(got.Sim.DeadlineDist, want.Sim.DeadlineDist) || got.Sim.EndChance != want.Sim.EndChance {
			t.Errorf("Parse(%s): agenda, shocks or deadline differ from the YAML's:\n%+v\nwant\n%+v", format, got.Sim.Agenda, want.Sim.Agenda)
		}
	}
}

func TestAgendaMissingEvidence(t *testing.T) {
	data, err := os.ReadFile(agendaYAML)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	for _, l := range strings.Split(string(data), "\n") {
		if !strings.Contains(l, "assumption:") {
			kept = append(kept, l)
		}
	}
	s, err := scenarios.Parse("agenda.yaml", "yaml", []byte(strings.Join(kept, "\n")), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := scenarios.MissingEvidence(s.File)
	for _, w := range []string{
		"deadline", "end_chance", "agenda", "agenda.horizon",
		"agenda.items.ceasefire", "agenda.items.energy_truce", "agenda.items.minerals",
		"agenda.items.energy_truce.hazard",
		"agenda.items.ceasefire.conditions.minerals_first",
		"agenda.items.energy_truce.conditions.kremlin_intelligence",
		"agenda.items.energy_truce.conditions.kremlin_intelligence.binding",
		"shocks.airstrikes.breaks.energy_truce",
	} {
		if !slices.Contains(got, w) {
			t.Errorf("MissingEvidence = %v, want it to list %s", got, w)
		}
	}
	// Parameters left at their defaults need no evidence.
	for _, no := range []string{"agenda.items.minerals.hazard", "agenda.items.ceasefire.conditions.minerals_first.binding"} {
		if slices.Contains(got, no) {
			t.Errorf("MissingEvidence lists %s, which the file does not give", no)
		}
	}
}

// TestAgendaMerge checks that variants and extends merge agenda fields key
// by key, as every other mapping, and replace lists whole.
func TestAgendaMerge(t *testing.T) {
	dir := t.TempDir()
	base, err := os.ReadFile(agendaYAML)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "base.yaml"), base, 0o644); err != nil {
		t.Fatal(err)
	}
	child := `extends: base.yaml
agenda:
  items:
    energy_truce:
      hazard: {value: 0.3, assumption: fragile}
      conditions:
        kremlin_intelligence: {binding: {value: 0.5, assumption: unsure}}
    ceasefire:
      after: [minerals, energy_truce]
variants:
  stages:
    agenda:
      order: [energy_truce, minerals, ceasefire]
      items:
        # A variant may add an item (unlike a party).
        monitors: {issues: [intelligence], status_quo: {intelligence: continues}, assumption: a later stage}
    shocks:
      airstrikes: {breaks: {minerals: {value: 0.1, assumption: x}}}
  typo:
    agenda: {items: {energy_truse: {hazard: 0.1}}}
`
	p := filepath.Join(dir, "child.yaml")
	if err := os.WriteFile(p, []byte(child), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := scenarios.Load(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := s.Sim.Agenda
	et := a.Items[1]
	if et.ID != "energy_truce" || et.Hazard.Value != 0.3 || !slices.Equal(et.Start, []int{1}) || et.Conditions[0].Binding.Value != 0.5 || et.Conditions[0].Issue != 1 {
		t.Errorf("energy_truce = %+v, want hazard 0.3 and binding 0.5 from the child, the rest from the base", et)
	}
	if cf := a.Items[2]; !slices.Equal(cf.After, []int{0, 1}) || len(cf.Conditions) != 1 {
		t.Errorf("ceasefire = %+v, want after [minerals, energy_truce] and the base's condition", cf)
	}

	// The variant's order lists 3 of the 4 items: an error, reported in
	// the variant.
	_, err = scenarios.LoadVariant(p, "stages", nil)
	es := fieldErrors(t, err)
	if es[0].Field != "agenda.order" || !strings.Contains(es[0].Msg, "monitors") || !strings.Contains(es[0].Msg, "in variant stages") {
		t.Errorf("LoadVariant(stages) error = %v, want agenda.order leaving out monitors, in variant stages", err)
	}
	// A mistyped item in a variant is a new item without issues; the
	// error suggests the item meant.
	_, err = scenarios.LoadVariant(p, "typo", nil)
	es = fieldErrors(t, err)
	if !slices.ContainsFunc(es, func(e *scenarios.FieldError) bool {
		return e.Field == "agenda.items.energy_truse.issues" && strings.Contains(e.Msg, `did you mean "energy_truce"`)
	}) {
		t.Errorf("LoadVariant(typo) error = %v, want agenda.items.energy_truse.issues suggesting energy_truce", err)
	}
	v, err := scenarios.LoadVariant(p, "stages", []string{"agenda.order=energy_truce,minerals,ceasefire,monitors"})
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, it := range v.Sim.Agenda.Items {
		order = append(order, it.ID)
	}
	if want := []string{"energy_truce", "minerals", "ceasefire", "monitors"}; !slices.Equal(order, want) {
		t.Errorf("items = %v, want %v", order, want)
	}
	if bs := v.Sim.Shocks[0].Breaks; len(bs) != 2 || bs[0].Item != 0 || bs[1].Item != 1 {
		t.Errorf("breaks = %+v, want the base's on energy_truce (0) and the variant's on minerals (1)", bs)
	}
	if v.Hash() == s.Hash() {
		t.Error("the variant has the scenario's hash")
	}
}

// TestAgendaComprehensive: agenda.comprehensive (set here by an override,
// as a variant would) negotiates every issue as one package: the scenario
// has no sim agenda and its shocks break no item, while the items are
// still checked.
func TestAgendaComprehensive(t *testing.T) {
	s, err := scenarios.Load("testdata/valid/agenda.yaml", []string{"agenda.comprehensive=true"})
	if err != nil {
		t.Fatal(err)
	}
	if s.Sim.Agenda != nil {
		t.Errorf("comprehensive: Sim.Agenda = %+v, want nil", s.Sim.Agenda)
	}
	for _, sh := range s.Sim.Shocks {
		if len(sh.Breaks) > 0 {
			t.Errorf("comprehensive: shock %s still breaks items", sh.ID)
		}
	}
	if _, err := scenarios.Load("testdata/valid/agenda.yaml", []string{"agenda.comprehensive=true", "agenda.items.minerals.parties=[nobody]"}); err == nil {
		t.Error("comprehensive: a broken item was not reported")
	}
}
