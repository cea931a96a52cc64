package cmd

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/scenarios"
)

// The index.html report that run, sweep, sensitivity and compare write
// with --out, and plot rewrites: one layout (templates/report.html) for
// all four, filled from a reportPage.

//go:embed templates/report.html
var reportLayout string

var reportTmpl = template.Must(template.New("report").Parse(reportLayout))

// reportPage is what a report shows; each command fills in its parts.
type reportPage struct {
	Command         string // run, sweep, sensitivity or compare
	Title, Subtitle string
	Partial         bool
	Setup           []keyValue // how the numbers were made
	Headline        []keyValue // the main figures, with their intervals
	Tables          []reportTable
	Figures         []figure        // only those whose PNG is in the directory
	Scenarios       []scenarioBlock // one, or A and B for compare
	Data            []string        // data files in the directory
	Provenance      string
	Rerun           string
}

type keyValue struct{ Key, Value string }

// reportTable is a table with a heading; cells that hold numbers are
// right-aligned.
type reportTable struct {
	Title, Note string
	Head        []string
	Rows        [][]cell
}

type cell struct {
	Text string
	Num  bool
}

// textCell and numCell make cells.
func textCell(s string) cell { return cell{Text: s} }
func numCell(s string) cell  { return cell{Text: s, Num: true} }

// scenarioBlock describes a scenario: its title and description, parties,
// issues with their option labels, and every source and assumption.
type scenarioBlock struct {
	Heading, Name, Title, Description, Variant string
	Overrides                                  []string
	Parties                                    []partyRow
	Issues                                     []issueRow
	Evidence                                   []scenarios.EvidenceEntry
}

type partyRow struct{ ID, Label, Role string }

// issueRow is an issue with its options' labels.
type issueRow struct {
	ID, Label string
	Options   []string
}

// describeScenario fills a scenarioBlock from a loaded scenario; sc.File
// may be nil (a scenario known only by its name), and then the block has
// the name alone.
func describeScenario(heading string, sc *scenarios.Scenario) scenarioBlock {
	b := scenarioBlock{Heading: heading, Name: sc.Sim.Name, Variant: sc.Variant, Overrides: sc.Overrides}
	if sc.File == nil {
		return b
	}
	b.Title, b.Description = sc.File.Title, sc.File.Description
	for _, p := range sc.Sim.Parties {
		b.Parties = append(b.Parties, partyRow{p.ID, labelOr(p.Label, p.ID), p.Role.String()})
	}
	for _, is := range sc.Sim.Issues {
		r := issueRow{ID: is.ID, Label: labelOr(is.Label, is.ID)}
		for _, o := range is.Options {
			r.Options = append(r.Options, optionText(o.Label, o.ID))
		}
		b.Issues = append(b.Issues, r)
	}
	b.Evidence = scenarios.EvidenceTable(sc.File)
	return b
}

// optionText is an option's label with its id, or the id alone.
func optionText(label, id string) string {
	if label == "" || label == id {
		return id
	}
	return label + " (" + id + ")"
}

// present returns the names whose files exist in dir, in order: a report
// links only to what is there.
func present(dir string, names ...string) []string {
	var out []string
	for _, n := range names {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// presentFigures returns the figures whose PNG and SVG exist in dir.
func presentFigures(dir string, figs []figure) []figure {
	var out []figure
	for _, f := range figs {
		if len(present(dir, f.Name+".png", f.Name+".svg")) == 2 {
			out = append(out, f)
		}
	}
	return out
}

// writePage writes the report into dir, whole or not at all.
func writePage(dir string, p *reportPage) error {
	var buf bytes.Buffer
	if err := reportTmpl.Execute(&buf, p); err != nil {
		return fmt.Errorf("%s: %w", ReportFile, err)
	}
	return atomicfile.WriteBytes(filepath.Join(dir, ReportFile), buf.Bytes())
}

// keepInput copies the JSON file plot read (path, with its contents data)
// into out when out is another directory, so that the report plot writes
// there links to the numbers it shows and the folder travels alone.
func keepInput(out, path string, data []byte) error {
	dst := filepath.Join(out, filepath.Base(path))
	if a, err1 := filepath.Abs(dst); err1 == nil {
		if b, err2 := filepath.Abs(path); err2 == nil && a == b {
			return nil
		}
	}
	return atomicfile.WriteBytes(dst, data)
}

// EmbeddedScenario is the scenario an output of sweep, sensitivity or
// compare was made from, as run (scenarios.Scenario.Resolved, with its
// variant and overrides), so that negsim plot rewrites the output's
// report with the scenario's title, parties, issues and evidence, without
// the scenario's files.
type EmbeddedScenario struct {
	Origin    string          `json:"origin"`
	Variant   string          `json:"variant,omitempty"`
	Overrides []string        `json:"overrides,omitempty"`
	Resolved  json.RawMessage `json:"resolved_scenario"`
}

// embedScenario records sc; nil if it cannot be embedded (it always can:
// a File holds only what JSON writes).
func embedScenario(sc *scenarios.Scenario) *EmbeddedScenario {
	r, err := sc.Resolved()
	if err != nil {
		return nil
	}
	return &EmbeddedScenario{Origin: sc.Origin, Variant: sc.Variant, Overrides: sc.Overrides, Resolved: r}
}

// scenario rebuilds the embedded scenario.
func (e *EmbeddedScenario) scenario() (*scenarios.Scenario, error) {
	sc, err := scenarios.FromResolved(e.Origin, e.Resolved)
	if err != nil {
		return nil, err
	}
	sc.Variant, sc.Overrides = e.Variant, e.Overrides
	return sc, nil
}

// setupRows are the report rows every command shares: the protocol and
// deadline, the variant and overrides.
func setupRows(sc *scenarios.Scenario) []keyValue {
	if sc.File == nil {
		return nil
	}
	rows := []keyValue{{"Protocol", describeProtocol(sc.Sim)}, {"Deadline", describeDeadline(sc.Sim)}}
	if sc.Variant != "" {
		rows = append(rows, keyValue{"Variant", sc.Variant})
	}
	if len(sc.Overrides) > 0 {
		rows = append(rows, keyValue{"Overrides", strings.Join(sc.Overrides, ", ")})
	}
	return rows
}

// withInterval formats an estimate with its 95% interval.
func withInterval(p, lo, hi float64) string {
	return fmt.Sprintf("%s (95%% CI %s to %s)", pct(p), pct(lo), pct(hi))
}
