package spatial

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// ktab reads KTAB's SMP CSV: a first line with the scenario's name,
// description, number of actors and number of dimensions; a header
// Actor,Description,Power (any name) and a position and salience column
// per dimension; then one actor per line. Trailing commas are allowed.
// Each dimension becomes an issue, in file order, named by its position
// column without the word "Position".
func (p *parser) ktab(set *Set, recs []record) {
	first := recs[0]
	// A header of a BDM or batch file with its first column misspelt
	// would otherwise be read as KTAB's first line, with a puzzling
	// complaint about the number of actors.
	looksLikeHeader := first.has("capability") || first.has("position") || first.has("salience")
	if len(first.cells) < 4 || looksLikeHeader {
		p.fail(first.line, "", "not a BDM, batch or KTAB SMP file: want a header Actor,Capability,Position,Salience, a header with issue,actor,capability,position,salience, or KTAB's first line name,description,actors,dimensions")
		return
	}
	set.Name, set.Description = first.cells[0], first.cells[1]
	nActors, err1 := strconv.Atoi(first.cells[2])
	nDims, err2 := strconv.Atoi(first.cells[3])
	if err1 != nil || nActors < 1 {
		p.fail(first.line, "actors", "want a whole number of actors, at least 1, got %q", first.cells[2])
	}
	if err2 != nil || nDims < 1 {
		p.fail(first.line, "dimensions", "want a whole number of dimensions, at least 1, got %q", first.cells[3])
	}
	if len(p.errs) > 0 {
		return
	}
	if len(recs) < 2 || !strings.EqualFold(recs[1].cell(0), "actor") {
		line := first.line + 1
		if len(recs) > 1 {
			line = recs[1].line
		}
		p.fail(line, "actor", "missing header: want Actor,Description,Power and a position and salience column per dimension")
		return
	}
	head := recs[1]
	if got := (len(head.cells) - 3) / 2; len(head.cells) < 3+2*nDims {
		p.fail(head.line, "dimensions", "header has %d position and salience column pairs, line %d says %d dimensions", max(0, got), first.line, nDims)
		return
	}
	field := func(kind string, d int) string {
		if nDims == 1 {
			return kind
		}
		return fmt.Sprintf("%s[%d]", kind, d+1)
	}
	issues := make([]Issue, nDims)
	for d := range issues {
		name := strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(head.cells[3+2*d], "Position"), "position"))
		if name == "" {
			name = head.cells[3+2*d]
		}
		issues[d] = Issue{Name: name, Outcome: math.NaN(), StatusQuo: math.NaN()}
	}
	rows := recs[2:]
	for _, r := range rows {
		if p.full() {
			return
		}
		if len(r.cells) < 3+2*nDims {
			d := max(0, (len(r.cells)-3)/2)
			kind := "position"
			if len(r.cells) > 3 && (len(r.cells)-3)%2 == 1 {
				kind = "salience"
			}
			if len(r.cells) < 3 {
				kind, d = "capability", -1
			}
			f := kind
			if d >= 0 {
				f = field(kind, d)
			}
			p.fail(r.line, f, "missing: the line has %d cells, want %d (actor, description, power, then a position and salience per dimension)", len(r.cells), 3+2*nDims)
			continue
		}
		var sum float64
		ok := true
		for d := range nDims {
			a, good := p.actor(r.line, r.cells[0], r.cells[2], r.cells[3+2*d], r.cells[4+2*d], field("position", d), field("salience", d))
			if !good {
				ok = false
				break
			}
			sum += a.Salience.Median()
			issues[d].Actors = append(issues[d].Actors, a)
		}
		if ok && sum > Scale+1e-9 {
			p.fail(r.line, "salience", "must sum to at most 100 over the %d dimensions, got %s", nDims, strconv.FormatFloat(sum, 'g', 10, 64))
		}
	}
	if len(p.errs) > 0 {
		return
	}
	if len(rows) != nActors {
		p.fail(first.line, "actors", "line %d says %d actors, the file has %d", first.line, nActors, len(rows))
	}
	for d := range issues {
		p.check(&issues[d], head.line)
	}
	set.Issues = issues
}
