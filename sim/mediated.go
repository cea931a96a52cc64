package sim

// Mediated is a single negotiating text drafted and revised by a mediator
// that is itself a party (Raiffa 1982; Fisher's one-text procedure), met
// by the parties together (Trilateral) or one at a time (Shuttle).
const Mediated ProtocolKind = "mediated"

func init() {
	RegisterProtocol(Mediated, ProtocolDef{Mediated: true, New: func(s *Scenario) Protocol {
		if s.Protocol.Format == Shuttle {
			return &shuttle{}
		}
		return &plenary{}
	}})
}

// plenary is the trilateral single negotiating text: each round the
// mediator tables a text meeting its own aspiration and weighted towards
// the parties that refused earlier drafts (Raiffa 1982, ch. 14); every
// party at the table answers it at the same time; if all accept, the
// outside parties ratify it. Refusals raise the refusers' weights for the
// next draft.
type plenary struct{}

func (p *plenary) Reset(*Talks) {}

func (p *plenary) Round(tk *Talks, t int) bool {
	tk.Propose(t, tk.Mediator())
	all := true
	for _, i := range tk.Order() {
		if !tk.Answer(t, i) {
			all = false
		}
	}
	return all && tk.Ratify(t)
}

// shuttle is shuttle diplomacy: the mediator visits the parties at the
// table one at a time (in protocol order, itself excepted) and redrafts
// the text as soon as one refuses. A text is agreed when every party has
// accepted the same text in consecutive visits, which may span rounds
// (streak carries the count), every party at the table still accepts it
// (acceptances from an earlier round may have gone stale) and the outside
// parties ratify it.
type shuttle struct {
	streak int
}

func (p *shuttle) Reset(*Talks) { p.streak = 0 }

func (p *shuttle) Round(tk *Talks, t int) bool {
	m := tk.Mediator()
	if !tk.HasOffer() {
		tk.Propose(t, m)
		p.streak = 0
	}
	need := len(tk.Order()) - 1
	if need == 0 {
		return tk.Answer(t, m) && tk.Ratify(t)
	}
	for _, i := range tk.Order() {
		if i == m {
			continue
		}
		if !tk.Answer(t, i) {
			tk.Propose(t, m)
			p.streak = 0
			continue
		}
		p.streak++
		if p.streak < need {
			continue
		}
		if tk.Answer(t, m) && tk.StillAgreed(t) && tk.Ratify(t) {
			return true
		}
		tk.Propose(t, m)
		p.streak = 0
	}
	return false
}
