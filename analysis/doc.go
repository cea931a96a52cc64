// Package analysis maps the outcome space of a negotiation: which packages
// every party whose consent is needed would accept, which are Pareto
// optimal, and where the classic bargaining solutions lie.
//
// # Concepts
//
// A package settles every issue at one of its options (agents.Party.Utility
// values it). A Problem names the parties whose consent an agreement needs
// (Consent) and those at the table (Table); the frontier and the solutions
// are over the table parties' utilities.
//
//   - A package is allowed when it crosses no red line of a consenting party
//     (agents.Party.Breaks).
//   - The ZOPA, the zone of possible agreement, is the set of allowed
//     packages that give every consenting party j at least its reservation
//     value on the utility its consent is judged on
//     (agents.Party.ConsentUtility). When it is empty, a Blocker names a
//     party whose reservation value alone, or whose red lines alone, empty
//     it: dropping that one constraint makes the ZOPA non-empty.
//   - The Pareto frontier is the set of allowed packages that no allowed
//     package weakly dominates on the table parties' utilities (at least as
//     good for all, better for one).
//
// # Bargaining solutions
//
// Each is a package of the ZOPA, with the disagreement point d_i the table
// party's reservation value:
//
//   - Nash (1950): maximise Π_i (u_i − d_i).
//   - Weighted (asymmetric) Nash: maximise Π_i (u_i − d_i)^{w_i}, with w_i the
//     party's Power (a Power ≤ 0 counts as 1).
//   - Kalai–Smorodinsky (1975): maximise min_i (u_i − d_i)/(ideal_i − d_i),
//     with ideal_i the best utility party i gets in the ZOPA (a party whose
//     ideal equals its d_i counts with ratio 1). On a discrete outcome space
//     the equal-ratio point of the original definition need not exist; the
//     max–min ratio is its usual discrete counterpart.
//   - Utilitarian: maximise Σ_i u_i.
//   - Egalitarian: maximise min_i (u_i − d_i).
//
// Ties are broken by the larger Σ_i u_i and then by the lexicographically
// smallest package, so every solution is unique and every algorithm below
// finds the same one. With the Σ u_i tie-break every solution is Pareto
// optimal within the ZOPA (up to rounding in the last bit of the sums).
//
// ParetoGap measures how far a package (an agreement, say) is from the
// frontier: the largest δ ≥ 0 such that some allowed package gives every
// table party at least δ more. It is 0 exactly when the package is weakly
// Pareto optimal.
//
// # Algorithms
//
// Spaces of at most Options.MaxEnumerate packages are enumerated in mixed
// radix, with utilities kept as prefix sums over the issues, so that each
// package costs a few additions and nothing is allocated per package. The
// frontier is filtered on the fly by an archive of the nondominated vectors
// found so far, so its memory grows with the frontier, not the space; its
// cost is at worst proportional to packages × frontier size (about a second
// for 2^21 packages and five table parties, milliseconds for two or
// three).
//
// The Pareto frontier (ParetoFrontier, and Analyze's) is enumerated depth
// first in the same order and with the same sums, skipping every subtree
// for which some archived vector is better, for every table party, than
// the best any package of the subtree can give that party (its set issues,
// the best allowed option of every other issue and every positive
// interaction term, widened by the margin below): its packages are all
// strictly dominated. With two table parties the archive is a staircase
// (decreasing first utility, increasing second) searched by bisection.
// Utility vectors are compared exactly as computed, in float64, never
// rounded to a tolerance: two packages whose utilities differ only in the
// last bits (the same weights summed in another order) are two vectors, and
// the larger dominates. Rounding would not be transitive at its boundaries,
// and would disagree with every other comparison negsim makes (acceptance,
// the ZOPA, Pareto gaps).
//
// An Archive answers the Monte Carlo's per-run questions when the
// consenting parties' utilities do not change between runs, only their
// reservation values: it keeps, from one enumeration, the packages no
// other allowed package weakly dominates from earlier in lexicographic
// order or with a larger Σu at the table (the consenting parties' frontier
// and the few dominated packages that can still win a tie-break), and
// answers each question by scanning them, to the bit as the Searcher
// would (see Archive for why).
//
// Larger spaces are searched by depth-first branch and bound over the
// issues, ordered by decreasing spread of the consenting parties' utilities.
// A node's bound on each party's utility is its assigned contribution plus
// the best allowed option of every unassigned issue plus the interaction
// terms that can still hold (max(U, 0) for a pair still possible, the exact
// term once both issues are set). A node is pruned when a consent
// constraint's bound falls below its reservation value; when the surrogate
// constraint Σ_j μ_j (u_j − r_j) ≥ 0 cannot hold, with μ on the simplex
// chosen at the root by multiplicative weights (Arora, Hazan & Kale 2012);
// or when the objective's bound does not beat the incumbent. Every
// objective is nondecreasing in each u_i, so evaluating it at the parties'
// bounds bounds it. A second, Lagrangian bound uses a weighted sum of the
// gains plus multiplied constraint slacks, Σ_t λ_t g_t + Σ_j μ_j (u_j − r_j),
// whose maximum is separable over issues: for the Nash products by the
// weighted AM–GM inequality, with λ tangent to the objective's level set at
// the incumbent; for the max–min objectives because any convex combination
// of the ratios bounds their minimum, with λ chosen by multiplicative
// weights; μ by projected subgradient steps of Polyak's size aimed at the
// incumbent (Held & Karp 1971). Options are tried best bound first, so good
// incumbents come early; the searches over the ZOPA start from the package
// the existence search found. Ideal points are found the same way before
// Kalai–Smorodinsky. The ZOPA's existence is a search that stops at its
// first package.
//
// The ZOPA's size is counted by iterative deepening: pass L adds every
// subtree above depth L whose lower bounds prove all its completions
// feasible (the product of the remaining allowed options, without visiting
// them) and leaves the others undecided; the pass that leaves nothing
// undecided gives the exact count, every earlier one a lower bound.
//
// Bounds are widened by a margin far above rounding error (1e-9 of the
// utilities' scale) and leaves are evaluated exactly as
// agents.Party.ConsentUtility does, so branch and bound and enumeration
// return bit-identical results.
//
// # Fallbacks
//
// Every search stops after Options.NodeBudget nodes. A stopped search
// returns the best it has found, and the result says so (Report.Approximate
// with a note, or exact = false from a Searcher): an objective search
// returns its incumbent, a package of the ZOPA not proven optimal; the
// existence search reports no ZOPA, unproven; a blocker search that stops
// names nobody. Counting the ZOPA is #P-hard in general, and on large
// spaces with a ZOPA of intermediate size an exact count is usually out of
// reach: counting stops early, with the lower bound of its last pass
// (ZOPA.SizeExact = false; at least 1 when the ZOPA exists), as soon as the
// undecided subtrees, growing two more levels at their current rate, would
// exceed what is left of the budget; any exact count must expand them all.
// The Pareto frontier is computed only by enumeration.
//
// # References
//
//   - Nash (1950), "The bargaining problem", Econometrica 18.
//   - Kalai & Smorodinsky (1975), "Other solutions to Nash's bargaining
//     problem", Econometrica 43.
//   - Raiffa (1982), The Art and Science of Negotiation, Harvard University
//     Press (the zone of possible agreement).
//   - Arora, Hazan & Kale (2012), "The multiplicative weights update
//     method", Theory of Computing 8.
//   - Held & Karp (1971), "The traveling-salesman problem and minimum
//     spanning trees: part II", Mathematical Programming 1 (subgradient
//     optimisation of Lagrangian bounds).
package analysis
