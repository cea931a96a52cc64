package spatial

import "math"

func init() { Register("ktab", func() Model { return NewKTAB() }) }

// VictoryRule turns the strengths A and B of the coalitions for and
// against an option into the probability that it wins (KTAB's victory
// probability models).
type VictoryRule int

// KTAB's victory probability rules.
const (
	Linear  VictoryRule = iota // A/(A+B)
	Square                     // A²/(A²+B²)
	Quartic                    // A⁴/(A⁴+B⁴)
	Binary                     // 1 if A > B, 0 if A < B, 1/2 if equal
)

// VictoryRules maps the rules' names, as KTAB spells them in lower case,
// to the rules.
var VictoryRules = map[string]VictoryRule{"linear": Linear, "square": Square, "quartic": Quartic, "binary": Binary}

// VotingRule says how strongly an actor votes for the option it prefers.
type VotingRule int

// Voting rules.
const (
	// Proportional: capability × salience × the difference in utility.
	Proportional VotingRule = iota
	// BinaryVote: capability × salience, whatever the difference.
	BinaryVote
)

// KTAB is a probabilistic Condorcet model in the manner of the spatial
// model of politics of KTAB, KAPSARC's Toolkit for Behavioral Analysis
// (its documentation and SMP tutorial). Every actor's utility for a position falls
// linearly with distance, u_k(y) = 1 − |y − x_k|/100; actors vote over
// each pair of options with strength given by the VotingRule; the
// probability that an option beats another comes from the ratio of the
// coalitions' strengths by the VictoryRule; and the chance that each
// option wins the whole election is KTAB's conditional form,
// proportional to the product of its pairwise chances.
//
// Each turn every actor proposes to the actor whose bargain most improves
// its utility of the expected outcome, a bargain being one position both
// would take, interpolated between theirs with weights salience^SalienceExp
// × P(win)^ProbExp. Each actor's options (its position and the bargains
// involving it) are put to a vote of all actors and it takes the most
// probable (deterministic transitions). Turns stop when the total move in a
// turn falls to StopRatio of the first turn's, after at least MinTurns and
// at most MaxTurns turns. The prediction is the expected outcome of the
// final state, Σ_i P(i wins) x_i. docs/forecasting.md lists the choices
// where this differs from, or guesses at, KTAB's own code.
type KTAB struct {
	Victory              VictoryRule
	Voting               VotingRule
	SalienceExp, ProbExp float64 // exponents of the bargain weights
	MinTurns, MaxTurns   int     // bounds on the turns, 2 and 100 by default
	StopRatio            float64 // stop when a turn moves less than this share of the first; 0.02 by default

	idx               []int
	x, w, s, next     []float64
	pw, pce, opts, op []float64
	prop              []int
	brg               []float64
}

// NewKTAB returns the model with its defaults: linear victory rule,
// proportional voting, bargain weights salience × probability, 2 to 100
// turns, stop at 2% of the first turn's change.
func NewKTAB() *KTAB {
	return &KTAB{Victory: Linear, Voting: Proportional, SalienceExp: 1, ProbExp: 1, MinTurns: 2, MaxTurns: 100, StopRatio: 0.02}
}

// contest returns the probability that position a beats position b in a
// vote of the active actors.
func (m *KTAB) contest(a, b float64) float64 {
	if a == b {
		return 0.5
	}
	var sa, sb float64
	for k, xk := range m.x {
		du := math.Abs(b-xk) - math.Abs(a-xk) // (u_k(a) − u_k(b)) × 100
		v := m.w[k]
		if m.Voting == Proportional {
			v *= math.Abs(du) / Scale
		}
		if du > 0 {
			sa += v
		} else if du < 0 {
			sb += v
		}
	}
	return victory(m.Victory, sa, sb)
}

func victory(rule VictoryRule, a, b float64) float64 {
	switch rule {
	case Binary:
		switch {
		case a > b:
			return 1
		case a < b:
			return 0
		}
		return 0.5
	case Square:
		a, b = a*a, b*b
	case Quartic:
		a, b = a*a*a*a, b*b*b*b
	}
	if a+b == 0 {
		return 0.5
	}
	return a / (a + b)
}

// election fills pw (m×m) with the pairwise chances among the options y
// and pce (m) with each option's chance of winning the election,
// proportional to the product of its pairwise chances (computed in logs,
// as thirty factors can underflow).
func (m *KTAB) election(y, pw, pce []float64) {
	n := len(y)
	for i := range n {
		pw[i*n+i] = 0.5
		for j := i + 1; j < n; j++ {
			p := m.contest(y[i], y[j])
			pw[i*n+j], pw[j*n+i] = p, 1-p
		}
	}
	top := math.Inf(-1)
	for i := range n {
		var l float64
		for j := range n {
			if j != i {
				l += math.Log(pw[i*n+j])
			}
		}
		pce[i] = l
		top = max(top, l)
	}
	var sum float64
	for i := range n {
		if math.IsInf(top, -1) {
			pce[i] = 1
		} else {
			pce[i] = math.Exp(pce[i] - top)
		}
		sum += pce[i]
	}
	for i := range n {
		pce[i] /= sum
	}
}

// Predict runs the model and returns the expected outcome of the final
// state, or NaN when no actor has weight.
func (m *KTAB) Predict(a []Actor, tr *Trace) float64 {
	m.idx, m.x, m.w, m.s = active(a, m.idx, m.x, m.w, m.s)
	n := len(m.idx)
	if tr != nil {
		tr.reset()
		tr.record(a, m.idx, m.x)
	}
	if n == 0 {
		return nan
	}
	m.pw, m.pce, m.next = resize(m.pw, n*n), resize(m.pce, n), resize(m.next, n)
	m.prop, m.brg = resize(m.prop, n), resize(m.brg, n)
	minT, maxT, ratio := max(1, m.MinTurns), m.MaxTurns, m.StopRatio
	if maxT <= 0 {
		maxT = 100
	}
	var first float64
	for turn := 1; turn <= maxT; turn++ {
		change := m.turn()
		if tr != nil {
			tr.record(a, m.idx, m.x)
		}
		if turn == 1 {
			first = change
		}
		if turn >= minT && change <= ratio*first {
			break
		}
	}
	m.election(m.x, m.pw, m.pce)
	var z float64
	for i, p := range m.pce {
		z += float64(p * m.x[i]) // float64(…): no fused multiply-add
	}
	return z
}

// turn plays one turn: proposals, votes on each actor's options, moves. It
// returns the total move.
func (m *KTAB) turn() float64 {
	n, x := len(m.x), m.x
	m.election(x, m.pw, m.pce)
	var z float64
	for i, p := range m.pce {
		z += float64(p * x[i])
	}
	// Proposals: i offers j the bargain that most improves u_i of the
	// expected outcome, holding this turn's chances of winning fixed.
	for i := range n {
		m.prop[i] = -1
		best := 1e-12
		for j := range n {
			if j == i || x[j] == x[i] {
				continue
			}
			b := m.bargain(i, j)
			z2 := z + float64(m.pce[i]*(b-x[i])) + float64(m.pce[j]*(b-x[j]))
			if gain := math.Abs(z-x[i]) - math.Abs(z2-x[i]); gain > best {
				best, m.prop[i], m.brg[i] = gain, j, b
			}
		}
	}
	// Each actor's options: its position, then the bargains involving it,
	// in the order of their proposers; all actors vote.
	var change float64
	for k := range n {
		m.opts = append(m.opts[:0], x[k])
		for i := range n {
			if j := m.prop[i]; j >= 0 && (i == k || j == k) {
				m.opts = append(m.opts, m.brg[i])
			}
		}
		m.next[k] = x[k]
		if len(m.opts) > 1 {
			no := len(m.opts)
			m.op = resize(m.op, no*no+no)
			m.election(m.opts, m.op[:no*no], m.op[no*no:])
			best := 0
			for o, p := range m.op[no*no:] {
				if p > m.op[no*no+best] {
					best = o
				}
			}
			m.next[k] = m.opts[best]
		}
		change += math.Abs(m.next[k] - x[k])
	}
	copy(x, m.next)
	return change
}

// bargain returns the position of the bargain between i and j, their
// positions interpolated with weights s^SalienceExp × P(win)^ProbExp.
func (m *KTAB) bargain(i, j int) float64 {
	n := len(m.x)
	wi := float64(pow(m.s[i], m.SalienceExp) * pow(m.pw[i*n+j], m.ProbExp))
	wj := float64(pow(m.s[j], m.SalienceExp) * pow(m.pw[j*n+i], m.ProbExp))
	if wi+wj == 0 {
		return (m.x[i] + m.x[j]) / 2
	}
	return (float64(wi*m.x[i]) + float64(wj*m.x[j])) / (wi + wj)
}
