package spatial

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Limits on input files, against hostile or mistaken input.
const (
	// MaxFileSize is the largest file Load reads: 16 MiB.
	MaxFileSize = 16 << 20
	// MaxActors is the most actors one issue may have; the process models
	// take time of the order of the cube of the actors per round.
	MaxActors = 1000
)

// Formats of input files.
const (
	FormatBDM   = "bdm"   // Actor,Capability,Position,Salience: one issue
	FormatKTAB  = "ktab"  // KTAB's SMP CSV: one issue per dimension
	FormatBatch = "batch" // issue,actor,capability,position,salience[,outcome][,status_quo]
)

// Set is the contents of an input file: one or more issues.
type Set struct {
	File        string // the name the file was loaded by
	Format      string // FormatBDM, FormatKTAB or FormatBatch
	Name        string // the scenario's name (KTAB), or ""
	Description string // the scenario's description (KTAB), or ""
	Issues      []Issue
}

// Load reads and validates an input file; see Parse. The file must be a
// regular file of at most MaxFileSize bytes. KTAB's XML scenario form is
// not read (docs/forecasting.md says why).
func Load(path string) (*Set, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("spatial: %w", err)
	}
	if !fi.Mode().IsRegular() {
		return nil, &FieldError{File: path, Msg: "not a regular file"}
	}
	if fi.Size() > MaxFileSize {
		return nil, &FieldError{File: path, Msg: fmt.Sprintf("%d bytes, more than the %d (16 MiB) allowed", fi.Size(), MaxFileSize)}
	}
	if strings.EqualFold(filepath.Ext(path), ".xml") {
		return nil, &FieldError{File: path, Msg: "KTAB's XML scenario form is not read; save the scenario as KTAB's SMP CSV"}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("spatial: %w", err)
	}
	defer f.Close()
	// The file may have grown since Stat.
	data, err := io.ReadAll(io.LimitReader(f, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("spatial: %s: %w", path, err)
	}
	if len(data) > MaxFileSize {
		return nil, &FieldError{File: path, Msg: "more than the 16 MiB allowed"}
	}
	return Parse(path, data)
}

// Parse reads and validates the contents of an input file named name,
// which it uses in errors. The format is recognised from the first line:
// a header with an "issue" column is a batch file; a header starting with
// "Actor" a BDM file; anything else is taken as KTAB's SMP first line
// (name, description, number of actors, number of dimensions).
//
// Cells hold numbers or distributions (see ParseValue); lines starting
// with # are comments. It checks, as KTAB does, that positions and
// saliences are in [0,100], capabilities non-negative and, in a KTAB
// file, that an actor's saliences sum to at most 100 over the dimensions.
// The error is Errors, each a *FieldError naming the line and the field.
func Parse(name string, data []byte) (*Set, error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	p := &parser{file: name}
	recs := p.records(data)
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	if len(recs) == 0 {
		return nil, Errors{{File: name, Msg: "empty file"}}
	}
	set := &Set{File: name}
	head := recs[0]
	switch {
	case head.has("issue"):
		set.Format = FormatBatch
		p.batch(set, recs)
	case strings.EqualFold(head.cell(0), "actor"):
		set.Format = FormatBDM
		p.bdm(set, recs)
	default:
		set.Format = FormatKTAB
		p.ktab(set, recs)
	}
	if len(p.errs) > 0 {
		return nil, p.errs
	}
	return set, nil
}

// record is one CSV record with its line, trailing empty cells removed
// and every cell trimmed.
type record struct {
	line  int
	cells []string
}

func (r record) cell(i int) string {
	if i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

func (r record) has(col string) bool {
	for _, c := range r.cells {
		if strings.EqualFold(c, col) {
			return true
		}
	}
	return false
}

type parser struct {
	file string
	errs Errors
}

// fail records a problem; it reports whether there is room for more.
func (p *parser) fail(line int, field, format string, args ...any) {
	if len(p.errs) < maxErrors {
		p.errs = append(p.errs, &FieldError{File: p.file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
}

func (p *parser) full() bool { return len(p.errs) >= maxErrors }

func (p *parser) records(data []byte) []record {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	r.Comment = '#'
	var recs []record
	for {
		cells, err := r.Read()
		if err == io.EOF {
			return recs
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				p.fail(pe.Line, "", "%v", pe.Err)
			} else {
				p.fail(0, "", "%v", err)
			}
			return nil
		}
		line, _ := r.FieldPos(0)
		cells = joinParens(cells)
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		if len(cells) == 0 {
			continue
		}
		recs = append(recs, record{line, cells})
	}
}

// joinParens trims the cells and joins again those that a distribution's
// commas split, so that uniform(40,60) needs no quotes: a cell with an
// unclosed "(" takes the following cells up to the one that closes it.
func joinParens(cells []string) []string {
	out := cells[:0]
	for i := 0; i < len(cells); i++ {
		c := strings.TrimSpace(cells[i])
		for strings.Count(c, "(") > strings.Count(c, ")") && i+1 < len(cells) {
			i++
			c += "," + strings.TrimSpace(cells[i])
		}
		out = append(out, c)
	}
	return out
}

// value parses a cell and checks that every number it can take is in
// [lo, hi] (for a normal, its mean: draws are truncated to the range).
func (p *parser) value(line int, field, cell string, lo, hi float64) (Value, bool) {
	if cell == "" {
		p.fail(line, field, "missing")
		return Value{}, false
	}
	v, err := ParseValue(cell)
	if err != nil {
		p.fail(line, field, "%v", err)
		return Value{}, false
	}
	vlo, vhi := v.Bounds()
	if v.Kind == Normal {
		vlo, vhi = v.A, v.A
	}
	if vlo < lo || vhi > hi {
		if math.IsInf(hi, 1) {
			p.fail(line, field, "must be non-negative, got %s", v)
		} else {
			p.fail(line, field, "must be in [%g,%g], got %s", lo, hi, v)
		}
		return Value{}, false
	}
	return v, true
}

// number parses an optional plain number in [0,100]: NaN when empty.
func (p *parser) number(line int, field, cell string) (float64, bool) {
	if cell == "" {
		return math.NaN(), true
	}
	x, err := strconv.ParseFloat(cell, 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		p.fail(line, field, "not a number: %q", cell)
		return 0, false
	}
	if x < 0 || x > Scale {
		p.fail(line, field, "must be in [0,100], got %g", x)
		return 0, false
	}
	return x, true
}

// columns maps a header's columns to their indices, reporting unknown and
// repeated columns and missing required ones.
func (p *parser) columns(head record, required, optional []string) map[string]int {
	known := map[string]bool{}
	for _, c := range append(append([]string{}, required...), optional...) {
		known[c] = true
	}
	cols := map[string]int{}
	for i, c := range head.cells {
		key := strings.ToLower(c)
		if !known[key] {
			p.fail(head.line, c, "unknown column, want %s", strings.Join(append(append([]string{}, required...), optional...), ", "))
			continue
		}
		if _, dup := cols[key]; dup {
			p.fail(head.line, key, "repeated column")
			continue
		}
		cols[key] = i
	}
	for _, c := range required {
		if _, ok := cols[c]; !ok {
			p.fail(head.line, c, "missing column")
		}
	}
	return cols
}

// actor reads the capability, position and salience cells of an actor.
func (p *parser) actor(line int, name string, cap, pos, sal, posField, salField string) (Input, bool) {
	a := Input{Name: name, Line: line}
	ok := true
	if name == "" {
		p.fail(line, "actor", "missing name")
		ok = false
	}
	var good bool
	if a.Capability, good = p.value(line, "capability", cap, 0, math.Inf(1)); !good {
		ok = false
	}
	if a.Position, good = p.value(line, posField, pos, 0, Scale); !good {
		ok = false
	}
	if a.Salience, good = p.value(line, salField, sal, 0, Scale); !good {
		ok = false
	}
	return a, ok
}

// check validates an issue as a whole: its size, repeated actors, and
// that some actor has weight.
func (p *parser) check(is *Issue, line int) {
	if len(is.Actors) > MaxActors {
		p.fail(line, "actor", "issue %q has %d actors, more than the %d allowed", is.Name, len(is.Actors), MaxActors)
		return
	}
	seen := map[string]int{}
	weight := false
	for _, a := range is.Actors {
		if prev, dup := seen[a.Name]; dup {
			p.fail(a.Line, "actor", "%q repeats line %d", a.Name, prev)
		}
		seen[a.Name] = a.Line
		_, chi := a.Capability.Bounds()
		_, shi := a.Salience.Bounds()
		if chi > 0 && shi > 0 {
			weight = true
		}
	}
	if !weight && len(is.Actors) > 0 {
		p.fail(line, "capability", "no actor of issue %q has both capability and salience above zero, so there is nothing to forecast", is.Name)
	}
}
