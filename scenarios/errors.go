package scenarios

import (
	"errors"
	"fmt"
	"strings"
)

// ErrInvalid is wrapped by every error about the content of a scenario.
var ErrInvalid = errors.New("invalid scenario")

// FieldError is one problem in a scenario file.
type FieldError struct {
	File      string // the file's path, or "bundled:NAME"
	Line, Col int    // 1-based; 0 when unknown
	Field     string // the field path, e.g. "parties.russia.reservation"
	Msg       string // what is wrong and what is allowed
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Col > 0 {
			fmt.Fprintf(&b, ":%d", e.Col)
		}
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

// Errors is every problem found in a scenario, in file order.
type Errors []*FieldError

// MaxErrors caps how many problems one load reports.
const MaxErrors = 20

func (es Errors) Error() string {
	var b strings.Builder
	if len(es) > 1 {
		fmt.Fprintf(&b, "%d problems in scenario:\n  ", len(es))
	}
	for i, e := range es {
		if i > 0 {
			b.WriteString("\n  ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap gives errors.Is and errors.As access to every FieldError.
func (es Errors) Unwrap() []error {
	out := make([]error, len(es))
	for i, e := range es {
		out[i] = e
	}
	return out
}

// Suggest returns `; did you mean "x"?` for the candidate nearest to s (by
// edit distance), if one is near enough to be a likely typo, else "".
func Suggest(s string, candidates []string) string { return suggest(s, candidates) }

// suggest is Suggest.
func suggest(s string, candidates []string) string {
	best, bestD := "", 1<<30
	for _, c := range candidates {
		if d := editDistance(s, c); d < bestD {
			best, bestD = c, d
		}
	}
	if best == "" || bestD > max(2, len(s)/3) {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	// Ids are short: rows on the stack spare suggest, which may compare
	// a thousand ids, an allocation per comparison.
	var buf [2][32]int
	prev, cur := buf[0][:0], buf[1][:0]
	if len(b)+1 > len(buf[0]) {
		prev, cur = make([]int, 0, len(b)+1), make([]int, 0, len(b)+1)
	}
	prev, cur = prev[:len(b)+1], cur[:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
