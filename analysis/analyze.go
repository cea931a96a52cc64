package analysis

import (
	"context"
	"fmt"
	"math"
	"slices"
)

// Report describes a Problem's outcome space.
type Report struct {
	// Packages is the number of packages (float64: it may exceed int64).
	Packages float64
	// Enumerated is true when every package was enumerated (at most
	// Options.MaxEnumerate of them); the results are then exact and
	// Frontier is set.
	Enumerated bool
	// Approximate is true when some search reached Options.NodeBudget;
	// Notes say which, and the package documentation (Fallbacks) what each
	// then returns.
	Approximate bool
	// Nodes is the number of branch-and-bound nodes visited (0 when
	// enumerated).
	Nodes int64
	ZOPA  ZOPA
	// Frontier is the Pareto frontier, or nil when the space was not
	// enumerated.
	Frontier *Frontier
	// Solutions holds one Solution per concept, in the order of Concepts.
	Solutions []Solution
	// Notes are remarks for people: what was not computed, what is
	// approximate.
	Notes []string
}

// ZOPA describes the zone of possible agreement.
type ZOPA struct {
	// Exists reports whether the ZOPA has a package (false also when the
	// search for one reached the node budget; Report.Approximate says so).
	Exists bool
	// Size is the number of packages in the ZOPA; a lower bound when
	// SizeExact is false (node budget reached, or more than math.MaxInt64,
	// where it saturates).
	Size      int64
	SizeExact bool
	// Ideal[t] is the highest utility table party Table[t] gets in the ZOPA
	// (nil when it is empty).
	Ideal []float64
	// Blockers, when the ZOPA is empty, name the parties whose reservation
	// value alone, or whose red lines alone, empty it, in Consent order.
	Blockers []Blocker
}

// Blocker is a constraint that alone empties the ZOPA: without it, the
// ZOPA would not be empty.
type Blocker struct {
	// Party is the party's index in Problem.Parties.
	Party int
	// Reason is ReasonReservation or ReasonRedLine.
	Reason string
}

// Blocker reasons.
const (
	ReasonReservation = "reservation"
	ReasonRedLine     = "red line"
)

// Frontier is the Pareto frontier of the allowed packages over the table
// parties' utilities.
type Frontier struct {
	// Points has one entry per distinct utility vector on the frontier, by
	// decreasing utility of the first table party (then of the next...).
	Points []Point
	// Vectors is len(Points); Packages the number of packages on the
	// frontier (several packages may share a vector).
	Vectors  int
	Packages int64
}

// Point is a point of the frontier.
type Point struct {
	// Package is the lexicographically smallest package with this utility
	// vector.
	Package []int
	// Utility holds the table parties' utilities, in Table order.
	Utility []float64
}

// Solution is a bargaining solution.
type Solution struct {
	// Name is the concept's name (Concept.String).
	Name string
	// Found is false when the ZOPA is empty (or, with Report.Approximate,
	// no package of it was found).
	Found bool
	// Package is the solution (nil if not found).
	Package []int
	// Utility holds every party's utility (agents.Party.Utility) for it,
	// in Problem.Parties order (nil if not found).
	Utility []float64
}

// Analyze maps p's outcome space: the ZOPA (existence, size, ideal points,
// blockers), the Pareto frontier (when enumerated) and the bargaining
// solutions. It returns p.Check's error for a malformed problem, or
// ctx.Err() if ctx is cancelled (checked every few thousand nodes or
// packages). opt may be nil.
func Analyze(ctx context.Context, p *Problem, opt *Options) (*Report, error) {
	if err := p.Check(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	maxEnum, budget := opt.values()
	sp := newSpace(p)
	s := newSearch(sp, budget)
	s.ctx = ctx
	r := &Report{Packages: sp.packages}
	var err error
	if maxEnum >= 0 && sp.packages <= float64(maxEnum) {
		err = analyzeEnum(s, r)
	} else {
		r.Notes = append(r.Notes, fmt.Sprintf("Pareto frontier not computed: %.4g packages, more than MaxEnumerate", sp.packages))
		err = analyzeSearch(s, r)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// solution fills a Solution from an incumbent.
func solution(p *Problem, c Concept, in *incumbent) Solution {
	sol := Solution{Name: c.String(), Found: in.found}
	if in.found {
		sol.Package = slices.Clone(in.pkg)
		sol.Utility = make([]float64, len(p.Parties))
		for i := range p.Parties {
			sol.Utility[i] = p.Parties[i].Utility(sol.Package)
		}
	}
	return sol
}

// analyzeEnum analyses by enumeration: one pass over every package for the
// ZOPA, ideal points, blockers, frontier and every solution but
// Kalai–Smorodinsky, which needs the ideal points and takes a second pass
// over the allowed packages.
func analyzeEnum(s *search, r *Report) error {
	sp := s.sp
	nI, nC, nT := sp.nI, sp.nC, sp.nT
	r.Enumerated = true
	var obs [len(Concepts)]objective
	var incs [len(Concepts)]incumbent
	for i, c := range Concepts {
		obs[i] = newObjective(nT)
		obs[i].set(sp, c, nil)
		incs[i] = newIncumbent(nI, nT)
	}
	ideal := make([]float64, nT)
	for t := range ideal {
		ideal[t] = math.Inf(-1)
	}
	resBlock, redBlock := make([]bool, nC), make([]bool, nC)
	uT := make([]float64, nT)
	var size int64
	s.begin(modeFeasible, false, -1, -1)
	s.enumerate(true, func(nRed, whoRed int) bool {
		nRes, whoRes := 0, -1
		for c := range nC {
			if s.u[c] < sp.res[c] {
				nRes++
				whoRes = c
			}
		}
		switch {
		case nRed == 1 && nRes == 0:
			redBlock[whoRed] = true
		case nRed == 0 && nRes == 1:
			resBlock[whoRes] = true
		}
		if nRed > 0 {
			return true
		}
		if nRes > 0 {
			return true
		}
		for t, c := range sp.tableRow {
			uT[t] = s.u[c]
		}
		size++
		for t := range ideal {
			ideal[t] = max(ideal[t], uT[t])
		}
		for i, c := range Concepts {
			if c != KalaiSmorodinsky {
				incs[i].offer(obs[i].value(uT), true, s.pkg, uT)
			}
		}
		return true
	})
	if s.err != nil {
		return s.err
	}
	r.ZOPA = ZOPA{Exists: size > 0, Size: size, SizeExact: true}
	if size > 0 {
		r.ZOPA.Ideal = ideal
		s.obj.set(sp, KalaiSmorodinsky, ideal)
		s.begin(modeMax, true, -1, -1)
		s.enumerate(false, s.visitFn)
		if s.err != nil {
			return s.err
		}
		incs[KalaiSmorodinsky] = s.inc
	} else {
		for c := range nC {
			if resBlock[c] {
				r.ZOPA.Blockers = append(r.ZOPA.Blockers, Blocker{sp.rowParty[c], ReasonReservation})
			}
			if redBlock[c] {
				r.ZOPA.Blockers = append(r.ZOPA.Blockers, Blocker{sp.rowParty[c], ReasonRedLine})
			}
		}
	}
	for i, c := range Concepts {
		r.Solutions = append(r.Solutions, solution(sp.p, c, &incs[i]))
	}
	f, err := frontier(s.ctx, sp)
	if err != nil {
		return err
	}
	r.Frontier = f
	return nil
}

// analyzeSearch analyses by branch and bound.
func analyzeSearch(s *search, r *Report) error {
	sp := s.sp
	approx := func(what string) {
		r.Approximate = true
		r.Notes = append(r.Notes, what)
	}
	exists, exact := s.feasible(-1, -1, false)
	r.Nodes += s.nodes
	if s.err != nil {
		return s.err
	}
	if !exact {
		approx("no package of the ZOPA found within the node budget, nor its absence proven")
	}
	r.ZOPA.Exists = exists
	r.ZOPA.SizeExact = exact
	var incs [len(Concepts)]incumbent
	if exists {
		seed := slices.Clone(s.inc.pkg)
		n, ex := s.countZOPA()
		r.Nodes += s.nodes
		if s.err != nil {
			return s.err
		}
		r.ZOPA.Size, r.ZOPA.SizeExact = max(n, 1), ex
		switch {
		case s.countSat:
			r.Notes = append(r.Notes, "ZOPA size exceeds math.MaxInt64, reported as math.MaxInt64")
		case !ex:
			approx("ZOPA size is a lower bound: an exact count would exceed the node budget")
		}
		ideal := make([]float64, sp.nT)
		for t := range ideal {
			s.obj.kind, s.obj.t, s.obj.tie = objOne, t, false
			_, ex := s.maximize(false, seed)
			r.Nodes += s.nodes
			if s.err != nil {
				return s.err
			}
			if !ex {
				approx(fmt.Sprintf("ideal point of table party %d not proven within the node budget", t))
			}
			ideal[t] = s.inc.u[t]
		}
		r.ZOPA.Ideal = ideal
		for i, c := range Concepts {
			s.obj.set(sp, c, ideal)
			_, ex := s.maximize(false, seed)
			r.Nodes += s.nodes
			if s.err != nil {
				return s.err
			}
			if !ex {
				approx(c.String() + " solution not proven optimal within the node budget")
			}
			incs[i] = s.inc
			incs[i].pkg = slices.Clone(s.inc.pkg)
			incs[i].u = slices.Clone(s.inc.u)
		}
	} else if exact {
		try := func(c, skipRes, skipRed int, reason string) error {
			found, ex := s.feasible(skipRes, skipRed, false)
			r.Nodes += s.nodes
			if s.err != nil {
				return s.err
			}
			if !ex {
				approx(fmt.Sprintf("blocker check (%s of party %d) stopped by the node budget", reason, sp.rowParty[c]))
			}
			if found {
				r.ZOPA.Blockers = append(r.ZOPA.Blockers, Blocker{sp.rowParty[c], reason})
			}
			return nil
		}
		for c := range sp.nC {
			if err := try(c, c, -1, ReasonReservation); err != nil {
				return err
			}
			if sp.hasRed[c] {
				if err := try(c, -1, c, ReasonRedLine); err != nil {
					return err
				}
			}
		}
	}
	for i, c := range Concepts {
		r.Solutions = append(r.Solutions, solution(sp.p, c, &incs[i]))
	}
	return nil
}
