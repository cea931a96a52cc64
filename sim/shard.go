package sim

import (
	"context"
	"errors"
	"fmt"
)

// Shard is shard Index of Count (0 ≤ Index < Count) of a Monte Carlo
// estimate whose runs are split across machines.
//
// A shard takes a contiguous range of whole batches (512 runs; the last
// batch may be short) of the global run indices [0, Runs): shard K of N
// takes batches [K·B/N, (K+1)·B/N) of the B batches, so shards differ in
// size by at most one batch, and a shard may be empty when N > B. Its
// runs are exactly the runs, with the same indices, that MonteCarlo makes
// on one machine, and whole batches keep the order in which MonteCarlo
// adds their float sums, so MergeShards gives the same summary, bit for
// bit.
type Shard struct {
	Index int `json:"index"`
	Count int `json:"count"`
}

// MaxShards bounds Shard.Count.
const MaxShards = 1_000_000

// String returns "K/N".
func (sh Shard) String() string { return fmt.Sprintf("%d/%d", sh.Index, sh.Count) }

// Check returns an error unless 1 ≤ Count ≤ MaxShards and 0 ≤ Index < Count.
func (sh Shard) Check() error {
	switch {
	case sh.Count < 1 || sh.Count > MaxShards:
		return fmt.Errorf("sim: shard count must be from 1 to %d, got %d", MaxShards, sh.Count)
	case sh.Index < 0 || sh.Index >= sh.Count:
		return fmt.Errorf("sim: shard index must be from 0 to %d (the count less one), got %d", sh.Count-1, sh.Index)
	}
	return nil
}

// Range returns sh's share [from, to) of n items in order (batches of
// runs, grid points, rows of a design): shard K of N takes
// [K·n/N, (K+1)·n/N). sh must pass Check.
func (sh Shard) Range(n int) (from, to int) {
	return sh.Index * n / sh.Count, (sh.Index + 1) * n / sh.Count
}

// Runs returns the global run indices [from, to) that sh simulates of an
// estimate of runs runs.
func (sh Shard) Runs(runs int) (from, to int) {
	b, e := sh.Range(batchCount(runs))
	return min(b*chunk, runs), min(e*chunk, runs)
}

// MonteCarloShard simulates shard sh of the estimate MonteCarlo(ctx, s,
// opt) makes, and returns its partial result for MergeShards. Options are
// as for MonteCarlo; Record gets the shard's runs with their global
// indices, Progress the shard's runs done. An adaptive estimate
// (Precision) cannot be sharded: where it stops depends on every batch
// before. If ctx is cancelled it returns ctx's error and no partial.
func MonteCarloShard(ctx context.Context, s *Scenario, opt Options, sh Shard) (*Partial, error) {
	if err := sh.Check(); err != nil {
		return nil, err
	}
	if opt.Precision != 0 {
		return nil, errors.New("sim: an adaptive estimate (precision) cannot be sharded: where it stops depends on every batch before; give a number of runs")
	}
	opt, err := opt.defaults(s)
	if err != nil {
		return nil, err
	}
	from, to := sh.Range(batchCount(opt.Runs))
	p := &Partial{Shard: sh, Runs: opt.Runs, Seed: opt.Seed, Analyzed: opt.Analyze, TopPackages: opt.TopPackages}
	p.FirstRun, p.EndRun = sh.Runs(opt.Runs)
	p.Batches = newBatchSums(len(s.Parties), to-from)
	total := newTally(s)
	done, err := runChunks(ctx, s, opt, from, to, func(t *tally) bool {
		p.Batches.add(t)
		total.merge(t)
		if opt.Progress != nil {
			opt.Progress(total.runs)
		}
		return true
	})
	if err == nil && done < to-from {
		if err = context.Cause(ctx); err == nil {
			err = errors.New("sim: workers stopped early")
		}
	}
	if err != nil {
		return nil, err
	}
	p.Counts = total.counts(s)
	return p, nil
}

// MergeShards combines the partial results of every shard of an estimate
// (in any order) into the summary MonteCarlo gives on one machine, bit for
// bit: the counts are summed, and the batches' float sums and agreements
// are replayed in run order, as MonteCarlo merges them. It returns an
// error naming the shard if the parts are not the shards 0 to N-1 of one
// estimate of s, each once, or if a part does not fit s.
func MergeShards(s *Scenario, parts []*Partial) (*Summary, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	ordered, err := orderShards(parts)
	if err != nil {
		return nil, err
	}
	first := ordered[0]
	opt := Options{Runs: first.Runs, Seed: first.Seed, Analyze: first.Analyzed, TopPackages: first.TopPackages}
	total := newTally(s)
	var conv convergence
	agreed, runs := 0, 0
	for _, p := range ordered {
		if err := p.check(s); err != nil {
			return nil, fmt.Errorf("sim: shard %s: %w", p.Shard, err)
		}
		for j, k := range p.Batches.Agreements {
			runs += min(chunk, p.EndRun-p.FirstRun-j*chunk)
			agreed += k
			total.addSums(&p.Batches, j)
			conv.add(agreed, runs)
		}
		total.addCounts(s, &p.Counts)
	}
	if total.runs != runs || total.agreed != agreed {
		return nil, fmt.Errorf("sim: the shards' counts (%d runs, %d agreements) do not match their batches (%d, %d)", total.runs, total.agreed, runs, agreed)
	}
	sum := total.summary(s, opt)
	sum.Convergence = conv.finish(total.agreed, total.runs)
	return sum, nil
}

// orderShards checks that parts are the shards 0 to N-1 of one estimate,
// each once, and returns them in shard order.
func orderShards(parts []*Partial) ([]*Partial, error) {
	if len(parts) == 0 {
		return nil, errors.New("sim: no shard to merge")
	}
	first := parts[0]
	if err := first.Shard.Check(); err != nil {
		return nil, err
	}
	n := first.Shard.Count
	ordered := make([]*Partial, n)
	for _, p := range parts {
		switch {
		case p.Shard.Count != n:
			return nil, fmt.Errorf("sim: shard %s and shard %s split the runs into different numbers of shards", p.Shard, first.Shard)
		case p.Shard.Index < 0 || p.Shard.Index >= n:
			return nil, fmt.Errorf("sim: shard %s: index out of range", p.Shard)
		case ordered[p.Shard.Index] != nil:
			return nil, fmt.Errorf("sim: shard %s given twice", p.Shard)
		case p.Runs != first.Runs || p.Seed != first.Seed:
			return nil, fmt.Errorf("sim: shard %s is of %d runs with seed %d, shard %s of %d runs with seed %d", p.Shard, p.Runs, p.Seed, first.Shard, first.Runs, first.Seed)
		case p.Analyzed != first.Analyzed:
			return nil, fmt.Errorf("sim: shard %s analysed its runs: %v, shard %s: %v", p.Shard, p.Analyzed, first.Shard, first.Analyzed)
		case p.TopPackages != first.TopPackages:
			return nil, fmt.Errorf("sim: shard %s lists %d top packages, shard %s %d", p.Shard, p.TopPackages, first.Shard, first.TopPackages)
		}
		ordered[p.Shard.Index] = p
	}
	for k, p := range ordered {
		if p == nil {
			return nil, fmt.Errorf("sim: shard %d/%d is missing", k, n)
		}
	}
	return ordered, nil
}
