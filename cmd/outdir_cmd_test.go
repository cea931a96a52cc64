package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// snapshot reads every file in dir (not in its subdirectories).
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = string(data)
	}
	return files
}

// Each command's new outputs replace the old ones only at commit: closed
// without it (a failure), the old outputs are left as they were; at
// commit, the new ones are in, the old outputs of the same command that
// were not rewritten are removed, and everything else is kept.
func TestOutputSetCommit(t *testing.T) {
	for _, tt := range []struct {
		name  string
		outs  outputSet
		other string // an output of another command, kept
	}{
		{"run", runFiles, "sweep.json"},
		{"analyze", analyzeFiles, ResultsFile},
		{"sweep", sweepFiles, ResultsFile},
		{"sensitivity", sensitivityFiles, "sweep.json"},
		{"compare", compareFiles, ForecastFile},
		{"forecast", forecastFiles, "compare.json"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			old := append(slices.Clone(tt.outs.names), "notes.txt", tt.other)
			for _, p := range tt.outs.prefixes {
				old = append(old, p+"001_old.svg")
			}
			for _, name := range old {
				if err := os.WriteFile(filepath.Join(dir, name), []byte("old "+name), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			before := snapshot(t, dir)
			// The new outputs: the last file and, if the set has more, one other.
			written := []string{tt.outs.last}
			for _, name := range tt.outs.names {
				if name != tt.outs.last {
					written = append(written, name)
					break
				}
			}
			stage := func() *outDir {
				t.Helper()
				od, err := openOutputs(dir, true, tt.outs)
				if err != nil {
					t.Fatal(err)
				}
				for _, name := range written {
					if err := os.WriteFile(filepath.Join(od.staging, name), []byte("new "+name), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				return od
			}

			od := stage()
			od.close()
			if got := snapshot(t, dir); !maps.Equal(got, before) {
				t.Errorf("closed without commit: files %v, want the old ones %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(before)))
			}

			od = stage()
			if err := od.commit(); err != nil {
				t.Fatal(err)
			}
			od.close()
			want := map[string]string{"notes.txt": before["notes.txt"], tt.other: before[tt.other]}
			for _, name := range written {
				want[name] = "new " + name
			}
			if got := snapshot(t, dir); !maps.Equal(got, want) {
				t.Errorf("after commit: %v, want %v", got, want)
			}
			if s := staging(dir); len(s) > 0 {
				t.Errorf("staging directories left: %v", s)
			}
		})
	}
}

// An existing output folder survives a command that fails after opening
// it with --force: every file is as it was, nothing of the failed command
// is left, and the directory is not left locked.
func TestFailedWriteKeepsOutputs(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	for _, tt := range []struct {
		name string
		args []string // writes the outputs into --out
		fail []string // appended to args with --force: fails after --out is opened
		ctx  context.Context
	}{
		{"analyze", []string{"analyze"}, nil, cancelled},
		{"sweep", []string{"sweep", "--param", "parties.russia.reservation", "--steps", "2", "--runs", "100"}, []string{"--param", "parties.nosuch.reservation"}, context.Background()},
		{"sensitivity", []string{"sensitivity", "--runs", "100", "--samples", "16", "--bootstrap", "10"}, []string{"--range", "parties.nosuch.reservation=0.1:0.2"}, context.Background()},
		{"compare", []string{"compare", "--set-b", "parties.russia.reservation=0.6", "--runs", "200"}, nil, cancelled},
		{"forecast", []string{"forecast", soeFile, "--model", "median"}, nil, cancelled},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			args := append(slices.Clone(tt.args), "--out", out)
			if code, _, errOut := run(t, args...); code != 0 {
				t.Fatalf("first write: exit %d: %s", code, errOut)
			}
			before := snapshot(t, out)
			if len(before) < 2 {
				t.Fatalf("first write left %v; want its outputs", slices.Sorted(maps.Keys(before)))
			}

			var stdout, stderr bytes.Buffer
			failing := append(append(args, "--force"), tt.fail...)
			if code := Run(tt.ctx, failing, &stdout, &stderr); code == 0 {
				t.Fatalf("%v: exit 0; want it to fail", failing)
			}
			if got := snapshot(t, out); !maps.Equal(got, before) {
				t.Errorf("after the failed write: files %v, want the first write's %v, unchanged", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(before)))
			}
			if s := staging(out); len(s) > 0 {
				t.Errorf("staging directories left: %v", s)
			}
			od, err := openOutputs(out, true, runFiles)
			if err != nil {
				t.Fatalf("--out after the failed write: %v", err)
			}
			od.close()
		})
	}
}

func TestOutDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "results")
	code, _, errOut := run(t, "run", "--runs", "1200", "--out", dir, "--save-runs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, f := range []string{ResultsFile, RunsFile, ByRoundPlot + ".png", ByRoundPlot + ".svg"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	fh, err := os.Open(filepath.Join(dir, RunsFile))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	rows, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1201 {
		t.Errorf("runs.csv has %d rows, want header + 1200", len(rows))
	}
	for i, r := range rows[1:] {
		if r[0] != strconv.Itoa(i) {
			t.Fatalf("runs.csv row %d is run %s; want runs in order", i, r[0])
		}
	}
	var res Results
	data, _ := os.ReadFile(filepath.Join(dir, ResultsFile))
	if err := json.Unmarshal(data, &res); err != nil {
		t.Fatal(err)
	}
	agreed := 0
	for _, r := range rows[1:] {
		if r[1] == "true" {
			agreed++
		}
	}
	if res.Summary == nil || res.Agreements != agreed {
		t.Errorf("results.json agreements = %v, runs.csv has %d", res.Agreements, agreed)
	}
}

func TestOutNotOverwrittenSilently(t *testing.T) {
	out := t.TempDir()
	stale := filepath.Join(out, RunsFile)
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := run(t, "run", "--runs", "200", "--out", out)
	if code == 0 || !strings.Contains(errOut, "--force") {
		t.Fatalf("run into a non-empty --out: exit %d, stderr %q; want an error suggesting --force", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, ResultsFile)); err == nil {
		t.Errorf("results.json written without --force")
	}
	code, _, errOut = run(t, "run", "--runs", "200", "--out", out, "--force")
	if code != 0 {
		t.Fatalf("--force: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(stale); err == nil {
		t.Errorf("--force left a stale runs.csv from an earlier run")
	}
}
