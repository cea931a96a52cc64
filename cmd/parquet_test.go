package cmd

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// parquetColumn is a column of a Parquet file as a reader sees it.
type parquetColumn struct {
	name     string
	kind     parquet.Kind
	str      bool // a byte array annotated as a UTF-8 string
	optional bool
}

// readParquet reads a Parquet file with the Go library's reader: its
// columns, rows and row groups.
func readParquet(t *testing.T, data []byte) ([]parquetColumn, []parquet.Row, int) {
	t.Helper()
	f, err := parquet.OpenFile(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("opening the Parquet file: %v", err)
	}
	var cols []parquetColumn
	for _, fl := range f.Schema().Fields() {
		_, str := logicalValue(fl.Type().LogicalType()).(*format.StringType)
		cols = append(cols, parquetColumn{name: fl.Name(), kind: fl.Type().Kind(), str: str, optional: fl.Optional()})
	}
	r := parquet.NewReader(f)
	defer r.Close()
	var rows []parquet.Row
	buf := make([]parquet.Row, 100)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			rows = append(rows, row.Clone())
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("reading rows: %v", err)
		}
	}
	if int64(len(rows)) != f.NumRows() {
		t.Errorf("read %d rows, the footer says %d", len(rows), f.NumRows())
	}
	return cols, rows, len(f.RowGroups())
}

// wantKind is the Parquet type of each kind of column.
var wantKind = map[cellKind]parquetColumn{
	intCell:    {kind: parquet.Int64},
	boolCell:   {kind: parquet.Boolean},
	floatCell:  {kind: parquet.Double},
	stringCell: {kind: parquet.ByteArray, str: true},
}

// runs.parquet holds the same runs as runs.csv for the same seed: the
// same columns in the same order, typed, and equal values (the CSV's
// utilities are rounded to 6 decimals; an empty field is a null).
func TestRunsParquetMatchesCSV(t *testing.T) {
	dir := t.TempDir()
	const runs = 2500 // more than one batch of rows (parquetBatch)
	for _, f := range []string{"csv", "parquet"} {
		args := []string{"run", "--runs", strconv.Itoa(runs), "--seed", "11", "--no-analysis", "--save-runs", "--format", f, "--out", filepath.Join(dir, f)}
		if code, _, errOut := run(t, args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	csvData, err := os.ReadFile(filepath.Join(dir, "csv", RunsFile))
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(csvData)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "parquet", RunsParquetFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "parquet", RunsFile)); err == nil {
		t.Errorf("--format parquet also wrote %s", RunsFile)
	}
	cols, rows, _ := readParquet(t, data)

	head := records[0]
	var names []string
	for _, c := range cols {
		names = append(names, c.name)
	}
	if !slices.Equal(names, head) {
		t.Fatalf("columns\n%v\nwant those of runs.csv\n%v", names, head)
	}
	if len(rows) != runs || len(records)-1 != runs {
		t.Fatalf("%d rows in runs.parquet, %d in runs.csv; want %d", len(rows), len(records)-1, runs)
	}
	// The scenario's own columns, as runColumns gives them, fix the types.
	sc, err := loadScenario("", "", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	rw, err := newRunWriter(io.Discard, sc.Sim, 11, runFormats["csv"])
	if err != nil {
		t.Fatal(err)
	}
	spec := runColumns(sc.Sim, rw.r.Uncertain())
	kinds := map[cellKind]bool{}
	for i, c := range cols {
		want := wantKind[spec[i].kind]
		want.name, want.optional = spec[i].name, spec[i].optional
		if c != want {
			t.Errorf("column %d: %+v, want %+v", i, c, want)
		}
		kinds[spec[i].kind] = true
	}
	if len(kinds) != len(wantKind) {
		t.Errorf("the scenario's columns have %d of the %d kinds; pick one with all", len(kinds), len(wantKind))
	}
	nulls := 0
	for r, row := range rows {
		rec := records[r+1]
		for i, v := range row {
			if v.Column() != i {
				t.Fatalf("row %d: value %d is of column %d", r, i, v.Column())
			}
			got, ok := parquetText(v, cols[i].kind)
			if !ok {
				nulls++
				if rec[i] != "" {
					t.Errorf("row %d, %s: null, want %q", r, head[i], rec[i])
				}
				continue
			}
			if cols[i].kind == parquet.Double && spec[i].digits >= 0 {
				want, err := strconv.ParseFloat(rec[i], 64)
				if err != nil || math.Abs(v.Double()-want) > 0.5e-6 {
					t.Errorf("row %d, %s: %v, want %s (to 6 decimals)", r, head[i], v.Double(), rec[i])
				}
				continue
			}
			if got != rec[i] {
				t.Errorf("row %d, %s: %q, want %q", r, head[i], got, rec[i])
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}
	if nulls == 0 {
		t.Error("no nulls: every run agreed, so the empty fields of runs.csv went untested")
	}
}

// parquetText formats a Parquet value as runs.csv writes it; ok is false
// for a null.
func parquetText(v parquet.Value, k parquet.Kind) (string, bool) {
	if v.IsNull() {
		return "", false
	}
	switch k {
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10), true
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean()), true
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64), true
	}
	return string(v.ByteArray()), true
}

// The sink writes row groups of parquetGroupRows rows, and its values
// round-trip, nulls included.
func TestParquetSinkRowGroups(t *testing.T) {
	cols := []runColumn{
		{name: "run", kind: intCell},
		{name: "b", kind: boolCell},
		{name: "x", kind: floatCell, optional: true, digits: -1},
		{name: "s", kind: stringCell, optional: true},
	}
	const rows = parquetGroupRows + 1000
	var buf bytes.Buffer
	s, err := newParquetSink(&buf, cols, map[string]string{"negsim.seed": "1"})
	if err != nil {
		t.Fatal(err)
	}
	row := make([]runCell, len(cols))
	for i := range rows {
		row[0], row[1] = intValue(i), boolValue(i%3 == 0)
		row[2], row[3] = runCell{f: float64(i) / 7}, runCell{s: "id" + strconv.Itoa(i%5)}
		if i%4 == 0 {
			row[2], row[3] = runCell{null: true}, runCell{null: true}
		}
		if err := s.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	_, got, groups := readParquet(t, buf.Bytes())
	if len(got) != rows || groups != 2 {
		t.Fatalf("%d rows in %d row groups, want %d in 2", len(got), groups, rows)
	}
	for i, r := range got {
		null := i%4 == 0
		if r[0].Int64() != int64(i) || r[1].Boolean() != (i%3 == 0) || r[2].IsNull() != null || r[3].IsNull() != null ||
			(!null && (r[2].Double() != float64(i)/7 || string(r[3].ByteArray()) != "id"+strconv.Itoa(i%5))) {
			t.Fatalf("row %d read back as %v", i, r)
		}
	}
}

func TestParquetSinkErrors(t *testing.T) {
	dup := []runColumn{{name: "run", kind: intCell}, {name: "run", kind: stringCell}}
	if _, err := newParquetSink(io.Discard, dup, nil); err == nil || !strings.Contains(err.Error(), `two columns are named "run"`) {
		t.Errorf("duplicate column names: %v; want an error naming the column", err)
	}
	s, err := newParquetSink(io.Discard, []runColumn{{name: "run", kind: intCell}}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Write([]runCell{{null: true}}); err == nil {
		t.Error("a null in a required column: no error")
	}
	if err := s.Write([]runCell{{}, {}}); err == nil {
		t.Error("a row of 2 values for 1 column: no error")
	}
}

func TestRunFormatFlag(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--save-runs", "--format", "xlsx", "--out", filepath.Join(dir, "a")}, `--format: want csv or parquet, got "xlsx"`},
		{[]string{"--format", "parquet", "--out", filepath.Join(dir, "b")}, "give --save-runs too"},
		{[]string{"--save-runs", "--format", "parquet"}, "--save-runs needs --out DIR"},
	} {
		code, _, errOut := run(t, append([]string{"run", "--runs", "100"}, tt.args...)...)
		if code == 0 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want an error with %q", tt.args, code, errOut, tt.want)
		}
	}
	// Rewritten as Parquet, an earlier runs.csv is removed, not left stale.
	out := filepath.Join(dir, "c")
	if code, _, errOut := run(t, "run", "--runs", "100", "--no-analysis", "--save-runs", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := run(t, "run", "--runs", "100", "--no-analysis", "--save-runs", "--format", "parquet", "--force", "--out", out); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(out, RunsFile)); err == nil {
		t.Errorf("%s of the earlier run left beside %s", RunsFile, RunsParquetFile)
	}
	if _, err := os.Stat(filepath.Join(out, RunsParquetFile)); err != nil {
		t.Error(err)
	}
}

// logicalValue is a column's logical type, nil if it has none.
func logicalValue(lt *format.LogicalType) format.LogicalTypeValue {
	if lt == nil {
		return nil
	}
	return lt.Value
}

// An interrupted run leaves a complete runs.parquet of the runs done:
// here, cancelled before the first, a file with the columns and no rows.
func TestInterruptedRunParquet(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	afterLoad = cancel
	defer func() { afterLoad = nil }()
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if code := Run(ctx, []string{"run", "--runs", "100000", "--out", out, "--save-runs", "--format", "parquet"}, &stdout, &stderr); code != exitInterrupted {
		t.Fatalf("exit %d, want %d; stderr %s", code, exitInterrupted, stderr.String())
	}
	data, err := os.ReadFile(filepath.Join(out, RunsParquetFile))
	if err != nil {
		t.Fatal(err)
	}
	cols, rows, _ := readParquet(t, data)
	if len(rows) != 0 || len(cols) < 6 || cols[0].name != "run" {
		t.Errorf("%d rows, columns %v; want no rows and the columns from run on", len(rows), cols)
	}
}

// BenchmarkRunSinks writes rows of the bundled scenario's columns in each
// format, to compare the writers' cost per run apart from the simulation.
func BenchmarkRunSinks(b *testing.B) {
	sc, err := loadScenario("", "", nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	rw, err := newRunWriter(io.Discard, sc.Sim, 1, runFormats["csv"])
	if err != nil {
		b.Fatal(err)
	}
	cols := runColumns(sc.Sim, rw.r.Uncertain())
	row := make([]runCell, len(cols))
	for i, c := range cols {
		switch c.kind {
		case stringCell:
			row[i] = runCell{s: "option"}
		case floatCell:
			row[i] = runCell{f: 0.123456789}
		default:
			row[i] = intValue(1)
		}
	}
	for _, name := range []string{"csv", "parquet"} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			s, err := runFormats[name].open(io.Discard, cols, nil)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if err := s.Write(row); err != nil {
					b.Fatal(err)
				}
			}
			if err := s.Close(); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
		})
	}
}
