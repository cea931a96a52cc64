package cmd

import (
	_ "embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/spf13/cobra"
)

// scenarioTemplate is the commented scenario negsim init writes: a
// three-party labour dispute that shows every feature of the format once.
//
//go:embed templates/scenario.yaml
var scenarioTemplate string

var initNameRE = regexp.MustCompile(`^[a-z][a-z0-9_-]*$`)

func newInitCmd() *cobra.Command {
	var dir string
	var force bool
	c := &cobra.Command{
		Use:   "init NAME",
		Short: "Write a commented template scenario to start from",
		Long: `Init writes NAME.yaml: a commented template scenario (a three-party labour
dispute with a mediator and an outside party) that shows every feature of
the format once — distributions, red lines, strategies, influence,
interactions, shocks, an agenda with preconditions, linkage and lapse, an
uncertain deadline and a variant — and that validates and runs as written.
Replace the example with your own case.`,
		Example: `  negsim init talks
  negsim validate talks.yaml && negsim run talks.yaml`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			if !initNameRE.MatchString(name) {
				return fmt.Errorf("init: name %q is not valid: lowercase letters, digits, _ and -, starting with a letter", name)
			}
			path := filepath.Join(dir, name+".yaml")
			if _, err := os.Lstat(path); err == nil && !force {
				return fmt.Errorf("init: %s exists; use --force to replace it", path)
			} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return fmt.Errorf("init: %w", err)
			}
			text := strings.ReplaceAll(initTemplate(), "NAME", name)
			if err := atomicfile.Write(path, func(w io.Writer) error {
				_, err := io.WriteString(w, text)
				return err
			}); err != nil {
				return fmt.Errorf("init: %w", err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "wrote %s: check it with \"negsim validate %s\", run it with \"negsim run %s\"\n", path, path, path)
			return nil
		},
	}
	c.Flags().StringVar(&dir, "dir", ".", "directory to write NAME.yaml in")
	c.Flags().BoolVar(&force, "force", false, "replace an existing NAME.yaml")
	return c
}
