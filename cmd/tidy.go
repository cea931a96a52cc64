package cmd

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/scenarios"
)

// Tidy CSV files (one row per point and figure, as pandas, R and DuckDB
// read them best) that sweep, sensitivity and compare write beside their
// JSON with --out.

// writeTidy writes rows (the first is the header) to name in dir, or does
// nothing without a dir.
func writeTidy(dir, name string, rows [][]string) error {
	if dir == "" {
		return nil
	}
	return atomicfile.Write(filepath.Join(dir, name), func(w io.Writer) error {
		cw := csv.NewWriter(w)
		if err := cw.WriteAll(rows); err != nil {
			return err
		}
		return cw.Error()
	})
}

func csvNum(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// given formats a number as the user wrote it, or one computed exactly from
// it (100 × 0.007, 0.15 + 0.3): to 10 significant digits, which drops the
// float tails of such arithmetic (0.7000000000000001, 0.44999999999999996)
// and keeps every digit a person writes.
func given(x float64) string { return strconv.FormatFloat(x, 'g', 10, 64) }

// pointsDiff formats a difference of two shares and its interval in
// percentage points, signed: ("+1.2 points", "+0.8 to +1.6"). The three
// numbers share one decimal, or two where one would show a difference that
// is not 0 as 0.0; a difference that rounds to 0 prints as 0.0 (or 0.00).
func pointsDiff(x, lo, hi float64) (diff, interval string) {
	dec := 1
	for _, v := range []float64{x, lo, hi} {
		if v != 0 && math.Abs(100*v) < 0.05 {
			dec = 2
		}
	}
	f := func(v float64) string {
		s := fmt.Sprintf("%+.*f", dec, 100*v)
		if strings.Trim(s, "+-0.") == "" {
			return s[1:] // no sign on a zero
		}
		return s
	}
	return f(x) + " points", f(lo) + " to " + f(hi)
}

// sweepRows: one row per grid point: the parameters' values, the metric,
// its estimate and interval, and the runs behind it.
func sweepRows(sc *scenarios.Scenario, res *explore.SweepResult, m explore.Metric) [][]string {
	var head []string
	for _, a := range res.Axes {
		head = append(head, a.Param)
	}
	rows := [][]string{append(head, "metric", "p", "ci_low", "ci_high", "runs", "seed")}
	for _, pt := range res.Points {
		var r []string
		for i, v := range pt.Values {
			r = append(r, axisText(res.Axes[i], v, csvNum(v)))
		}
		p, lo, hi := m.From(pt.Summary)
		rows = append(rows, append(r, m.String(), csvNum(p), csvNum(lo), csvNum(hi), strconv.Itoa(pt.Summary.Runs), strconv.FormatUint(pt.Summary.Seed, 10)))
	}
	return rows
}

// sensitivityRows: one row per parameter and figure: one-at-a-time's low
// and high values and estimates and the swing, and the Sobol indices with
// their intervals.
func sensitivityRows(res *SensitivityResult) [][]string {
	rows := [][]string{{"param", "method", "figure", "value", "ci_low", "ci_high", "metric"}}
	for _, o := range res.OAT {
		for _, f := range []struct {
			name string
			v    float64
		}{{"low_value", o.Low}, {"p_low", o.PLow}, {"high_value", o.High}, {"p_high", o.PHigh}, {"swing", o.Swing}} {
			rows = append(rows, []string{o.Param, "one_at_a_time", f.name, csvNum(f.v), "", "", res.Metric})
		}
	}
	for _, s := range res.Sobol {
		rows = append(rows,
			[]string{s.Param, "sobol", "first_order", csvNum(s.First), csvNum(s.FirstLo), csvNum(s.FirstHi), res.Metric},
			[]string{s.Param, "sobol", "total", csvNum(s.Total), csvNum(s.TotalLo), csvNum(s.TotalHi), res.Metric})
	}
	return rows
}

// compareRows: the metric in A and B and their paired difference, then
// each option's chance of being agreed in A and B and its difference.
func compareRows(c *explore.Comparison, m explore.Metric) [][]string {
	rows := [][]string{{"figure", "issue", "option", "a", "b", "diff", "diff_ci_low", "diff_ci_high"}}
	pa, _, _ := m.From(c.A)
	pb, _, _ := m.From(c.B)
	rows = append(rows, []string{m.String(), "", "", csvNum(pa), csvNum(pb), csvNum(c.Diff), csvNum(c.DiffLo), csvNum(c.DiffHi)})
	for _, d := range c.Terms {
		rows = append(rows, []string{"option_agreed", d.Issue, d.Option, csvNum(d.PA), csvNum(d.PB), csvNum(d.Diff), csvNum(d.DiffLo), csvNum(d.DiffHi)})
	}
	return rows
}

// writeTermDiffs prints the options whose chance of being agreed differs
// between A and B, with the paired interval.
func writeTermDiffs(w io.Writer, c *explore.Comparison) {
	var lines []explore.TermDiff
	for _, d := range c.Terms {
		if d.PA != d.PB {
			lines = append(lines, d)
		}
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintln(w, "\nHow the agreements' terms differ (chance of all runs of an agreement with that option; paired):")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, d := range lines {
		diff, interval := pointsDiff(d.Diff, d.DiffLo, d.DiffHi)
		fmt.Fprintf(tw, "  %s=%s\tA %s\tB %s\tA − B %s (%s)\t\n", d.Issue, d.Option, pct(d.PA), pct(d.PB), diff, interval)
	}
	tw.Flush()
}

// count returns "1 issue", "2 issues", "1 party", "3 parties".
func count[N ~int | ~int64](n N, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "y") {
		return fmt.Sprintf("%d %sies", n, strings.TrimSuffix(noun, "y"))
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// sensitivityRanges reads --range KEY=LOW:HIGH and --range-all PCT into
// the ranges one-at-a-time sensitivity tries besides the random
// parameters' quantiles.
func sensitivityRanges(sc *scenarios.Scenario, flags []string, pct float64) ([]explore.Range, error) {
	var out []explore.Range
	keys := map[string]bool{}
	for _, p := range sc.Sim.Params() {
		keys[p.Name] = true
	}
	given := map[string]bool{}
	for _, f := range flags {
		key, span, ok := strings.Cut(f, "=")
		lo, hi, ok2 := strings.Cut(span, ":")
		l, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		h, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		key = strings.TrimSpace(key)
		switch {
		case !ok || !ok2 || err1 != nil || err2 != nil || math.IsNaN(l) || math.IsNaN(h) || math.IsInf(l, 0) || math.IsInf(h, 0):
			return nil, fmt.Errorf("--range %s: want KEY=LOW:HIGH with two numbers, e.g. parties.russia.reservation=0.3:0.6", f)
		case !keys[key] && !hasRange(sc, key):
			return nil, fmt.Errorf("--range %s: %q is not a numeric parameter of %s%s", f, key, sc.Sim.Name, scenarios.Suggest(key, paramNames(sc)))
		case l >= h:
			return nil, fmt.Errorf("--range %s: LOW must be below HIGH", f)
		}
		if rlo, rhi, ok := sc.Range(key); ok && (l < rlo || h > rhi) {
			return nil, fmt.Errorf("--range %s: %s must stay in [%g, %g]", f, key, rlo, rhi)
		}
		given[key] = true
		out = append(out, explore.Range{Param: key, Low: l, High: h})
	}
	if pct < 0 || pct >= 100 || math.IsNaN(pct) {
		return nil, fmt.Errorf("--range-all: want a percentage in [0, 100), got %g", pct)
	}
	if pct > 0 {
		for _, p := range sc.Sim.Params() {
			if p.Uncertain() || p.Name == "" || given[p.Name] || p.Value == 0 || lockedParam(sc, p.Name) {
				continue
			}
			given[p.Name] = true
			l, h := p.Value*(1-pct/100), p.Value*(1+pct/100)
			if l > h {
				l, h = h, l
			}
			if rlo, rhi, ok := sc.Range(p.Name); ok {
				l, h = max(l, rlo), min(h, rhi)
			}
			if l < h {
				out = append(out, explore.Range{Param: p.Name, Low: l, High: h})
			}
		}
	}
	return out, nil
}

// paramNames lists the scenario's parameter keys.
func paramNames(sc *scenarios.Scenario) []string {
	var names []string
	for _, p := range sc.Sim.Params() {
		names = append(names, p.Name)
	}
	return names
}

// lockedParam reports whether key is a strategy parameter its family fixes
// (the linear family's beta), which an override may not set.
func lockedParam(sc *scenarios.Scenario, key string) bool {
	seg := strings.Split(key, ".")
	if len(seg) != 4 || seg[0] != "parties" || seg[2] != "strategy" {
		return false
	}
	for _, p := range sc.Sim.Parties {
		if p.ID == seg[1] {
			f := p.Strategy.Family()
			if j := f.Param(seg[3]); j >= 0 {
				return f.Params[j].Locked
			}
		}
	}
	return false
}

// hasRange reports whether key is a numeric parameter the loader knows
// (the deadline and the horizon are not drawn when fixed, so not among
// Params).
func hasRange(sc *scenarios.Scenario, key string) bool {
	_, _, ok := sc.Range(key)
	return ok
}

// axisText is a swept value as shown: a categorical axis's label, else
// the number as formatted.
func axisText(a explore.Axis, v float64, number string) string {
	if i := int(v); a.Labels != nil && i >= 0 && i < len(a.Labels) {
		return a.Labels[i]
	}
	return number
}
