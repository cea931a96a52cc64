package cmd

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
)

// csvSink writes the per-run data as CSV (runs.csv): a header of the
// column names, then one line per run; an empty field is a null.
type csvSink struct {
	bw   *bufio.Writer
	w    *csv.Writer
	cols []runColumn
	rec  []string
}

func newCSVSink(w io.Writer, cols []runColumn, _ map[string]string) (runSink, error) {
	bw := bufio.NewWriterSize(w, 1<<16)
	s := &csvSink{bw: bw, w: csv.NewWriter(bw), cols: cols}
	head := make([]string, len(cols))
	for i, c := range cols {
		head[i] = c.name
	}
	return s, s.w.Write(head)
}

func (s *csvSink) Write(row []runCell) error {
	rec := s.rec[:0]
	for i, c := range row {
		rec = append(rec, csvCell(s.cols[i], c))
	}
	s.rec = rec
	return s.w.Write(rec)
}

// csvCell formats a cell of column col.
func csvCell(col runColumn, c runCell) string {
	if c.null {
		return ""
	}
	switch col.kind {
	case intCell:
		return strconv.FormatInt(c.i, 10)
	case boolCell:
		return strconv.FormatBool(c.i != 0)
	case floatCell:
		if col.digits < 0 {
			return strconv.FormatFloat(c.f, 'g', -1, 64)
		}
		return strconv.FormatFloat(c.f, 'f', col.digits, 64)
	}
	return c.s
}

func (s *csvSink) Close() error {
	s.w.Flush()
	if err := s.w.Error(); err != nil {
		return err
	}
	return s.bw.Flush()
}
