package spatial

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// Kind is the kind of a Value.
type Kind int

// Kinds of Value.
const (
	Fixed      Kind = iota // a plain number, A
	Uniform                // uniform on [A, B]
	Triangular             // triangular with minimum A, mode B and maximum C
	Normal                 // normal with mean A and standard deviation B, truncated to the field's range
)

// Value is an input that is either a fixed number or a distribution over
// the numbers it may take. The zero Value is the fixed number 0.
type Value struct {
	Kind    Kind
	A, B, C float64
}

// Num returns the fixed Value x.
func Num(x float64) Value { return Value{Kind: Fixed, A: x} }

// IsFixed reports whether v is a plain number.
func (v Value) IsFixed() bool { return v.Kind == Fixed }

// Median returns v's median: the number itself when v is fixed.
func (v Value) Median() float64 { return v.Quantile(0.5) }

// Quantile returns v's p-quantile, p in [0,1], with gonum's distuv
// distributions. A fixed value is its own quantile.
func (v Value) Quantile(p float64) float64 {
	switch v.Kind {
	case Uniform:
		return distuv.Uniform{Min: v.A, Max: v.B}.Quantile(p)
	case Triangular:
		return distuv.NewTriangle(v.A, v.C, v.B, nil).Quantile(p)
	case Normal:
		// Quantile of the normal is ±Inf at 0 and 1; callers clamp.
		return distuv.Normal{Mu: v.A, Sigma: v.B}.Quantile(p)
	}
	return v.A
}

// within returns the p-quantile of v truncated to [lo, hi]: for a normal,
// the quantile of its restriction to [lo, hi] (drawn by inverting the CDF
// between F(lo) and F(hi)), as scenario files truncate normals; any other
// value is only clamped, its support being checked to lie in [lo, hi]
// when the file is read.
func (v Value) within(p, lo, hi float64) float64 {
	if v.Kind == Normal {
		n := distuv.Normal{Mu: v.A, Sigma: v.B}
		flo, fhi := float64(n.CDF(lo)), float64(n.CDF(hi))
		if fhi > flo {
			// n.Quantile written out, so that its Mu + Sigma·z is rounded
			// (no fused multiply-add; docs/model.md, Reproducibility).
			z := mathext.NormalQuantile(flo + float64(p*(fhi-flo)))
			return clamp(v.A+float64(v.B*z), lo, hi)
		}
	}
	return clamp(v.Quantile(p), lo, hi)
}

// Bounds returns the smallest and largest numbers v can take (±Inf for a
// normal).
func (v Value) Bounds() (lo, hi float64) {
	switch v.Kind {
	case Uniform:
		return v.A, v.B
	case Triangular:
		return v.A, v.C
	case Normal:
		return math.Inf(-1), math.Inf(1)
	}
	return v.A, v.A
}

// String returns v in the form ParseValue reads.
func (v Value) String() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	switch v.Kind {
	case Uniform:
		return "uniform(" + g(v.A) + "," + g(v.B) + ")"
	case Triangular:
		return "tri(" + g(v.A) + "," + g(v.B) + "," + g(v.C) + ")"
	case Normal:
		return "normal(" + g(v.A) + "," + g(v.B) + ")"
	}
	return g(v.A)
}

// ParseValue reads a CSV cell: a number ("40"), uniform(min,max),
// tri(min,mode,max) or normal(mean,sd). Spaces are ignored and names are
// matched without regard to case. It returns an error that describes the
// cell for anything else, or for parameters out of order.
func ParseValue(cell string) (Value, error) {
	s := strings.ToLower(strings.Join(strings.Fields(cell), ""))
	if s == "" {
		return Value{}, fmt.Errorf("empty, want a number or a distribution")
	}
	open := strings.IndexByte(s, '(')
	if open < 0 {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return Value{}, fmt.Errorf("not a number or distribution: %q", cell)
		}
		return Num(x), nil
	}
	if !strings.HasSuffix(s, ")") {
		return Value{}, fmt.Errorf("unclosed parenthesis: %q", cell)
	}
	name, args := s[:open], strings.Split(s[open+1:len(s)-1], ",")
	var want int
	var kind Kind
	switch name {
	case "uniform", "u":
		kind, want = Uniform, 2
	case "tri", "triangular":
		kind, want = Triangular, 3
	case "normal", "n":
		kind, want = Normal, 2
	default:
		return Value{}, fmt.Errorf("unknown distribution %q, want uniform(min,max), tri(min,mode,max) or normal(mean,sd)", name)
	}
	if len(args) != want {
		return Value{}, fmt.Errorf("%s takes %d numbers, got %d: %q", name, want, len(args), cell)
	}
	var p [3]float64
	for i, a := range args {
		x, err := strconv.ParseFloat(a, 64)
		if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
			return Value{}, fmt.Errorf("%s: %q is not a number", name, a)
		}
		p[i] = x
	}
	v := Value{Kind: kind, A: p[0], B: p[1], C: p[2]}
	switch {
	case kind == Uniform && !(v.A < v.B):
		return Value{}, fmt.Errorf("uniform(min,max) needs min < max, got %q", cell)
	case kind == Triangular && !(v.A <= v.B && v.B <= v.C && v.A < v.C):
		return Value{}, fmt.Errorf("tri(min,mode,max) needs min <= mode <= max and min < max, got %q", cell)
	case kind == Normal && !(v.B > 0):
		return Value{}, fmt.Errorf("normal(mean,sd) needs sd > 0, got %q", cell)
	}
	return v, nil
}
