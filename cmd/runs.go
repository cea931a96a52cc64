package cmd

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/negsim/negsim/sim"
)

// The per-run data that run --save-runs writes: one row per run, in run
// order, with the same columns in every format (runs.csv, runs.parquet;
// docs/results.md describes them). A runWriter turns outcomes into rows
// of typed cells; a runSink writes the rows in one file format.

// Output file names of the per-run data in --out.
const RunsParquetFile = "runs.parquet"

// runFormats are the file formats of the per-run data, by --format name.
var runFormats = map[string]runFormat{
	"csv":     {file: RunsFile, open: newCSVSink},
	"parquet": {file: RunsParquetFile, open: newParquetSink},
}

// runFormat is a file format of the per-run data: its file name in --out
// and how to open a sink writing it to w.
type runFormat struct {
	file string
	open func(w io.Writer, cols []runColumn, meta map[string]string) (runSink, error)
}

// parseRunFormat reads --format.
func parseRunFormat(name string) (runFormat, error) {
	f, ok := runFormats[name]
	if !ok {
		return f, fmt.Errorf("--format: want %s, got %q", strings.Join(slices.Sorted(maps.Keys(runFormats)), " or "), name)
	}
	return f, nil
}

// A runSink writes rows of the per-run data in one file format. Write
// keeps no reference to the row once it returns. Close writes what is
// buffered and the file's footer, if the format has one; it does not
// close the underlying writer.
type runSink interface {
	Write(row []runCell) error
	Close() error
}

// cellKind is the type of a column's values.
type cellKind uint8

const (
	intCell    cellKind = iota // int64
	boolCell                   // boolean, in cell.i as 0 or 1
	floatCell                  // double
	stringCell                 // string
)

// A runColumn is a column of the per-run data.
type runColumn struct {
	name     string
	kind     cellKind
	optional bool // may be empty (null): no agreement, no cause, ...
	digits   int  // a float's decimals in CSV; -1 for the shortest exact form
}

// A cell is one value of a row, of its column's kind.
type runCell struct {
	null bool
	i    int64
	f    float64
	s    string
}

func intValue(i int) runCell { return runCell{i: int64(i)} }

func boolValue(b bool) runCell {
	if b {
		return runCell{i: 1}
	}
	return runCell{}
}

// runColumns returns the columns of the per-run data of s; uncertain
// names its random parameters (sim.Runner.Uncertain).
func runColumns(s *sim.Scenario, uncertain []string) []runColumn {
	cols := []runColumn{
		{name: "run", kind: intCell},
		{name: "agreement", kind: boolCell},
		{name: "round", kind: intCell},
		{name: "reason", kind: stringCell},
		{name: "cause", kind: stringCell, optional: true},
		{name: "pivotal", kind: stringCell, optional: true},
	}
	// The agreed option of each issue, each party's utility of it.
	for _, is := range s.Issues {
		cols = append(cols, runColumn{name: is.ID, kind: stringCell, optional: true})
	}
	for _, p := range s.Parties {
		cols = append(cols, runColumn{name: "u_" + p.ID, kind: floatCell, optional: true, digits: 6})
	}
	// One column per random parameter: its value in the run.
	for _, name := range uncertain {
		cols = append(cols, runColumn{name: "param:" + name, kind: floatCell, digits: -1})
	}
	if s.Agenda != nil {
		// Per agenda item: agreed during the talks, the round, in force at
		// the end and at the horizon, lapsed.
		for _, it := range s.Agenda.Items {
			p := "item_" + it.ID + "_"
			cols = append(cols,
				runColumn{name: p + "agreed", kind: boolCell},
				runColumn{name: p + "round", kind: intCell, optional: true},
				runColumn{name: p + "in_force", kind: boolCell},
				runColumn{name: p + "in_force_horizon", kind: boolCell},
				runColumn{name: p + "lapsed", kind: boolCell})
		}
	}
	return cols
}

// runWriter streams runs as rows of the per-run data.
type runWriter struct {
	sink runSink
	s    *sim.Scenario
	row  []runCell
	seed uint64
	// r redraws each run's random parameters for their columns.
	r    *sim.Runner
	vals []float64
}

// newRunWriter writes the per-run data of s, run with seed, to w in the
// given format.
func newRunWriter(w io.Writer, s *sim.Scenario, seed uint64, format runFormat) (*runWriter, error) {
	rw := &runWriter{s: s, seed: seed, r: sim.NewRunner(s)}
	sink, err := format.open(w, runColumns(s, rw.r.Uncertain()), runsMeta(s, seed))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", format.file, err)
	}
	rw.sink = sink
	return rw, nil
}

// runsMeta is the metadata of a per-run data file (Parquet's key-value
// metadata): negsim's version, the scenario and the seed.
func runsMeta(s *sim.Scenario, seed uint64) map[string]string {
	return map[string]string{"negsim.version": Version, "negsim.scenario": s.Name, "negsim.seed": fmt.Sprint(seed)}
}

// write writes run's outcome o.
func (rw *runWriter) write(run int, o *sim.Outcome) error {
	r := rw.row[:0]
	r = append(r, intValue(run), boolValue(o.Agreement), intValue(o.Round), runCell{s: o.Reason.String()})
	cause := runCell{null: true}
	switch o.Reason {
	case sim.ShockEnded:
		cause = runCell{s: rw.s.Shocks[o.Cause].ID}
	case sim.WalkedOut:
		cause = runCell{s: rw.s.Parties[o.Cause].ID}
	}
	piv := runCell{null: true}
	if o.Pivotal >= 0 {
		piv = runCell{s: rw.s.Parties[o.Pivotal].ID}
	}
	r = append(r, cause, piv)
	for k, is := range rw.s.Issues {
		if o.Agreement {
			r = append(r, runCell{s: is.Options[o.Package[k]].ID})
		} else {
			r = append(r, runCell{null: true})
		}
	}
	for i := range rw.s.Parties {
		if o.Agreement {
			r = append(r, runCell{f: o.Utility[i]})
		} else {
			r = append(r, runCell{null: true})
		}
	}
	rw.vals = rw.r.DrawnValues(rw.seed, run, rw.vals)
	for _, v := range rw.vals {
		r = append(r, runCell{f: v})
	}
	for _, io := range o.Items {
		round := runCell{null: true}
		if io.Agreed {
			round = intValue(io.Round)
		}
		r = append(r, boolValue(io.Agreed), round, boolValue(io.InForceEnd), boolValue(io.InForceHorizon), boolValue(io.Lapsed))
	}
	rw.row = r
	return rw.sink.Write(r)
}

// flush writes what is buffered and the file's footer.
func (rw *runWriter) flush() error {
	return rw.sink.Close()
}
