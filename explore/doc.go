// Package explore answers "what moves the result?": parameter sweeps,
// one-at-a-time and variance-based sensitivity, and paired comparisons of
// scenario variants, all on common random numbers.
//
// Common random numbers (Law & Kelton, Simulation Modeling and Analysis):
// every estimate uses the same seed, and in package sim a run's draws come
// from (seed, run, parameter slot), so two variants differ in run i only
// through what was changed. Differences between sweep points, and between
// compared variants, are therefore not noise from different random draws;
// comparing a scenario with itself gives a difference of exactly 0.
//
// Variance-based sensitivity follows Saltelli et al. (2010): matrices A and
// B of N Latin-hypercube samples (gonum's samplemv.LatinHypercube) over the
// unit hypercube of the random parameters' quantiles; A_B^(i) is A with
// column i from B. First-order effect V_i ≈ (1/N) Σ_j f(B)_j (f(A_B^(i))_j −
// f(A)_j); total effect (Jansen 1999) E_i ≈ (1/2N) Σ_j (f(A)_j −
// f(A_B^(i))_j)²; both divided by Var(f). The output f is whether the run
// reached agreement. Row j of A and of every A_B^(i) is simulated as run j,
// row j of B as run N + j, so the rest of a run's randomness (shocks) acts
// like an input drawn with A and never swapped: its share of the variance
// is in no parameter's index, and its interactions with parameter i count
// in i's total only. Intervals are bootstrap percentiles over rows. Cost:
// N(k + 2) runs for k parameters. SobolModel runs the same estimator on any
// function of uniform inputs; its tests check it on the Ishigami function.
//
// The estimates carry sampling error at finite N: a first-order index above
// its total, or an estimate or bound below 0, is that error (in theory 0 ≤
// S_i ≤ S_Ti ≤ 1), and the intervals show how large it is. It is most
// visible for a parameter that acts almost alone (S_i ≈ S_Ti) or hardly at
// all (S_i ≈ 0): on the Ishigami function, where S₂ = S_T2 exactly, N =
// 8192 with seed 1 gives S₂ = 0.447 above S_T2 = 0.444, and S₃ = 0 an
// interval from about −0.02. Estimates are reported unclamped; more samples
// shrink the error as 1/√N.
package explore
