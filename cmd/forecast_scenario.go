package cmd

import (
	"fmt"
	"math"
	"path/filepath"
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/spatial"
)

// formatScenario is the Format of a forecast from a scenario file.
const formatScenario = "scenario"

// isScenarioFile reports whether forecast's FILE is a scenario file
// rather than a spatial CSV.
func isScenarioFile(file string) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml", ".json", ".toml":
		return true
	}
	return false
}

// scenarioSet returns the spatial issues of a scenario as forecasting
// inputs: one issue per spatial issue, its actors the parties with their
// capability (per issue if given), position and salience, its status quo
// the point named status_quo.
func scenarioSet(file string) (*spatial.Set, error) {
	sc, err := loadScenario(file, "", nil, nil)
	if err != nil {
		return nil, err
	}
	f := sc.File
	set := &spatial.Set{File: file, Format: formatScenario, Name: f.Name, Description: f.Title}
	for _, is := range f.Issues {
		if is.Type != "spatial" {
			continue
		}
		si := spatial.Issue{Name: is.ID, Outcome: math.NaN(), StatusQuo: math.NaN()}
		if y, ok := is.Points["status_quo"]; ok {
			si.StatusQuo = y
		}
		for _, p := range sc.Sim.Parties {
			pf := f.Parties[p.ID]
			at := "parties." + p.ID
			capa, ok := pf.Capabilities[is.ID]
			capAt := at + ".capabilities." + is.ID
			if !ok {
				capa, capAt = pf.Capability, at+".capability"
			}
			in := spatial.Input{Name: p.ID, Capability: spatial.Num(1)}
			var err error
			if capa.Value != nil || capa.Dist != nil {
				if in.Capability, err = spatialValue(capa, capAt); err != nil {
					return nil, err
				}
			}
			if in.Position, err = spatialValue(pf.Positions[is.ID], at+".positions."+is.ID); err != nil {
				return nil, err
			}
			// The loader lets weights stand in for a salience; the
			// models need the salience itself.
			s, ok := pf.Saliences[is.ID]
			if !ok {
				return nil, fmt.Errorf("%s: %s.saliences.%s: negsim forecast needs a salience for each party on a spatial issue", file, at, is.ID)
			}
			if in.Salience, err = spatialValue(s, at+".saliences."+is.ID); err != nil {
				return nil, err
			}
			si.Actors = append(si.Actors, in)
		}
		set.Issues = append(set.Issues, si)
	}
	if len(set.Issues) == 0 {
		return nil, fmt.Errorf("%s: no spatial issue (type: spatial) to forecast", file)
	}
	return set, nil
}

// spatialValue converts a scenario parameter (validated by the loader)
// into a forecasting input; beta distributions have no counterpart.
func spatialValue(p scenarios.Param, at string) (spatial.Value, error) {
	if p.Dist == nil {
		if p.Value == nil {
			return spatial.Value{}, fmt.Errorf("%s: missing", at)
		}
		return spatial.Num(*p.Value), nil
	}
	d := p.Dist
	switch d.Type {
	case "uniform":
		return spatial.Value{Kind: spatial.Uniform, A: *d.Min, B: *d.Max}, nil
	case "triangular":
		return spatial.Value{Kind: spatial.Triangular, A: *d.Min, B: *d.Mode, C: *d.Max}, nil
	case "normal":
		return spatial.Value{Kind: spatial.Normal, A: *d.Mean, B: *d.SD}, nil
	}
	return spatial.Value{}, fmt.Errorf("%s: negsim forecast takes numbers and uniform, triangular or normal distributions, not %s", at, d.Type)
}
