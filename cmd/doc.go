// Package cmd is the negsim command line: a thin cobra layer over the
// scenarios, sim and plots packages. Main runs it; the commands are run,
// trace, validate and scenarios.
//
// Settings come, from lowest to highest precedence, from defaults, the
// scenario file, NEGSIM_* environment variables (NEGSIM_RUNS, NEGSIM_SEED,
// NEGSIM_WORKERS), flags, and --set key=value overrides of scenario fields.
package cmd
