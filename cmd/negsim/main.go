// Command negsim simulates negotiations and estimates the chance of an
// agreement by Monte Carlo. See the README, or run negsim --help.
package main

import (
	"os"

	"github.com/negsim/negsim/cmd"
)

func main() { os.Exit(cmd.Main()) }
