package agents

import "slices"

// Issue is one condition on the table, with its options in order.
type Issue struct {
	ID, Label string
	Options   []Option
	// Points, for a spatial issue, are its options' positions on the
	// issue's 0–100 scale (Points[o] for Options[o]); nil for a discrete
	// issue.
	Points []float64
}

// Option is one of the positions an issue can be settled at.
type Option struct {
	ID, Label string
}

// Pair is an interaction term: U is added to a party's utility when issue
// K1 is settled at option O1 and issue K2 at option O2.
type Pair struct {
	K1, O1, K2, O2 int
	U              float64
}

// Holds reports whether pkg settles both issues of the pair at its options.
func (q Pair) Holds(pkg []int) bool { return pkg[q.K1] == q.O1 && pkg[q.K2] == q.O2 }

// Role says whose consent an agreement needs.
type Role int

const (
	// AtTable parties negotiate and must consent to the whole package.
	AtTable Role = iota
	// Outside parties do not negotiate; their consent is needed only on the
	// issues they control, and they may move other parties' reservation
	// values through their support.
	Outside
)

// String returns "table" or "outside".
func (r Role) String() string {
	if r == Outside {
		return "outside"
	}
	return "table"
}

// Party is one party's concrete parameters for one run.
//
// Weights[k] is the issue's weight (the weights sum to 1) and Utils[k][o]
// the utility that option o of issue k contributes (the weight times the
// option's value), so that a package's utility is the sum over issues. RedLine[k][o] marks options the party never accepts.
//
// For an outside party, consent is judged on the issues it controls only:
// Consent holds the contributions of the controlled issues rescaled so that
// their weights sum to 1, and zero elsewhere; for a party at the table
// Consent is Utils. Use SetConsent after changing Utils, Role or Controls.
type Party struct {
	ID          string
	Role        Role
	Controls    []int
	Weights     []float64
	Utils       [][]float64
	RedLine     [][]bool
	Reservation float64 // utility of no agreement, in [0,1]; may drift
	Drift       float64 // added to Reservation at the start of every round after the first
	Strategy    Strategy

	// Pairs are interaction terms: utility added when two issues are
	// settled at given options together (e.g. a full ceasefire and a
	// peacekeeping force). Pairs make utility non-additive, so utility may
	// leave [0,1]; see Utility.
	Pairs []Pair
	// Power is the party's bargaining power, the exponent of its gain in
	// the asymmetric Nash solution (≥ 0; 1 for the symmetric one).
	Power float64
	// Discount is the GENIUS discount factor in (0,1]: an agreement at
	// normalised time t is worth Discount^t times its utility. 1 means no
	// discounting.
	Discount float64

	Consent      [][]float64
	consentPairs []Pair
	best         float64
}

// SetConsent derives Consent and the party's best attainable utility from
// Utils, RedLine, Role and Controls.
func (p *Party) SetConsent() {
	if p.Role == AtTable {
		p.Consent = p.Utils
		p.consentPairs = p.Pairs
	} else {
		p.setOutsideConsent()
	}
	// The best package takes the best allowed option of every issue that
	// counts; an issue whose options are all red lines counts as nothing.
	p.best = 0
	for k, row := range p.Consent {
		m := 0.0
		for o, u := range row {
			if !p.RedLine[k][o] || (p.Role == Outside && !slices.Contains(p.Controls, k)) {
				m = max(m, u)
			}
		}
		p.best += m
	}
	// With interactions the best is bounded, not computed: finding it is as
	// hard as the negotiation itself.
	for _, q := range p.consentPairs {
		p.best += max(q.U, 0)
	}
}

func (p *Party) setOutsideConsent() {
	if len(p.Consent) != len(p.Utils) || (len(p.Utils) > 0 && &p.Consent[0] == &p.Utils[0]) {
		p.Consent = make([][]float64, len(p.Utils))
		for k := range p.Utils {
			p.Consent[k] = make([]float64, len(p.Utils[k]))
		}
	}
	for k := range p.Consent {
		clear(p.Consent[k])
	}
	// Rescale so that the controlled issues' weights sum to 1.
	var total float64
	for _, k := range p.Controls {
		total += p.Weights[k]
	}
	p.consentPairs = p.consentPairs[:0]
	if total == 0 {
		return
	}
	for _, k := range p.Controls {
		for o, u := range p.Utils[k] {
			p.Consent[k][o] = u / total
		}
	}
	for _, q := range p.Pairs {
		if slices.Contains(p.Controls, q.K1) && slices.Contains(p.Controls, q.K2) {
			q.U /= total
			p.consentPairs = append(p.consentPairs, q)
		}
	}
}

// Best returns the highest consent utility (see ConsentUtility) the party
// can get from a package that breaks none of its red lines; with
// interaction terms, an upper bound of it. Valid after SetConsent.
func (p *Party) Best() float64 { return p.best }

// Utility returns the party's utility for pkg: the sum over issues of the
// options' contributions, plus the interaction terms that hold. Without
// interactions it is in [0,1].
func (p *Party) Utility(pkg []int) float64 {
	var u float64
	for k, o := range pkg {
		u += p.Utils[k][o]
	}
	for _, q := range p.Pairs {
		if q.Holds(pkg) {
			u += q.U
		}
	}
	return u
}

// ConsentUtility returns the utility on which the party's consent is judged:
// Utility for a party at the table, the utility over the controlled issues
// (and the interactions among them) for an outside party.
func (p *Party) ConsentUtility(pkg []int) float64 {
	var u float64
	for k, o := range pkg {
		u += p.Consent[k][o]
	}
	for _, q := range p.consentPairs {
		if q.Holds(pkg) {
			u += q.U
		}
	}
	return u
}

// ConsentPairs returns the interaction terms that count for consent.
// Valid after SetConsent.
func (p *Party) ConsentPairs() []Pair { return p.consentPairs }

// Breaks reports whether pkg crosses one of the party's red lines that count
// for its consent (for an outside party, only those on controlled issues).
func (p *Party) Breaks(pkg []int) bool {
	if p.Role == Outside {
		for _, k := range p.Controls {
			if p.RedLine[k][pkg[k]] {
				return true
			}
		}
		return false
	}
	for k, o := range pkg {
		if p.RedLine[k][o] {
			return true
		}
	}
	return false
}

// Accepts reports whether the party consents to pkg when it currently demands
// aspiration: AC_next (Baarslag et al. 2014) with the reservation value and
// red lines as hard limits.
func (p *Party) Accepts(pkg []int, aspiration float64) bool {
	if p.Breaks(pkg) {
		return false
	}
	u := p.ConsentUtility(pkg)
	return u >= aspiration && u >= p.Reservation
}

// Shortfall returns how far pkg is below what the party demands
// (max(aspiration, reservation) − consent utility), or +Inf-like 1 plus the
// gap when it crosses a red line, so that a red line always counts as the
// largest refusal. It is ≤ 0 when the party would accept.
func (p *Party) Shortfall(pkg []int, aspiration float64) float64 {
	gap := max(aspiration, p.Reservation) - p.ConsentUtility(pkg)
	if p.Breaks(pkg) {
		return 1 + max(gap, 0)
	}
	return gap
}
