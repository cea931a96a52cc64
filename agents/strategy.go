package agents

import (
	"fmt"
	"slices"
	"sort"
)

// Strategy sets what a party demands round by round. Every family is one
// type implementing it, in a file of its own, registered by name with
// Register (see timedependent.go, titfortat.go, hardliner.go); the
// simulator never names a family. A Strategy value holds its parameters and
// its state for one party in one run, so each party needs its own value.
type Strategy interface {
	// Set sets the drawn parameters, in the order of the family's Params,
	// and resets the state for a new run.
	Set(params []float64)
	// Aspiration returns the utility the party demands at time round of a
	// negotiation whose last round it expects at time deadline, given its
	// best attainable utility and its current floor (reservation value).
	// Time counts rounds from 0: the first of T rounds is at time 0, the
	// last at T − 1 (Faratin et al. 1998; GENIUS). Call it once per round and party:
	// a reactive strategy updates its state on each call. The result is in
	// [floor, best] when floor ≤ best, and is best when floor > best.
	Aspiration(round, deadline int, best, floor float64) float64
	// Observe records that the party received a proposal worth u to it.
	// Strategies that do not react to the others ignore it.
	Observe(u float64)
	// String describes the strategy with its parameters, for traces.
	String() string
}

// MaxParams is the largest number of parameters a family may take: a
// party's strategy draws its random parameters from this many fixed slots,
// so that changing one party's strategy never shifts another parameter's
// random numbers.
const MaxParams = 5

// ParamSpec describes one parameter of a strategy family.
type ParamSpec struct {
	// Name is the key in scenario files (lowercase, e.g. "beta").
	Name string
	// Default is the value when a scenario leaves the parameter out.
	Default float64
	// Required parameters have no default.
	Required bool
	// Lo and Hi bound the valid values.
	Lo, Hi float64
	// Locked parameters are always Default; a scenario may not set them
	// (the linear family's β = 1).
	Locked bool
}

// Family is a registered strategy family: its name in scenario files, its
// parameters and a constructor.
type Family struct {
	Name string
	// Params lists the parameters in the order Set takes them (at most
	// MaxParams).
	Params []ParamSpec
	// New returns a fresh Strategy of the family.
	New func() Strategy
	// Reactive families react to the proposals they receive (Observe); a
	// mediator with one receives only its own texts.
	Reactive bool
}

var families = map[string]Family{}

// Register makes a strategy family available by name. It panics if the
// name is taken, empty, or the family takes more than MaxParams
// parameters: these are programming errors, found at start-up.
func Register(f Family) {
	switch {
	case f.Name == "" || f.New == nil:
		panic("agents: Register: family without a name or constructor")
	case len(f.Params) > MaxParams:
		panic(fmt.Sprintf("agents: Register: family %q takes %d parameters, at most %d", f.Name, len(f.Params), MaxParams))
	}
	if _, dup := families[f.Name]; dup {
		panic(fmt.Sprintf("agents: Register: family %q registered twice", f.Name))
	}
	families[f.Name] = f
}

// Lookup returns the family registered under name.
func Lookup(name string) (Family, bool) {
	f, ok := families[name]
	return f, ok
}

// Families returns the names of the registered families, sorted.
func Families() []string {
	names := make([]string, 0, len(families))
	for n := range families {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Param returns the index of the named parameter in f.Params, or -1.
func (f Family) Param(name string) int {
	return slices.IndexFunc(f.Params, func(p ParamSpec) bool { return p.Name == name })
}

// Defaults returns the family's default parameter values, in order.
func (f Family) Defaults() []float64 {
	v := make([]float64, len(f.Params))
	for i, p := range f.Params {
		v[i] = p.Default
	}
	return v
}

// Build returns a new Strategy of the family set to the given parameter
// values (nil: the defaults).
func (f Family) Build(params []float64) Strategy {
	if params == nil {
		params = f.Defaults()
	}
	s := f.New()
	s.Set(params)
	return s
}
