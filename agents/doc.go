// Package agents models the parties to a negotiation: their additive
// preferences over packages, red lines, reservation values and the
// strategies that set what each demands, offers and accepts round by round.
//
// # Preferences
//
// A package assigns one option to every issue. A party's utility for a
// package is additive (Keeney & Raiffa 1976; the form GENIUS and NegMAS use
// for discrete domains): the sum over issues of the weight times the
// option's value, with weights summing to 1 and values in [0,1], so utility is
// in [0,1]. A red line is an option the party never accepts, whatever the rest
// of the package. The reservation value is the utility of no agreement (the
// war going on); a party never accepts a package worth less to it.
//
// # Strategies
//
// Every strategy sets an aspiration: the utility the party demands at a given
// round. Offers are built to give the party at least its aspiration, and the
// acceptance rule is AC_next (Baarslag, Hindriks & Jonker 2014): accept a
// proposal when it is worth at least what the party would itself demand now,
// and at least the reservation value, and breaks none of its red lines.
//
//   - Time-dependent (Faratin, Sierra & Jennings 1998): the aspiration falls
//     from the party's best utility to its reservation value as the deadline
//     nears, α(t) = k + (1-k)(t/T)^(1/β), aspiration = max - α(t)(max - min).
//     β < 1 is Boulware (holds out, concedes late; GENIUS uses β = 0.2),
//     β = 1 linear, β > 1 Conceder (GENIUS: β = 2).
//   - Tit-for-tat (Faratin et al.'s imitative tactic, in utility terms): the
//     party lowers its aspiration by Rate times the improvement, in its own
//     utility, of the proposals it receives, plus an optional minimum
//     concession per round. Two tit-for-tat parties that both wait deadlock,
//     as they do in the paper.
//   - Hard-liner: a constant aspiration a fraction Target of the way from its
//     reservation value to its best (Target = 1 demands its best package).
//
// # Offers
//
// A drafter (a party making an offer, or a mediator drafting a text) looks
// for a package that gives itself at least its aspiration and minimises the
// largest gap between the others' estimated demands and their utilities;
// ties go to the package better for the drafter. Space does this exactly by
// scanning a tabulated outcome space (for small spaces). Planner does it
// without enumerating: dual ascent with multiplicative weights (Arora, Hazan
// & Kale 2012) over Propose, which maximises a weighted sum of the others'
// utilities subject to the drafter's own target by a greedy walk on the
// Lagrangian hull, then a hill-climb on the criterion. Its cost is
// O(issues × options × parties) per iteration.
package agents
