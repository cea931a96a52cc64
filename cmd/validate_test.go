package cmd

import (
	"strings"
	"testing"
)

func TestValidateAndList(t *testing.T) {
	code, out, errOut := run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml")
	if code != 0 || !strings.Contains(out, "valid: 7 issues, 5 parties (3 at the table)") {
		t.Errorf("validate: exit %d, out %q, err %q", code, out, errOut)
	}
	if strings.Contains(out, "carry no source") {
		t.Errorf("bundled scenario lacks evidence: %s", out)
	}
	code, out, _ = run(t, "scenarios")
	if code != 0 || !strings.Contains(out, "ukraine-2025-03 (default)") {
		t.Errorf("scenarios: exit %d, out %q", code, out)
	}
	code, _, errOut = run(t, "validate", writeFile(t, "x.yaml", "name: x\n"))
	if code == 0 || !strings.Contains(errOut, "x.yaml") {
		t.Errorf("validate of an empty scenario: exit %d, err %q", code, errOut)
	}
}

// A scenario in which no run can reach agreement is legal, with a warning.
func TestInfeasibleWarning(t *testing.T) {
	code, out, _ := run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml", "--set", "parties.russia.reservation=0.95")
	if code != 0 || !strings.Contains(out, "warning:") || !strings.Contains(out, "no run can reach agreement") {
		t.Errorf("validate with an impossible reservation: exit %d, out %q", code, out)
	}
	code, out, _ = run(t, "validate", "../scenarios/bundled/ukraine-2025-03.yaml")
	if code != 0 || strings.Contains(out, "no run can reach agreement") {
		t.Errorf("validate of the bundled scenario warns: %q", out)
	}
}

// Every command that loads a scenario says what its warnings are
// (cmd/testdata/numbers.yaml's weights do not sum to 1).
func TestCommandsPrintWarnings(t *testing.T) {
	const f = "testdata/numbers.yaml"
	for _, args := range [][]string{
		{"run", f, "--runs", "300"},
		{"analyze", f},
		{"trace", f},
		{"sweep", f, "--param", "deadline", "--from", "4", "--to", "6", "--steps", "2", "--runs", "300"},
		{"sensitivity", f, "--runs", "300", "--samples", "16", "--bootstrap", "10"},
		{"compare", f, "--runs", "300"},
	} {
		code, _, errOut := run(t, args...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		if !strings.Contains(errOut, "warning:") || !strings.Contains(errOut, "normalised") {
			t.Errorf("%v: no warning on stderr: %q", args, errOut)
		}
	}
}
