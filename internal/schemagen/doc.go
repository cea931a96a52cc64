// Package schemagen writes the JSON Schemas that negsim generates with
// invopop/jsonschema (scenario files, the command's outputs) as draft-07,
// the draft that every version of the YAML language server reads:
// yaml-language-server validates by draft-07's rules in older versions
// still shipped by editors (1.10, for one, which warns that 2019-09 is not
// supported), and reads draft-07 in current ones (1.25).
package schemagen
