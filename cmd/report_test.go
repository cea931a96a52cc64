package cmd

import (
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// reportLinks parses the index.html in dir and returns every href and src
// in it, and those that do not name a file beside the report.
func reportLinks(dir string) (links, broken []string, err error) {
	f, err := os.Open(filepath.Join(dir, ReportFile))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	d := xml.NewDecoder(f)
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("not HTML: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, a := range se.Attr {
			if a.Name.Local != "href" && a.Name.Local != "src" {
				continue
			}
			links = append(links, a.Value)
			u, err := url.Parse(a.Value)
			if err != nil || u.IsAbs() || u.Host != "" || strings.HasPrefix(u.Path, "/") || strings.Contains(u.Path, "..") {
				broken = append(broken, a.Value)
			} else if _, err := os.Stat(filepath.Join(dir, u.Path)); err != nil {
				broken = append(broken, a.Value)
			}
		}
	}
	return links, broken, nil
}

// checkLinks fails for every link of dir's report that does not name a
// file in dir, and returns the links.
func checkLinks(t *testing.T, what, dir string) []string {
	t.Helper()
	links, broken, err := reportLinks(dir)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	for _, l := range broken {
		t.Errorf("%s: report link %q does not name a file beside the report", what, l)
	}
	return links
}

// TestReports: run, sweep, sensitivity and compare each write an
// index.html with the scenario's title, its sources and assumptions, the
// headline and plots, every link of which names a file in the directory;
// negsim plot FILE.json --out elsewhere rewrites it there with every link
// working.
func TestReports(t *testing.T) {
	const title = "Ukraine ceasefire talks, March 2025"
	cases := []struct {
		name, file string
		args       []string
		headline   func(data []byte) string // the headline's text, from the JSON
		want       []string                 // more text the report must show
		links      []string                 // files it must link to
	}{
		{"run", ResultsFile, []string{"run", "--variant", "grand-bargain", "--runs", "400", "--set", "protocol.format=shuttle"},
			func(data []byte) string {
				var r Results
				mustUnmarshal(t, data, &r)
				return "Chance of agreement</th><td>" + withInterval(r.P, r.CILow, r.CIHigh)
			},
			[]string{"Held out when talks failed", "Mean utility in agreements", "Most frequent agreements", "Stays under Russian occupation", "grand-bargain", "protocol.format=shuttle"},
			[]string{ResultsFile, ByRoundPlot + ".png", UtilityPlot + ".svg"}},
		{"run-agenda", ResultsFile, []string{"run", "--runs", "300"},
			func(data []byte) string {
				var r Results
				mustUnmarshal(t, data, &r)
				return ci(r.Agenda.Any)
			},
			[]string{"Agenda items", "Raw-materials deal", "Held out when talks failed"},
			[]string{ResultsFile, ByRoundPlot + ".png"}},
		{"sweep", "sweep.json", []string{"sweep", "--variant", "grand-bargain", "--param", "parties.russia.reservation", "--from", "0.3", "--to", "0.5", "--steps", "3", "--runs", "200"},
			func(data []byte) string {
				var r SweepResult
				mustUnmarshal(t, data, &r)
				s := r.Points[1].Summary
				return "0.4</td><td class=\"n\">" + pct(s.P) + "</td><td class=\"n\">" + pct(s.CILow) + " to " + pct(s.CIHigh)
			},
			[]string{"parties.russia.reservation", "Variant</th><td>grand-bargain"},
			[]string{"sweep.json", "sweep.csv", "sweep.png", "sweep.svg"}},
		{"sensitivity", "sensitivity.json", []string{"sensitivity", "--variant", "grand-bargain", "--set", "deadline=12", "--runs", "200", "--samples", "16", "--bootstrap", "10"},
			func(data []byte) string {
				var r SensitivityResult
				mustUnmarshal(t, data, &r)
				return withInterval(r.Base.P, r.Base.CILow, r.Base.CIHigh)
			},
			[]string{"One at a time", "Sobol indices", "parties.russia.drift", "deadline=12"},
			[]string{"sensitivity.json", "sensitivity.csv", "tornado.png", "sobol.svg"}},
		{"compare", "compare.json", []string{"compare", "--variant-a", "grand-bargain", "--variant-b", "alternating", "--runs", "300"},
			func(data []byte) string {
				var r CompareResult
				mustUnmarshal(t, data, &r)
				diff, interval := pointsDiff(r.Diff, r.DiffLo, r.DiffHi)
				return diff + " (95% CI " + interval + ")"
			},
			[]string{"Scenario A", "Scenario B", "How the agreements&#39; terms differ", "Mean utility in agreements", "Held out when talks failed"},
			[]string{"compare.json", "compare.csv", "compare_by_round.png"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			first := filepath.Join(t.TempDir(), "first")
			if code, _, errOut := run(t, append(c.args, "--out", first)...); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			data, err := os.ReadFile(filepath.Join(first, c.file))
			if err != nil {
				t.Fatal(err)
			}
			again := filepath.Join(t.TempDir(), "again")
			if code, _, errOut := run(t, "plot", filepath.Join(first, c.file), "--out", again); code != 0 {
				t.Fatalf("plot: exit %d: %s", code, errOut)
			}
			for _, dir := range []string{first, again} {
				what := c.name + " " + filepath.Base(dir)
				links := checkLinks(t, what, dir)
				for _, l := range c.links {
					if !slices.Contains(links, l) {
						t.Errorf("%s: the report does not link %s (links: %q)", what, l, links)
					}
				}
				page, err := os.ReadFile(filepath.Join(dir, ReportFile))
				if err != nil {
					t.Fatal(err)
				}
				// The evidence table: a source quoted in the bundled
				// scenario and an assumption's key.
				for _, w := range append([]string{title, "Sources and assumptions", "<code>parties.russia.reservation</code>", "Parties", "Issues", "Energy infrastructure only", c.headline(data)}, c.want...) {
					if !strings.Contains(string(page), w) {
						t.Errorf("%s: the report lacks %q", what, w)
					}
				}
				if n := strings.Count(string(page), "<tr><td><code>"); n < 20 {
					t.Errorf("%s: the report has %d evidence rows, want every source and assumption (> 20)", what, n)
				}
			}
		})
	}
}

func mustUnmarshal(t *testing.T, data []byte, v any) {
	t.Helper()
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatal(err)
	}
}

// TestReportGolden: sweep's report of a small sweep, byte for byte.
func TestReportGolden(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "s")
	if code, _, errOut := run(t, "sweep", "--variant", "grand-bargain", "--param", "parties.russia.reservation", "--from", "0.3", "--to", "0.5", "--steps", "3", "--runs", "200", "--out", dir); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	page, err := os.ReadFile(filepath.Join(dir, ReportFile))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "report_sweep.html.golden", string(page))
}

// TestReportLinksCheck: reportLinks finds broken links, so that
// TestReports can fail.
func TestReportLinksCheck(t *testing.T) {
	dir := t.TempDir()
	page := `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><p>a&nbsp;b<br>
<a href="x.json">x</a><img src="y.png" alt="y"><a href="../z.csv">z</a><a href="https://example.org/x.json">e</a></body></html>`
	for name, data := range map[string]string{ReportFile: page, "x.json": "{}"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	links, broken, err := reportLinks(dir)
	if err != nil || len(links) != 4 || strings.Join(broken, " ") != "y.png ../z.csv https://example.org/x.json" {
		t.Errorf("reportLinks = %q, broken %q, %v; want 4 links, y.png, ../z.csv and the absolute one broken", links, broken, err)
	}
}
