package cmd

import (
	"fmt"
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// writeReport writes run's index.html into dir: the scenario as the
// results embed it, the headline with its interval, who held out, mean
// utilities, the top packages with labels, every plot of figs that is in
// dir and links to the data files there.
func writeReport(dir string, res *Results, figs []figure) error {
	sum := res.Summary
	sc := resultsScenario(res)
	p := &reportPage{
		Command: "run", Title: res.Title, Partial: sum.Partial,
		Subtitle:  fmt.Sprintf("Monte Carlo estimate, %s, seed %d", count(sum.Runs, "run"), sum.Seed),
		Setup:     setupRows(sc),
		Figures:   presentFigures(dir, figs),
		Scenarios: []scenarioBlock{describeScenario("Scenario", sc)},
		Data:      present(dir, ResultsFile, RunsFile, RunsParquetFile),
		Rerun:     "negsim run --replay " + ResultsFile,
	}
	if p.Title == "" {
		p.Title = sum.Scenario
	}
	if sum.Precision > 0 {
		p.Setup = append(p.Setup, keyValue{"Runs", fmt.Sprintf("%d, until the 95%% interval was ±%s percentage points", sum.Runs, given(100*sum.Precision))})
	}
	pv := res.Provenance
	p.Provenance = fmt.Sprintf("negsim %s, scenario %s, sha256 %s", pv.Version, pv.Origin, pv.SHA256)
	if pv.Variant != "" {
		p.Provenance += ", variant " + pv.Variant
	}
	for _, o := range pv.Overrides {
		p.Provenance += ", --set " + o
	}
	p.Provenance += "."
	p.Headline = runHeadline(sum)
	if a := sum.Agenda; a != nil {
		p.Tables = append(p.Tables, agendaTable(sc.Sim, a))
	}
	p.Tables = append(p.Tables, outcomeTables(sc.Sim, sum)...)
	return writePage(dir, p)
}

// resultsScenario is the scenario results.json embeds, or, for results
// made before they embedded it, the little the summary records.
func resultsScenario(res *Results) *scenarios.Scenario {
	if len(res.Resolved) > 0 {
		if sc, err := scenarios.FromResolved(res.Provenance.Origin, res.Resolved); err == nil {
			sc.Variant, sc.Overrides = res.Provenance.Variant, res.Provenance.Overrides
			return sc
		}
	}
	return scenarioOfSummary(res.Summary)
}

// runHeadline is the chance of agreement (with an agenda: of any agreement
// and of a comprehensive deal) with its interval, and the analysis of the
// outcome space when the runs were analysed.
func runHeadline(sum *sim.Summary) []keyValue {
	var rows []keyValue
	if a := sum.Agenda; a != nil {
		rows = append(rows,
			keyValue{"Any agreement (at least one item agreed during the talks)", ci(a.Any)},
			keyValue{"Comprehensive deal (every item in force at the end)", ci(a.Comprehensive)})
	} else {
		rows = append(rows, keyValue{"Chance of agreement", withInterval(sum.P, sum.CILow, sum.CIHigh)})
	}
	if a := sum.Analysis; a != nil {
		rows = append(rows,
			keyValue{"Zone of possible agreement existed", fmt.Sprintf("%s of runs (95%% CI %s to %s)", pct(a.PZOPA), pct(a.ZOPACILow), pct(a.ZOPACIHigh))},
			keyValue{"Protocol efficiency (agreements when a zone existed)", pct(a.Efficiency)})
		if sum.Agreements > 0 {
			rows = append(rows, keyValue{"Agreements' mean distance (utility)", fmt.Sprintf("to the Pareto frontier %.3f, to the Nash solution %.3f", a.MeanParetoGap, a.MeanNashDistance)})
		}
	}
	return rows
}

// agendaTable is the agenda's item table.
func agendaTable(s *sim.Scenario, a *sim.AgendaSummary) reportTable {
	t := reportTable{
		Title: "Agenda items",
		Note:  fmt.Sprintf("Share of all runs, with 95%% intervals; the horizon is %s after the talks.", count(a.Horizon, "round")),
		Head:  []string{"item", "agreed in the talks", "in force at the end", "in force at the horizon"},
	}
	for _, it := range a.Items {
		t.Rows = append(t.Rows, []cell{textCell(itemLabel(s, it.Item)), numCell(ci(it.Agreed)), numCell(ci(it.InForceEnd)), numCell(ci(it.InForceHorizon))})
	}
	return t
}

// outcomeTables are the tables of what the runs ended in: the top
// packages with option labels, each issue's option shares, mean utilities,
// why talks failed and who held out.
func outcomeTables(s *sim.Scenario, sum *sim.Summary) []reportTable {
	var ts []reportTable
	if sum.Agreements > 0 && len(sum.Packages) > 0 {
		t := reportTable{Title: "Most frequent agreements", Head: []string{"share"}}
		t.Note = fmt.Sprintf("%s; share of agreements.", count(sum.DistinctPackages, "distinct package"))
		if sum.Agenda != nil {
			t.Title = "Most frequent packages in force at the end of the talks"
			t.Note = fmt.Sprintf("Items and status quo together; %s; share of runs with any agreement.", count(sum.DistinctPackages, "distinct package"))
		}
		for _, o := range sum.Packages[0].Options {
			t.Head = append(t.Head, issueLabel(s, o.Issue))
		}
		for _, pk := range sum.Packages {
			row := []cell{numCell(pct(pk.Share))}
			for _, o := range pk.Options {
				row = append(row, textCell(optionLabel(s, o.Issue, o.Option)))
			}
			t.Rows = append(t.Rows, row)
		}
		ts = append(ts, t)

		sh := reportTable{Title: "How each issue is settled", Note: "Option shares among agreements.", Head: []string{"issue", "options"}}
		if sum.Agenda != nil {
			sh.Note = "Option shares in force at the end of the talks, in runs with any agreement."
		}
		for _, is := range sum.Issues {
			var parts []string
			for _, o := range is.Options {
				parts = append(parts, optionLabel(s, is.Issue, o.Option)+" "+pct(o.Share))
			}
			sh.Rows = append(sh.Rows, []cell{textCell(issueLabel(s, is.Issue)), textCell(strings.Join(parts, "; "))})
		}
		ts = append(ts, sh)

		u := reportTable{Title: "Mean utility in agreements", Note: "0 to 1.", Head: []string{"party", "mean utility"}}
		if sum.Agenda != nil {
			u.Note = "Of what is in force at the end of the talks, in runs with any agreement; 0 to 1."
		}
		for _, x := range sum.Utility {
			u.Rows = append(u.Rows, []cell{textCell(partyLabel(s, x.Party)), numCell(fmt.Sprintf("%.3f", x.Mean))})
		}
		ts = append(ts, u)
	}
	if len(sum.Breakdown) > 0 {
		b := reportTable{Title: "No agreement", Note: "Share of all runs.", Head: []string{"why", "share"}}
		for _, x := range sum.Breakdown {
			b.Rows = append(b.Rows, []cell{textCell(x.Reason), numCell(pct(x.Share))})
		}
		ts = append(ts, b)
	}
	if h := heldOut(s, sum); len(h.Rows) > 0 {
		ts = append(ts, h)
	}
	return ts
}

// heldOut is who held out when talks failed, as a share of failed runs.
func heldOut(s *sim.Scenario, sum *sim.Summary) reportTable {
	t := reportTable{Title: "Held out when talks failed", Note: "Share of failed runs.", Head: []string{"party", "share"}}
	failed := sum.Runs - sum.Agreements
	if failed <= 0 {
		return t
	}
	for _, p := range sum.Pivotal {
		t.Rows = append(t.Rows, []cell{textCell(partyLabel(s, p.Party)), numCell(pct(p.Share))})
	}
	if sum.NoProposal > 0 {
		t.Rows = append(t.Rows, []cell{textCell("nobody: the talks ended before any proposal"), numCell(pct(float64(sum.NoProposal) / float64(failed)))})
	}
	if sum.AllAccepting > 0 {
		t.Rows = append(t.Rows, []cell{textCell("nobody: every party would have accepted the last proposal, but time ran out first"), numCell(pct(float64(sum.AllAccepting) / float64(failed)))})
	}
	return t
}

// itemLabel returns an agenda item's label with its id, or the id.
func itemLabel(s *sim.Scenario, id string) string {
	if s.Agenda != nil {
		for _, it := range s.Agenda.Items {
			if it.ID == id {
				return optionText(it.Label, it.ID)
			}
		}
	}
	return id
}
