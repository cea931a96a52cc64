// Package sim simulates negotiations under a protocol and estimates by Monte
// Carlo the chance of agreement and what agreements look like.
//
// A Scenario holds the issues, the parties with their (possibly random)
// parameters, the protocol, the deadline and the shocks. Runner.Run
// simulates one run; MonteCarlo runs many across goroutines and returns a
// Summary.
//
// # Protocols
//
//   - Mediated, Trilateral: a single negotiating text (Raiffa 1982, ch. 14)
//     drafted by a mediator that is itself a party with interests of its own
//     (Kydd 2003). Each round the mediator tables one text and every party
//     at the table answers it at once; refusals come as criticisms that tell
//     the mediator what the party needs, and it redrafts for the next round.
//   - Mediated, Shuttle: the mediator visits the parties one at a time and
//     redrafts after every refusal; a text is agreed when every party has
//     accepted the same text on consecutive visits.
//   - Alternating: multilateral stacked alternating offers (Aydoğan, Festen,
//     Hindriks & Jonker 2017): in turn, each party at the table accepts the
//     offer on the table or replaces it; an offer accepted by all the others
//     in the turns after it is agreed.
//
// Protocols are registered by name (RegisterProtocol) and move the Talks on
// round by round; docs/extending.md shows how to add one.
//
// # Agendas
//
// A scenario with an Agenda splits the talks into items agreed on their
// own, with status quos, preconditions, linkage conditions, agreements in
// force that lapse with a hazard or a shock, and a horizon after the talks
// (Fershtman 1990; In & Serrano 2004; Fortna 2003). Each open item gets a
// round of the protocol each round, on its own issues, with each member's
// floor its weight on the item times its reservation value. Summary.Agenda reports each
// item; P is then the chance of any agreement. The deadline may be
// uncertain (DeadlineDist, EndChance): parties concede against the
// expected end (Runner.Horizon).
//
// Outside parties whose consent is needed ratify an agreement reached at the
// table. Every round starts with reservation-value drift, shocks (which may
// end the talks) and walk-outs (a party whose reservation value exceeds the
// best it can get). Drafting and acceptance are in package agents; the full
// rules, with their assumptions, are in docs/model.md. Where a run's rounds
// until the first acceptance are a known function of time (two
// time-dependent parties under alternating offers, no drift, shocks, chance
// ending, agenda or trace), Run skips them by a search over rounds; this
// changes no result (skip.go).
//
// # Reproducibility
//
// All randomness of run i derives from (seed, i) through the SplitMix64
// mixer: each parameter draws from its own slot, so making one parameter
// random leaves the others' draws unchanged (common random numbers), and
// every in-run event draws from a fixed slot per (round, event) whether or
// not it fires, so raising an event's probability only adds events. MonteCarlo
// merges batch aggregates in run order, so its Summary is bit-identical for
// any number of workers, and its memory does not grow with the number of
// runs. Across architectures, products are rounded with float64(…) so that
// no compiler fuses them into multiply-adds; docs/model.md ("Across
// machines") says what that covers and what CI checks.
package sim
