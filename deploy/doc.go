// Package deploy holds the examples that run negsim's shards on a
// scheduler: a Kubernetes Indexed Job (kubernetes/) and a Slurm job array
// (slurm/), walked through in docs/scale-out.md. It is a module of its own
// so that its test can decode the manifests into the Kubernetes API types
// without negsim depending on them; it has no code.
package deploy
