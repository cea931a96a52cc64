package plots

import (
	"errors"
	"fmt"
	"math"
	"strconv"
)

// Errors that the plots of results (Convergence, SweepLine, SweepHeatmap,
// TopPackages, OptionShares, UtilityBoxes, Tornado and SobolBars) wrap in a
// *DataError, besides ErrRange, ErrInterval and ErrNotFinite.
var (
	// ErrNoData means that a plot was given nothing to draw.
	ErrNoData = errors.New("no data")
	// ErrMismatch means that two arguments that go together differ in
	// length.
	ErrMismatch = errors.New("lengths differ")
	// ErrOrder means that values that must be strictly increasing are not.
	ErrOrder = errors.New("not strictly increasing")
	// ErrNotPositive means that a count that must be at least 1 is not.
	ErrNotPositive = errors.New("not positive")
	// ErrSum means that shares of one whole add up to more than 1.
	ErrSum = errors.New("shares add up to more than 1")
)

// DataError reports an invalid argument given to a plot of results. Its
// message names the place as Field, #Index and .Inner, from 1: "shares #2.3"
// is shares[1][2], and "p #2" is p[1], a value or an inner slice.
type DataError struct {
	Plot  string // the function, such as "Tornado"
	Field string // the argument, such as "low"
	Index int    // position in Field, from 1; 0 if the whole argument is bad
	Inner int    // position within Field[Index-1], from 1, for slices of slices; else 0
	Name  string // the name of what is at fault (label, party, issue, option or parameter), if known
	Err   error  // wraps ErrNoData, ErrMismatch, ErrOrder, ErrNotPositive, ErrSum, ErrRange, ErrInterval or ErrNotFinite
}

func (e *DataError) Error() string {
	place := e.Field
	if e.Index > 0 {
		place += " #" + strconv.Itoa(e.Index)
		if e.Inner > 0 {
			place += "." + strconv.Itoa(e.Inner)
		}
	}
	if e.Name != "" {
		place += " (" + strconv.Quote(e.Name) + ")"
	}
	return fmt.Sprintf("plots: %s: %s: %v", e.Plot, place, e.Err)
}

func (e *DataError) Unwrap() error { return e.Err }

// shareSlack is how far shares of one whole may add up past 1, for the
// rounding of sums of many fractions.
const shareSlack = 1e-9

// checker validates the arguments of one plot and reports the first fault
// as a *DataError.
type checker struct {
	plot string
	err  error
}

// fail records a fault unless one is already recorded.
func (c *checker) fail(field string, index, inner int, name string, err error) {
	if c.err == nil {
		c.err = &DataError{Plot: c.plot, Field: field, Index: index, Inner: inner, Name: name, Err: err}
	}
}

// nonEmpty checks that field has n > 0 elements.
func (c *checker) nonEmpty(field string, n int) {
	if n == 0 {
		c.fail(field, 0, 0, "", ErrNoData)
	}
}

// length checks that field, at index (from 1, or 0 for a whole argument),
// has want elements.
func (c *checker) length(field string, index int, name string, got, want int) {
	if got != want {
		c.fail(field, index, 0, name, fmt.Errorf("%d values, want %d: %w", got, want, ErrMismatch))
	}
}

// unit checks that the values of field are in [0,1]. index is the
// position of field within its parent (from 1) when it is an inner slice,
// else 0; names, if not nil, name the values.
func (c *checker) unit(field string, index int, v []float64, names []string) {
	for i, x := range v {
		if !(x >= 0 && x <= 1) { // also catches NaN
			at, in := i+1, 0
			if index > 0 {
				at, in = index, i+1
			}
			c.fail(field, at, in, nameAt(names, i), fmt.Errorf("%v %w", x, ErrRange))
			return
		}
	}
}

// finite checks that the values of field are neither NaN nor infinite.
func (c *checker) finite(field string, v []float64, names []string) {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			c.fail(field, i+1, 0, nameAt(names, i), fmt.Errorf("%v: %w", x, ErrNotFinite))
			return
		}
	}
}

// increasing checks that the values of field are strictly increasing.
func (c *checker) increasing(field string, v []float64) {
	for i := 1; i < len(v); i++ {
		if !(v[i] > v[i-1]) {
			c.fail(field, i+1, 0, "", fmt.Errorf("%v after %v: %w", v[i], v[i-1], ErrOrder))
			return
		}
	}
}

// interval checks that lo[i] ≤ hi[i]; loField names lo in the error.
func (c *checker) interval(loField string, lo, hi []float64, names []string) {
	for i := range lo {
		if lo[i] > hi[i] {
			c.fail(loField, i+1, 0, nameAt(names, i), fmt.Errorf("%v, upper bound %v: %w", lo[i], hi[i], ErrInterval))
			return
		}
	}
}

// sum checks that shares, at index (from 1, or 0), add up to at most 1.
func (c *checker) sum(field string, index int, name string, shares []float64) {
	s := 0.0
	for _, v := range shares {
		s += v
	}
	if s > 1+shareSlack {
		c.fail(field, index, 0, name, fmt.Errorf("sum %v: %w", s, ErrSum))
	}
}

// band checks the optional interval bounds lo and hi of a curve of n
// probabilities: both nil, or both of length n, in [0,1] and lo ≤ hi.
func (c *checker) band(n int, lo, hi []float64) {
	if lo == nil && hi == nil {
		return
	}
	c.length("lo", 0, "", len(lo), n)
	c.length("hi", 0, "", len(hi), n)
	if c.err != nil {
		return
	}
	c.unit("lo", 0, lo, nil)
	c.unit("hi", 0, hi, nil)
	if c.err == nil {
		c.interval("lo", lo, hi, nil)
	}
}

// nameAt returns names[i], or "" if names is nil.
func nameAt(names []string, i int) string {
	if names == nil {
		return ""
	}
	return names[i]
}
