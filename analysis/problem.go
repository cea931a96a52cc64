package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/negsim/negsim/agents"
)

// Problem is an outcome space to analyse: the issues, the parties with
// their parameters for one run, and whose consent and whose utilities count.
type Problem struct {
	// Issues lists every issue with its options; a package has one option
	// index per issue, in this order.
	Issues []agents.Issue
	// Parties are the parties, with SetConsent already called.
	Parties []agents.Party
	// Consent lists the indices of the parties whose consent an agreement
	// needs (no repeats).
	Consent []int
	// Table lists the indices of the parties at the table (at least one, no
	// repeats, each in Consent with Role AtTable): the frontier and the
	// solutions are over their utilities, in this order.
	Table []int
}

// ErrProblem is wrapped by the errors of Problem.Check.
var ErrProblem = errors.New("malformed problem")

// Check reports whether p is well formed: at least one issue, each with at
// least one option; every party's Utils and RedLine (and, for consenting
// parties, Consent, as set by SetConsent) shaped like the issues, with
// finite values; interaction terms naming existing options; Consent and
// Table as documented on Problem; finite reservation values and powers. Its
// errors wrap ErrProblem and name the faulty field.
func (p *Problem) Check() error {
	if err := p.checkIssues(); err != nil {
		return err
	}
	if len(p.Parties) == 0 {
		return problemError("parties", "no party")
	}
	for i := range p.Parties {
		if err := p.checkParty(i); err != nil {
			return err
		}
	}
	seen := make([]bool, len(p.Parties))
	for n, i := range p.Consent {
		if err := p.checkConsent(n, i, seen); err != nil {
			return err
		}
	}
	return p.checkTable()
}

// problemError returns the error of Check for field: it wraps ErrProblem.
func problemError(field, format string, a ...any) error {
	return fmt.Errorf("analysis: %s: %s: %w", field, fmt.Sprintf(format, a...), ErrProblem)
}

// checkIssues reports whether there is at least one issue and each has at
// least one option.
func (p *Problem) checkIssues() error {
	if len(p.Issues) == 0 {
		return problemError("issues", "no issue")
	}
	for k, is := range p.Issues {
		if len(is.Options) == 0 {
			return problemError(fmt.Sprintf("issues[%d]", k), "no option")
		}
	}
	return nil
}

// checkShape reports whether n(k), the length of field's row for issue k,
// is the number of options of issue k for every issue.
func (p *Problem) checkShape(field string, n func(k int) int) error {
	for k, is := range p.Issues {
		if n(k) != len(is.Options) {
			return problemError(fmt.Sprintf("%s[%d]", field, k), "%d options, want %d", n(k), len(is.Options))
		}
	}
	return nil
}

// checkValues reports whether every value of the table field (per issue,
// per option) is finite.
func checkValues(field string, table [][]float64) error {
	for k, row := range table {
		for o, u := range row {
			if math.IsNaN(u) || math.IsInf(u, 0) {
				return problemError(fmt.Sprintf("%s[%d][%d]", field, k, o), "value %v", u)
			}
		}
	}
	return nil
}

// checkPairs reports whether the interaction terms of field name existing
// issues and options and have finite values.
func (p *Problem) checkPairs(field string, pairs []agents.Pair) error {
	for n, q := range pairs {
		f := fmt.Sprintf("%s[%d]", field, n)
		if q.K1 < 0 || q.K1 >= len(p.Issues) || q.K2 < 0 || q.K2 >= len(p.Issues) {
			return problemError(f, "issue %d or %d out of range", q.K1, q.K2)
		}
		if q.O1 < 0 || q.O1 >= len(p.Issues[q.K1].Options) || q.O2 < 0 || q.O2 >= len(p.Issues[q.K2].Options) {
			return problemError(f, "option %d or %d out of range", q.O1, q.O2)
		}
		if math.IsNaN(q.U) || math.IsInf(q.U, 0) {
			return problemError(f, "value %v", q.U)
		}
	}
	return nil
}

// checkParty reports whether party i's Utils, RedLine and Pairs fit the
// issues and its values, reservation value and power are finite.
func (p *Problem) checkParty(i int) error {
	pt := &p.Parties[i]
	f := fmt.Sprintf("parties[%d]", i)
	if len(pt.Utils) != len(p.Issues) {
		return problemError(f+".utils", "%d issues, want %d", len(pt.Utils), len(p.Issues))
	}
	if len(pt.RedLine) != len(p.Issues) {
		return problemError(f+".redline", "%d issues, want %d", len(pt.RedLine), len(p.Issues))
	}
	if err := p.checkShape(f+".utils", func(k int) int { return len(pt.Utils[k]) }); err != nil {
		return err
	}
	if err := p.checkShape(f+".redline", func(k int) int { return len(pt.RedLine[k]) }); err != nil {
		return err
	}
	if err := checkValues(f+".utils", pt.Utils); err != nil {
		return err
	}
	if err := p.checkPairs(f+".pairs", pt.Pairs); err != nil {
		return err
	}
	if math.IsNaN(pt.Reservation) || math.IsInf(pt.Reservation, 0) {
		return problemError(f+".reservation", "value %v", pt.Reservation)
	}
	if math.IsNaN(pt.Power) || math.IsInf(pt.Power, 0) {
		return problemError(f+".power", "value %v", pt.Power)
	}
	return nil
}

// checkConsent reports whether Consent[n], party i, is in range and not
// repeated (seen marks the parties met so far, and checkConsent marks i),
// and whether the party's Consent, consent pairs and Controls, as set by
// SetConsent, fit the issues.
func (p *Problem) checkConsent(n, i int, seen []bool) error {
	f := fmt.Sprintf("consent[%d]", n)
	if i < 0 || i >= len(p.Parties) {
		return problemError(f, "party %d out of range", i)
	}
	if seen[i] {
		return problemError(f, "party %d repeated", i)
	}
	seen[i] = true
	pt := &p.Parties[i]
	pf := fmt.Sprintf("parties[%d].consent", i)
	if len(pt.Consent) != len(p.Issues) {
		return problemError(pf, "%d issues, want %d (SetConsent not called?)", len(pt.Consent), len(p.Issues))
	}
	if err := p.checkShape(pf, func(k int) int { return len(pt.Consent[k]) }); err != nil {
		return err
	}
	if err := checkValues(pf, pt.Consent); err != nil {
		return err
	}
	if err := p.checkPairs(fmt.Sprintf("parties[%d].consentpairs", i), pt.ConsentPairs()); err != nil {
		return err
	}
	for n, k := range pt.Controls {
		if k < 0 || k >= len(p.Issues) {
			return problemError(fmt.Sprintf("parties[%d].controls[%d]", i, n), "issue %d out of range", k)
		}
	}
	return nil
}

// checkTable reports whether Table names at least one party, each in range,
// once, in Consent and with Role AtTable.
func (p *Problem) checkTable() error {
	if len(p.Table) == 0 {
		return problemError("table", "no party at the table")
	}
	for n, i := range p.Table {
		f := fmt.Sprintf("table[%d]", n)
		switch {
		case i < 0 || i >= len(p.Parties):
			return problemError(f, "party %d out of range", i)
		case slices.Index(p.Table, i) != n:
			return problemError(f, "party %d repeated", i)
		case !slices.Contains(p.Consent, i):
			return problemError(f, "party %d not in consent", i)
		case p.Parties[i].Role != agents.AtTable:
			return problemError(f, "party %d has role %v", i, p.Parties[i].Role)
		}
	}
	return nil
}

// Options tunes the analysis. A nil *Options, or a zero field, means the
// default.
type Options struct {
	// MaxEnumerate is the largest outcome space (in packages) that is
	// enumerated rather than searched by branch and bound; default 1<<21.
	// A negative value never enumerates.
	MaxEnumerate int64
	// NodeBudget is the most branch-and-bound nodes one search may visit;
	// default 10^7. A search that reaches it stops with the best found so
	// far (see the package documentation, Fallbacks).
	NodeBudget int64
	// MaxArchive is the most packages NewArchive collects (those no
	// earlier package weakly dominates); default 4096. It fails with
	// ErrTooLarge beyond it.
	MaxArchive int
}

// Default option values.
const (
	DefaultMaxEnumerate = 1 << 21
	DefaultNodeBudget   = 10_000_000
	DefaultMaxArchive   = 4096
)

func (o *Options) values() (maxEnum, budget int64) {
	maxEnum, budget = DefaultMaxEnumerate, DefaultNodeBudget
	if o == nil {
		return maxEnum, budget
	}
	if o.MaxEnumerate != 0 {
		maxEnum = o.MaxEnumerate
	}
	if o.NodeBudget > 0 {
		budget = o.NodeBudget
	}
	return maxEnum, budget
}

func (o *Options) maxArchive() int {
	if o == nil || o.MaxArchive <= 0 {
		return DefaultMaxArchive
	}
	return o.MaxArchive
}
