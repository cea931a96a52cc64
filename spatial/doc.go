// Package spatial forecasts the outcome of political decisions on a 0–100
// issue scale from each actor's position, salience and capability, with
// the standard models of the field: the compromise model (the weighted
// mean), the weighted median, Bueno de Mesquita's expected-utility
// challenge model and a KTAB-style probabilistic Condorcet model.
//
// Each model is one type implementing Model, in a file of its own, and
// registers itself by name (see Register and New), so a new model is one
// new file. Forecast runs models on issues, by Monte Carlo over the inputs
// that are given as distributions, with one random source per draw derived
// from the seed and the draw's index, so results do not depend on the
// number of workers. Score compares predictions with known outcomes.
//
// Load reads the BDM CSV, KTAB's SMP CSV and a long batch CSV of many
// issues, and validates them as KTAB does; see docs/forecasting.md.
package spatial
