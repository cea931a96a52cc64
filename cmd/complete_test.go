package cmd

import (
	"strings"
	"testing"
)

// TestCompletion: the shell completion (cobra's hidden __complete command,
// which the scripts of "negsim completion" call) offers the bundled
// scenarios, a scenario's variants and its parameters' keys.
func TestCompletion(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"__complete", "run", "ukr"}, "ukraine-2025-03"},
		{[]string{"__complete", "run", "--variant", "gr"}, "grand-bargain"},
		{[]string{"__complete", "run", "--set", "parties.russia.res"}, "parties.russia.reservation="},
		{[]string{"__complete", "sweep", "--param", "parties.ukraine.dr"}, "parties.ukraine.drift"},
		{[]string{"__complete", "run", "../scenarios/testdata/valid/agenda.yaml", "--set", "agenda.items.energy_truce.h"}, "agenda.items.energy_truce.hazard="},
	}
	for _, tt := range tests {
		code, out, errOut := run(t, tt.args...)
		if code != 0 || !strings.Contains(out, tt.want) {
			t.Errorf("negsim %s: exit %d, offers:\n%s%s\nwant %q among them", strings.Join(tt.args, " "), code, out, errOut, tt.want)
		}
	}
	if code, out, _ := run(t, "completion", "bash"); code != 0 || !strings.Contains(out, "__negsim") && !strings.Contains(out, "negsim") {
		t.Errorf("negsim completion bash: exit %d", code)
	}
}
