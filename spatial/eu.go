package spatial

import "math"

func init() { Register("eu", func() Model { return NewEU() }) }

// Center says which weighted centre of the positions a model uses.
type Center int

// Centres of a set of positions, weighted by capability × salience.
const (
	CenterMedian Center = iota // the weighted median
	CenterMean                 // the weighted mean
)

// EU is Bueno de Mesquita's expected-utility challenge model (Bueno de
// Mesquita 1994, in European Community Decision Making, Yale UP), as
// reconstructed by Scholz, Calbert & Smith (2011), "Unravelling Bueno de
// Mesquita's group decision model", J. Theoretical Politics 23(4). Each
// round every actor weighs challenging every other with the probability of
// winning from the weighted support of all actors, expected utilities
// shaped by its risk attitude; challenges are resolved as conflict,
// compromise or capitulation; positions move; rounds repeat until no
// position moves by more than Tol, the positions return to those of two
// rounds before (a two-state cycle), or MaxRounds have been played. The
// prediction is the Center (by default the weighted median, as in Bueno de
// Mesquita's forecasts) of the final positions, or for a two-state cycle
// the mean of the two states' centres. docs/forecasting.md lists
// every choice where reconstructions differ.
type EU struct {
	// Q is the probability that the status quo holds if i does not
	// challenge, T the probability that it then changes in i's favour
	// (Bueno de Mesquita's Q and T, each in [0,1]).
	Q, T float64
	// Center is the centre μ in the utilities of the status quo changing
	// (U_b, U_w) and of the prediction.
	Center Center
	// MaxRounds bounds the rounds; 0 means 100.
	MaxRounds int
	// Tol is the largest move, on the 0–100 scale, that counts as no
	// move; 0 means 0.01, a tenth of the precision forecasts are reported
	// with. Compromises shrink moves geometrically, so a much smaller
	// tolerance mostly adds rounds that change nothing visible.
	Tol float64

	st     euState
	idx    []int
	x0, w  []float64
	sal    []float64
	order  []int
	moveTo []float64
	prev   [2][]float64
}

// NewEU returns the expected-utility model with its defaults: Q = T = 1,
// the weighted median as centre, at most 100 rounds.
func NewEU() *EU { return &EU{Q: 1, T: 1} }

// euState is one round of the model on the active actors, positions and
// saliences scaled to [0,1]; matrices are n×n, row-major, [i*n+j].
type euState struct {
	n       int
	x, w, s []float64
	mu      float64
	p       []float64 // P_ij: the probability that i beats j
	eu0     []float64 // EU_ij with every risk exponent 1
	sec     []float64 // security levels Σ_{j≠i} EU0_ji
	r       []float64 // risk exponents
	eu      []float64 // EU_ij with i's risk exponent
}

func (st *euState) resize(n int) {
	st.n = n
	st.x, st.w, st.s = resize(st.x, n), resize(st.w, n), resize(st.s, n)
	st.p, st.eu0, st.eu = resize(st.p, n*n), resize(st.eu0, n*n), resize(st.eu, n*n)
	st.sec, st.r = resize(st.sec, n), resize(st.r, n)
}

// Predict runs the model and returns the centre of the final positions,
// or NaN when no actor has weight.
func (m *EU) Predict(a []Actor, tr *Trace) float64 {
	m.idx, m.x0, m.w, m.sal = active(a, m.idx, m.x0, m.w, m.sal)
	n := len(m.idx)
	if tr != nil {
		tr.reset()
		tr.record(a, m.idx, m.x0)
	}
	if n == 0 {
		return nan
	}
	st := &m.st
	st.resize(n)
	copy(st.w, m.w)
	for i := range n {
		st.x[i], st.s[i] = m.x0[i]/Scale, m.sal[i]/Scale
	}
	m.moveTo = resize(m.moveTo, n)
	rounds, tol := m.MaxRounds, m.Tol
	if rounds <= 0 {
		rounds = 100
	}
	if tol <= 0 {
		tol = 0.01
	}
	tol /= Scale
	// prev[0] and prev[1] are the positions one and two rounds back, to
	// detect a cycle of two states, which the rules often fall into: two
	// groups trading places each round.
	m.prev[0], m.prev[1] = resize(m.prev[0], n), resize(m.prev[1], n)
	for r := range rounds {
		m.prev[0], m.prev[1] = m.prev[1], m.prev[0]
		copy(m.prev[0], st.x)
		m.round(st)
		moved := m.move(st)
		if tr != nil {
			for i := range n {
				m.x0[i] = st.x[i] * Scale
			}
			tr.record(a, m.idx, m.x0)
		}
		if moved <= tol {
			break
		}
		if r >= 1 && maxDiff(st.x, m.prev[1]) <= tol {
			// A two-state cycle: predict the mean of the two states'
			// centres.
			return (m.center(st.x, st.w) + m.center(m.prev[0], st.w)) / 2 * Scale
		}
	}
	return m.center(st.x, st.w) * Scale
}

func maxDiff(a, b []float64) float64 {
	var d float64
	for i := range a {
		d = max(d, math.Abs(a[i]-b[i]))
	}
	return d
}

func (m *EU) center(x, w []float64) float64 {
	if m.Center == CenterMean {
		return weightedMean(x, w)
	}
	var c float64
	c, m.order = weightedMedian(x, w, m.order)
	return c
}

// round computes a round's probabilities, expected utilities and risk
// exponents from the positions st.x.
func (m *EU) round(st *euState) {
	n, x, w := st.n, st.x, st.w
	st.mu = m.center(x, w)
	// Scholz et al. (2011): P_ij = Σ_k w_k max(0, d_k) / Σ_k w_k |d_k|,
	// d_k = |x_k − x_j| − |x_k − x_i|.
	for i := range n {
		for j := range n {
			if x[i] == x[j] {
				st.p[i*n+j] = 0.5
				continue
			}
			var num, den float64
			for k := range n {
				d := math.Abs(x[k]-x[j]) - math.Abs(x[k]-x[i])
				if d > 0 {
					num += float64(w[k] * d) // float64(…): no fused multiply-add
				}
				den += float64(w[k] * math.Abs(d))
			}
			st.p[i*n+j] = num / den
		}
	}
	for i := range n {
		st.r[i] = 1
	}
	m.expected(st, st.eu0)
	// Security level of i: what the others expect from challenging it.
	lo, hi := math.Inf(1), math.Inf(-1)
	for i := range n {
		var sec float64
		for j := range n {
			if j != i {
				sec += st.eu0[j*n+i]
			}
		}
		st.sec[i] = sec
		lo, hi = min(lo, sec), max(hi, sec)
	}
	for i := range n {
		R := 0.0
		if hi > lo {
			R = (2*st.sec[i] - hi - lo) / (hi - lo)
		}
		st.r[i] = (1 - R/3) / (1 + R/3)
	}
	m.expected(st, st.eu)
}

// expected fills eu with EU_ij for every pair, with challenger i's risk
// exponent st.r[i].
func (m *EU) expected(st *euState, eu []float64) {
	n, x := st.n, st.x
	for i := range n {
		r := st.r[i]
		usq := 2 - float64(4*pow(0.5, r))
		dmu := math.Abs(x[i] - st.mu)
		for j := range n {
			if i == j {
				eu[i*n+j] = 0
				continue
			}
			d := math.Abs(x[i] - x[j])
			us := 2 - float64(4*pow(0.5-float64(0.5*d), r))
			uf := 2 - float64(4*pow(0.5+float64(0.5*d), r))
			var ub, uw float64
			if m.Q != 1 { // with Q = 1 they do not count
				ub = 2 - float64(4*pow(0.5-float64(0.25*(dmu+d)), r))
				uw = 2 - float64(4*pow(0.5+float64(0.25*(dmu+d)), r))
			}
			p, sj := st.p[i*n+j], st.s[j]
			eu[i*n+j] = float64(sj*(float64(p*us)+float64((1-p)*uf))) + float64((1-sj)*us) - float64(m.Q*usq) -
				float64((1-m.Q)*(float64(m.T*ub)+float64((1-m.T)*uw)))
		}
	}
}

// move resolves the round's challenges, moves the actors and returns the
// largest move. Each target j answers the challenge with the highest
// EU_ij > 0 (ties: the nearest challenger, then the first): a conflict
// if EU_ji > 0 too, which the larger EU wins, the loser moving to the
// winner's position; a compromise if |EU_ji| < EU_ij, j moving the fraction
// |EU_ji/EU_ij| of the way to x_i; otherwise a capitulation, j moving to
// x_i. An actor that several resolutions would move takes the smallest
// move (Bueno de Mesquita's actors accept the offer closest to their
// position).
func (m *EU) move(st *euState) float64 {
	n, x, eu := st.n, st.x, st.eu
	to := m.moveTo
	for i := range n {
		to[i] = math.NaN()
	}
	propose := func(k int, y float64) {
		if math.IsNaN(to[k]) || math.Abs(y-x[k]) < math.Abs(to[k]-x[k]) {
			to[k] = y
		}
	}
	for j := range n {
		best := -1
		for i := range n {
			e := eu[i*n+j]
			if i == j || x[i] == x[j] || !(e > 0) {
				continue
			}
			if best < 0 {
				best = i
				continue
			}
			b := eu[best*n+j]
			if e > b || (e == b && math.Abs(x[i]-x[j]) < math.Abs(x[best]-x[j])) {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		i := best
		eij, eji := eu[i*n+j], eu[j*n+i]
		switch {
		case eji > 0: // conflict
			if eij > eji {
				propose(j, x[i])
			} else if eji > eij {
				propose(i, x[j])
			}
		case -eji < eij: // compromise
			propose(j, x[j]+float64((x[i]-x[j])*(-eji/eij)))
		default: // capitulation
			propose(j, x[i])
		}
	}
	var moved float64
	for k := range n {
		if !math.IsNaN(to[k]) {
			moved = max(moved, math.Abs(to[k]-x[k]))
			x[k] = to[k]
		}
	}
	return moved
}
