package cmd

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// The index.html reports of sweep, sensitivity and compare (the layout is
// report_html.go's).

// report writes a command's report into --out after finish has written
// its JSON (whose error is err), also after an interruption, so that the
// report links to every file the command wrote; then it moves the new
// outputs into --out (outdir.go).
func (f *exploreFlags) report(err error, write func() error) error {
	if f.out == "" || (err != nil && !errors.Is(err, errInterrupted)) {
		return err
	}
	if werr := write(); werr != nil {
		return errors.Join(err, werr)
	}
	return errors.Join(err, f.od.commit())
}

// Figures of sweep, sensitivity and compare, with their captions.
var (
	sweepFig   = figure{"sweep", "The figure at each value of the swept parameter, with its 95% interval (a heat map for two parameters)."}
	tornadoFig = figure{"tornado", "One at a time: the figure with each parameter at its low and high value, everything else random, against the estimate with every parameter random."}
	sobolFig   = figure{"sobol", "Sobol indices: the share of the figure's variance due to each parameter alone (first order) and with its interactions (total), with 95% bootstrap intervals."}
	compareFig = figure{"compare_by_round", "The compared figure round by round in A and in B, with 95% intervals (the cumulative chance of agreement when the figure has no by-round series)."}
)

// writeSweepReport writes sweep's index.html: the table of points and the
// plot, for the scenario swept.
func writeSweepReport(dir string, sc *scenarios.Scenario, res *explore.SweepResult, m explore.Metric) error {
	if res == nil {
		return nil // interrupted before the first point
	}
	var params []string
	for _, a := range res.Axes {
		params = append(params, a.Param)
	}
	p := &reportPage{
		Command: "sweep", Title: titleOrName(sc), Partial: res.Partial,
		Subtitle:  fmt.Sprintf("%s across %s", m.Describe(sc.Sim), strings.Join(params, " and ")),
		Setup:     setupRows(sc),
		Figures:   presentFigures(dir, []figure{sweepFig}),
		Scenarios: []scenarioBlock{describeScenario("Scenario", sc)},
		Data:      present(dir, "sweep.json", "sweep.csv"),
	}
	if len(res.Points) > 0 {
		s := res.Points[0].Summary
		p.Setup = append(p.Setup, keyValue{"Runs", fmt.Sprintf("%s per point, seed %d (common random numbers: every point on the same runs)", count(s.Runs, "run"), s.Seed)})
	}
	t := reportTable{Title: "Points", Note: "The figure at each point, with its 95% interval.", Head: append(append([]string{}, params...), m.Describe(sc.Sim), "95% CI")}
	for _, pt := range res.Points {
		var row []cell
		for i, v := range pt.Values {
			row = append(row, numCell(axisText(res.Axes[i], v, fmt.Sprintf("%.4g", v))))
		}
		v, lo, hi := m.From(pt.Summary)
		row = append(row, numCell(pct(v)), numCell(pct(lo)+" to "+pct(hi)))
		t.Rows = append(t.Rows, row)
	}
	p.Tables = []reportTable{t}
	return writePage(dir, p)
}

// writeSensitivityReport writes sensitivity's index.html: the estimate with
// every parameter random, the one-at-a-time ranking with its low and high
// values, the Sobol indices and their plots.
func writeSensitivityReport(dir string, sc *scenarios.Scenario, res *SensitivityResult) error {
	p := &reportPage{
		Command: "sensitivity", Title: titleOrName(sc), Partial: res.Partial,
		Subtitle:  "what moves " + res.MetricText,
		Setup:     setupRows(sc),
		Figures:   presentFigures(dir, []figure{tornadoFig, sobolFig}),
		Scenarios: []scenarioBlock{describeScenario("Scenario", sc)},
		Data:      present(dir, "sensitivity.json", "sensitivity.csv"),
	}
	if b := res.Base; b != nil {
		p.Setup = append(p.Setup, keyValue{"Runs", fmt.Sprintf("%s per estimate, seed %d", count(b.Runs, "run"), b.Seed)})
		v, lo, hi := res.BaseP, 0.0, 0.0
		if m, err := explore.ParseMetric(sc.Sim, res.Metric); err == nil {
			v, lo, hi = m.From(b)
		}
		p.Headline = []keyValue{{res.MetricText + ", every parameter random", withInterval(v, lo, hi)}}
	}
	oat := reportTable{
		Title: "One at a time",
		Note:  fmt.Sprintf("A random parameter at its %s%% and %s%% quantiles, a --range or --range-all parameter at its low and high values, everything else random; ranked by swing, in percentage points.", given(100*res.Low), given(100*res.High)),
		Head:  []string{"parameter", "low value", "P at low", "high value", "P at high", "swing (points)"},
	}
	for _, o := range res.OAT {
		oat.Rows = append(oat.Rows, []cell{textCell(o.Param), numCell(fmt.Sprintf("%.4g", o.Low)), numCell(pct(o.PLow)), numCell(fmt.Sprintf("%.4g", o.High)), numCell(pct(o.PHigh)), numCell(fmt.Sprintf("%.1f", 100*o.Swing))})
	}
	p.Tables = append(p.Tables, oat)
	if len(res.Sobol) > 0 {
		t := reportTable{
			Title: "Sobol indices",
			Note:  fmt.Sprintf("%s, %s; 95%% bootstrap intervals; ranked by total.", count(res.Samples, "sample"), count(res.SobolRuns, "run")),
			Head:  []string{"parameter", "first order", "total"},
		}
		for _, s := range res.Sobol {
			t.Rows = append(t.Rows, []cell{textCell(s.Param), numCell(fmt.Sprintf("%.3f [%.3f, %.3f]", s.First, s.FirstLo, s.FirstHi)), numCell(fmt.Sprintf("%.3f [%.3f, %.3f]", s.Total, s.TotalLo, s.TotalHi))})
		}
		p.Tables = append(p.Tables, t)
	}
	return writePage(dir, p)
}

// compareOutputs draws compare's by-round plot of A and B and writes its
// tidy CSV into dir.
func compareOutputs(dir string, a, b *scenarios.Scenario, out *CompareResult, m explore.Metric) error {
	which, labelA, labelB := compareNames(a, b)
	// The compared figure round by round where it has a series; else the
	// chance of any agreement, and the title says so.
	title := "Chance of agreement by round, A against B"
	_, okA := m.ByRound(out.A)
	_, okB := m.ByRound(out.B)
	by := m
	switch {
	case okA && okB && m.String() != "agreement":
		title = m.DescribeByRound(a.Sim) + ", A against B"
	case !okA || !okB:
		by = explore.Metric{}
		title += " (" + m.Describe(a.Sim) + ", the figure compared, has no by-round series)"
	}
	var series []plots.Series
	for _, x := range []struct {
		name string
		s    *sim.Summary
	}{{labelA, out.A}, {labelB, out.B}} {
		sr := plots.Series{Name: x.name}
		rounds, _ := by.ByRound(x.s)
		for _, r := range rounds {
			sr.Cum, sr.Lo, sr.Hi = append(sr.Cum, r.P), append(sr.Lo, r.CILow), append(sr.Hi, r.CIHigh)
		}
		series = append(series, sr)
	}
	p, err := plots.AgreementByRound(title+"\n"+which, series...)
	if err == nil && by.String() != "agreement" {
		p.Y.Label.Text = by.DescribeByRound(a.Sim)
	}
	if err := savePlot(dir, compareFig.Name, p, err); err != nil {
		return err
	}
	return writeTidy(dir, "compare.csv", compareRows(out.Comparison, m))
}

// writeCompareReport writes compare's index.html: A against B with the
// paired difference, the terms compared, who held out and the mean
// utilities on each side, and both scenarios.
func writeCompareReport(dir string, a, b *scenarios.Scenario, out *CompareResult, m explore.Metric) error {
	c := out.Comparison
	p := &reportPage{
		Command: "compare", Title: titleOrName(a),
		Subtitle: "A: " + out.NameA + "; B: " + out.NameB,
		Setup:    []keyValue{{"A", out.NameA}, {"B", out.NameB}, {"Runs", fmt.Sprintf("%s, seed %d", count(c.A.Runs, "paired run"), c.A.Seed)}},
		Figures:  presentFigures(dir, []figure{compareFig}),
		Data:     present(dir, "compare.json", "compare.csv"),
	}
	pa, la, ha := m.From(c.A)
	pb, lb, hb := m.From(c.B)
	label := m.Describe(a.Sim)
	diff, interval := pointsDiff(c.Diff, c.DiffLo, c.DiffHi)
	p.Headline = []keyValue{
		{label + ", A", withInterval(pa, la, ha)},
		{label + ", B", withInterval(pb, lb, hb)},
		{"A − B (paired)", fmt.Sprintf("%s (95%% CI %s)", diff, interval)},
		{"Runs where it held only in A, only in B", fmt.Sprintf("%d, %d", c.OnlyA, c.OnlyB)},
	}
	if len(c.Terms) > 0 {
		t := reportTable{Title: "How the agreements' terms differ", Note: "Chance, of all runs, of an agreement with that option; paired differences in percentage points.", Head: []string{"issue", "option", "A", "B", "A − B", "95% CI"}}
		for _, d := range c.Terms {
			diff, interval := pointsDiff(d.Diff, d.DiffLo, d.DiffHi)
			t.Rows = append(t.Rows, []cell{textCell(issueLabel(a.Sim, d.Issue)), textCell(optionLabel(a.Sim, d.Issue, d.Option)), numCell(pct(d.PA)), numCell(pct(d.PB)), numCell(diff), numCell(interval)})
		}
		p.Tables = append(p.Tables, t)
	}
	p.Tables = append(p.Tables, sideBySide("Mean utility in agreements", "0 to 1; with an agenda, of what is in force at the end of the talks.", a.Sim, c.A, c.B, func(s *sim.Summary) map[string]string {
		v := map[string]string{}
		if s.Agreements > 0 {
			for _, u := range s.Utility {
				v[u.Party] = fmt.Sprintf("%.3f", u.Mean)
			}
		}
		return v
	}), sideBySide("Held out when talks failed", "Share of failed runs.", a.Sim, c.A, c.B, func(s *sim.Summary) map[string]string {
		v := map[string]string{}
		for _, x := range s.Pivotal {
			v[x.Party] = pct(x.Share)
		}
		return v
	}))
	p.Scenarios = []scenarioBlock{describeScenario("Scenario A", a)}
	if b != nil && !sameScenario(a, b) {
		p.Scenarios = append(p.Scenarios, describeScenario("Scenario B", b))
	} else {
		p.Scenarios[0].Heading = "Scenario (A and B)"
	}
	return writePage(dir, p)
}

// sideBySide is a table of a per-party figure in A and in B.
func sideBySide(title, note string, s *sim.Scenario, a, b *sim.Summary, of func(*sim.Summary) map[string]string) reportTable {
	t := reportTable{Title: title, Note: note, Head: []string{"party", "A", "B"}}
	va, vb := of(a), of(b)
	for _, p := range s.Parties {
		x, y := va[p.ID], vb[p.ID]
		if x == "" && y == "" {
			continue
		}
		t.Rows = append(t.Rows, []cell{textCell(partyLabel(s, p.ID)), numCell(orDash(x)), numCell(orDash(y))})
	}
	return t
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// sameScenario reports whether a and b are the same scenario as run.
func sameScenario(a, b *scenarios.Scenario) bool {
	ra, err1 := a.Resolved()
	rb, err2 := b.Resolved()
	return err1 == nil && err2 == nil && string(ra) == string(rb)
}

// titleOrName is a scenario's title, or its name.
func titleOrName(sc *scenarios.Scenario) string {
	if sc.File != nil && sc.File.Title != "" {
		return sc.File.Title
	}
	return sc.Sim.Name
}

// loadEmbedded rebuilds an output's embedded scenario, or, for outputs made
// before they embedded it, returns fallback.
func loadEmbedded(e *EmbeddedScenario, fallback *scenarios.Scenario) *scenarios.Scenario {
	if e != nil {
		if sc, err := e.scenario(); err == nil {
			return sc
		}
	}
	return fallback
}

// plotCompare redraws a compare.json's plot, tidy CSV and report into out.
func plotCompare(out, path string, data []byte) error {
	var res CompareResult
	if err := json.Unmarshal(data, &res); err != nil {
		return fmt.Errorf("%s: not a compare.json written by negsim compare: %w", path, err)
	}
	if res.Comparison == nil || res.A == nil || res.B == nil {
		return fmt.Errorf("%s: not a compare.json written by negsim compare: it has no estimates of A and B", path)
	}
	a := loadEmbedded(res.EmbeddedA, scenarioOfSummary(res.A))
	b := loadEmbedded(res.EmbeddedB, scenarioOfSummary(res.B))
	m, err := explore.ParseMetric(a.Sim, res.Metric)
	if err != nil {
		return fmt.Errorf("%s: metric: %w", path, err)
	}
	if err := compareOutputs(out, a, b, &res, m); err != nil {
		return err
	}
	return writeCompareReport(out, a, b, &res, m)
}
