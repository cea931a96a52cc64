package cmd

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestGeniusCommandLine(t *testing.T) {
	d := "../scenarios/testdata/genius/anac/Laptop/"
	domain, p1, p2 := d+"Laptop-C-domain.xml", d+"Laptop-C-prof1.xml", d+"Laptop-C-prof2.xml"
	out := filepath.Join(t.TempDir(), "out")
	code, stdout, errOut := run(t, "run", domain, "--profile", p1, "--profile", p2, "--runs", "600", "--out", out)
	if code != 0 || !strings.Contains(stdout, "every 9 rounds") || !strings.Contains(stdout, "r100") {
		t.Fatalf("run on a GENIUS domain: exit %d, stderr %q, stdout:\n%s", code, errOut, stdout)
	}
	code, stdout, errOut = run(t, "run", "--replay", filepath.Join(out, ResultsFile))
	if code != 0 || !strings.Contains(stdout, "identical") {
		t.Errorf("replay of a GENIUS run: exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"run", domain}, "give a --profile for each party"},
		{[]string{"run", domain, "--profile", p1}, "at least two"},
		{[]string{"run", "--profile", p1}, "--profile goes with a GENIUS domain"},
		{[]string{"validate", domain, "--profile", p1, "--profile", d + "missing.xml"}, "missing.xml"},
	} {
		code, _, errOut := run(t, tt.args...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error mentioning %q", tt.args, code, errOut, tt.want)
		}
	}
}

// Exporting a GENIUS domain (here imported from GENIUS files) and
// analysing the export gives the same outcome space and zone of agreement.
func TestExportGenius(t *testing.T) {
	d := "../scenarios/testdata/genius/anac/ItexvsCypress/"
	src := []string{d + "ItexvsCypress_domain.xml", "--profile", d + "Itex.xml", "--profile", d + "Cypress.xml"}
	code, orig, errOut := run(t, append([]string{"analyze"}, src...)...)
	if code != 0 {
		t.Fatalf("analyze: exit %d: %s", code, errOut)
	}
	dir := filepath.Join(t.TempDir(), "g")
	code, out, errOut := run(t, append([]string{"export", "--out", dir}, src...)...)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	lines := strings.Fields(out)
	var args []string
	for i := 0; i+1 < len(lines); i += 2 {
		switch lines[i] {
		case "domain":
			args = append([]string{"analyze", lines[i+1]}, args...)
		case "profile":
			args = append(args, "--profile", lines[i+1])
		}
	}
	if len(args) != 6 {
		t.Fatalf("export printed %q; want a domain and two profiles", out)
	}
	code, again, errOut := run(t, args...)
	if code != 0 {
		t.Fatalf("analyze of the export: exit %d: %s", code, errOut)
	}
	zone := func(s string) string {
		var z []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "Zone of possible agreement") || strings.HasPrefix(l, "Outcome space") {
				z = append(z, l)
			}
		}
		return strings.Join(z, "; ")
	}
	if zone(orig) == "" || zone(orig) != zone(again) {
		t.Errorf("zone before export %q, after %q", zone(orig), zone(again))
	}
}
