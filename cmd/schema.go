package cmd

import (
	"fmt"
	"slices"
	"strings"

	"github.com/negsim/negsim/scenarios"
	"github.com/spf13/cobra"
)

// schemas are the JSON Schemas negsim schema prints, by name; each is
// shipped as docs/schema/NAME.schema.json.
var schemas = map[string]func() ([]byte, error){
	"scenario": scenarios.JSONSchema,
}

func schemaNames() []string {
	names := make([]string, 0, len(schemas))
	for n := range schemas {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

func newSchemaCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "schema [" + strings.Join(schemaNames(), "|") + "]",
		Short: "Print the JSON Schema of scenario files or of an output",
		Long: `Schema prints a JSON Schema (draft-07), generated from negsim's types: by
default that of scenario files, for editors (with the YAML language server,
put "# yaml-language-server: $schema=PATH" on a scenario's first line) and
validators. The same schemas are in docs/schema/ of negsim's repository.`,
		Example:   `  negsim schema > scenario.schema.json`,
		Args:      cobra.MaximumNArgs(1),
		ValidArgs: schemaNames(),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := "scenario"
			if len(args) > 0 {
				name = args[0]
			}
			gen, ok := schemas[name]
			if !ok {
				return fmt.Errorf("schema: unknown schema %q%s (schemas: %s)", name, scenarios.Suggest(name, schemaNames()), strings.Join(schemaNames(), ", "))
			}
			data, err := gen()
			if err != nil {
				return err
			}
			_, err = cmd.OutOrStdout().Write(data)
			return err
		},
	}
}

// modeline starts the line by which the YAML language server finds a
// file's schema.
const modeline = "# yaml-language-server:"

// initTemplate is the template negsim init writes: without the schema line
// of cmd/templates/scenario.yaml, whose path is relative to negsim's
// repository and would not resolve beside the new file (the template says
// how to add one).
func initTemplate() string {
	if strings.HasPrefix(scenarioTemplate, modeline) {
		_, rest, _ := strings.Cut(scenarioTemplate, "\n")
		return rest
	}
	return scenarioTemplate
}
