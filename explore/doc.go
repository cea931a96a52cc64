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
// reached agreement; row j of every matrix shares run j's other randomness
// (shocks), which therefore counts as unexplained variance. Intervals are
// bootstrap percentiles over rows. Cost: N(k + 2) runs for k parameters.
package explore
