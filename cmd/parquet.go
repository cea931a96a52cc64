package cmd

import (
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"

	"github.com/parquet-go/parquet-go"
)

// Settings of runs.parquet, chosen for the readers analysts use (pandas
// and R through Arrow, DuckDB, Polars, Spark), each checked against
// DuckDB by .ci/run:
//   - Snappy compression: every Parquet reader has it, and it is the
//     default of Arrow's and DuckDB's own writers; Zstd's files are
//     smaller (docs/results.md) but not every reader's build has it.
//   - Data pages of version 1, the default of Arrow's writer; readers
//     have known version 2 pages for less long.
//   - Row groups of parquetGroupRows runs: the writer holds one row group
//     in memory, so memory stays flat however many runs are written.
const parquetGroupRows = 1 << 17

// parquetBatch is the number of rows handed to the writer at a time.
const parquetBatch = 1024

// parquetSink writes the per-run data as Parquet (runs.parquet), with
// the columns in order and typed: int64, boolean, double, or string
// (dictionary-encoded: the values are ids from a short list), and nulls
// where runs.csv has an empty field.
type parquetSink struct {
	w    *parquet.Writer
	cols []runColumn
	rows []parquet.Row // a batch; rows[:n] are filled
	n    int
	// ids holds each string's bytes once: parquet.ByteArrayValue takes
	// bytes, and every string column holds ids from a short list.
	ids map[string][]byte
}

func newParquetSink(w io.Writer, cols []runColumn, meta map[string]string) (runSink, error) {
	seen := map[string]bool{}
	fields := make([]parquet.Field, len(cols))
	for i, c := range cols {
		if seen[c.name] {
			return nil, fmt.Errorf("two columns are named %q (an issue id is also the name of another column); rename the issue, or use --format csv", c.name)
		}
		seen[c.name] = true
		var n parquet.Node
		switch c.kind {
		case intCell:
			n = parquet.Int(64)
		case boolCell:
			n = parquet.Leaf(parquet.BooleanType)
		case floatCell:
			n = parquet.Leaf(parquet.DoubleType)
		default:
			n = parquet.Encoded(parquet.String(), &parquet.RLEDictionary)
		}
		if c.optional {
			n = parquet.Optional(n)
		}
		fields[i] = namedField{Node: n, name: c.name}
	}
	opts := []parquet.WriterOption{
		parquet.NewSchema("runs", newOrderedGroup(fields)),
		parquet.Compression(&parquet.Snappy),
		parquet.DataPageVersion(1),
		parquet.MaxRowsPerRowGroup(parquetGroupRows),
		parquet.CreatedBy("negsim", Version, ""),
	}
	for _, k := range slices.Sorted(maps.Keys(meta)) {
		opts = append(opts, parquet.KeyValueMetadata(k, meta[k]))
	}
	config, err := parquet.NewWriterConfig(opts...)
	if err != nil {
		return nil, err
	}
	s := &parquetSink{w: parquet.NewWriter(w, config), cols: cols, rows: make([]parquet.Row, parquetBatch), ids: map[string][]byte{}}
	for i := range s.rows {
		s.rows[i] = make(parquet.Row, len(cols))
	}
	return s, nil
}

func (s *parquetSink) Write(row []runCell) error {
	if len(row) != len(s.cols) {
		return fmt.Errorf("a row of %d values for %d columns", len(row), len(s.cols))
	}
	out := s.rows[s.n]
	for i, c := range row {
		col := s.cols[i]
		def := 0 // a required column's values, and an optional one's nulls
		if col.optional && !c.null {
			def = 1
		}
		var v parquet.Value
		switch {
		case c.null:
			if !col.optional {
				return fmt.Errorf("column %s: a null in a column that has none", col.name)
			}
		case col.kind == intCell:
			v = parquet.Int64Value(c.i)
		case col.kind == boolCell:
			v = parquet.BooleanValue(c.i != 0)
		case col.kind == floatCell:
			v = parquet.DoubleValue(c.f)
		default:
			b, ok := s.ids[c.s]
			if !ok {
				b = []byte(c.s)
				s.ids[c.s] = b
			}
			v = parquet.ByteArrayValue(b)
		}
		out[i] = v.Level(0, def, i)
	}
	s.n++
	if s.n == len(s.rows) {
		return s.flush()
	}
	return nil
}

// flush hands the batch to the writer.
func (s *parquetSink) flush() error {
	if s.n == 0 {
		return nil
	}
	_, err := s.w.WriteRows(s.rows[:s.n])
	s.n = 0
	return err
}

func (s *parquetSink) Close() error {
	if err := s.flush(); err != nil {
		return err
	}
	return s.w.Close()
}

// orderedGroup is a Parquet group whose fields keep the order given:
// parquet.Group, a map, sorts them by name, and runs.parquet's columns
// are in the order of runs.csv. The embedded Group (of the same fields)
// answers the rest of parquet.Node.
type orderedGroup struct {
	parquet.Group
	fields []parquet.Field
}

func newOrderedGroup(fields []parquet.Field) orderedGroup {
	g := orderedGroup{Group: parquet.Group{}, fields: fields}
	for _, f := range fields {
		g.Group[f.Name()] = f
	}
	return g
}

func (g orderedGroup) Fields() []parquet.Field { return g.fields }

// namedField is a column of an orderedGroup.
type namedField struct {
	parquet.Node
	name string
}

func (f namedField) Name() string { return f.name }

// Value is the field's value in a Go map of the group's row; negsim
// writes parquet.Row values, not Go values.
func (f namedField) Value(base reflect.Value) reflect.Value {
	return base.MapIndex(reflect.ValueOf(f.name))
}
