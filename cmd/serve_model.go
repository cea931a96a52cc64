package cmd

import (
	"fmt"
	"math"
	"net/http"
	"reflect"
	"runtime"
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// pageModel is what the page shows of a scenario: every numeric parameter
// and every choice, grouped, with their evidence (GET /api/scenario).
type pageModel struct {
	Name        string       `json:"name"`
	Title       string       `json:"title"`
	Description string       `json:"description"`
	Origin      string       `json:"origin"`
	Deadline    string       `json:"deadline"`
	Variant     string       `json:"variant"`
	Variants    []string     `json:"variants"`
	BaseVariant string       `json:"base_variant"`
	BaseSets    []string     `json:"base_sets"`
	MaxRuns     int          `json:"max_runs"`
	Workers     int          `json:"workers"`
	Metrics     []option     `json:"metrics"`
	Groups      []paramGroup `json:"groups"`
	Issues      []issueInfo  `json:"issues"`
	Parties     []option     `json:"parties"`
	Warnings    []string     `json:"warnings"`
}

type option struct {
	Value string `json:"value"`
	Label string `json:"label"`
}

type issueInfo struct {
	ID      string   `json:"id"`
	Label   string   `json:"label"`
	Options []option `json:"options"`
}

// paramGroup is a party, the protocol, the deadline, the shocks or the
// agenda; Sections split it (a party's issues, each shock, each item).
type paramGroup struct {
	ID       string         `json:"id"`
	Label    string         `json:"label"`
	Sections []paramSection `json:"sections"`
}

type paramSection struct {
	ID      string       `json:"id"`
	Label   string       `json:"label"`
	Params  []paramInfo  `json:"params"`
	Choices []choiceInfo `json:"choices"`
}

// paramInfo is one numeric parameter. Value is its fixed value, or the
// median of its distribution (Dist); Min and Max are the values the
// loader accepts (Max is omitted when unbounded), SliderMin and SliderMax
// the slider's span.
type paramInfo struct {
	Key        string   `json:"key"`
	Label      string   `json:"label"`
	Value      float64  `json:"value"`
	Dist       string   `json:"dist,omitempty"`
	Min        float64  `json:"min"`
	Max        *float64 `json:"max,omitempty"`
	SliderMin  float64  `json:"slider_min"`
	SliderMax  float64  `json:"slider_max"`
	Step       float64  `json:"step"`
	Integer    bool     `json:"integer,omitempty"`
	Source     string   `json:"source,omitempty"`
	Assumption string   `json:"assumption,omitempty"`
}

// choiceInfo is a choice offered as a select.
type choiceInfo struct {
	Key        string   `json:"key"`
	Label      string   `json:"label"`
	Value      string   `json:"value"`
	Options    []string `json:"options"`
	Source     string   `json:"source,omitempty"`
	Assumption string   `json:"assumption,omitempty"`
}

func (s *server) model(w http.ResponseWriter, r *http.Request) error {
	req, err := s.parseRequest(w, r)
	if err != nil {
		return err
	}
	sc, err := s.load(req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, s.buildModel(sc))
	return nil
}

func (s *server) buildModel(sc *scenarios.Scenario) *pageModel {
	f, sm := sc.File, sc.Sim
	m := &pageModel{
		Name: sm.Name, Title: f.Title, Description: f.Description, Origin: sc.Origin,
		Deadline: describeDeadline(sm), Variant: sc.Variant, Variants: sc.VariantNames,
		BaseVariant: s.cfg.variant, BaseSets: append([]string{}, s.cfg.sets...),
		MaxRuns: s.cfg.maxRuns, Workers: runtime.GOMAXPROCS(0), Warnings: sc.Warnings,
	}
	if m.Variants == nil {
		m.Variants = []string{}
	}
	if m.Warnings == nil {
		m.Warnings = []string{}
	}
	m.Metrics = []option{{"agreement", explore.Metric{}.Describe(sm)}}
	if sm.Agenda != nil {
		m.Metrics = append(m.Metrics, option{"comprehensive", "P(comprehensive deal)"})
		for _, it := range sm.Agenda.Items {
			for _, fig := range []string{"agreed", "in_force", "in_force_horizon", "lapsed"} {
				spec := "item:" + it.ID + ":" + fig
				if mt, err := explore.ParseMetric(sm, spec); err == nil {
					m.Metrics = append(m.Metrics, option{spec, mt.Describe(sm)})
				}
			}
		}
	}
	for _, is := range sm.Issues {
		ii := issueInfo{ID: is.ID, Label: is.Label}
		for _, o := range is.Options {
			ii.Options = append(ii.Options, option{o.ID, o.Label})
		}
		m.Issues = append(m.Issues, ii)
	}
	issueLabel := map[string]string{}
	for _, is := range sm.Issues {
		issueLabel[is.ID] = is.Label
	}

	groups := map[string]*paramGroup{}
	var order []string
	section := func(gid, glabel, sid, slabel string) *paramSection {
		g, ok := groups[gid]
		if !ok {
			g = &paramGroup{ID: gid, Label: glabel}
			groups[gid] = g
			order = append(order, gid)
		}
		for i := range g.Sections {
			if g.Sections[i].ID == sid {
				return &g.Sections[i]
			}
		}
		g.Sections = append(g.Sections, paramSection{ID: sid, Label: slabel})
		return &g.Sections[len(g.Sections)-1]
	}
	partyLabel := map[string]string{}
	for _, p := range sm.Parties {
		partyLabel[p.ID] = p.Label
		if partyLabel[p.ID] == "" {
			partyLabel[p.ID] = p.ID
		}
		m.Parties = append(m.Parties, option{p.ID, partyLabel[p.ID]})
	}
	// Choices first, so that they head their sections.
	pr := section("protocol", "Protocol", "protocol", "")
	ev := evidenceAt(f, "protocol")
	pr.Choices = append(pr.Choices, choiceInfo{Key: "protocol.type", Label: "protocol", Value: string(sm.Protocol.Kind), Options: sim.Protocols(), Source: ev.Source, Assumption: ev.Assumption})
	if sm.Protocol.Kind == sim.Mediated {
		var ids []string
		for _, p := range sm.Parties {
			if p.Role == agents.AtTable {
				ids = append(ids, p.ID)
			}
		}
		pr.Choices = append(pr.Choices,
			choiceInfo{Key: "protocol.format", Label: "format", Value: sm.Protocol.Format.String(), Options: []string{"trilateral", "shuttle"}},
			choiceInfo{Key: "protocol.mediator", Label: "mediator", Value: sm.Parties[sm.Protocol.Mediator].ID, Options: ids})
	}
	for _, p := range sm.Parties {
		sec := section("party:"+p.ID, partyLabel[p.ID], "general", "")
		ev := evidenceAt(f, "parties."+p.ID+".strategy")
		sec.Choices = append(sec.Choices, choiceInfo{Key: "parties." + p.ID + ".strategy.type", Label: "strategy", Value: p.Strategy.Name, Options: agents.Families(), Source: ev.Source, Assumption: ev.Assumption})
	}

	params := sm.Params()
	seen := map[string]bool{}
	for _, p := range params {
		seen[p.Name] = true
	}
	// The deadline and the agenda's horizon are whole numbers, not in
	// Params unless drawn.
	if !seen["deadline"] {
		params = append([]sim.Param{{Name: "deadline", Value: float64(sm.Deadline)}}, params...)
	}
	if sm.Agenda != nil && !seen["agenda.horizon"] {
		params = append(params, sim.Param{Name: "agenda.horizon", Value: float64(sm.Agenda.Horizon)})
	}
	for _, p := range params {
		if p.Name == "" {
			continue // a locked strategy parameter
		}
		pi, ok := paramInfoFor(sc, p)
		if !ok {
			continue
		}
		seg := strings.Split(p.Name, ".")
		var sec *paramSection
		switch {
		case seg[0] == "parties" && len(seg) >= 4 && (seg[2] == "weights" || seg[2] == "values"):
			sec = section("party:"+seg[1], partyLabel[seg[1]], "issue:"+seg[3], labelOr(issueLabel[seg[3]], seg[3]))
			if seg[2] == "weights" {
				pi.Label = "weight"
			} else {
				pi.Label = "value of " + seg[4]
			}
		case seg[0] == "parties":
			sec = section("party:"+seg[1], partyLabel[seg[1]], "general", "")
			pi.Label = strings.Join(seg[2:], ".")
		case seg[0] == "protocol":
			sec = section("protocol", "Protocol", "protocol", "")
			pi.Label = strings.Join(seg[1:], ".")
		case seg[0] == "shocks":
			sec = section("shocks", "Shocks", seg[1], "shock "+seg[1])
			pi.Label = strings.Join(seg[2:], ".")
		case seg[0] == "agenda" && len(seg) >= 3:
			sec = section("agenda", "Agenda", seg[2], "item "+seg[2])
			pi.Label = strings.Join(seg[3:], ".")
		case seg[0] == "agenda":
			sec = section("agenda", "Agenda", "agenda", "")
			pi.Label = strings.Join(seg[1:], ".")
		default:
			sec = section("deadline", "Deadline", "deadline", "")
			pi.Label = p.Name
		}
		sec.Params = append(sec.Params, pi)
	}
	for _, id := range order {
		m.Groups = append(m.Groups, *groups[id])
	}
	return m
}

func labelOr(label, id string) string {
	if label == "" {
		return id
	}
	return label
}

// paramInfoFor describes parameter p of sc for the page.
func paramInfoFor(sc *scenarios.Scenario, p sim.Param) (paramInfo, bool) {
	lo, hi, ok := sc.Range(p.Name)
	if !ok {
		return paramInfo{}, false
	}
	pi := paramInfo{Key: p.Name, Value: p.Value, Min: lo}
	if !math.IsInf(hi, 1) {
		pi.Max = &hi
	}
	ev := evidenceAt(sc.File, p.Name)
	pi.Source, pi.Assumption = ev.Source, ev.Assumption
	if p.Uncertain() {
		pi.Value = p.At(0.5)
		pi.Dist = distText(paramAt(sc.File, p.Name))
		if pi.Dist == "" {
			pi.Dist = "random"
		}
		pi.Dist += fmt.Sprintf(" on [%.4g, %.4g]", p.Lo, p.Hi)
	}
	pi.Integer = p.Name == "deadline" || p.Name == "agenda.horizon"
	// A slider spans the whole range when it is short; a long or open one
	// (a weight, a strategy's beta, the deadline) spans a few times the
	// current value, and the number field beside it takes the rest.
	pi.SliderMin, pi.SliderMax = lo, hi
	if hi-lo > 2 {
		pi.SliderMax = math.Min(hi, math.Max(math.Max(4*math.Abs(pi.Value), lo+1), 10))
		if pi.Integer {
			pi.SliderMax = math.Min(hi, math.Max(4*pi.Value, 30))
		}
	}
	switch {
	case pi.Integer:
		pi.Step = 1
	case pi.SliderMax-pi.SliderMin <= 2:
		pi.Step = 0.01
	default:
		pi.Step = 0.01 * math.Pow(10, math.Floor(math.Log10(pi.SliderMax-pi.SliderMin)))
	}
	return pi, true
}

// evidenceAt returns the evidence nearest to the field named by key in f:
// the field's own source or assumption if it has one, else that of the
// closest enclosing field that has (a value table's, a party's).
func evidenceAt(f *scenarios.File, key string) scenarios.Evidence {
	var best scenarios.Evidence
	walkFile(f, key, func(v reflect.Value) {
		if v.Kind() != reflect.Struct {
			return
		}
		e := v.FieldByName("Evidence")
		if !e.IsValid() || e.Type() != reflect.TypeOf(scenarios.Evidence{}) {
			return
		}
		if ev := e.Interface().(scenarios.Evidence); ev.Source != "" || ev.Assumption != "" {
			best = ev
		}
	})
	return best
}

// paramAt returns the parameter as written at key in f, if it is one.
func paramAt(f *scenarios.File, key string) *scenarios.Param {
	var last reflect.Value
	n := 0
	walkFile(f, key, func(v reflect.Value) { last = v; n++ })
	if n != len(strings.Split(key, "."))+1 || !last.IsValid() || last.Type() != reflect.TypeOf(scenarios.Param{}) {
		return nil
	}
	p := last.Interface().(scenarios.Param)
	return &p
}

// walkFile follows key through f by the fields' mapstructure names and the
// maps' keys, calling visit on f and on every value reached.
func walkFile(f *scenarios.File, key string, visit func(reflect.Value)) {
	v := reflect.ValueOf(*f)
	visit(v)
	for _, seg := range strings.Split(key, ".") {
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				return
			}
			v = v.Elem()
		}
		switch v.Kind() {
		case reflect.Struct:
			t := v.Type()
			found := false
			for i := range t.NumField() {
				tag, _, _ := strings.Cut(t.Field(i).Tag.Get("mapstructure"), ",")
				if tag == seg {
					v, found = v.Field(i), true
					break
				}
			}
			if !found {
				return
			}
		case reflect.Map:
			if v.Type().Key().Kind() != reflect.String {
				return
			}
			v = v.MapIndex(reflect.ValueOf(seg).Convert(v.Type().Key()))
			if !v.IsValid() {
				return
			}
		default:
			return
		}
		visit(v)
	}
}

// distText writes a distribution in the short form a scenario file takes.
func distText(p *scenarios.Param) string {
	if p == nil || p.Dist == nil {
		return ""
	}
	d := p.Dist
	var args []*float64
	switch d.Type {
	case "uniform":
		args = []*float64{d.Min, d.Max}
	case "normal":
		args = []*float64{d.Mean, d.SD}
	case "beta":
		args = []*float64{d.Alpha, d.Beta}
	case "triangular":
		args = []*float64{d.Min, d.Mode, d.Max}
	default:
		return d.Type
	}
	var parts []string
	for _, a := range args {
		if a == nil {
			return d.Type
		}
		parts = append(parts, fmt.Sprintf("%g", *a))
	}
	return d.Type + "(" + strings.Join(parts, ", ") + ")"
}
