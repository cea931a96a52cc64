package cmd

import (
	"cmp"
	"encoding/json"
	"fmt"
	"math"
	"path/filepath"
	"slices"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"github.com/spf13/cobra"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
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
	} else if err := prepareOut(out, force, path); err != nil {
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
		if err := sweepOutputs(out, sc, &res, m); err != nil {
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
		if err := sensitivityOutputs(out, &res); err != nil {
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

// tornadoMax is the most parameters a tornado shows: past it, the bars
// and names of a --range-all analysis (a hundred parameters) pile up into
// an unreadable block. sensitivity.csv and the printed table have them all.
const tornadoMax = 20

// tornadoFigure draws the tornado of a one-at-a-time analysis: the
// tornadoMax parameters with the largest swings, in a plot tall enough for
// their names.
func tornadoFigure(dir string, res *SensitivityResult) error {
	if len(res.OAT) == 0 {
		return nil
	}
	oat := slices.Clone(res.OAT)
	slices.SortStableFunc(oat, func(a, b explore.OAT) int {
		return cmp.Compare(math.Abs(b.PHigh-b.PLow), math.Abs(a.PHigh-a.PLow))
	})
	title := fmt.Sprintf("What moves %s\n%s", res.MetricText, plotScenario(res.Title, res.Scenario, res.Variant))
	if len(oat) > tornadoMax {
		title += fmt.Sprintf("\n(the %d largest swings of %d parameters)", tornadoMax, len(oat))
		oat = oat[:tornadoMax]
	}
	var names []string
	var lo, hi []float64
	for _, o := range oat {
		names, lo, hi = append(names, o.Param), append(lo, o.PLow), append(hi, o.PHigh)
	}
	p, err := plots.Tornado(title, names, lo, hi, res.BaseP)
	if err != nil {
		return err
	}
	return saveSized(dir, "tornado", p, barsHeight(len(names), 0.8))
}

// barsHeight returns the height of a plot of n horizontal bars (or pairs)
// each given per centimetres: DefaultHeight, or more for many bars.
func barsHeight(n int, per vg.Length) vg.Length {
	// vg.Length(…) around the product keeps it from being fused into the
	// add (docs/model.md, Reproducibility).
	return max(plots.DefaultHeight, vg.Length(vg.Length(n)*per*vg.Centimeter)+3*vg.Centimeter)
}

// saveSized writes p into dir as name.png and name.svg, DefaultWidth by h;
// with no dir it writes nothing.
func saveSized(dir, name string, p *plot.Plot, h vg.Length) error {
	if dir == "" {
		return nil
	}
	for _, ext := range []string{".png", ".svg"} {
		if err := plotSaver.Save(p, plots.DefaultWidth, h, filepath.Join(dir, name+ext)); err != nil {
			return err
		}
	}
	return nil
}

// baseValue returns the scenario's own value of the parameter of a 1-D
// sweep over a number (its median, if random), or NaN if there is none:
// for a choice, or a 2-D sweep.
func baseValue(sc *scenarios.Scenario, axes []explore.Axis) float64 {
	if len(axes) != 1 || axes[0].Labels != nil {
		return math.NaN()
	}
	for _, p := range sc.Sim.Params() {
		if p.Name == axes[0].Param {
			return p.At(0.5)
		}
	}
	return math.NaN()
}

// scenarioTitle returns a loaded scenario's title, or "" if it has none.
func scenarioTitle(sc *scenarios.Scenario) string {
	if sc.File == nil {
		return ""
	}
	return sc.File.Title
}

// scenarioName names a loaded scenario in a plot's title: its title, or
// its id if it has none, and its variant.
func scenarioName(sc *scenarios.Scenario) string {
	return plotScenario(scenarioTitle(sc), sc.Sim.Name, sc.Variant)
}
