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
	w := newChunkWork(s, opt, from, to, workers, cancel)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.work(ctx)
		}()
	}
	go func() { wg.Wait(); close(w.results) }()

	n, err := w.reduceInOrder(from, reduce)
	if err == nil {
		err = w.workErr
	}
	return n, err
}

// chunkResult is chunk i's tally, sent by a worker to the reduction.
type chunkResult struct {
	i int
	t *tally
}

// chunkWork is the state that runChunks's workers share with each other
// and with the in-order reduction.
type chunkWork struct {
	s      *Scenario
	opt    Options
	to     int
	cancel context.CancelFunc

	results chan chunkResult
	// Tokens bound how far workers may run ahead of the in-order reduction.
	tokens chan struct{}
	// A free list rather than a sync.Pool: the garbage collector may empty
	// a pool, and then every batch would allocate a new tally.
	free chan *tally
	next atomic.Int64 // the next chunk to simulate

	workErr  error // the first worker's error; read once results is closed
	workOnce sync.Once
}

// newChunkWork returns the shared state of workers workers simulating the
// chunks [from, to) of opt.Runs; cancel stops them.
func newChunkWork(s *Scenario, opt Options, from, to, workers int, cancel context.CancelFunc) *chunkWork {
	w := &chunkWork{
		s:       s,
		opt:     opt,
		to:      to,
		cancel:  cancel,
		results: make(chan chunkResult, workers),
		tokens:  make(chan struct{}, 4*workers),
	}
	for range cap(w.tokens) {
		w.tokens <- struct{}{}
	}
	w.free = make(chan *tally, cap(w.tokens)+workers)
	w.next.Store(int64(from))
	return w
}

// getTally returns a tally from the free list, or a new one.
func (w *chunkWork) getTally() *tally {
	select {
	case t := <-w.free:
		return t
	default:
		return newTally(w.s)
	}
}

// fail records err if it is the first worker error, and stops the work.
func (w *chunkWork) fail(err error) {
	w.workOnce.Do(func() { w.workErr = err })
	w.cancel()
}

// work is one worker: it simulates the next chunk whenever it holds a
// token and sends its tally to results, until the chunks run out, ctx is
// cancelled or a batch fails.
func (w *chunkWork) work(ctx context.Context) {
	r := NewRunner(w.s)
	for {
		select {
		case <-ctx.Done():
			return
		case <-w.tokens:
		}
		// select picks at random among ready cases: without this
		// check a worker could start a batch after cancellation.
		if ctx.Err() != nil {
			return
		}
		c := int(w.next.Add(1) - 1)
		if c >= w.to {
			return
		}
		t := w.getTally()
		if err := simulateBatch(r, t, w.opt, c); err != nil {
			w.fail(err)
			return
		}
		select {
		case w.results <- chunkResult{c, t}:
		case <-ctx.Done():
			return
		}
	}
}

// reduceInOrder receives the workers' tallies until results is closed and
// hands them, in chunk order from chunk from, to opt.Record and reduce,
// returning each to the free list and a token to the workers. After an
// error of Record, or once reduce returns false, it reduces no more and
// cancels the work. It returns the number of chunks reduced.
func (w *chunkWork) reduceInOrder(from int, reduce func(t *tally) bool) (int, error) {
	pending := map[int]*tally{}
	merged := from
	stopped := false
	var err error
	for d := range w.results {
		pending[d.i] = d.t
		for t, ok := pending[merged]; ok && err == nil && !stopped; t, ok = pending[merged] {
			delete(pending, merged)
			if w.opt.Record != nil {
				if err = recordChunk(w.opt.Record, merged, t); err != nil {
					break
				}
			}
			stopped = !reduce(t)
			select {
			case w.free <- t:
			default:
			}
			merged++
			w.tokens <- struct{}{}
		}
		if err != nil || stopped {
			w.cancel()
		}
	}
	return merged - from, err
}

// recordChunk hands the runs of chunk c, kept in t, to record in run order,
// and stops at its first error.
func recordChunk(record func(int, *Outcome) error, c int, t *tally) error {
	for j := range t.records {
		if e := record(c*chunk+j, &t.records[j]); e != nil {
			return fmt.Errorf("sim: recording run %d: %w", c*chunk+j, e)
		}
	}
	return nil
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
