package scenarios

import (
	"strings"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/sim"
)

// protocol builds the protocol: its kind, and for a mediated one the
// format and the mediator; the order of the parties at the table; the
// drafting step.
func (b *builder) protocol(f *File, d *draft) {
	pr := f.Protocol
	at := path{"protocol"}
	b.protocolKind(pr, at, d)
	if len(pr.Order) > 0 {
		b.protocolOrder(pr, at, d)
	}
	b.protocolStep(pr, at, d)
}

// protocolKind sets the protocol's kind, and a mediated protocol's format
// and mediator; it warns of a format or mediator given to another kind.
func (b *builder) protocolKind(pr ProtocolFile, at path, d *draft) {
	s := d.s
	kinds := sim.Protocols()
	def, known := sim.LookupProtocol(sim.ProtocolKind(pr.Type))
	switch {
	case pr.Type == "":
		b.fail(at.with("type"), "protocol type is required (allowed: %s)", strings.Join(kinds, ", "))
	case !known:
		b.fail(at.with("type"), "unknown protocol %q%s (allowed: %s)", pr.Type, suggest(pr.Type, kinds), strings.Join(kinds, ", "))
	case def.Mediated:
		s.Protocol.Kind = sim.ProtocolKind(pr.Type)
		switch pr.Format {
		case "", "trilateral":
			s.Protocol.Format = sim.Trilateral
		case "shuttle":
			s.Protocol.Format = sim.Shuttle
		default:
			b.fail(at.with("format"), "unknown format %q (allowed: trilateral, shuttle)", pr.Format)
		}
		b.mediator(pr, at, d)
	default:
		s.Protocol.Kind = sim.ProtocolKind(pr.Type)
		// Kept legal so that switching a mediated scenario to alternating
		// offers is one override (--set protocol.type=alternating).
		if pr.Format != "" {
			b.warn(at.with("format"), "ignored: format applies to the mediated protocol only")
		}
		if pr.Mediator != "" {
			b.warn(at.with("mediator"), "ignored: mediator applies to the mediated protocol only")
		}
	}
}

// mediator sets a mediated protocol's mediator, which must be a party at
// the table; it warns of a reactive one.
func (b *builder) mediator(pr ProtocolFile, at path, d *draft) {
	s := d.s
	var atTable []string
	for _, p := range s.Parties {
		if p.Role == agents.AtTable {
			atTable = append(atTable, p.ID)
		}
	}
	if pr.Mediator == "" {
		b.fail(at.with("mediator"), "a mediated protocol needs a mediator: one of the parties at the table (%s)", strings.Join(atTable, ", "))
	} else if m, ok := d.party(at.with("mediator"), pr.Mediator, ""); ok {
		s.Protocol.Mediator = m
		if s.Parties[m].Strategy.Family().Reactive {
			b.warn(path{"parties", pr.Mediator, "strategy", "type"}, "a %s mediator concedes only in the last round: the only proposals it receives are its own texts", s.Parties[m].Strategy.Name)
		}
		if s.Parties[m].Role != agents.AtTable {
			b.fail(at.with("mediator"), "the mediator %q must be a party at the table (%s)", pr.Mediator, strings.Join(atTable, ", "))
		}
	}
}

// protocolOrder sets the order in which the parties at the table move,
// given: each of them once.
func (b *builder) protocolOrder(pr ProtocolFile, at path, d *draft) {
	s := d.s
	seen := map[int]bool{}
	for j, pid := range pr.Order {
		i, ok := d.party(at.with("order", index(j)), pid, "")
		if !ok {
			continue
		}
		if s.Parties[i].Role != agents.AtTable {
			b.fail(at.with("order", index(j)), "%q is not at the table; the order lists the parties at the table", pid)
		}
		if seen[i] {
			b.fail(at.with("order", index(j)), "%q is listed twice", pid)
		}
		seen[i] = true
		s.Protocol.Order = append(s.Protocol.Order, i)
	}
	if len(seen) != d.table {
		b.fail(at.with("order"), "the order must list each of the %d parties at the table once", d.table)
	}
}

// protocolStep sets the drafting step, warning when one is given for an
// outcome space small enough to be drafted exactly.
func (b *builder) protocolStep(pr ProtocolFile, at path, d *draft) {
	s := d.s
	s.Protocol.Step = b.param(pr.Step, at.with("step"), stepRange, ptr(0.5))
	if pr.Step.Value != nil || pr.Step.Dist != nil {
		n := 1
		for _, is := range s.Issues {
			if n <= sim.ExactPackages {
				n *= max(len(is.Options), 1)
			}
		}
		if n <= sim.ExactPackages {
			b.warn(at.with("step"), "has no effect: the outcome space has %d packages, at most %d, so proposers draft exactly (step acts only in the heuristic drafter of larger spaces)", n, sim.ExactPackages)
		}
	}
}
