package spatial_test

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/negsim/negsim/spatial"
)

// Every example file loads: the copies of ../shared/spatial-examples in
// testdata, and the illustrative batch file.
func TestLoadExamples(t *testing.T) {
	tests := []struct {
		file    string
		format  string
		issues  []string
		actors  int
		outcome bool
	}{
		{"bdm-ExampleActors.csv", spatial.FormatBDM, []string{"issue"}, 10, false},
		{"ktab-SOE-Policy.csv", spatial.FormatKTAB, []string{"Policy"}, 26, false},
		{"ktab-dummyData_3Dim.csv", spatial.FormatKTAB, []string{"Pstn1", "Pstn2", "Pstn3"}, 7, false},
		{"illustrative-batch.csv", spatial.FormatBatch, []string{"issue-1", "issue-2", "issue-3", "issue-4", "issue-5", "issue-6", "issue-7", "issue-8"}, 5, true},
	}
	for _, tt := range tests {
		set, err := spatial.Load(filepath.Join("testdata", tt.file))
		if err != nil {
			t.Errorf("Load(%s): %v", tt.file, err)
			continue
		}
		if set.Format != tt.format || len(set.Issues) != len(tt.issues) {
			t.Errorf("Load(%s): format %s, %d issues; want %s, %d", tt.file, set.Format, len(set.Issues), tt.format, len(tt.issues))
			continue
		}
		for k, is := range set.Issues {
			if is.Name != tt.issues[k] || len(is.Actors) != tt.actors || math.IsNaN(is.Outcome) == tt.outcome {
				t.Errorf("Load(%s) issue %d: %q with %d actors, outcome %v; want %q with %d, outcome known %v", tt.file, k, is.Name, len(is.Actors), is.Outcome, tt.issues[k], tt.actors, tt.outcome)
			}
		}
	}
}

// The KTAB files' first lines and actors are read as written.
func TestLoadKTABFields(t *testing.T) {
	set, err := spatial.Load("testdata/ktab-dummyData_3Dim.csv")
	if err != nil {
		t.Fatal(err)
	}
	if set.Name != "DummyData_3Dim" || set.Description != "Dummy scenario to test reading format" {
		t.Errorf("name, description = %q, %q", set.Name, set.Description)
	}
	a := set.Issues[2].Actors[2]
	if a.Name != "SActor-02" || a.Capability.A != 129.643 || a.Position.A != 0.07 || a.Salience.A != 34.62 {
		t.Errorf("dimension 3, actor 3 = %+v, want SActor-02, 129.643, 0.07, 34.62", a)
	}
}

// The copies in testdata are the shared examples, when they are beside the
// repository.
func TestExamplesMatchShared(t *testing.T) {
	shared, err := filepath.Glob("../../shared/spatial-examples/*.csv")
	if err != nil || len(shared) == 0 {
		t.Skip("../shared/spatial-examples not present")
	}
	for _, f := range shared {
		want, _ := os.ReadFile(f)
		got, err := os.ReadFile(filepath.Join("testdata", filepath.Base(f)))
		if err != nil || string(got) != string(want) {
			t.Errorf("testdata/%s differs from %s: copy it again", filepath.Base(f), f)
		}
		if _, err := spatial.Load(f); err != nil {
			t.Errorf("Load(%s): %v", f, err)
		}
	}
}

// Each broken file gets an error naming its first problem's line and field.
func TestLoadInvalid(t *testing.T) {
	tests := []struct {
		file  string
		line  int
		field string
		msg   string
	}{
		{"bdm-missing-column.csv", 1, "position", "missing column"},
		{"bdm-salience-over-100.csv", 4, "salience", "must be in [0,100], got 140"},
		{"bdm-capability-not-number.csv", 3, "capability", `not a number or distribution: "strong"`},
		{"bdm-capability-negative.csv", 2, "capability", "must be non-negative, got -1"},
		{"bdm-position-over-100.csv", 2, "position", "must be in [0,100], got 120"},
		{"bdm-bad-distribution.csv", 2, "position", "uniform(min,max) needs min < max"},
		{"ktab-salience-sum.csv", 3, "salience", "must sum to at most 100 over the 2 dimensions, got 110"},
		{"ktab-missing-salience.csv", 3, "salience[2]", "missing"},
		{"ktab-actor-count.csv", 1, "actors", "line 1 says 3 actors, the file has 2"},
		{"ktab-bad-count.csv", 1, "actors", `want a whole number of actors, at least 1, got "two"`},
		{"batch-outcome-differs.csv", 3, "outcome", `45 differs from the 40 given for issue "q1" on line 2`},
		{"batch-unknown-column.csv", 1, "outcom", "unknown column"},
		{"batch-repeated-actor.csv", 3, "actor", `"A" repeats line 2`},
		{"batch-no-weight.csv", 2, "capability", "no actor of issue"},
		{"unknown-format.csv", 1, "", "not a BDM, batch or KTAB SMP file"},
		{"bdm-misspelt-actor.csv", 1, "", "not a BDM, batch or KTAB SMP file"},
	}
	files, _ := filepath.Glob("testdata/invalid/*.csv")
	if len(files) != len(tests) {
		t.Errorf("testdata/invalid has %d files, the table %d rows: give each file a row", len(files), len(tests))
	}
	for _, tt := range tests {
		path := filepath.Join("testdata", "invalid", tt.file)
		_, err := spatial.Load(path)
		var fe *spatial.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("Load(%s) error = %v, want a *FieldError", tt.file, err)
			continue
		}
		if !errors.Is(err, spatial.ErrInvalid) {
			t.Errorf("Load(%s) error does not wrap ErrInvalid", tt.file)
		}
		if fe.File != path || fe.Line != tt.line || fe.Field != tt.field || !strings.Contains(fe.Msg, tt.msg) {
			t.Errorf("Load(%s) = %v, want %s:%d: %s: …%s…", tt.file, fe, path, tt.line, tt.field, tt.msg)
		}
	}
}

// The error message has the form file:line: field: message.
func TestFieldErrorMessage(t *testing.T) {
	_, err := spatial.Parse("file.csv", []byte("Actor,Capability,Position,Salience\nA,1,2,3\nB,1,2,3\nC,1,2,3\nD,1,2,3\nE,1,2,3\nF,1,20,140\n"))
	if want := "file.csv:7: salience: must be in [0,100], got 140"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %s", err, want)
	}
}

func TestLoadNotRegular(t *testing.T) {
	dir := t.TempDir()
	if _, err := spatial.Load(dir); !errors.Is(err, spatial.ErrInvalid) || !strings.Contains(err.Error(), "not a regular file") {
		t.Errorf("Load(a directory) error = %v, want not a regular file", err)
	}
	big := filepath.Join(dir, "big.csv")
	if err := os.WriteFile(big, make([]byte, spatial.MaxFileSize+1), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := spatial.Load(big); !errors.Is(err, spatial.ErrInvalid) || !strings.Contains(err.Error(), "16 MiB") {
		t.Errorf("Load(a 16 MiB + 1 file) error = %v, want too large", err)
	}
}

// Batch files: outcome and status quo may be empty where unknown; columns
// come in any order; cells may be distributions.
func TestParseBatch(t *testing.T) {
	set, err := spatial.Parse("b.csv", []byte(`status_quo,issue,actor,capability,position,salience,outcome
,q1,A,1,20,50,
10,q1,B,2,60,40,
,q2,A,1,uniform(10,30),50,35
,q2,B,tri(1,2,4),60,40,35
,q1,C,1,80,normal(50,10),
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Issues) != 2 {
		t.Fatalf("%d issues, want 2", len(set.Issues))
	}
	q1, q2 := set.Issues[0], set.Issues[1]
	if q1.Name != "q1" || len(q1.Actors) != 3 || !math.IsNaN(q1.Outcome) || q1.StatusQuo != 10 {
		t.Errorf("q1 = %+v", q1)
	}
	if q1.IsFixed() || q2.IsFixed() {
		t.Errorf("q1, q2 fixed = %v, %v; want both uncertain", q1.IsFixed(), q2.IsFixed())
	}
	if q2.Outcome != 35 || !math.IsNaN(q2.StatusQuo) || q2.Actors[0].Position.Kind != spatial.Uniform || q2.Actors[1].Capability.Kind != spatial.Triangular {
		t.Errorf("q2 = %+v", q2)
	}
}

func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.csv")
	more, _ := filepath.Glob("testdata/invalid/*.csv")
	for _, file := range append(files, more...) {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := spatial.Parse("fuzz.csv", data)
		if err != nil {
			if !errors.Is(err, spatial.ErrInvalid) {
				t.Errorf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for _, is := range set.Issues {
			for _, name := range []string{"compromise", "median"} {
				m, _ := spatial.New(name)
				if p := m.Predict(is.Nominal(nil), nil); !(p >= 0 && p <= 100) {
					t.Errorf("%s on issue %q = %v, want in [0,100]", name, is.Name, p)
				}
			}
		}
	})
}
