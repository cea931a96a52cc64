package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"time"

	"github.com/negsim/negsim/explore"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// liveResult is one estimate as the page shows it: an event of
// /api/stream, the body of /api/run.
type liveResult struct {
	// Runs is the number of runs of this estimate, Target the number asked
	// for; Final marks the last estimate of a stream.
	Runs   int  `json:"runs"`
	Target int  `json:"target"`
	Final  bool `json:"final"`
	// The chosen metric (explore.ParseMetric) with its 95% interval, in
	// the changed scenario and in the unmodified one, on the same runs.
	Metric     string  `json:"metric"`
	MetricText string  `json:"metric_text"`
	P          float64 `json:"p"`
	PLow       float64 `json:"p_ci_low"`
	PHigh      float64 `json:"p_ci_high"`
	BaseP      float64 `json:"base_p"`
	BaseLow    float64 `json:"base_ci_low"`
	BaseHigh   float64 `json:"base_ci_high"`
	// Diff is changed − unmodified, paired run by run (explore.CompareBy),
	// with its 95% interval; exactly 0 when nothing is changed.
	Diff        float64 `json:"diff"`
	DiffLow     float64 `json:"diff_ci_low"`
	DiffHigh    float64 `json:"diff_ci_high"`
	OnlyChanged int     `json:"only_changed"`
	OnlyBase    int     `json:"only_unmodified"`
	// Results is what "negsim run --no-analysis --json" prints for the
	// same variant, overrides, seed and runs: "negsim run --json" without
	// its analysis block.
	Results *Results  `json:"results"`
	Plots   []svgPlot `json:"plots"`
	// Command is the negsim run command line that gives the same numbers.
	Command   string  `json:"command"`
	ElapsedMS float64 `json:"elapsed_ms"`
}

// svgPlot is one of run's plots, drawn as SVG.
type svgPlot struct {
	Name    string `json:"name"`
	Caption string `json:"caption"`
	SVG     string `json:"svg"`
}

// changed reports whether the request changes the scenario as started.
func (s *server) changed(req *pageRequest) bool {
	return len(req.Set) > 0 || (req.Variant != "" && req.Variant != s.cfg.variant)
}

// estimate runs runs runs of sc, the scenario req asks for, paired with
// the unmodified scenario, and draws run's plots if withPlots.
func (s *server) estimate(ctx context.Context, req *pageRequest, sc *scenarios.Scenario, m explore.Metric, runs int, withPlots bool) (*liveResult, error) {
	start := time.Now()
	// Without run's outcome-space analysis, which would double the cost
	// and changes no other number: the summary is that of
	// "negsim run --no-analysis"; /api/results.json has the analysis.
	opt := sim.Options{Runs: runs, Seed: *req.Seed}
	out := &liveResult{Runs: runs, Target: req.Runs, Metric: m.String(), MetricText: m.Describe(sc.Sim), Command: s.command(req)}
	var sum *sim.Summary
	if s.changed(req) {
		c, err := explore.CompareBy(ctx, s.base.Sim, sc.Sim, opt, m)
		if err != nil {
			return nil, err
		}
		sum = c.B
		out.BaseP, out.BaseLow, out.BaseHigh = m.From(c.A)
		// CompareBy's difference is A − B, the unmodified minus the changed.
		out.Diff, out.DiffLow, out.DiffHigh = -c.Diff, -c.DiffHi, -c.DiffLo
		out.OnlyChanged, out.OnlyBase = c.OnlyB, c.OnlyA
	} else {
		var err error
		if sum, err = sim.MonteCarlo(ctx, sc.Sim, opt); err != nil {
			return nil, err
		}
		out.BaseP, out.BaseLow, out.BaseHigh = m.From(sum)
	}
	out.P, out.PLow, out.PHigh = m.From(sum)
	out.Results = newResults(sc, sum, runSettings{runs: runs, workers: runtime.GOMAXPROCS(0), seed: *req.Seed}, s.cfg.profiles)
	if withPlots {
		var err error
		if out.Plots, err = svgPlots(out.Results, sc); err != nil {
			return nil, err
		}
	}
	out.ElapsedMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// svgPlots draws run's plots (drawFigures) as SVG.
func svgPlots(res *Results, sc *scenarios.Scenario) ([]svgPlot, error) {
	var out []svgPlot
	err := drawFigures(res, sc, func(p *plot.Plot, name, caption string, h vg.Length) error {
		data, err := svgBytes(p, plots.DefaultWidth, h)
		if err != nil {
			return err
		}
		out = append(out, svgPlot{name, caption, string(data)})
		return nil
	})
	return out, err
}

func svgBytes(p *plot.Plot, w, h vg.Length) ([]byte, error) {
	wt, err := p.WriterTo(w, h, "svg")
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// command is the negsim run command line for the request.
func (s *server) command(req *pageRequest) string {
	parts := []string{"negsim", "run"}
	if s.cfg.ref != "" {
		parts = append(parts, shellQuote(s.cfg.ref))
	}
	for _, p := range s.cfg.profiles {
		parts = append(parts, "--profile", shellQuote(p))
	}
	variant := req.Variant
	if variant == "" {
		variant = s.cfg.variant
	}
	if variant != "" {
		parts = append(parts, "--variant", shellQuote(variant))
	}
	for _, kv := range s.allSets(req) {
		parts = append(parts, "--set", shellQuote(kv))
	}
	parts = append(parts, "--seed", fmt.Sprint(*req.Seed), "--runs", fmt.Sprint(req.Runs))
	return strings.Join(parts, " ")
}

// allSets are the overrides of the command line, then the page's.
func (s *server) allSets(req *pageRequest) []string {
	return append(append([]string{}, s.cfg.sets...), req.Set...)
}

func shellQuote(s string) string {
	safe := true
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("-_.=/:,+", c)) {
			safe = false
			break
		}
	}
	if safe && s != "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// prepare parses a request, loads its scenario and reads its metric.
func (s *server) prepare(w http.ResponseWriter, r *http.Request) (*pageRequest, *scenarios.Scenario, explore.Metric, error) {
	req, err := s.parseRequest(w, r)
	if err != nil {
		return nil, nil, explore.Metric{}, err
	}
	sc, err := s.load(req)
	if err != nil {
		return nil, nil, explore.Metric{}, err
	}
	m, err := explore.ParseMetric(sc.Sim, req.Metric)
	if err != nil {
		return nil, nil, explore.Metric{}, badRequest("metric: %v", err)
	}
	if _, err := explore.ParseMetric(s.base.Sim, req.Metric); err != nil {
		return nil, nil, explore.Metric{}, badRequest("metric: the unmodified scenario: %v", err)
	}
	return req, sc, m, nil
}

// stages are the run counts a stream reports: a quick first estimate,
// then (for large counts) 10,000, then the count asked for.
func stages(runs int) []int {
	var out []int
	for _, n := range []int{stageRuns, 10 * stageRuns} {
		if n < runs {
			out = append(out, n)
		}
	}
	return append(out, runs)
}

// stream sends progressively refined estimates as Server-Sent Events
// ("result", then "error" if one stops it). A new stream from the same
// client cancels the one it supersedes.
func (s *server) stream(w http.ResponseWriter, r *http.Request) error {
	req, sc, m, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	ctx, cancel := s.computeCtx(r)
	defer cancel()
	if req.Client != "" {
		h := &streamHandle{cancel}
		s.mu.Lock()
		if prev, ok := s.streams[req.Client]; ok {
			prev.cancel()
		}
		s.streams[req.Client] = h
		s.mu.Unlock()
		defer func() {
			s.mu.Lock()
			// Only this stream's entry: a newer one may have replaced it.
			if s.streams[req.Client] == h {
				delete(s.streams, req.Client)
			}
			s.mu.Unlock()
		}()
	}
	if err := s.acquire(ctx); err != nil {
		return err
	}
	defer s.release()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	send := func(event string, v any) {
		data, _ := json.Marshal(v)
		fmt.Fprintf(w, "event: %s\ndata: %s\n\n", event, data)
		rc.Flush()
	}
	st := stages(req.Runs)
	for i, n := range st {
		res, err := s.estimate(ctx, req, sc, m, n, true)
		if err != nil {
			if r.Context().Err() == nil {
				send("error", map[string]string{"error": streamError(err)})
			}
			return nil
		}
		res.Final = i == len(st)-1
		send("result", res)
	}
	return nil
}

func streamError(err error) string {
	switch {
	case err == context.DeadlineExceeded || strings.Contains(err.Error(), context.DeadlineExceeded.Error()):
		return "the computation took longer than the server's --timeout; ask for fewer runs"
	case err == context.Canceled:
		return "cancelled by a newer change"
	}
	return err.Error()
}

// run answers with the final estimate as one JSON object.
func (s *server) run(w http.ResponseWriter, r *http.Request) error {
	req, sc, m, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	res, err := s.computeOnce(r, func(ctx context.Context) (*liveResult, error) {
		return s.estimate(ctx, req, sc, m, req.Runs, true)
	})
	if err != nil {
		return err
	}
	res.Final = true
	writeJSON(w, http.StatusOK, res)
	return nil
}

// computeOnce runs f under the request's timeout and a computation slot.
func (s *server) computeOnce(r *http.Request, f func(ctx context.Context) (*liveResult, error)) (*liveResult, error) {
	ctx, cancel := s.computeCtx(r)
	defer cancel()
	if err := s.acquire(ctx); err != nil {
		return nil, err
	}
	defer s.release()
	return f(ctx)
}

// resultsFile answers with the results.json negsim run writes for the
// same scenario, overrides, seed and runs.
func (s *server) resultsFile(w http.ResponseWriter, r *http.Request) error {
	req, sc, _, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	var res *Results
	_, err = s.computeOnce(r, func(ctx context.Context) (*liveResult, error) {
		sum, err := sim.MonteCarlo(ctx, sc.Sim, sim.Options{Runs: req.Runs, Seed: *req.Seed, Analyze: true})
		if err != nil {
			return nil, err
		}
		res = newResults(sc, sum, runSettings{runs: req.Runs, workers: runtime.GOMAXPROCS(0), seed: *req.Seed}, s.cfg.profiles)
		return nil, nil
	})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return err
	}
	attachment(w, "application/json", ResultsFile)
	w.Write(buf.Bytes())
	return nil
}

// plot answers with one of run's plots as an SVG file.
func (s *server) plot(w http.ResponseWriter, r *http.Request) error {
	req, sc, m, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	if req.Name == "" {
		return badRequest("name: which plot? e.g. %s", ByRoundPlot)
	}
	res, err := s.computeOnce(r, func(ctx context.Context) (*liveResult, error) {
		return s.estimate(ctx, req, sc, m, req.Runs, true)
	})
	if err != nil {
		return err
	}
	var names []string
	for _, p := range res.Plots {
		if p.Name == req.Name {
			attachment(w, "image/svg+xml", p.Name+".svg")
			w.Write([]byte(p.SVG))
			return nil
		}
		names = append(names, p.Name)
	}
	return badRequest("name: no plot %q for these results (plots: %s)", req.Name, strings.Join(names, ", "))
}

// sweepPoint is one value of a swept parameter and the metric there.
type sweepPoint struct {
	Value float64 `json:"value"`
	P     float64 `json:"p"`
	Low   float64 `json:"ci_low"`
	High  float64 `json:"ci_high"`
}

// sweep sweeps one parameter of the changed scenario (explore.Sweep, on
// common random numbers) and draws the line with its band.
func (s *server) sweep(w http.ResponseWriter, r *http.Request) error {
	req, sc, m, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	if req.Param == "" {
		return badRequest("param: which parameter to sweep? e.g. parties.russia.reservation")
	}
	if err := checkParam(sc, req.Param); err != nil {
		return badRequest("%s", strings.TrimPrefix(err.Error(), "--"))
	}
	lo, hi, ok := sc.Range(req.Param)
	if !ok {
		return badRequest("param %s: no known range", req.Param)
	}
	from, to := lo, hi
	if p, ok := paramInfoFor(sc, paramNamed(sc, req.Param)); ok {
		from, to = p.SliderMin, p.SliderMax
	}
	if req.From != nil {
		from = *req.From
	}
	if req.To != nil {
		to = *req.To
	}
	if from < lo || from > hi || to < lo || to > hi {
		return badRequest("from, to: %s takes values in [%g, %g], got %g to %g", req.Param, lo, hi, from, to)
	}
	steps := req.Steps
	if steps == 0 {
		steps = 11
	}
	if steps < 2 || steps > maxSweepSteps {
		return badRequest("steps: want 2 to %d, got %d", maxSweepSteps, steps)
	}
	if steps*req.Runs > s.cfg.maxRuns {
		return badRequest("steps × runs: at most %d runs in all (the server's --max-runs), got %d × %d", s.cfg.maxRuns, steps, req.Runs)
	}
	vals, err := explore.Grid(from, to, steps)
	if err != nil {
		return badRequest("%v", err)
	}
	var res *explore.SweepResult
	_, err = s.computeOnce(r, func(ctx context.Context) (*liveResult, error) {
		var err error
		res, err = explore.Sweep(ctx, func(extra []string) (*scenarios.Scenario, error) { return s.load(req, extra...) },
			[]explore.Axis{{Param: req.Param, Values: vals}}, sim.Options{Runs: req.Runs, Seed: *req.Seed})
		return nil, err
	})
	if err != nil {
		return err
	}
	out := struct {
		Param      string       `json:"param"`
		MetricText string       `json:"metric_text"`
		Runs       int          `json:"runs"`
		Points     []sweepPoint `json:"points"`
		SVG        string       `json:"svg"`
	}{Param: req.Param, MetricText: m.Describe(sc.Sim), Runs: req.Runs}
	var x, p, pl, ph []float64
	for _, pt := range res.Points {
		v, l, h := m.From(pt.Summary)
		out.Points = append(out.Points, sweepPoint{pt.Values[0], v, l, h})
		x, p, pl, ph = append(x, pt.Values[0]), append(p, v), append(pl, l), append(ph, h)
	}
	pt, err := plots.SweepLine(fmt.Sprintf("%s across %s: %s", m.Describe(sc.Sim), req.Param, sc.Sim.Name), req.Param, x, p, pl, ph)
	if err != nil {
		return err
	}
	svg, err := svgBytes(pt, plots.DefaultWidth, plots.DefaultHeight)
	if err != nil {
		return err
	}
	out.SVG = string(svg)
	writeJSON(w, http.StatusOK, out)
	return nil
}

func paramNamed(sc *scenarios.Scenario, name string) sim.Param {
	for _, p := range sc.Sim.Params() {
		if p.Name == name {
			return p
		}
	}
	return sim.Param{Name: name}
}

// sensitivity ranks the changed scenario's random parameters one at a
// time (explore.OneAtATimeBy, at their 10th and 90th percentiles) and
// draws the tornado.
func (s *server) sensitivity(w http.ResponseWriter, r *http.Request) error {
	req, sc, m, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	const low, high = 0.1, 0.9
	var oat []explore.OAT
	var base *sim.Summary
	_, err = s.computeOnce(r, func(ctx context.Context) (*liveResult, error) {
		var err error
		oat, base, err = explore.OneAtATimeBy(ctx, func(extra []string) (*scenarios.Scenario, error) { return s.load(req, extra...) },
			sim.Options{Runs: req.Runs, Seed: *req.Seed}, low, high, m)
		return nil, err
	})
	if err != nil {
		return err
	}
	baseP, _, _ := m.From(base)
	out := struct {
		MetricText string        `json:"metric_text"`
		BaseP      float64       `json:"base_p"`
		Runs       int           `json:"runs"`
		Low        float64       `json:"low_quantile"`
		High       float64       `json:"high_quantile"`
		OAT        []explore.OAT `json:"one_at_a_time"`
		SVG        string        `json:"svg,omitempty"`
	}{MetricText: m.Describe(sc.Sim), BaseP: baseP, Runs: req.Runs, Low: low, High: high, OAT: oat}
	if out.OAT == nil {
		out.OAT = []explore.OAT{}
	}
	if len(oat) > 0 {
		var names []string
		var lo, hi []float64
		for _, o := range oat {
			names, lo, hi = append(names, o.Param), append(lo, o.PLow), append(hi, o.PHigh)
		}
		p, err := plots.Tornado(fmt.Sprintf("What moves %s: %s", out.MetricText, sc.Sim.Name), names, lo, hi, baseP)
		if err != nil {
			return err
		}
		svg, err := svgBytes(p, plots.DefaultWidth, max(plots.DefaultHeight, vg.Length(vg.Length(len(names))*0.8*vg.Centimeter)+3*vg.Centimeter))
		if err != nil {
			return err
		}
		out.SVG = string(svg)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

// trace answers with the text of negsim trace for one run.
func (s *server) trace(w http.ResponseWriter, r *http.Request) error {
	req, sc, _, err := s.prepare(w, r)
	if err != nil {
		return err
	}
	if req.Run < 0 || req.Run >= MaxRuns {
		return badRequest("run: want a run index from 0 to %d, got %d", MaxRuns-1, req.Run)
	}
	var buf bytes.Buffer
	writeTrace(&buf, sc, *req.Seed, req.Run)
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write(buf.Bytes())
	return nil
}
