package scenarios_test

import (
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/gonum/floats/scalar"
)

const spatialYAML = "testdata/valid/spatial.yaml"

// spatialInvalid are the rows of TestInvalid for broken spatial issues:
// each file is testdata/valid/spatial.yaml with one thing broken.
var spatialInvalid = []struct {
	file    string
	field   string
	line    int
	allowed []string
	n       int
}{
	{file: "spatial-position-out-of-range.yaml", field: "parties.union.positions.quota", line: 21, allowed: []string{"[0, 100]", "140"}},
	{file: "spatial-missing-position.yaml", field: "parties.state.positions.quota", line: 37, allowed: []string{"required", "[0, 100]"}},
	{file: "spatial-missing-salience.yaml", field: "parties.employer.saliences.quota", line: 29, allowed: []string{"required", "weights.quota"}},
	{file: "spatial-values.yaml", field: "parties.union.values.quota", line: 26, allowed: []string{"generated", "positions.quota"}},
	{file: "spatial-options.yaml", field: "issues[0].options", line: 15, allowed: []string{"generated", "step or points"}},
	{file: "spatial-step.yaml", field: "issues[0].step", line: 15, allowed: []string{"divide 100", "got 7"}},
	{file: "spatial-step-on-discrete.yaml", field: "issues[1].step", line: 18, allowed: []string{"spatial issues only"}},
	{file: "spatial-shape.yaml", field: "issues[0].shape", line: 15, allowed: []string{`"cubic"`, "linear, quadratic"}},
	{file: "spatial-unknown-type.yaml", field: "issues[0].type", line: 12, allowed: []string{`did you mean "spatial"`, "discrete, spatial"}},
	{file: "spatial-point-out-of-range.yaml", field: "issues[0].points.status_quo", line: 14, allowed: []string{"[0, 100]", "125"}},
	{file: "spatial-position-on-discrete.yaml", field: "parties.state.positions.term", line: 38, allowed: []string{"not spatial"}},
	{file: "spatial-risk-quadratic.yaml", field: "parties.union.risk.quota", line: 24, allowed: []string{"linear shape only"}},
}

func loadSpatial(t *testing.T, overrides ...string) *scenarios.Scenario {
	t.Helper()
	s, err := scenarios.Load(spatialYAML, overrides)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// parseSpatial is spatial.yaml with each old string replaced by its new.
func parseSpatial(t *testing.T, oldnew ...string) *scenarios.Scenario {
	t.Helper()
	data, err := os.ReadFile(spatialYAML)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for i := 0; i < len(oldnew); i += 2 {
		if !strings.Contains(text, oldnew[i]) {
			t.Fatalf("spatial.yaml has no %q", oldnew[i])
		}
		text = strings.Replace(text, oldnew[i], oldnew[i+1], 1)
	}
	s, err := scenarios.Parse("spatial.yaml", "yaml", []byte(text), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// utility returns party i's utility of option id of issue k in the run's
// draw (seed 1, run 0).
func utility(t *testing.T, s *scenarios.Scenario, i, k int, id string) float64 {
	t.Helper()
	o := slices.IndexFunc(s.Sim.Issues[k].Options, func(op agents.Option) bool { return op.ID == id })
	if o < 0 {
		t.Fatalf("issue %q has no option %q", s.Sim.Issues[k].ID, id)
	}
	return sim.NewRunner(s.Sim).Draw(1, 0)[i].Utils[k][o]
}

func TestSpatialLoad(t *testing.T) {
	const tol = 1e-12
	s := loadSpatial(t)
	is := s.Sim.Issues[0]
	var ids []string
	for _, o := range is.Options {
		ids = append(ids, o.ID)
	}
	want := []string{"0", "10", "20", "25", "30", "40", "50", "60", "70", "80", "90", "100"}
	if !slices.Equal(ids, want) {
		t.Errorf("quota's options = %v, want %v", ids, want)
	}
	if len(is.Points) != len(want) || is.Points[3] != 25 {
		t.Errorf("quota's points = %v, want the options' positions", is.Points)
	}
	for o, label := range map[int]string{0: "0 (no quota)", 3: "25 (status_quo)", 11: "100 (full quota)", 5: "40"} {
		if is.Options[o].Label != label {
			t.Errorf("quota's option %d label = %q, want %q", o, is.Options[o].Label, label)
		}
	}
	if s.Sim.Issues[1].Points != nil {
		t.Errorf("term's points = %v, want nil for a discrete issue", s.Sim.Issues[1].Points)
	}
	// Parties in file order: union, employer, state.
	union, employer, state := s.Sim.Parties[0], s.Sim.Parties[1], s.Sim.Parties[2]
	if union.Spatial[1] != nil || union.Spatial[0] == nil {
		t.Fatalf("union's spatial preferences = %v, want one on quota only", union.Spatial)
	}
	if !employer.Spatial[0].Position.Uncertain() {
		t.Errorf("employer's position is fixed, want uniform(10, 30)")
	}
	if !state.Weights[0].Uncertain() || state.Spatial[0].WeightScale != 0.01 {
		t.Errorf("state's weight of quota = %+v, scale %g, want its uncertain salience scaled by 0.01", state.Weights[0], state.Spatial[0].WeightScale)
	}
	// By hand. Union: weights 80/100 (quota) and 0.2 (term), so 0.8 and
	// 0.2; position 60, risk 2: option 40 is worth 1 − 0.2² = 0.96.
	if got, want := utility(t, s, 0, 0, "40"), 0.8*0.96; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("union's utility of quota=40 = %g, want %g", got, want)
	}
	// State: no weight on term, so quota weighs 1 whatever its drawn
	// salience; position 40, linear: option 60 is worth 0.8.
	if got, want := utility(t, s, 2, 0, "60"), 0.8; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("state's utility of quota=60 = %g, want %g", got, want)
	}
	// The named point is an alias of its option.
	if got, want := utility(t, s, 2, 0, "25"), 0.85; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("state's utility of quota=25 = %g, want %g", got, want)
	}
	sum, err := sim.MonteCarlo(t.Context(), s.Sim, sim.Options{Runs: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Runs != 100 {
		t.Errorf("MonteCarlo ran %d runs, want 100", sum.Runs)
	}
}

func TestSpatialQuadratic(t *testing.T) {
	const tol = 1e-12
	s := parseSpatial(t, "    points: {status_quo: 25}\n", "    points: {status_quo: 25}\n    shape: quadratic\n    step: 5\n",
		"    risk: {quota: 2}\n", "")
	if n := len(s.Sim.Issues[0].Options); n != 21 {
		t.Errorf("quota with step 5 and a point on the grid has %d options, want 21", n)
	}
	// State at 40: option 65 is worth 1 − 0.25² = 0.9375.
	if got, want := utility(t, s, 2, 0, "65"), 0.9375; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("state's utility of quota=65 = %g, want %g", got, want)
	}
}

func TestSpatialRisk(t *testing.T) {
	const tol = 1e-12
	for _, tt := range []struct {
		risk string
		want float64 // union's value of quota=40, at distance 0.2
	}{
		{"0.5", 1 - 0.4472135954999579},
		{"1", 0.8},
		{"3", 1 - 0.008},
	} {
		s := parseSpatial(t, "risk: {quota: 2}", "risk: {quota: "+tt.risk+"}")
		if got := utility(t, s, 0, 0, "40"); !scalar.EqualWithinAbsOrRel(got, 0.8*tt.want, tol, tol) {
			t.Errorf("risk %s: union's utility of quota=40 = %g, want %g", tt.risk, got, 0.8*tt.want)
		}
	}
}

func TestSpatialOverride(t *testing.T) {
	const tol = 1e-12
	s := loadSpatial(t, "parties.union.positions.quota=55", "parties.state.saliences.quota=50", "parties.union.risk.quota=1")
	if p := s.Sim.Parties[0].Spatial[0].Position; p.Uncertain() || p.Value != 55 {
		t.Errorf("union's position after --set = %+v, want 55", p)
	}
	if w := s.Sim.Parties[2].Weights[0]; w.Uncertain() || w.Value != 50 {
		t.Errorf("state's salience after --set = %+v, want 50", w)
	}
	// Union at 55, linear: option 40 is worth 0.85 × 0.8.
	if got, want := utility(t, s, 0, 0, "40"), 0.8*0.85; !scalar.EqualWithinAbsOrRel(got, want, tol, tol) {
		t.Errorf("union's utility of quota=40 = %g, want %g", got, want)
	}
	if _, err := scenarios.Load(spatialYAML, []string{"parties.union.positions.quota=140"}); err == nil {
		t.Errorf("--set parties.union.positions.quota=140: no error, want one")
	}
	if _, err := scenarios.Load(spatialYAML, []string{"parties.union.positons.quota=40"}); err == nil {
		t.Errorf("--set parties.union.positons.quota=40: no error, want one")
	}
}

func TestSpatialEvidence(t *testing.T) {
	s := loadSpatial(t)
	missing := scenarios.MissingEvidence(s.File)
	for _, at := range []string{"parties.union.saliences.quota", "parties.union.risk.quota", "parties.union.capability", "parties.employer.capabilities.quota", "parties.state.positions.quota"} {
		if !slices.Contains(missing, at) {
			t.Errorf("MissingEvidence lacks %s: %v", at, missing)
		}
	}
	for _, at := range []string{"parties.union.positions.quota", "parties.employer.positions.quota", "parties.state.capability"} {
		if slices.Contains(missing, at) {
			t.Errorf("MissingEvidence lists %s, which has evidence or is not given", at)
		}
	}
}

// TestHashWithoutSpatial checks that a scenario without spatial issues
// marshals without their fields, so that its hash is what it was before
// they existed.
func TestHashWithoutSpatial(t *testing.T) {
	s, err := scenarios.Load(minimalYAML, nil)
	if err != nil {
		t.Fatal(err)
	}
	issues, err := json.Marshal(s.File.Issues)
	if err != nil {
		t.Fatal(err)
	}
	parties, err := json.Marshal(s.File.Parties)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"Type", "Scale", "Step", "Points", "Shape"} {
		if strings.Contains(string(issues), `"`+k+`"`) {
			t.Errorf("an issue that is not spatial marshals with a %s key", k)
		}
	}
	for _, k := range []string{"Positions", "Saliences", "Risk", "Capability", "Capabilities"} {
		if strings.Contains(string(parties), `"`+k+`"`) {
			t.Errorf("a party without spatial issues marshals with a %s key", k)
		}
	}
}
