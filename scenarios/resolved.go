package scenarios

import (
	"encoding/json"
	"fmt"
)

// Resolved returns the scenario as resolved (its bases and variant merged
// in, overrides applied) in a form FromResolved rebuilds it from without
// any file: what results.json embeds so that results travel. It is the
// scenario file (whose JSON has the SHA-256 Hash) with its parties' order.
func (s *Scenario) Resolved() (json.RawMessage, error) {
	// The parties' order (the file's, where its format keeps it) is not
	// in the File's map of parties, but decides the model's party indices.
	r := embedded{File: s.File}
	for _, p := range s.Sim.Parties {
		r.PartyOrder = append(r.PartyOrder, p.ID)
	}
	data, err := json.Marshal(r)
	if err != nil {
		return nil, fmt.Errorf("scenarios: %s: %w", s.Origin, err)
	}
	return data, nil
}

// embedded is the embedded form of a scenario.
type embedded struct {
	File       *File    `json:"file"`
	PartyOrder []string `json:"party_order"`
}

// FromResolved rebuilds a scenario from Resolved's output, as recorded
// from origin (the origin is used in messages only). The result has the
// same Hash, model and warnings as the scenario that was resolved; it
// reads no file.
func FromResolved(origin string, data json.RawMessage) (*Scenario, error) {
	var r embedded
	if err := json.Unmarshal(data, &r); err != nil || r.File == nil {
		return nil, fmt.Errorf("scenarios: %s: the embedded scenario is not valid: %v", origin, err)
	}
	f := *r.File
	b := &builder{origin: origin, order: r.PartyOrder}
	if len(r.PartyOrder) != len(f.Parties) {
		return nil, fmt.Errorf("scenarios: %s: the embedded scenario's party order lists %d parties, it has %d", origin, len(r.PartyOrder), len(f.Parties))
	}
	s := b.build(&f)
	if len(b.errs) > 0 {
		return nil, b.result()
	}
	return &Scenario{Origin: origin, Variant: f.Variant, File: &f, Sim: s, Warnings: b.warns}, nil
}
