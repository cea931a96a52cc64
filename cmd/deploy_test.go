package cmd

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The deployment examples in deploy/ are run here as far as a test can:
// the Kubernetes Jobs' commands with the environment the Job controller
// sets, and the Slurm script with bash, a stand-in sbatch and each array
// task's environment; both merges must give the single-machine results.
// deploy/manifests_test.go (a module of its own, so that negsim does not
// depend on the Kubernetes API) decodes the manifests strictly into their
// API types.

const deployDir = "../deploy"

// k8sDocs reads the YAML documents of a manifest file.
func k8sDocs(t *testing.T, name string) []map[string]any {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(deployDir, "kubernetes", name))
	if err != nil {
		t.Fatal(err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []map[string]any
	for {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			if err.Error() == "EOF" {
				return docs
			}
			t.Fatalf("%s: %v", name, err)
		}
		docs = append(docs, m)
	}
}

// at follows a path of map keys and list indices through decoded YAML.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("%v: not a mapping at %q", path, k)
			}
			v = m[k]
		case int:
			l, ok := v.([]any)
			if !ok || k >= len(l) {
				t.Fatalf("%v: no item %d", path, k)
			}
			v = l[k]
		}
	}
	return v
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, fmt.Sprint(x))
	}
	return out
}

// TestKubernetesJobs runs the Indexed Job's command in each pod's
// environment (JOB_COMPLETION_INDEX, and $(JOB_COMPLETION_INDEX) in the
// arguments expanded as the kubelet does; /results in a temporary
// directory; 1,100 runs instead of the example's), then the merge Job's,
// and compares the outputs with a single run's. It also checks what ties
// the Job together: Indexed completions, NEGSIM_SHARDS equal to them, the
// volume claimed from the PersistentVolumeClaim defined beside.
func TestKubernetesJobs(t *testing.T) {
	docs := k8sDocs(t, "indexed-job.yaml")
	if len(docs) != 2 || docs[0]["kind"] != "PersistentVolumeClaim" || docs[1]["kind"] != "Job" {
		t.Fatalf("indexed-job.yaml: want a PersistentVolumeClaim and a Job, got %d documents", len(docs))
	}
	job := docs[1]
	spec := at(t, job, "spec")
	n, _ := at(t, spec, "completions").(int)
	if at(t, spec, "completionMode") != "Indexed" || n < 1 {
		t.Fatalf("Job: completionMode %v, completions %v; want Indexed, at least 1", at(t, spec, "completionMode"), at(t, spec, "completions"))
	}
	if p, _ := at(t, spec, "parallelism").(int); p < 1 || p > n {
		t.Errorf("Job: parallelism %v, want 1 to completions (%d)", at(t, spec, "parallelism"), n)
	}
	pod := at(t, spec, "template", "spec")
	ctr := at(t, pod, "containers", 0)
	env := map[string]string{}
	for _, e := range at(t, ctr, "env").([]any) {
		env[fmt.Sprint(at(t, e, "name"))] = fmt.Sprint(at(t, e, "value"))
	}
	if env["NEGSIM_SHARDS"] != strconv.Itoa(n) {
		t.Errorf("Job: NEGSIM_SHARDS %q, want the completions, %d", env["NEGSIM_SHARDS"], n)
	}
	if claim, pvc := at(t, pod, "volumes", 0, "persistentVolumeClaim", "claimName"), at(t, docs[0], "metadata", "name"); claim != pvc {
		t.Errorf("Job claims volume %v, the file defines %v", claim, pvc)
	}
	if at(t, ctr, "volumeMounts", 0, "mountPath") != "/results" {
		t.Errorf("Job mounts the results at %v, want /results", at(t, ctr, "volumeMounts", 0, "mountPath"))
	}

	dir := t.TempDir()
	local := func(args []string, k int) []string {
		var out []string
		for _, a := range args {
			a = strings.ReplaceAll(a, "$(JOB_COMPLETION_INDEX)", strconv.Itoa(k))
			a = strings.ReplaceAll(a, "/results", dir)
			if strings.HasPrefix(a, "--runs=") {
				a = "--runs=1100"
			}
			out = append(out, a)
		}
		return out
	}
	args := strs(at(t, ctr, "args"))
	for k := range n {
		t.Setenv("JOB_COMPLETION_INDEX", strconv.Itoa(k))
		t.Setenv("NEGSIM_SHARDS", env["NEGSIM_SHARDS"])
		if code, _, errOut := run(t, local(args, k)...); code != 0 {
			t.Fatalf("pod %d: %v: exit %d: %s", k, local(args, k), code, errOut)
		}
	}
	os.Unsetenv("JOB_COMPLETION_INDEX")
	os.Unsetenv("NEGSIM_SHARDS")
	merge := k8sDocs(t, "merge-job.yaml")
	if len(merge) != 1 || at(t, merge[0], "spec", "template", "spec", "volumes", 0, "persistentVolumeClaim", "claimName") != at(t, docs[0], "metadata", "name") {
		t.Fatalf("merge-job.yaml: want one Job on the same volume claim")
	}
	margs := local(strs(at(t, merge[0], "spec", "template", "spec", "containers", 0, "args")), 0)
	if code, _, errOut := run(t, margs...); code != 0 {
		t.Fatalf("merge Job: %v: exit %d: %s", margs, code, errOut)
	}
	one := filepath.Join(dir, "one")
	single := append(local(args, 0), "--out="+one) // the last --out counts
	if code, _, errOut := run(t, single...); code != 0 {
		t.Fatalf("single run %v: exit %d: %s", single, code, errOut)
	}
	sameFiles(t, one, filepath.Join(dir, "merged"), ResultsFile)
}

// TestSlurmArray runs deploy/slurm/array.sbatch as Slurm would: first
// with bash (it submits itself and the merge, here to a stand-in sbatch
// that logs its arguments), then as each array task with the environment
// Slurm sets, then the merge it submitted; the merged outputs must be a
// single run's. It also checks the #SBATCH lines: all before the first
// command (Slurm reads no further), and an --array of 0 to N-1.
func TestSlurmArray(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash to run the Slurm script with")
	}
	script, _ := filepath.Abs(filepath.Join(deployDir, "slurm", "array.sbatch"))
	data, err := os.ReadFile(script)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	commands := false
	for i, line := range strings.Split(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "#SBATCH"):
			if commands {
				t.Errorf("array.sbatch:%d: #SBATCH after the first command is ignored by Slurm", i+1)
			}
			if m := regexp.MustCompile(`^#SBATCH --array=0-(\d+)$`).FindStringSubmatch(trimmed); m != nil {
				last, _ := strconv.Atoi(m[1])
				n = last + 1
			}
		case trimmed != "" && !strings.HasPrefix(trimmed, "#"):
			commands = true
		}
	}
	if n < 2 {
		t.Fatalf("array.sbatch: no #SBATCH --array=0-N-1 line with N ≥ 2")
	}

	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	os.Mkdir(bin, 0o755)
	log := filepath.Join(dir, "sbatch.log")
	// The stand-in sbatch logs each call's arguments, a line each, NUL
	// between them, and answers a job id.
	os.WriteFile(filepath.Join(bin, "sbatch"), []byte("#!/bin/sh\nprintf '%s\\0' \"$@\" >> "+log+"\necho >> "+log+"\necho 4242\n"), 0o755)
	os.WriteFile(filepath.Join(bin, "negsim"), []byte(fmt.Sprintf("#!/bin/sh\nNEGSIM_HELPER=1 exec %q -test.run='^TestHelperProcess$' -- \"$@\"\n", os.Args[0])), 0o755)
	results := filepath.Join(dir, "results")
	base := append(cleanEnv(), "PATH="+bin+string(os.PathListSeparator)+os.Getenv("PATH"), "RESULTS="+results, "RUNS=1100", "SEED=4")
	sh := func(env []string, args ...string) string {
		t.Helper()
		c := exec.Command(bash, args...)
		c.Env, c.Dir = append(append([]string{}, base...), env...), dir
		out, err := c.CombinedOutput()
		if err != nil {
			t.Fatalf("bash %v %v: %v: %s", args, env, err, out)
		}
		return string(out)
	}
	sh(nil, script)
	logData, _ := os.ReadFile(log)
	calls := strings.Split(strings.TrimSuffix(string(logData), "\n"), "\n")
	if len(calls) != 2 {
		t.Fatalf("the script called sbatch %d times, want 2 (the array, the merge): %q", len(calls), logData)
	}
	first, second := strings.Split(calls[0], "\x00"), strings.Split(calls[1], "\x00")
	if !strings.Contains(calls[0], script) || !strings.Contains(calls[1], "--dependency=afterok:4242") {
		t.Fatalf("sbatch calls %q and %q: want the script, then a job after it (afterok:4242)", first, second)
	}
	wrap := ""
	for i, a := range second {
		if a == "--wrap" && i+1 < len(second) {
			wrap = second[i+1]
		}
	}
	for k := range n {
		sh([]string{"SLURM_ARRAY_TASK_ID=" + strconv.Itoa(k), "SLURM_ARRAY_TASK_COUNT=" + strconv.Itoa(n), "SLURM_ARRAY_TASK_MIN=0",
			"SLURM_ARRAY_TASK_MAX=" + strconv.Itoa(n-1), "SLURM_ARRAY_JOB_ID=4242", "SLURM_CPUS_PER_TASK=1"}, script)
	}
	sh(nil, "-c", wrap)
	one := filepath.Join(dir, "one")
	if code, _, errOut := run(t, "run", "--runs", "1100", "--seed", "4", "--workers", "1", "--out", one); code != 0 {
		t.Fatalf("single run: exit %d: %s", code, errOut)
	}
	sameFiles(t, one, filepath.Join(results, "merged"), ResultsFile)
}

// TestDockerfile checks that the image is built in stages into a static
// binary and runs negsim.
func TestDockerfile(t *testing.T) {
	data, err := os.ReadFile("../Dockerfile")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{"CGO_ENABLED=0 go build", "./cmd/negsim", "COPY --from=build", `ENTRYPOINT ["/usr/local/bin/negsim"]`} {
		if !strings.Contains(text, want) {
			t.Errorf("Dockerfile lacks %q", want)
		}
	}
	if froms := regexp.MustCompile(`(?m)^FROM `).FindAllString(text, -1); len(froms) != 2 {
		t.Errorf("Dockerfile has %d stages, want 2 (build, then the binary alone)", len(froms))
	}
}
