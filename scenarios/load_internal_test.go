package scenarios

import "testing"

func TestNameFromFile(t *testing.T) {
	tests := []struct{ origin, want string }{
		{"dir/My Scenario.yaml", "my-scenario"},
		{"talks_2025.json", "talks_2025"},
		{"bundled:ukraine-2025-03", "ukraine-2025-03"},
		{"2025 talks.toml", "scenario-2025-talks"},
		{"Ünïcode!.yaml", "n-code"},
	}
	for _, tt := range tests {
		got := nameFromFile(tt.origin)
		if got != tt.want {
			t.Errorf("nameFromFile(%q) = %q, want %q", tt.origin, got, tt.want)
		}
		if !idRE.MatchString(got) {
			t.Errorf("nameFromFile(%q) = %q, not a valid id", tt.origin, got)
		}
	}
}
