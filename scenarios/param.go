package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/negsim/negsim/sim"
	"gonum.org/v1/gonum/stat/distuv"
)

// Param is a numeric parameter as written. In a file it is one of
//
//	0.4                                   a number
//	"beta(2, 5)"                          a distribution, in short form
//	{value: 0.4, source: "..."}           either, with its evidence
//	{dist: {type: normal, mean: 0.4, sd: 0.1}, assumption: "..."}
//
// The distributions are uniform(min, max), normal(mean, sd) truncated to the
// parameter's range, beta(alpha, beta) on [0,1], and
// triangular(min, mode, max).
type Param struct {
	Value    *float64 `mapstructure:"value"`
	Dist     *Dist    `mapstructure:"dist"`
	Evidence `mapstructure:",squash"`
}

// Dist is a distribution as written.
type Dist struct {
	Type  string   `mapstructure:"type"`
	Min   *float64 `mapstructure:"min"`
	Max   *float64 `mapstructure:"max"`
	Mean  *float64 `mapstructure:"mean"`
	SD    *float64 `mapstructure:"sd"`
	Alpha *float64 `mapstructure:"alpha"`
	Beta  *float64 `mapstructure:"beta"`
	Mode  *float64 `mapstructure:"mode"`
}

// ValueTable is a party's values for the options of one issue, keyed by
// option id, with one piece of evidence for the table.
type ValueTable struct {
	Options  map[string]Param `mapstructure:"options"`
	Evidence `mapstructure:",squash"`
}

// distArgs lists each distribution's parameters in short-form order.
var distArgs = map[string][]string{
	"uniform":    {"min", "max"},
	"normal":     {"mean", "sd"},
	"beta":       {"alpha", "beta"},
	"triangular": {"min", "mode", "max"},
}

var distNames = []string{"uniform", "normal", "beta", "triangular"}

var (
	paramType      = reflect.TypeOf(Param{})
	valueTableType = reflect.TypeOf(ValueTable{})
)

// decodeHook turns the written forms of Param and ValueTable into the
// mappings their struct tags describe.
func decodeHook(_ reflect.Type, to reflect.Type, data any) (any, error) {
	// mapstructure decodes weakly, as viper asks: it would turn true into
	// "1" for a string field, as it turned it into 1 for a number.
	if b, ok := data.(bool); ok && to.Kind() == reflect.String {
		return nil, fmt.Errorf("must be a string, got %v", b)
	}
	switch to {
	case paramType:
		return normaliseParam(data)
	case valueTableType:
		m, ok := data.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("must be a mapping of option ids to values, got %s", describe(data))
		}
		opts := map[string]any{}
		out := map[string]any{"options": opts}
		for k, v := range m {
			if k == "source" || k == "assumption" {
				out[k] = v
			} else {
				opts[k] = v
			}
		}
		return out, nil
	}
	return data, nil
}

func normaliseParam(data any) (any, error) {
	switch d := data.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		c := make(map[string]any, len(d))
		for k, v := range d {
			c[k] = v
		}
		if v, ok := d["value"]; ok {
			x, err := number(v)
			if err != nil {
				return nil, fmt.Errorf("value: %w", err)
			}
			c["value"] = x
		}
		switch dist := d["dist"].(type) {
		case string:
			dm, err := parseShortDist(dist)
			if err != nil {
				return nil, err
			}
			c["dist"] = dm
		case map[string]any:
			dm := make(map[string]any, len(dist))
			for _, k := range sortedKeys(dist) {
				dm[k] = dist[k]
				if k == "type" {
					continue
				}
				x, err := number(dist[k])
				if err != nil {
					return nil, fmt.Errorf("dist.%s: %w", k, err)
				}
				dm[k] = x
			}
			c["dist"] = dm
		}
		return c, nil
	case string:
		s := strings.TrimSpace(d)
		if s == "" {
			// "--set key=" clears a parameter: its default applies.
			return map[string]any{}, nil
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil {
			return map[string]any{"value": x}, nil
		}
		dm, err := parseShortDist(s)
		if err != nil {
			return nil, err
		}
		return map[string]any{"dist": dm}, nil
	case bool:
		return nil, fmt.Errorf("must be a number or a distribution, got %v", d)
	default:
		if x, ok := toFloat(d); ok {
			return map[string]any{"value": x}, nil
		}
		return nil, fmt.Errorf("must be a number or a distribution, got %s", describe(data))
	}
}

// number returns v, the value of a parameter or of a distribution's
// argument, as a number: a number as written, or a string that is one (as
// --set gives it). Anything else, true or "" included, is an error, where
// the weak decoding viper asks for would have made it 1 or 0.
func number(v any) (float64, error) {
	if x, ok := toFloat(v); ok {
		return x, nil
	}
	if s, ok := v.(string); ok {
		if x, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err == nil {
			return x, nil
		}
	}
	return 0, fmt.Errorf("must be a number, got %s", describe(v))
}

func toFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case float32:
		return float64(x), true
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case int32:
		return float64(x), true
	case uint64:
		return float64(x), true
	}
	return 0, false
}

func describe(v any) string {
	switch x := v.(type) {
	case string:
		return strconv.Quote(x)
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprintf("%v", v)
}

// parseShortDist parses "name(a, b[, c])".
func parseShortDist(s string) (map[string]any, error) {
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end != len(s)-1 {
		return nil, fmt.Errorf("%q is neither a number nor a distribution such as \"beta(2, 5)\" (allowed: %s)", s, strings.Join(distNames, ", "))
	}
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	names, ok := distArgs[name]
	if !ok {
		return nil, fmt.Errorf("unknown distribution %q%s (allowed: %s)", name, suggest(name, distNames), strings.Join(distNames, ", "))
	}
	parts := strings.Split(s[open+1:end], ",")
	if len(parts) != len(names) {
		return nil, fmt.Errorf("%s takes %d arguments (%s), got %d", name, len(names), strings.Join(names, ", "), len(parts))
	}
	m := map[string]any{"type": name}
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("%s argument %s: %q is not a number", name, names[i], strings.TrimSpace(p))
		}
		m[names[i]] = x
	}
	return m, nil
}

// bounds is a parameter's valid range.
type bounds struct{ lo, hi float64 }

func (b bounds) String() string {
	f := func(x float64) string {
		switch {
		case math.IsInf(x, 1):
			return "∞"
		case math.IsInf(x, -1):
			return "-∞"
		}
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return "[" + f(b.lo) + ", " + f(b.hi) + "]"
}

func (b bounds) contains(x float64) bool { return x >= b.lo && x <= b.hi }

// build turns a written parameter into a sim.Param within b; def is used
// when the parameter is absent (nil def: the parameter is required).
func (p Param) build(b bounds, def *float64) (sim.Param, error) {
	if p.Value != nil && p.Dist != nil {
		return sim.Param{}, fmt.Errorf("give either value or dist, not both")
	}
	if p.Dist == nil {
		if p.Value == nil {
			if def == nil {
				return sim.Param{}, fmt.Errorf("is required: a number in %s or a distribution", b)
			}
			return sim.Fixed(*def), nil
		}
		v := *p.Value
		// ±Inf would pass an unbounded range (weights) and turn into NaN
		// when the weights are normalised.
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return sim.Param{}, fmt.Errorf("must be a finite number in %s, got %g", b, v)
		}
		if !b.contains(v) {
			return sim.Param{}, fmt.Errorf("must be in %s, got %g", b, v)
		}
		return sim.Fixed(v), nil
	}
	d := p.Dist
	names, ok := distArgs[d.Type]
	if !ok {
		return sim.Param{}, fmt.Errorf("dist.type: unknown distribution %q%s (allowed: %s)", d.Type, suggest(d.Type, distNames), strings.Join(distNames, ", "))
	}
	args := []struct {
		name string
		v    *float64
	}{{"min", d.Min}, {"max", d.Max}, {"mean", d.Mean}, {"sd", d.SD}, {"alpha", d.Alpha}, {"beta", d.Beta}, {"mode", d.Mode}}
	for _, a := range args {
		name, v := a.name, a.v
		used := slices.Contains(names, name)
		if v != nil && !used {
			return sim.Param{}, fmt.Errorf("dist.%s is not a parameter of %s (it takes %s)", name, d.Type, strings.Join(names, ", "))
		}
		if used && v == nil {
			return sim.Param{}, fmt.Errorf("dist.%s is required for %s", name, d.Type)
		}
		if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0)) {
			return sim.Param{}, fmt.Errorf("dist.%s must be finite", name)
		}
	}
	inside := func(what string, x float64) error {
		if !b.contains(x) {
			return fmt.Errorf("%s %s: the support must lie inside the parameter's range %s, got %g", d.Type, what, b, x)
		}
		return nil
	}
	var q sim.Quantiler
	switch d.Type {
	case "uniform":
		if !(*d.Min < *d.Max) {
			return sim.Param{}, fmt.Errorf("uniform needs min < max, got min %g, max %g", *d.Min, *d.Max)
		}
		if err := inside("min", *d.Min); err != nil {
			return sim.Param{}, err
		}
		if err := inside("max", *d.Max); err != nil {
			return sim.Param{}, err
		}
		q = sim.Uniform{Min: *d.Min, Max: *d.Max}
	case "normal":
		if !(*d.SD > 0) {
			return sim.Param{}, fmt.Errorf("normal needs sd > 0, got %g", *d.SD)
		}
		q = distuv.Normal{Mu: *d.Mean, Sigma: *d.SD}
	case "beta":
		if !(*d.Alpha > 0) || !(*d.Beta > 0) {
			return sim.Param{}, fmt.Errorf("beta needs alpha > 0 and beta > 0, got alpha %g, beta %g", *d.Alpha, *d.Beta)
		}
		if !b.contains(0) || !b.contains(1) {
			return sim.Param{}, fmt.Errorf("beta has support [0, 1], which must lie inside the parameter's range %s; use uniform, normal or triangular", b)
		}
		q = distuv.Beta{Alpha: *d.Alpha, Beta: *d.Beta}
	case "triangular":
		lo, mode, hi := *d.Min, *d.Mode, *d.Max
		if !(lo < hi) || mode < lo || mode > hi {
			return sim.Param{}, fmt.Errorf("triangular needs min < max and min ≤ mode ≤ max, got min %g, mode %g, max %g", lo, mode, hi)
		}
		if err := inside("min", lo); err != nil {
			return sim.Param{}, err
		}
		if err := inside("max", hi); err != nil {
			return sim.Param{}, err
		}
		q = distuv.NewTriangle(lo, hi, mode, nil)
	}
	sp, err := sim.Random(q, b.lo, b.hi)
	if err != nil {
		return sim.Param{}, fmt.Errorf("%s: %v (range %s)", d.Type, err, b)
	}
	return sp, nil
}
