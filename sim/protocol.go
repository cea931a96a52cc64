package sim

import (
	"fmt"
	"sort"
)

// Protocol runs the rounds of a negotiation: who proposes, who answers, and
// when a proposal is agreed. Every protocol is one type implementing it, in
// a file of its own (mediated.go, alternating.go), registered by name with
// RegisterProtocol; the Runner never names one. A Protocol value holds the
// protocol's state for one run at a time and is reused across runs.
//
// The Runner does everything that does not depend on the protocol before
// each round: drift, shocks, walk-outs and every party's aspiration. The
// protocol then moves the talks on through the methods of Talks (Propose,
// Answer, Ratify, StillAgreed), which apply the drafting and acceptance
// rules of package agents, record what each answer reveals and emit trace
// events.
type Protocol interface {
	// Reset starts a new run.
	Reset(tk *Talks)
	// Round plays round t and reports whether the offer on the table was
	// agreed: accepted by every party at the table and ratified by the
	// outside parties whose consent is needed.
	Round(tk *Talks, t int) bool
}

// ProtocolDef registers a protocol.
type ProtocolDef struct {
	// Mediated protocols need a mediator (ProtocolConfig.Mediator) and
	// take a Format.
	Mediated bool
	// New returns the protocol for a scenario that has passed Check.
	New func(s *Scenario) Protocol
}

var registry = map[ProtocolKind]ProtocolDef{}

// RegisterProtocol makes a protocol available under kind, the name
// scenario files give in protocol.type. It panics if kind is taken or def
// has no constructor: programming errors, found at start-up.
func RegisterProtocol(kind ProtocolKind, def ProtocolDef) {
	if kind == "" || def.New == nil {
		panic("sim: RegisterProtocol: protocol without a name or constructor")
	}
	if _, dup := registry[kind]; dup {
		panic(fmt.Sprintf("sim: RegisterProtocol: %q registered twice", kind))
	}
	registry[kind] = def
}

// LookupProtocol returns the protocol registered under kind.
func LookupProtocol(kind ProtocolKind) (ProtocolDef, bool) {
	d, ok := registry[kind]
	return d, ok
}

// Protocols returns the registered protocol names, sorted.
func Protocols() []string {
	names := make([]string, 0, len(registry))
	for k := range registry {
		names = append(names, string(k))
	}
	sort.Strings(names)
	return names
}
