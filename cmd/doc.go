// Package cmd is the negsim command line: a thin cobra layer over the
// scenarios, sim, analysis, explore and plots packages. Main runs it. The
// commands:
//
//	run          estimate the chance of agreement by Monte Carlo
//	trace        show one run round by round
//	analyze      the outcome space: zone of agreement, Pareto frontier,
//	             bargaining solutions
//	sweep        the chance of agreement across values of one or two
//	             parameters
//	sensitivity  which parameters move the chance of agreement most (one at
//	             a time and Sobol indices)
//	compare      two scenarios or variants on the same runs
//	             (sweep, sensitivity and compare take --metric: the
//	             comprehensive deal, or an agenda item's figures)
//	merge        combine the partial results of the shards of a run
//	             (--shard K/N, or a Kubernetes Indexed Job or Slurm job
//	             array) into the single-machine results (docs/scale-out.md)
//	plot         redraw the plots and the report from saved results
//	export       write a scenario as a GENIUS domain and profiles
//	forecast     spatial forecasting models (compromise, median, expected
//	             utility, KTAB-style) on BDM, KTAB or batch CSV files
//	validate     check a scenario file and report every problem
//	scenarios    list the bundled scenarios
//	init         write a commented template scenario to start from
//	completion   a shell completion script (bash, zsh, fish, powershell):
//	             bundled scenarios, variants and --set/--param keys
//	serve        a local web page: move any parameter and watch the
//	             results move (docs/serve.md)
//	schema       print the JSON Schema of scenario files or of an output
//
// Settings come, from lowest to highest precedence, from defaults, the
// scenario file, NEGSIM_* environment variables (NEGSIM_RUNS, NEGSIM_SEED,
// NEGSIM_WORKERS), flags, and --set key=value overrides of scenario fields.
package cmd
