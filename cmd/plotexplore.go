package cmd

import (
	"encoding/json"
	"fmt"
	"path/filepath"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
)

// plotExplore redraws the plots of a sweep.json or sensitivity.json into
// out (default: the file's directory). It reports false, and does nothing,
// for any other file (a results.json).
func plotExplore(cmd *cobra.Command, path string, data []byte, out string, force bool) (bool, error) {
	var kind struct {
		Axes        json.RawMessage `json:"axes"`
		OneAtATime  json.RawMessage `json:"one_at_a_time"`
		Provenance  json.RawMessage `json:"provenance"`
		Points      json.RawMessage `json:"points"`
		MetricField string          `json:"metric"`
		NameA       json.RawMessage `json:"a_name"`
	}
	if json.Unmarshal(data, &kind) != nil || kind.Provenance != nil || (kind.Axes == nil && kind.OneAtATime == nil && kind.NameA == nil) {
		return false, nil
	}
	if out == "" {
		out = filepath.Dir(path)
	} else if err := prepareOut(out, force); err != nil {
		return true, err
	}
	if err := keepInput(out, path, data); err != nil {
		return true, err
	}
	switch {
	case kind.Axes != nil:
		var res SweepResult
		if err := json.Unmarshal(data, &res); err != nil || res.SweepResult == nil || len(res.Points) == 0 || res.Points[0].Summary == nil {
			return true, fmt.Errorf("%s: not a sweep.json written by negsim sweep: %v", path, err)
		}
		sc := loadEmbedded(res.Embedded, scenarioOfSummary(res.Points[0].Summary))
		m, err := explore.ParseMetric(sc.Sim, res.Metric)
		if err != nil {
			return true, fmt.Errorf("%s: metric: %w", path, err)
		}
		if err := sweepPlot(out, sc, res.SweepResult, m); err != nil {
			return true, err
		}
		if err := writeTidy(out, "sweep.csv", sweepRows(sc, res.SweepResult, m)); err != nil {
			return true, err
		}
		if err := writeSweepReport(out, sc, res.SweepResult, m); err != nil {
			return true, err
		}
	case kind.NameA != nil:
		if err := plotCompare(out, path, data); err != nil {
			return true, err
		}
	default:
		var res SensitivityResult
		if err := json.Unmarshal(data, &res); err != nil {
			return true, fmt.Errorf("%s: not a sensitivity.json written by negsim sensitivity: %v", path, err)
		}
		if err := sensitivityPlots(out, &res); err != nil {
			return true, err
		}
		if err := writeTidy(out, "sensitivity.csv", sensitivityRows(&res)); err != nil {
			return true, err
		}
		sc := loadEmbedded(res.Embedded, &scenarios.Scenario{Sim: &sim.Scenario{Name: res.Scenario}})
		if err := writeSensitivityReport(out, sc, &res); err != nil {
			return true, err
		}
	}
	fmt.Fprintf(cmd.OutOrStdout(), "Wrote the plots of %s to %s\n", filepath.Base(path), out)
	return true, nil
}

// scenarioOfSummary is the little of a scenario that a sweep's plots name:
// its name and its agenda items' ids, as a summary records them.
func scenarioOfSummary(sum *sim.Summary) *scenarios.Scenario {
	s := &sim.Scenario{Name: sum.Scenario}
	if sum.Agenda != nil {
		s.Agenda = &sim.Agenda{}
		for _, it := range sum.Agenda.Items {
			s.Agenda.Items = append(s.Agenda.Items, sim.Item{ID: it.Item})
		}
	}
	return &scenarios.Scenario{Sim: s}
}
