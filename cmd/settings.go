package cmd

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/spf13/cast"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"
)

// settings binds a command's flags to NEGSIM_* environment variables, one
// key at a time (binding all flags would also bind help).
type settings struct {
	v   *viper.Viper
	cmd *cobra.Command
}

func newSettings(cmd *cobra.Command, keys ...string) (*settings, error) {
	v := viper.New()
	v.SetEnvPrefix("NEGSIM")
	v.SetEnvKeyReplacer(strings.NewReplacer("-", "_"))
	for _, k := range keys {
		f := cmd.Flags().Lookup(k)
		if err := v.BindPFlag(k, f); err != nil {
			return nil, err
		}
		if err := v.BindEnv(k); err != nil {
			return nil, err
		}
		v.SetDefault(k, f.DefValue)
	}
	return &settings{v: v, cmd: cmd}, nil
}

// source says where a setting's value came from, for error messages.
func (s *settings) source(key string) string {
	if s.cmd.Flags().Changed(key) {
		return "--" + key
	}
	return "NEGSIM_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}

func (s *settings) int(key string, min int) (int, error) {
	n, err := cast.ToIntE(s.v.Get(key))
	if err != nil {
		return 0, fmt.Errorf("%s: want a whole number, got %q", s.source(key), fmt.Sprint(s.v.Get(key)))
	}
	if n < min {
		return 0, fmt.Errorf("%s: want at least %d, got %d", s.source(key), min, n)
	}
	return n, nil
}

func (s *settings) uint64(key string) (uint64, error) {
	n, err := cast.ToUint64E(s.v.Get(key))
	if err != nil {
		return 0, fmt.Errorf("%s: want a whole number ≥ 0, got %q", s.source(key), fmt.Sprint(s.v.Get(key)))
	}
	return n, nil
}

// MaxRuns bounds --runs so that a typo cannot run for days.
const MaxRuns = 1_000_000_000

// runSettings are the settings shared by run and trace.
type runSettings struct {
	runs, workers int
	seed          uint64
}

func (s *settings) runSettings() (runSettings, error) {
	var rs runSettings
	var err error
	if s.v.IsSet("runs") || s.cmd.Flags().Lookup("runs") != nil {
		if rs.runs, err = s.int("runs", 1); err != nil {
			return rs, err
		}
		if rs.runs > MaxRuns {
			return rs, fmt.Errorf("%s: at most %d runs, got %d", s.source("runs"), MaxRuns, rs.runs)
		}
	}
	if s.cmd.Flags().Lookup("workers") != nil {
		if rs.workers, err = s.int("workers", 0); err != nil {
			return rs, err
		}
		if rs.workers == 0 {
			rs.workers = runtime.GOMAXPROCS(0)
		}
	}
	rs.seed, err = s.uint64("seed")
	return rs, err
}
