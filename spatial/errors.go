package spatial

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every *FieldError: the input file is invalid.
var ErrInvalid = errors.New("invalid input")

// FieldError is a problem with one field of an input file, at a line.
type FieldError struct {
	File  string // the file's name as given
	Line  int    // 1-based; 0 when the problem is the whole file
	Field string // e.g. "salience", "salience[2]", "outcome"; "" for the file
	Msg   string // what is wrong and what is allowed
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Msg)
	return b.String()
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Errors is every problem found in an input file, in file order, up to
// maxErrors.
type Errors []*FieldError

// maxErrors bounds the problems reported for one file.
const maxErrors = 20

func (es Errors) Error() string {
	lines := make([]string, len(es))
	for i, e := range es {
		lines[i] = e.Error()
	}
	s := strings.Join(lines, "\n")
	if len(es) >= maxErrors {
		s += "\n(stopped after " + fmt.Sprint(maxErrors) + " problems)"
	}
	return s
}

// Unwrap returns the problems, so errors.As finds the first *FieldError
// and errors.Is finds ErrInvalid.
func (es Errors) Unwrap() []error {
	errs := make([]error, len(es))
	for i, e := range es {
		errs[i] = e
	}
	return errs
}
