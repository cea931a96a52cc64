package scenarios

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

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

func TestTitForTatMediatorWarns(t *testing.T) {
	s, err := Load("", []string{"parties.us.strategy.type=tit-for-tat"})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, w := range s.Warnings {
		found = found || strings.Contains(w, "parties.us.strategy.type") && strings.Contains(w, "tit-for-tat mediator")
	}
	if !found {
		t.Errorf("Warnings = %q, want one about the tit-for-tat mediator", s.Warnings)
	}
}

func TestHash(t *testing.T) {
	a, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Load("", nil)
	c, _ := Load("", []string{"parties.russia.reservation=0.5"})
	if a.Hash() != b.Hash() {
		t.Errorf("the same scenario hashes to %s and %s", a.Hash(), b.Hash())
	}
	if a.Hash() == c.Hash() {
		t.Errorf("an override does not change the hash %s", a.Hash())
	}
	if len(a.Hash()) != 64 {
		t.Errorf("Hash() = %q, want 64 hex digits", a.Hash())
	}
}

// TestHashWithoutGenius checks that a scenario without GENIUS files hashes
// as before File had its Genius field, so that recorded results replay.
func TestHashWithoutGenius(t *testing.T) {
	s, err := Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(s.File)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "Genius") {
		t.Errorf("File without GENIUS files marshals with a Genius key: %.200s…", data)
	}
}

// Absurd sizes get a clear limit rather than exhausting memory.
func TestSizeLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: big\ndeadline: 3\nprotocol: {type: alternating}\nissues:\n")
	for k := range 40 {
		fmt.Fprintf(&b, "  - {id: i%d, options: [", k)
		for o := range 255 {
			if o > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "{id: o%d}", o)
		}
		b.WriteString("]}\n")
	}
	b.WriteString("parties:\n")
	for j := range 1000 {
		fmt.Fprintf(&b, "  p%d: {weights: {i0: 1}, values: {i0: {o0: 1}}, reservation: 0, strategy: {type: linear}}\n", j)
	}
	_, err := Parse("big.yaml", "yaml", []byte(b.String()), nil)
	var es Errors
	if !errors.As(err, &es) || len(es) != 1 || !strings.Contains(es[0].Msg, "at most 10000000 allowed") {
		t.Errorf("1000 parties × 10,200 options: error %v, want one naming the limit", err)
	}
}

// A parser's message that names a line inside it keeps it: only the
// parser's own "line N:" prefix moves to the front of the error.
func TestMalformedKeepsLinesInMessage(t *testing.T) {
	data := []byte("a: 1\nb: 2\na: 3\n")
	var m map[string]any
	err := yaml.Unmarshal(data, &m)
	if err == nil {
		t.Fatal("yaml accepted a duplicate key")
	}
	fe := malformed("x.yaml", "yaml", data, err)
	if fe.Line != 3 || !strings.HasSuffix(fe.Msg, `mapping key "a" already defined at line 1`) {
		t.Errorf("malformed(%q) = line %d, %q; want line 3 and the message ending in the first line", err, fe.Line, fe.Msg)
	}
}
