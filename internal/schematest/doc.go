// Package schematest validates files against negsim's JSON Schemas in
// tests: scenario files (YAML, JSON or TOML) and the JSON that the command
// writes. It is imported by tests only, so its validator is not part of
// the negsim binary.
package schematest
