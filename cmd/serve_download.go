package cmd

import (
	"bytes"
	"fmt"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// childScenario writes the page's changes as a scenario file that extends
// the scenario served (docs/scenario-format.md, "Extends and variants"):
// each override key=value becomes the field it names. A GENIUS domain,
// which cannot be extended, is imported with genius: instead.
func (s *server) childScenario(req *pageRequest) ([]byte, error) {
	root := map[string]any{}
	origin := s.base.Origin
	var header []string
	switch {
	case strings.HasPrefix(origin, "bundled:"):
		root["extends"] = strings.TrimPrefix(origin, "bundled:")
	case strings.EqualFold(filepath.Ext(origin), ".xml"):
		domain, err := filepath.Abs(origin)
		if err != nil {
			return nil, err
		}
		var profiles []string
		for _, p := range s.cfg.profiles {
			abs, err := filepath.Abs(p)
			if err != nil {
				return nil, err
			}
			profiles = append(profiles, abs)
		}
		root["genius"] = map[string]any{"domain": domain, "profiles": profiles}
	default:
		abs, err := filepath.Abs(origin)
		if err != nil {
			return nil, err
		}
		root["extends"] = abs
	}
	for _, kv := range s.allSets(req) {
		key, val, _ := strings.Cut(kv, "=")
		seg := strings.Split(key, ".")
		m := root
		for _, k := range seg[:len(seg)-1] {
			next, ok := m[k].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[k] = next
			}
			m = next
		}
		if x, err := strconv.ParseFloat(val, 64); err == nil {
			m[seg[len(seg)-1]] = x
		} else {
			m[seg[len(seg)-1]] = val
		}
	}
	variant := req.Variant
	if variant == "" {
		variant = s.cfg.variant
	}
	header = append(header,
		fmt.Sprintf("# %s with the changes made in negsim serve.", s.base.Sim.Name),
		"# Each changed parameter replaces the base's whole (its evidence too).")
	run := "negsim run THIS-FILE"
	if variant != "" {
		run += " --variant " + variant
		header = append(header, fmt.Sprintf("# The page used the variant %q: load this file with --variant %s.", variant, variant))
	}
	header = append(header, fmt.Sprintf("# The page's numbers: %s --seed %d --runs %d", run, *req.Seed, req.Runs))
	var buf bytes.Buffer
	buf.WriteString(strings.Join(header, "\n") + "\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (s *server) scenarioYAML(w http.ResponseWriter, r *http.Request) error {
	req, err := s.parseRequest(w, r)
	if err != nil {
		return err
	}
	if _, err := s.load(req); err != nil {
		return err
	}
	data, err := s.childScenario(req)
	if err != nil {
		return err
	}
	attachment(w, "application/yaml; charset=utf-8", s.base.Sim.Name+"-changed.yaml")
	w.Write(data)
	return nil
}

// setsText answers with the changes as the negsim run command line that
// gives the page's numbers, one flag per line.
func (s *server) setsText(w http.ResponseWriter, r *http.Request) error {
	req, err := s.parseRequest(w, r)
	if err != nil {
		return err
	}
	if _, err := s.load(req); err != nil {
		return err
	}
	attachment(w, "text/plain; charset=utf-8", s.base.Sim.Name+"-sets.txt")
	fmt.Fprintf(w, "# The page's numbers come from:\n%s\n", strings.ReplaceAll(s.command(req), " --", " \\\n  --"))
	return nil
}
