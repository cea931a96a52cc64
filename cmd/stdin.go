package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/negsim/negsim/scenarios"
)

// StdinOrigin is the origin of a scenario read from standard input ("-").
const StdinOrigin = "stdin"

// stdin is where "-" reads a scenario from; tests replace it.
var stdin io.Reader = os.Stdin

// stdinData holds standard input once read: sweeps and sensitivity load
// the scenario again for every point, and standard input can be read only
// once.
var stdinData struct {
	once sync.Once
	data []byte
	err  error
}

// loadStdin loads the scenario on standard input: YAML, or JSON when it
// starts with "{", at most scenarios.MaxFileSize bytes. Its extends:
// paths are relative to the working directory.
func loadStdin(variant string, sets []string) (*scenarios.Scenario, error) {
	stdinData.once.Do(func() {
		data, err := io.ReadAll(io.LimitReader(stdin, scenarios.MaxFileSize+1))
		switch {
		case err != nil:
			stdinData.err = fmt.Errorf("reading the scenario from standard input: %w", err)
		case int64(len(data)) > scenarios.MaxFileSize:
			stdinData.err = fmt.Errorf("standard input: a scenario is at most %d bytes", scenarios.MaxFileSize)
		case len(bytes.TrimSpace(data)) == 0:
			stdinData.err = fmt.Errorf("standard input is empty: give a scenario (YAML or JSON) after -")
		}
		stdinData.data = data
	})
	if stdinData.err != nil {
		return nil, stdinData.err
	}
	format := "yaml"
	if t := bytes.TrimSpace(stdinData.data); len(t) > 0 && t[0] == '{' {
		format = "json"
	}
	return scenarios.ParseVariant(StdinOrigin, format, stdinData.data, variant, sets)
}
