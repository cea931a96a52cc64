package explore

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"runtime"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Sharded sensitivity. One at a time is a set of Monte Carlo estimates
// (every parameter set in turn to its low and its high value, and the
// scenario as it is): each shard simulates its batches of runs of every
// estimate (sim.MonteCarloShard), and the merge merges each estimate as
// sim.MergeShards does, bit for bit. An estimate's scenario is the
// scenario with an override, so each part carries every estimate's
// resolved scenario for the merge. The Sobol design's rows are split
// between the shards; the merge puts the outputs of every row together
// and computes the indices and bootstrap intervals as Sobol does.

// OATEstimate is one estimate of one at a time in a shard: its scenario
// as resolved (scenarios.Scenario.Resolved), where it was loaded from,
// and the shard's partial result.
type OATEstimate struct {
	Origin   string          `json:"origin"`
	Scenario json.RawMessage `json:"scenario"`
	Part     *sim.Partial    `json:"part"`
}

// OATPart is one shard's share of one at a time (OneAtATimeShard).
type OATPart struct {
	Shard sim.Shard `json:"shard"`
	// Params are the parameters tried with their low and high values
	// (no estimates yet), in the order of Low and High.
	Params []OAT         `json:"params"`
	Base   OATEstimate   `json:"base"`
	Low    []OATEstimate `json:"low"`
	High   []OATEstimate `json:"high"`
}

// OneAtATimeShard is shard sh of OneAtATimeRanges: it simulates the
// shard's runs of every estimate. If ctx is cancelled it returns ctx's
// error and no part.
func OneAtATimeShard(ctx context.Context, load Loader, opt sim.Options, lowQ, highQ float64, ranges []Range, sh sim.Shard) (*OATPart, error) {
	sc, todo, err := oatPlan(load, lowQ, highQ, ranges)
	if err != nil {
		return nil, err
	}
	estimate := func(sc *scenarios.Scenario) (OATEstimate, error) {
		r, err := sc.Resolved()
		if err != nil {
			return OATEstimate{}, err
		}
		p, err := sim.MonteCarloShard(ctx, sc.Sim, opt, sh)
		return OATEstimate{Origin: sc.Origin, Scenario: r, Part: p}, err
	}
	part := &OATPart{Shard: sh, Params: todo, Low: []OATEstimate{}, High: []OATEstimate{}}
	if part.Base, err = estimate(sc); err != nil {
		return nil, err
	}
	for _, o := range todo {
		for _, side := range []struct {
			v   float64
			out *[]OATEstimate
		}{{o.Low, &part.Low}, {o.High, &part.High}} {
			sc, err := oatLoad(load, o.Param, side.v)
			if err != nil {
				return nil, err
			}
			e, err := estimate(sc)
			if err != nil {
				return nil, err
			}
			*side.out = append(*side.out, e)
		}
	}
	return part, nil
}

// MergeOneAtATime merges the parts of every shard of one at a time into
// what OneAtATimeRanges returns for metric m, bit for bit. It returns an
// error naming the shard if the parts are not the shards of one study.
func MergeOneAtATime(parts []*OATPart, m Metric) ([]OAT, *sim.Summary, error) {
	if len(parts) == 0 {
		return nil, nil, fmt.Errorf("no shard to merge")
	}
	first := parts[0]
	for _, p := range parts {
		if !reflect.DeepEqual(p.Params, first.Params) || len(p.Low) != len(p.Params) || len(p.High) != len(p.Params) {
			return nil, nil, fmt.Errorf("shard %s and shard %s try different parameters or values", first.Shard, p.Shard)
		}
	}
	merge := func(pick func(p *OATPart) OATEstimate, what string) (*sim.Summary, error) {
		e := pick(first)
		sc, err := scenarios.FromResolved(e.Origin, e.Scenario)
		if err != nil {
			return nil, fmt.Errorf("shard %s: %s: %w", first.Shard, what, err)
		}
		var sp []*sim.Partial
		for _, p := range parts {
			q := pick(p)
			if !bytes.Equal(q.Scenario, e.Scenario) || q.Part == nil {
				return nil, fmt.Errorf("shard %s and shard %s: %s: the scenarios differ", first.Shard, p.Shard, what)
			}
			sp = append(sp, q.Part)
		}
		sum, err := sim.MergeShards(sc.Sim, sp)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		return sum, nil
	}
	base, err := merge(func(p *OATPart) OATEstimate { return p.Base }, "the estimate with every parameter random")
	if err != nil {
		return nil, nil, err
	}
	todo := append([]OAT(nil), first.Params...)
	for i := range todo {
		o := &todo[i]
		if o.LowStats, err = merge(func(p *OATPart) OATEstimate { return p.Low[i] }, o.Param+" low"); err != nil {
			return nil, nil, err
		}
		if o.HighStats, err = merge(func(p *OATPart) OATEstimate { return p.High[i] }, o.Param+" high"); err != nil {
			return nil, nil, err
		}
	}
	return oatFinish(todo, m), base, nil
}

// SobolPart is one shard's share of Sobol (SobolShard): the outputs of
// the design's rows [From, To), Outputs[m][j-From] for row j of matrix m
// (0: A, 1: B, 2+i: A_B^(i)).
type SobolPart struct {
	Shard   sim.Shard   `json:"shard"`
	Params  []string    `json:"params"`
	N       int         `json:"samples"`
	From    int         `json:"from"`
	To      int         `json:"to"`
	Outputs [][]float64 `json:"outputs"`
}

// SobolShard is shard sh of Sobol: shard K of S evaluates the rows
// [K·N/S, (K+1)·N/S) of the design, which every shard draws alike from
// the seed. If ctx is cancelled it returns ctx's error and no part.
func SobolShard(ctx context.Context, s *sim.Scenario, opt SobolOptions, sh sim.Shard) (*SobolPart, error) {
	if err := sh.Check(); err != nil {
		return nil, err
	}
	names, newModel, opt, err := sobolSetup(s, opt)
	if err != nil {
		return nil, err
	}
	from, to := sh.Range(opt.N)
	f, err := sobolRows(ctx, len(names), newModel, opt, from, to)
	if err != nil {
		return nil, err
	}
	return &SobolPart{Shard: sh, Params: names, N: opt.N, From: from, To: to, Outputs: f}, nil
}

// MergeSobol puts the parts of every shard of Sobol together and returns
// what Sobol returns with opt (its seed, samples and bootstrap), bit for
// bit. It returns an error naming the shard if the parts are not the
// shards 0 to S-1 of one design, each once.
func MergeSobol(parts []*SobolPart, opt SobolOptions) ([]SobolIndex, int, error) {
	opt = opt.defaults()
	if len(parts) == 0 {
		return nil, 0, fmt.Errorf("no shard to merge")
	}
	first := parts[0]
	if err := first.Shard.Check(); err != nil {
		return nil, 0, fmt.Errorf("shard %s: %w", first.Shard, err)
	}
	n, k, count := opt.N, len(first.Params), first.Shard.Count
	f := make([][]float64, k+2)
	for m := range f {
		f[m] = make([]float64, n)
	}
	seen := make([]bool, count)
	for _, p := range parts {
		sh := p.Shard
		if sh.Count != count || sh.Check() != nil {
			return nil, 0, fmt.Errorf("shard %s: want shard K of %d", sh, count)
		}
		from, to := sh.Range(n)
		switch {
		case seen[sh.Index]:
			return nil, 0, fmt.Errorf("shard %s given twice", sh)
		case p.N != n || !reflect.DeepEqual(p.Params, first.Params):
			return nil, 0, fmt.Errorf("shard %s: %d samples of %v, want %d samples of %v", sh, p.N, p.Params, n, first.Params)
		case p.From != from || p.To != to || len(p.Outputs) != k+2:
			return nil, 0, fmt.Errorf("shard %s: rows %d to %d, want %d to %d", sh, p.From, p.To, from, to)
		}
		for m := range f {
			if len(p.Outputs[m]) != to-from {
				return nil, 0, fmt.Errorf("shard %s: %d outputs of matrix %d, want %d", sh, len(p.Outputs[m]), m, to-from)
			}
			copy(f[m][from:to], p.Outputs[m])
		}
		seen[sh.Index] = true
	}
	for i, ok := range seen {
		if !ok {
			return nil, 0, fmt.Errorf("shard %d/%d is missing", i, count)
		}
	}
	return sortSobol(sobolFinish(first.Params, f, opt)), n * (k + 2), nil
}

// defaults fills in the defaults of opt's zero fields.
func (opt SobolOptions) defaults() SobolOptions {
	if opt.N <= 0 {
		opt.N = 1024
	}
	if opt.Bootstrap <= 0 {
		opt.Bootstrap = 500
	}
	if opt.Workers <= 0 {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	return opt
}
