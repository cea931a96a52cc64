package cmd

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"
)

// Defaults of serve's limits.
const (
	defaultServeAddr    = "127.0.0.1:7878"
	defaultServeMaxRuns = 200_000
	defaultServeTimeout = 60 * time.Second
)

func newServeCmd() *cobra.Command {
	var sf scenarioFlags
	var addr string
	var maxRuns int
	var timeout time.Duration
	c := &cobra.Command{
		Use:   "serve [SCENARIO]",
		Short: "Tweak any parameter in the browser and watch the chance of agreement move",
		Long: `Serve starts a local web page for the scenario (a file, a bundled scenario's
name or a GENIUS domain with --profile, as run takes it). It prints the
page's address, with a random token that every request must carry, and
opens nothing by itself.

The page shows every numeric parameter with its range and its source or
assumption, and reruns the Monte Carlo as you move a slider: about 1,000
runs at once, then up to the chosen number, each change cancelling the
computation it supersedes. Its numbers are those of
"negsim run --set ... --seed S --runs N" for the same changes, which the
page lists and downloads (as --set flags, a scenario that extends this one,
or results.json). It also sweeps a parameter, ranks the parameters by
one-at-a-time sensitivity and traces one run. See docs/serve.md.

It binds 127.0.0.1 unless --addr says otherwise, reads no file but the
scenario and the files it extends, and writes none.`,
		Example: `  negsim serve
  negsim serve my-scenario.yaml --variant shuttle
  negsim serve --addr 127.0.0.1:0`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if maxRuns < 1 || maxRuns > MaxRuns {
				return fmt.Errorf("--max-runs: want 1 to %d, got %d", MaxRuns, maxRuns)
			}
			if timeout <= 0 {
				return fmt.Errorf("--timeout: want a positive duration, got %s", timeout)
			}
			s, err := newServer(serveConfig{
				ref: arg(args), variant: sf.variant, profiles: sf.profiles, sets: sf.sets,
				maxRuns: maxRuns, timeout: timeout,
			})
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("--addr %s: %w", addr, err)
			}
			tcp := ln.Addr().(*net.TCPAddr)
			if !tcp.IP.IsLoopback() {
				fmt.Fprintf(cmd.ErrOrStderr(), "warning: serving on %s, which is not a loopback address: anyone who can reach it and has the token can run simulations here\n", tcp)
			}
			host := tcp.String()
			if tcp.IP.IsUnspecified() {
				host = net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
			}
			fmt.Fprintf(cmd.OutOrStdout(), "negsim serve: %s\nOpen this address in a browser (Ctrl-C stops the server):\n\n  http://%s/?token=%s\n\n", s.base.Sim.Name, host, s.token)
			srv := &http.Server{
				Handler:           s,
				ReadHeaderTimeout: 10 * time.Second,
				ReadTimeout:       30 * time.Second,
				IdleTimeout:       2 * time.Minute,
				MaxHeaderBytes:    64 << 10,
			}
			ctx := cmd.Context()
			go func() {
				<-ctx.Done()
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				srv.Shutdown(sctx)
			}()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	sf.add(c)
	c.Flags().StringVar(&addr, "addr", defaultServeAddr, "address to listen on, host:port (port 0 picks a free one); a non-loopback host is reachable from other machines")
	c.Flags().IntVar(&maxRuns, "max-runs", defaultServeMaxRuns, "the most runs one request may ask for")
	c.Flags().DurationVar(&timeout, "timeout", defaultServeTimeout, "the longest one request may compute")
	return c
}
