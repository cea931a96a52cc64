// Package scenarios reads negotiation scenario files (YAML, JSON or TOML,
// through github.com/spf13/viper), applies overrides, validates them and
// builds the plain sim.Scenario that package sim runs. It also embeds the
// bundled scenarios.
//
// Every error names the file, the line and column where the format allows
// (YAML and JSON; in TOML only syntax errors, which go-toml reports with a
// line and column: the decoder keeps no positions for fields), the field
// path and what is allowed, and suggests the nearest valid key or id for a
// typo. All errors in a file are reported together, up to a limit.
//
// The file format is described in docs/scenario-format.md. In short: issues
// are a list of ids with ordered options; parties and shocks are keyed by id
// (lowercase, since viper lowercases keys) so that an override such as
// "parties.russia.reservation=0.6" can reach them; every numeric parameter
// is a number, a distribution, or a mapping with the number or distribution
// and its evidence (source: a quote, or assumption: a reason).
//
// A scenario may extend another (extends: a bundled scenario's name or a
// file), changing only what it gives, and may define named variants of
// itself (variants:), loaded with LoadVariant; problems are reported in the
// file, base or extending, that caused them.
//
// LoadGenius imports a GENIUS domain and its profiles (XML) through the same
// validation, and ExportGenius writes a scenario as GENIUS files; the
// mapping and GENIUS's semantics are in docs/genius.md.
package scenarios
