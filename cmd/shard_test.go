package cmd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/negsim/negsim/internal/schematest"
	"github.com/negsim/negsim/sim"
)

// The tests of cmd run negsim in-process: if they ran as a task of a
// Kubernetes Indexed Job or a Slurm job array, every run would take itself
// for a shard. The shard tests' own subprocesses (NEGSIM_HELPER) keep the
// environment they are given.
func init() {
	if os.Getenv("NEGSIM_HELPER") == "" {
		for _, name := range []string{"JOB_COMPLETION_INDEX", "NEGSIM_SHARDS", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_COUNT", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_STEP"} {
			os.Unsetenv(name)
		}
	}
}

// shardEnv is the environment a scheduler gives task k of n.
type shardEnv struct {
	engine string
	env    func(k, n int) []string
}

var engines = []shardEnv{
	{"kubernetes", func(k, n int) []string {
		return []string{"JOB_COMPLETION_INDEX=" + strconv.Itoa(k), "NEGSIM_SHARDS=" + strconv.Itoa(n)}
	}},
	// An array numbered from 1 (--array=1-N), as Slurm allows.
	{"slurm", func(k, n int) []string {
		return []string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(k+1), "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(n), "SLURM_ARRAY_JOB_ID=77"}
	}},
}

// cleanEnv is the test's environment without the variables that make a
// shard or set negsim's settings.
func cleanEnv() []string {
	var env []string
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "JOB_COMPLETION_INDEX=") && !strings.HasPrefix(e, "SLURM_") && !strings.HasPrefix(e, "NEGSIM_") {
			env = append(env, e)
		}
	}
	return env
}

// TestShardProcessesMerge starts the shards as separate processes of the
// negsim command line (this test binary re-executed), each with only the
// environment its scheduler sets, merges their partial results, and
// compares every file the merge writes with what one process writes for
// the same run, byte for byte: results.json (every number, and the
// provenance), runs.csv, the plots and the report. The merged results
// also pass --replay. 2,600 runs (six batches, the last short) in 3
// shards with analysis, seed 11.
func TestShardProcessesMerge(t *testing.T) {
	const n = 3
	common := []string{"run", "--runs", "2600", "--seed", "11", "--workers", "2", "--save-runs"}
	dir := t.TempDir()
	one := filepath.Join(dir, "one")
	if code, _, errOut := run(t, append(common, "--out", one)...); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, errOut)
	}
	for _, e := range engines {
		var shardDirs []string
		var procs []*exec.Cmd
		var stderrs []*bytes.Buffer
		for k := range n {
			out := filepath.Join(dir, e.engine, "shard-"+strconv.Itoa(k))
			shardDirs = append(shardDirs, out)
			c := exec.Command(os.Args[0], append([]string{"-test.run=^TestHelperProcess$", "--"}, append(common, "--out", out)...)...)
			c.Env = append(append(cleanEnv(), "NEGSIM_HELPER=1"), e.env(k, n)...)
			var stderr bytes.Buffer
			c.Stderr = &stderr
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			procs, stderrs = append(procs, c), append(stderrs, &stderr)
		}
		for k, c := range procs {
			if err := c.Wait(); err != nil {
				t.Fatalf("%s shard %d: %v: %s", e.engine, k, err, stderrs[k])
			}
		}
		merged := filepath.Join(dir, e.engine, "merged")
		slices.Reverse(shardDirs) // any order
		if code, _, errOut := run(t, append(append([]string{"merge"}, shardDirs...), "--out", merged)...); code != 0 {
			t.Fatalf("%s: merge: exit %d: %s", e.engine, code, errOut)
		}
		sameFiles(t, one, merged, ResultsFile, RunsFile)
		if code, out, errOut := run(t, "run", "--replay", filepath.Join(merged, ResultsFile)); code != 0 || !strings.Contains(out, "identical") {
			t.Errorf("%s: replay of the merged results: exit %d: %s%s", e.engine, code, out, errOut)
		}
	}
}

// sameFiles checks that dirs a and b hold the same files, byte for byte,
// among them must.
func sameFiles(t *testing.T, a, b string, must ...string) {
	t.Helper()
	list := func(d string) []string {
		es, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, e := range es {
			names = append(names, e.Name())
		}
		return names
	}
	na, nb := list(a), list(b)
	if !slices.Equal(na, nb) {
		t.Fatalf("%s has %v, %s has %v", a, na, b, nb)
	}
	for _, m := range must {
		if !slices.Contains(na, m) {
			t.Fatalf("%s lacks %s: %v", a, m, na)
		}
	}
	for _, name := range na {
		x, err1 := os.ReadFile(filepath.Join(a, name))
		y, err2 := os.ReadFile(filepath.Join(b, name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between the single run and the merge: %s", name, firstDiff(x, y))
		}
	}
}

// TestShardRerunSameFile checks that a shard run again (as a scheduler
// does after a failure), on another number of workers, writes the same
// partial.json and runs.csv.
func TestShardRerunSameFile(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "shard")
	var files [][]byte
	for _, w := range []string{"1", "2"} {
		if code, _, errOut := run(t, "run", "--runs", "1500", "--shard", "1/2", "--save-runs", "--workers", w, "--force", "--out", dir); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		for _, name := range []string{PartialFile, RunsFile} {
			data, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, data)
		}
	}
	// Provenance records the workers: the rerun on 1 worker and on 2
	// differ in that field only.
	norm := func(b []byte) []byte { return bytes.Replace(b, []byte(`"workers":1,`), []byte(`"workers":2,`), 1) }
	if !bytes.Equal(norm(files[0]), files[2]) || !bytes.Equal(files[1], files[3]) {
		t.Errorf("shard 1/2 run twice wrote different files: %s", firstDiff(norm(files[0]), files[2]))
	}
}

// TestMergeRefuses checks each refusal, and that its message names the
// shards and files.
func TestMergeRefuses(t *testing.T) {
	dir := t.TempDir()
	shard := func(name string, args ...string) string {
		out := filepath.Join(dir, name)
		if code, _, errOut := run(t, append(append([]string{"run", "--runs", "1100", "--seed", "2", "--no-analysis"}, args...), "--out", out)...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, errOut)
		}
		return out
	}
	s0, s1, s2 := shard("s0", "--shard", "0/3"), shard("s1", "--shard", "1/3"), shard("s2", "--shard", "2/3")
	seed := shard("seed", "--shard", "1/3", "--seed", "3")
	runs := shard("runs", "--shard", "1/3", "--runs", "1200")
	other := shard("other", "--shard", "1/3", "--set", "parties.russia.reservation=0.5")
	four := shard("four", "--shard", "1/4")
	analysed := shard("analysed", "--shard", "1/3", "--no-analysis=false")
	notPartial := filepath.Join(dir, "one")
	if code, _, errOut := run(t, "run", "--runs", "600", "--out", notPartial); code != 0 {
		t.Fatal(errOut)
	}
	edited := filepath.Join(dir, "edited.json")
	data, _ := os.ReadFile(filepath.Join(s1, PartialFile))
	os.WriteFile(edited, bytes.Replace(data, []byte(`"schema_version":1`), []byte(`"schema_version":99`), 1), 0o644)
	for _, tt := range []struct {
		name string
		args []string
		want []string
	}{
		{"missing", []string{s0, s2}, []string{"shard 1 of 3 missing"}},
		{"duplicate", []string{s0, s1, s2, filepath.Join(s1, PartialFile)}, []string{"shard 1/3 given twice", s1}},
		{"seed", []string{s0, seed, s2}, []string{"seed 2 and 3", seed}},
		{"runs", []string{s0, runs, s2}, []string{"runs 1100 and 1200", runs}},
		{"scenario", []string{s0, other, s2}, []string{"scenario (sha256)", other, "shard 1/3"}},
		{"count", []string{s0, four, s2}, []string{"number of shards 3 and 4", four, "shard 1/4"}},
		{"analysis", []string{s0, analysed, s2}, []string{"analysed its runs", analysed, "shard 1/3"}},
		{"not partial", []string{notPartial}, []string{notPartial, "no partial.json in it"}},
		{"results", []string{filepath.Join(notPartial, ResultsFile)}, []string{"not a negsim partial result"}},
		{"version", []string{s0, edited, s2}, []string{"schema_version 99", edited}},
	} {
		code, _, errOut := run(t, append([]string{"merge", "--out", filepath.Join(dir, "merged-"+tt.name)}, tt.args...)...)
		if code == 0 {
			t.Errorf("%s: merge succeeded, want an error", tt.name)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%s: error %q does not name %q", tt.name, strings.TrimSpace(errOut), w)
			}
		}
		if _, err := os.Stat(filepath.Join(dir, "merged-"+tt.name, ResultsFile)); err == nil {
			t.Errorf("%s: a refused merge wrote %s", tt.name, ResultsFile)
		}
	}
}

// TestShardFromEnv checks the detection of the shard from each
// scheduler's environment.
func TestShardFromEnv(t *testing.T) {
	for _, tt := range []struct {
		env   map[string]string
		total int
		want  sim.Shard
		ok    bool
		err   string
	}{
		{env: map[string]string{}},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, total: 4, want: sim.Shard{Index: 2, Count: 4}, ok: true},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "2"}, err: "--shards N or NEGSIM_SHARDS"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "4"}, total: 4, err: "JOB_COMPLETION_INDEX=4"},
		{env: map[string]string{"JOB_COMPLETION_INDEX": "x"}, total: 4, err: `JOB_COMPLETION_INDEX="x"`},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0"}, want: sim.Shard{Index: 3, Count: 8}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "8", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "1"}, want: sim.Shard{Index: 7, Count: 8}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "6", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, want: sim.Shard{Index: 3, Count: 4}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_COUNT": "4", "SLURM_ARRAY_TASK_MIN": "0", "SLURM_ARRAY_TASK_STEP": "2"}, err: "steps of 2"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "3", "SLURM_ARRAY_TASK_COUNT": "8"}, total: 16, want: sim.Shard{Index: 3, Count: 16}, ok: true},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "9", "SLURM_ARRAY_TASK_COUNT": "8", "SLURM_ARRAY_TASK_MIN": "0"}, err: "--array=0-7"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "1"}, err: "SLURM_ARRAY_TASK_COUNT"},
		{env: map[string]string{"SLURM_ARRAY_TASK_ID": "1", "JOB_COMPLETION_INDEX": "1"}, total: 2, err: "both"},
	} {
		lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
		sh, ok, err := shardFromEnv(lookup, tt.total)
		got := fmt.Sprint(err)
		if tt.err != "" {
			if err == nil || !strings.Contains(got, tt.err) {
				t.Errorf("shardFromEnv(%v, %d) error = %v, want one containing %q", tt.env, tt.total, err, tt.err)
			}
			continue
		}
		if err != nil || ok != tt.ok || sh != tt.want {
			t.Errorf("shardFromEnv(%v, %d) = %v, %v, %v; want %v, %v", tt.env, tt.total, sh, ok, err, tt.want, tt.ok)
		}
	}
}

// TestShardFlagErrors checks the command lines a shard refuses.
func TestShardFlagErrors(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x")
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", "--shard", "1", "--out", out}, "want K/N"},
		{[]string{"run", "--shard", "3/3", "--out", out}, "shard index must be from 0 to 2"},
		{[]string{"run", "--shard", "0/0", "--out", out}, "shard count"},
		{[]string{"run", "--shard", "0/2"}, "give --out DIR"},
		{[]string{"run", "--shard", "0/2", "--precision", "0.01", "--out", out}, "adaptive run cannot be sharded"},
		{[]string{"run", "--shard", "0/2", "--shards", "3", "--out", out}, "disagree"},
		{[]string{"run", "--shard", "0/2", "--json", "--out", out}, "a shard has no results to print"},
		{[]string{"run", "--shards", "2", "--out", out}, "no shard index"},
		{[]string{"sweep", "w1", "--param", "parties.buyer.reservation", "--steps", "2", "--runs", "100", "--shard", "0/2"}, "give --out DIR"},
		{[]string{"sensitivity", "w1", "--runs", "100", "--samples", "8", "--shard", "0/2"}, "give --out DIR"},
	} {
		code, _, errOut := run(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, %q; want an error containing %q", tt.args, code, errOut, tt.want)
		}
	}
}

// TestPartialMatchesSchema checks real partial results, of a scenario
// with an agenda and of one without, against partial.schema.json, and
// the merge's --json against results.schema.json.
func TestPartialMatchesSchema(t *testing.T) {
	partial := schematest.Compile(t, filepath.Join(schemaDir, "partial.schema.json"))
	results := schematest.Compile(t, filepath.Join(schemaDir, "results.schema.json"))
	for i, sc := range []string{"ukraine-2025-03", "w1"} {
		var dirs []string
		for k := range 2 {
			dir := filepath.Join(t.TempDir(), strconv.Itoa(i), strconv.Itoa(k))
			if code, _, errOut := run(t, "run", sc, "--runs", "700", "--shard", fmt.Sprintf("%d/2", k), "--out", dir); code != 0 {
				t.Fatalf("%s: exit %d: %s", sc, code, errOut)
			}
			if err := schematest.Validate(partial, filepath.Join(dir, PartialFile), nil); err != nil {
				t.Errorf("%s: %s does not match partial.schema.json:\n%v", sc, PartialFile, err)
			}
			dirs = append(dirs, dir)
		}
		code, out, errOut := run(t, append([]string{"merge", "--json"}, dirs...)...)
		if code != 0 {
			t.Fatalf("merge: exit %d: %s", code, errOut)
		}
		if err := schematest.Validate(results, "merged.json", []byte(out)); err != nil {
			t.Errorf("%s: merge --json does not match results.schema.json:\n%v", sc, err)
		}
	}
}

// TestExploreShardsMerge runs a 2-D sweep (5 × 3 points of w1, 800 runs
// each) as 4 shards, each told its index by a Slurm array's environment,
// and a sensitivity analysis of the bundled scenario (500 runs per
// estimate, 48 Sobol samples) as 3 shards told theirs by a Kubernetes
// Indexed Job's; merges each and compares every file with the
// single-machine command's, byte for byte. The partials pass
// partial.schema.json.
func TestExploreShardsMerge(t *testing.T) {
	sweep := []string{"sweep", "w1", "--param", "parties.buyer.reservation", "--from", "0.2", "--to", "0.6", "--steps", "5",
		"--param", "parties.seller.reservation", "--steps", "3", "--runs", "800", "--seed", "3"}
	sens := []string{"sensitivity", "--runs", "500", "--samples", "48", "--bootstrap", "40", "--seed", "5",
		"--range", "parties.russia.reservation=0.3:0.6"}
	dir := t.TempDir()
	schema := schematest.Compile(t, filepath.Join(schemaDir, "partial.schema.json"))
	for _, tt := range []struct {
		args  []string
		n     int
		env   shardEnv
		files []string
	}{
		{sweep, 4, engines[1], []string{"sweep.json", "sweep.csv"}},
		{sens, 3, engines[0], []string{"sensitivity.json", "sensitivity.csv"}},
	} {
		at := filepath.Join(dir, tt.args[0])
		for k := range tt.n {
			for _, kv := range tt.env.env(k, tt.n) {
				name, value, _ := strings.Cut(kv, "=")
				t.Setenv(name, value)
			}
			out := filepath.Join(at, "shards", strconv.Itoa(k))
			if code, _, errOut := run(t, append(tt.args, "--out", out)...); code != 0 {
				t.Fatalf("%s shard %d: exit %d: %s", tt.args[0], k, code, errOut)
			}
			if err := schematest.Validate(schema, filepath.Join(out, PartialFile), nil); err != nil {
				t.Errorf("%s shard %d: %s does not match partial.schema.json:\n%v", tt.args[0], k, PartialFile, err)
			}
			for _, kv := range tt.env.env(k, tt.n) {
				name, _, _ := strings.Cut(kv, "=")
				os.Unsetenv(name)
			}
		}
		if code, _, errOut := run(t, "merge", filepath.Join(at, "shards"), "--out", filepath.Join(at, "merged")); code != 0 {
			t.Fatalf("%s merge: exit %d: %s", tt.args[0], code, errOut)
		}
		if code, _, errOut := run(t, append(tt.args, "--out", filepath.Join(at, "one"))...); code != 0 {
			t.Fatalf("single %s: exit %d: %s", tt.args[0], code, errOut)
		}
		sameFiles(t, filepath.Join(at, "one"), filepath.Join(at, "merged"), tt.files...)
	}
	// A run's shards and a sweep's do not mix.
	runShard := filepath.Join(dir, "run")
	if code, _, errOut := run(t, "run", "w1", "--runs", "800", "--seed", "3", "--shard", "1/4", "--out", runShard); code != 0 {
		t.Fatal(errOut)
	}
	sw := filepath.Join(dir, "sweep", "shards")
	args := []string{"merge", filepath.Join(sw, "0"), runShard, filepath.Join(sw, "2"), filepath.Join(sw, "3")}
	if code, _, errOut := run(t, args...); code == 0 || !strings.Contains(errOut, "kind sweep and run") {
		t.Errorf("merge of a sweep's and a run's shards: exit %d, %s; want an error naming the kinds", code, errOut)
	}
}

// TestShardParquetMerge shards a run of a variant that saves its runs as
// Parquet, and checks that the merge writes every file the single run
// writes, runs.parquet included, byte for byte (the variant shows in the
// report).
func TestShardParquetMerge(t *testing.T) {
	common := []string{"run", "--runs", "1700", "--seed", "4", "--variant", "grand-bargain", "--save-runs", "--format", "parquet"}
	dir := t.TempDir()
	var shards []string
	for k := range 3 {
		out := filepath.Join(dir, "shards", strconv.Itoa(k))
		if code, _, errOut := run(t, append(common, "--shard", strconv.Itoa(k)+"/3", "--out", out)...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", k, code, errOut)
		}
		shards = append(shards, out)
	}
	merged, one := filepath.Join(dir, "merged"), filepath.Join(dir, "one")
	if code, _, errOut := run(t, append(append([]string{"merge"}, shards...), "--out", merged)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, append(common, "--out", one)...); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, errOut)
	}
	sameFiles(t, one, merged, ResultsFile, RunsParquetFile, ReportFile)

	// A shard that saved CSV does not merge with Parquet shards.
	csvShard := filepath.Join(dir, "csv")
	args := append(slices.Clone(common[:len(common)-2]), "--shard", "1/3", "--out", csvShard)
	if code, _, errOut := run(t, args...); code != 0 {
		t.Fatalf("csv shard: exit %d: %s", code, errOut)
	}
	code, _, errOut := run(t, "merge", shards[0], csvShard, shards[2], "--out", filepath.Join(dir, "mixed"))
	if code == 0 || !strings.Contains(errOut, "different formats") {
		t.Errorf("merge of csv and parquet shards: exit %d, %s; want an error naming the formats", code, errOut)
	}
}
