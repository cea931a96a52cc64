package cmd

import (
	"fmt"
	"io"
	"path/filepath"

	"github.com/parquet-go/parquet-go"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/sim"
)

// mergeRunsParquet writes the shards' runs.parquet, in shard order, as one
// runs.parquet into dir. Each row is read back into the cells the shard
// wrote and written through the same sink a single-machine run uses, with
// the same batches and row groups, so the merged file is the file one
// machine writes. Each shard's columns must be the scenario's, and its
// rows its runs, in order.
func mergeRunsParquet(dir string, s *sim.Scenario, parts []mergePart) error {
	seed := parts[0].p.Provenance.Seed
	return atomicfile.Write(filepath.Join(dir, RunsParquetFile), func(w io.Writer) error {
		format := runFormats["parquet"]
		cols := runColumns(s, sim.NewRunner(s).Uncertain())
		sink, err := format.open(w, cols, runsMeta(s, seed))
		if err != nil {
			return err
		}
		for _, m := range parts {
			path := filepath.Join(filepath.Dir(m.path), RunsParquetFile)
			if err := copyShardParquet(sink, path, cols, m.p.Run); err != nil {
				return err
			}
		}
		return sink.Close()
	})
}

// copyShardParquet copies the rows of one shard's runs.parquet to sink.
func copyShardParquet(sink runSink, path string, cols []runColumn, part *sim.Partial) error {
	file, err := openShardRuns(path, part)
	if err != nil {
		return err
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return err
	}
	pf, err := parquet.OpenFile(file, info.Size())
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	fields := pf.Schema().Fields()
	if len(fields) != len(cols) {
		return fmt.Errorf("%s: %d columns, want the scenario's %d", path, len(fields), len(cols))
	}
	for i, f := range fields {
		if f.Name() != cols[i].name {
			return fmt.Errorf("%s: column %d is %q, want %q", path, i+1, f.Name(), cols[i].name)
		}
	}
	if n := pf.NumRows(); n != int64(part.EndRun-part.FirstRun) {
		return fmt.Errorf("%s: %d rows, want shard %s's %d runs (%d to %d)", path, n, part.Shard, part.EndRun-part.FirstRun, part.FirstRun, part.EndRun-1)
	}
	r := parquet.NewReader(file, pf.Schema())
	defer r.Close()
	rows := make([]parquet.Row, 1024)
	cells := make([]runCell, len(cols))
	run := part.FirstRun
	for {
		n, err := r.ReadRows(rows)
		for _, row := range rows[:n] {
			if err := rowCells(row, cols, cells); err != nil {
				return fmt.Errorf("%s: row %d: %w", path, run-part.FirstRun+1, err)
			}
			if cells[0].i != int64(run) {
				return fmt.Errorf("%s: row %d: run %d, want run %d of shard %s", path, run-part.FirstRun+1, cells[0].i, run, part.Shard)
			}
			if err := sink.Write(cells); err != nil {
				return err
			}
			run++
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	if run != part.EndRun {
		return fmt.Errorf("%s: runs %d to %d, want shard %s's %d to %d", path, part.FirstRun, run-1, part.Shard, part.FirstRun, part.EndRun-1)
	}
	return nil
}

// rowCells reads a runs.parquet row back into the cells written.
func rowCells(row parquet.Row, cols []runColumn, cells []runCell) error {
	if len(row) != len(cols) {
		return fmt.Errorf("%d values for %d columns", len(row), len(cols))
	}
	for _, v := range row {
		i := v.Column()
		if i < 0 || i >= len(cols) {
			return fmt.Errorf("a value of column %d", i)
		}
		col := cols[i]
		if v.IsNull() {
			if !col.optional {
				return fmt.Errorf("column %s: a null in a column that has none", col.name)
			}
			cells[i] = runCell{null: true}
			continue
		}
		switch col.kind {
		case intCell:
			cells[i] = intValue(int(v.Int64()))
		case boolCell:
			cells[i] = boolValue(v.Boolean())
		case floatCell:
			cells[i] = runCell{f: v.Double()}
		default:
			cells[i] = runCell{s: string(v.ByteArray())}
		}
	}
	return nil
}
