package sim

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// runChunks simulates the chunks [from, to) of opt.Runs across opt.Workers
// goroutines and hands each chunk's tally, in chunk order, first to
// opt.Record run by run and then to reduce, on the calling goroutine. It
// stops early when ctx is cancelled or reduce returns false, and returns
// the number of chunks reduced; an error of a worker or of Record is
// returned with it.
func runChunks(ctx context.Context, s *Scenario, opt Options, from, to int, reduce func(t *tally) bool) (int, error) {
	workers := min(opt.Workers, to-from)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type done struct {
		i int
		t *tally
	}
	results := make(chan done, workers)
	// Tokens bound how far workers may run ahead of the in-order reduction.
	tokens := make(chan struct{}, 4*workers)
	for range cap(tokens) {
		tokens <- struct{}{}
	}
	// A free list rather than a sync.Pool: the garbage collector may empty
	// a pool, and then every batch would allocate a new tally.
	free := make(chan *tally, cap(tokens)+workers)
	getTally := func() *tally {
		select {
		case t := <-free:
			return t
		default:
			return newTally(s)
		}
	}
	var next atomic.Int64
	next.Store(int64(from))
	var workErr error
	var workOnce sync.Once
	fail := func(err error) {
		workOnce.Do(func() { workErr = err })
		cancel()
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := NewRunner(s)
			for {
				select {
				case <-ctx.Done():
					return
				case <-tokens:
				}
				// select picks at random among ready cases: without this
				// check a worker could start a batch after cancellation.
				if ctx.Err() != nil {
					return
				}
				c := int(next.Add(1) - 1)
				if c >= to {
					return
				}
				t := getTally()
				if err := simulateBatch(r, t, opt, c); err != nil {
					fail(err)
					return
				}
				select {
				case results <- done{c, t}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	pending := map[int]*tally{}
	merged := from
	stopped := false
	var err error
	for d := range results {
		pending[d.i] = d.t
		for t, ok := pending[merged]; ok && err == nil && !stopped; t, ok = pending[merged] {
			delete(pending, merged)
			if opt.Record != nil {
				for j := range t.records {
					if e := opt.Record(merged*chunk+j, &t.records[j]); e != nil {
						err = fmt.Errorf("sim: recording run %d: %w", merged*chunk+j, e)
						break
					}
				}
				if err != nil {
					break
				}
			}
			stopped = !reduce(t)
			select {
			case free <- t:
			default:
			}
			merged++
			tokens <- struct{}{}
		}
		if err != nil || stopped {
			cancel()
		}
	}
	if err == nil {
		err = workErr
	}
	return merged - from, err
}

// simulateBatch simulates batch c of opt.Runs into t.
func simulateBatch(r *Runner, t *tally, opt Options, c int) error {
	t.reset()
	lo, hi := c*chunk, min((c+1)*chunk, opt.Runs)
	for i := lo; i < hi; i++ {
		o := r.Run(opt.Seed, i, nil)
		if opt.Analyze {
			if err := r.Analyze(o); err != nil {
				return err
			}
		}
		t.add(o, opt.Record != nil)
	}
	return nil
}

// convergence collects the running estimate at geometric checkpoints, for
// the convergence plot: about 10 per decade of runs, at batch boundaries.
type convergence struct {
	points []Checkpoint
	next   int
}

// add is called after each batch with the totals so far.
func (c *convergence) add(agreed, runs int) {
	if runs >= c.next {
		c.points = append(c.points, checkpoint(agreed, runs))
		c.next = max(c.next+1, int(float64(runs)*1.25))
	}
}

// finish returns the checkpoints, the last at the final totals.
func (c *convergence) finish(agreed, runs int) []Checkpoint {
	if n := len(c.points); runs > 0 && (n == 0 || c.points[n-1].Runs != runs) {
		c.points = append(c.points, checkpoint(agreed, runs))
	}
	return c.points
}

func checkpoint(agreed, runs int) Checkpoint {
	lo, hi := Wilson(agreed, runs)
	return Checkpoint{Runs: runs, Agreements: agreed, P: float64(agreed) / float64(runs), CILow: lo, CIHigh: hi}
}
