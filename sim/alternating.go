package sim

// Alternating is multilateral stacked alternating offers (Aydoğan, Festen,
// Hindriks & Jonker 2017).
const Alternating ProtocolKind = "alternating"

func init() {
	RegisterProtocol(Alternating, ProtocolDef{New: func(*Scenario) Protocol { return &alternating{} }})
}

// alternating plays stacked alternating offers: each party at the table in
// turn either accepts the offer on the table or replaces it with its own.
// An offer is agreed when all the other parties at the table have accepted
// it in the turns after it was made, every party at the table (the
// proposer included) still accepts it, and then the outside parties whose
// consent is needed ratify it. A withdrawn acceptance or a refused
// ratification voids the offer and the party whose turn it is makes a new
// one. accepts carries the number of acceptances of the standing offer
// across rounds.
type alternating struct{ accepts int }

func (p *alternating) Reset(*Talks) { p.accepts = 0 }

func (p *alternating) Round(tk *Talks, t int) bool {
	order := tk.Order()
	n := len(order)
	for _, i := range order {
		if tk.HasOffer() && tk.Proposer() != i {
			if tk.Answer(t, i) {
				p.accepts++
				if p.accepts < n-1 {
					continue
				}
				// Everyone at the table, the proposer included, must still
				// accept the offer now: acceptances given in earlier rounds
				// may have gone stale (drift, shocks), and a proposer whose
				// aspiration was out of reach offered its own best package
				// anyway, which may be worth less than its reservation.
				if tk.StillAgreed(t) && tk.Ratify(t) {
					return true
				}
			}
		}
		tk.Propose(t, i)
		p.accepts = 0
		if n == 1 {
			// A lone party at the table agrees with itself; only the
			// outside parties must ratify.
			if tk.Answer(t, i) && tk.Ratify(t) {
				return true
			}
		}
	}
	return false
}
