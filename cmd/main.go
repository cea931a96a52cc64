package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"
)

// Version is negsim's version, recorded in every result file.
const Version = "0.1.0"

// Exit statuses.
const (
	exitOK          = 0
	exitError       = 1
	exitInterrupted = 130
)

// errInterrupted marks a run stopped by a signal.
var errInterrupted = errors.New("interrupted")

// Main runs the command line with os.Args and returns the exit status.
// The first Ctrl-C (SIGINT) or SIGTERM cancels the work, which stops
// promptly and writes the results of the runs completed so far, marked
// partial; a second one exits at once.
func Main() int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sigs := make(chan os.Signal, 2)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	go func() {
		if _, ok := <-sigs; !ok {
			return
		}
		fmt.Fprintln(os.Stderr, "negsim: interrupted; stopping and writing partial results (interrupt again to quit at once)")
		cancel()
		if _, ok := <-sigs; ok {
			os.Exit(exitInterrupted)
		}
	}()
	return Run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// Run runs the command line with args, writing to stdout and stderr, and
// returns the exit status. Errors are printed as one message, never as a
// stack trace.
func Run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot()
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	if err := root.ExecuteContext(ctx); err != nil {
		fmt.Fprintf(stderr, "negsim: %v\n", err)
		if errors.Is(err, errInterrupted) {
			return exitInterrupted
		}
		return exitError
	}
	return exitOK
}

func newRoot() *cobra.Command {
	root := &cobra.Command{
		Use:   "negsim",
		Short: "Simulate negotiations and estimate the chance of agreement",
		Long: `negsim models each party to a negotiation as an agent with preferences over
the issues on the table, simulates the negotiation under a protocol, and
estimates by Monte Carlo the chance of agreement and what the agreement
looks like.

With no scenario argument, commands use the bundled scenario ` + "`ukraine-2025-03`" + `.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Version:       Version,
	}
	root.AddCommand(newRunCmd(), newTraceCmd(), newAnalyzeCmd(), newSweepCmd(), newSensitivityCmd(), newCompareCmd(), newPlotCmd(), newExportCmd(), newValidateCmd(), newScenariosCmd(), newForecastCmd(), newInitCmd(), newServeCmd(), newSchemaCmd(), newMergeCmd())
	return root
}
