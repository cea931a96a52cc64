package deploy

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	kjson "sigs.k8s.io/json"
	"sigs.k8s.io/yaml"
)

// documents splits a manifest file into its YAML documents.
func documents(t *testing.T, data []byte) [][]byte {
	t.Helper()
	var docs [][]byte
	for _, d := range bytes.Split(data, []byte("\n---\n")) {
		if len(bytes.TrimSpace(d)) > 0 {
			docs = append(docs, d)
		}
	}
	return docs
}

// decode decodes one document strictly into the API type of its kind, as
// the API server does (sigs.k8s.io/json: field names case-sensitive): an
// unknown or misspelt field, a duplicate key, or a value of the wrong
// type is an error.
func decode(doc []byte) (any, error) {
	var head struct {
		APIVersion string `json:"apiVersion"`
		Kind       string `json:"kind"`
	}
	if err := yaml.Unmarshal(doc, &head); err != nil {
		return nil, err
	}
	var obj any
	switch head.APIVersion + " " + head.Kind {
	case "batch/v1 Job":
		obj = &batchv1.Job{}
	case "v1 PersistentVolumeClaim":
		obj = &corev1.PersistentVolumeClaim{}
	default:
		return nil, &unknownKind{head.APIVersion, head.Kind}
	}
	js, err := yaml.YAMLToJSONStrict(doc)
	if err != nil {
		return nil, err
	}
	strict, err := kjson.UnmarshalStrict(js, obj)
	if err != nil {
		return nil, err
	}
	return obj, errors.Join(strict...)
}

type unknownKind struct{ apiVersion, kind string }

func (u *unknownKind) Error() string { return "unexpected kind " + u.apiVersion + " " + u.kind }

// TestManifestsDecodeStrictly decodes every manifest in kubernetes/ into
// its Kubernetes API type, and checks the Indexed Job's settings that the
// shards depend on.
func TestManifestsDecodeStrictly(t *testing.T) {
	files, _ := filepath.Glob("kubernetes/*.yaml")
	if len(files) < 2 {
		t.Fatalf("kubernetes/: %d manifests, want the indexed Job and the merge Job", len(files))
	}
	jobs := map[string]*batchv1.Job{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, doc := range documents(t, data) {
			obj, err := decode(doc)
			if err != nil {
				t.Errorf("%s, document %d: %v", f, i+1, err)
				continue
			}
			if j, ok := obj.(*batchv1.Job); ok {
				jobs[j.Name] = j
			}
		}
	}
	shards := jobs["negsim-shards"]
	if shards == nil || jobs["negsim-merge"] == nil {
		t.Fatalf("want the Jobs negsim-shards and negsim-merge, got %v", jobs)
	}
	s := shards.Spec
	if s.CompletionMode == nil || *s.CompletionMode != batchv1.IndexedCompletion || s.Completions == nil || s.Parallelism == nil {
		t.Fatalf("negsim-shards: want completionMode Indexed with completions and parallelism")
	}
	pod := s.Template.Spec
	if pod.RestartPolicy != corev1.RestartPolicyNever {
		t.Errorf("negsim-shards: restartPolicy %q, want Never (a failed index is retried as a new pod, backoffLimitPerIndex)", pod.RestartPolicy)
	}
	c := pod.Containers[0]
	shardsEnv := ""
	for _, e := range c.Env {
		if e.Name == "NEGSIM_SHARDS" {
			shardsEnv = e.Value
		}
	}
	if want := strconv.Itoa(int(*s.Completions)); shardsEnv != want {
		t.Errorf("negsim-shards: NEGSIM_SHARDS %q, want the completions %d", shardsEnv, *s.Completions)
	}
	if !strings.Contains(strings.Join(c.Args, " "), "$(JOB_COMPLETION_INDEX)") {
		t.Errorf("negsim-shards: args %q do not give each index its own --out", c.Args)
	}
}

// TestDecodeRejectsTypos checks that the strict decoding would catch a
// typo: a misspelt field, a string for a number.
func TestDecodeRejectsTypos(t *testing.T) {
	data, err := os.ReadFile("kubernetes/indexed-job.yaml")
	if err != nil {
		t.Fatal(err)
	}
	job := documents(t, data)[1]
	for _, typo := range [][2]string{{"completionMode:", "completionMod:"}, {"parallelism: 4", "parallelism: four"}, {"mountPath:", "mountpath:"}} {
		bad := bytes.Replace(job, []byte(typo[0]), []byte(typo[1]), 1)
		if bytes.Equal(bad, job) {
			t.Fatalf("%q is not in the Job", typo[0])
		}
		if _, err := decode(bad); err == nil {
			t.Errorf("the Job with %q for %q decodes without error", typo[1], typo[0])
		}
	}
}
