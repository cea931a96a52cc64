package analysis

import "math"

// Root work spent on the bounds' multipliers: multiplicative-weights steps
// for the surrogate constraint, subgradient steps for the Lagrangian bound
// of the objective. Each step costs one pass over the options.
const (
	dualIters = 60
	lagIters  = 100
)

// relaxCoef returns the maximum over allowed packages, with the interaction
// terms at their root upper bounds, of Σ_c coef_c u_c (coef ≥ 0), which is
// separable over issues, and writes the maximiser's row utilities into
// ustar.
func (s *search) relaxCoef(coef, ustar []float64) float64 {
	sp := s.sp
	nO := sp.nO
	var F float64
	for c, x := range coef {
		ustar[c] = s.vP[c]
		// float64(…) around a product, here and below, rounds it before the
		// next add or subtract: the Go spec lets a compiler fuse x + y·z into
		// one multiply-add, which arm64, ppc64le, s390x and riscv64 do and
		// amd64 does not, and the bounds, hence the search, would then depend
		// on the machine (docs/model.md, Reproducibility).
		F += float64(x * s.vP[c])
	}
	for k := range sp.nI {
		bv, bj := math.Inf(-1), -1
		for j := sp.off[k]; j < sp.off[k+1]; j++ {
			if !s.allowed[j] {
				continue
			}
			v := s.weighted(coef, j)
			if v > bv {
				bv, bj = v, j
			}
		}
		F += bv
		for c := range coef {
			ustar[c] += sp.ab[c*nO+bj]
		}
	}
	return F
}

// span returns an upper bound on the range of row c's utility over the
// allowed packages.
func (s *search) span(c int) float64 {
	w := s.vP[c] - s.vPL[c]
	for k := range s.sp.nI {
		w += s.maxA[k*s.sp.nC+c] - s.minA[k*s.sp.nC+c]
	}
	return w
}

// setRest fills rest[d] with the sum over the issues at positions ≥ d of
// the best allowed option's Σ_c coef_c contribution, and opt[j] with each
// allowed option's.
func (s *search) setRest(coef, rest, opt []float64) {
	sp := s.sp
	nI := sp.nI
	rest[nI] = 0
	for d := nI - 1; d >= 0; d-- {
		k := s.order[d]
		bv := math.Inf(-1)
		for j := sp.off[k]; j < sp.off[k+1]; j++ {
			if !s.allowed[j] {
				continue
			}
			v := s.weighted(coef, j)
			opt[j] = v
			bv = max(bv, v)
		}
		rest[d] = rest[d+1] + bv
	}
}

// prepMu sets up the surrogate constraint Σ_c μ_c (u_c − r_c) ≥ 0 over the
// active rows, which every package of the ZOPA meets for any μ ≥ 0, and
// reports whether it already proves the ZOPA empty. μ, on the simplex,
// minimises the constraint's maximum over the relaxation (its dual), found
// by multiplicative weights (Arora, Hazan & Kale 2012).
func (s *search) prepMu() (infeasible bool) {
	sp := s.sp
	rows := s.drows[:0]
	span := 0.0
	for c := range sp.nC {
		if s.active[c] {
			rows = append(rows, c)
			span = max(span, s.span(c))
		}
	}
	if len(rows) < 2 {
		return false // a single constraint is checked on its own anyway
	}
	if span == 0 {
		span = 1
	}
	n := len(rows)
	lam, avg := s.dl[:n], s.dlAvg[:n]
	for i := range lam {
		lam[i], avg[i] = 1/float64(n), 0
	}
	bestF := math.Inf(1)
	try := func(w []float64) {
		clear(s.dcoef)
		var cst float64
		for i, r := range rows {
			s.dcoef[r] = w[i]
			cst += float64(w[i] * sp.res[r])
		}
		if F := s.relaxCoef(s.dcoef, s.ustar) - cst; F < bestF {
			bestF = F
			copy(s.mu, s.dcoef)
		}
	}
	for it := range dualIters {
		try(lam)
		eta := math.Sqrt(math.Log(float64(n)+1)/float64(it+1)) / span
		var z float64
		for i, r := range rows {
			avg[i] += lam[i]
			lam[i] = float64(lam[i] * math.Exp(-eta*(s.ustar[r]-sp.res[r])))
			z += lam[i]
		}
		for i := range lam {
			lam[i] /= z
		}
	}
	try(avg) // scale is irrelevant: the constraint is homogeneous in μ
	s.muRes = 0
	for c, m := range s.mu {
		s.muRes += float64(m * sp.res[c])
	}
	s.setRest(s.mu, s.restMu, s.muA)
	s.useMu = true
	// The root's own bound, as node computes its children's.
	sur := s.restMu[0] - s.muRes
	for c, m := range s.mu {
		sur += float64(m * (s.vP[c] + sp.eps))
	}
	return sur < 0
}

// prepLam sets up the Lagrangian bound of the objective. For weights λ ≥ 0
// on the table parties' scaled gains (u_t − d_t)/den_t and multipliers
// μ ≥ 0 on the active constraints, every package of the ZOPA has
//
//	Σ_t λ_t (u_t − d_t)/den_t ≤ Σ_t λ_t (u_t − d_t)/den_t + Σ_c μ_c (u_c − r_c),
//
// and the right-hand side's maximum is separable over issues, so a node
// bounds it with one sum per row. The objectives follow: a sum (λ = 1), one
// party's utility (λ = its unit vector), a minimum of ratios (any λ on the
// simplex: the minimum is at most the average) and the Nash products
// (weighted AM–GM, with λ tangent to the objective's level set at the
// incumbent). Call it after the seed is offered.
func (s *search) prepLam() {
	sp := s.sp
	ob := &s.obj
	s.useLam = false
	n := 0
	add := func(t int, w, ref, den float64) {
		s.drows[n], s.dtab[n], s.dl[n], s.dref[n], s.dden[n] = sp.tableRow[t], t, w, ref, den
		n++
	}
	adapt := false
	switch ob.kind {
	case objSum:
		for t := range sp.tableRow {
			add(t, 1, 0, 1)
		}
	case objOne:
		add(ob.t, 1, 0, 1)
	case objMinMax:
		for t := range sp.tableRow {
			if ob.den[t] != 0 {
				add(t, 1, ob.d[t], ob.den[t])
			}
		}
		for i := range n {
			s.dl[i] = 1 / float64(n)
		}
		adapt = true
	case objNash:
		// Tangent at the incumbent, or else at the parties' separate
		// bounds.
		u := s.inc.u
		if !s.inc.found {
			for t, r := range sp.tableRow {
				s.uT[t] = s.restMax[r] + s.vP[r]
			}
			u = s.uT
		}
		for t := range sp.tableRow {
			if u[t]-ob.d[t] <= 0 {
				return
			}
			add(t, ob.w[t]/(u[t]-ob.d[t]), ob.d[t], 1)
		}
	}
	if n == 0 {
		return
	}
	s.lagrange(n, adapt)
	if ob.kind == objNash {
		s.lamK, s.lamW = 0, 0
		for t := range sp.tableRow {
			s.lamK += float64(ob.w[t] * math.Log(ob.w[t]/s.dl[t]))
			s.lamW += ob.w[t]
		}
	}
}

// lagrange minimises the Lagrangian bound of prepLam over μ (and over λ
// on the simplex when adapt is true) from the n objective rows set up in
// s.drows, s.dtab, s.dl, s.dref and s.dden, and keeps the best
// coefficients in s.lam, s.lamRef and s.restLam (and μ in s.lmuBest). μ
// takes projected subgradient steps of Polyak's size, aimed at the
// objective's value at the incumbent (Held & Karp's rule, halving the step
// after 10 steps without progress); λ takes multiplicative-weights steps.
func (s *search) lagrange(n int, adapt bool) {
	sp := s.sp
	rows, tab, lam, ref, den := s.drows[:n], s.dtab[:n], s.dl[:n], s.dref[:n], s.dden[:n]
	clear(s.lmu)
	clear(s.lmuBest)
	// Which constraints get a multiplier: for the Nash and max–min
	// objectives a table party's constraint u_t ≥ d_t is implied by a
	// positive objective, and a multiplier tuned at the root only loosens
	// the bound deeper down; the others' constraints bind.
	own := s.obj.kind == objSum || s.obj.kind == objOne
	nMu := 0
	for c := range s.lmu {
		s.muOn[c] = s.active[c] && (own || !s.isTable[c])
		if s.muOn[c] {
			nMu++
		}
	}
	iters := lagIters
	if nMu == 0 && !adapt {
		iters = 1
	}
	span := 0.0
	for i, r := range rows {
		span = max(span, s.span(r)/den[i])
	}
	if span == 0 {
		span = 1
	}
	bestG, theta, stale := math.Inf(1), 1.0, 0
	for it := range iters {
		clear(s.dcoef)
		var cst, target float64
		for i, r := range rows {
			s.dcoef[r] += lam[i] / den[i]
			cst += lam[i] * ref[i] / den[i]
			if s.inc.found {
				target += lam[i] * (s.inc.u[tab[i]] - ref[i]) / den[i]
			}
		}
		for c, m := range s.lmu {
			s.dcoef[c] += m
			cst += float64(m * sp.res[c])
		}
		G := s.relaxCoef(s.dcoef, s.ustar) - cst
		if G < bestG {
			bestG, stale = G, 0
			copy(s.lam, s.dcoef)
			copy(s.lmuBest, s.lmu)
			s.lamRef = cst
		} else if stale++; stale >= 10 {
			theta, stale = theta/2, 0
		}
		if !s.inc.found {
			target = G - float64(0.1*max(math.Abs(G), 1))
		}
		var norm float64
		for c := range s.lmu {
			if h := s.ustar[c] - sp.res[c]; s.muOn[c] && (s.lmu[c] > 0 || h < 0) {
				norm += float64(h * h)
			}
		}
		if norm > 0 && G > target {
			eta := theta * (G - target) / norm
			for c := range s.lmu {
				if s.muOn[c] {
					s.lmu[c] = max(0, s.lmu[c]-float64(eta*(s.ustar[c]-sp.res[c])))
				}
			}
		}
		if adapt {
			eta := math.Sqrt(math.Log(float64(n)+1)/float64(it+1)) / span
			var z float64
			for i, r := range rows {
				lam[i] = float64(lam[i] * math.Exp(-eta*(s.ustar[r]-ref[i])/den[i]))
				z += lam[i]
			}
			for i := range lam {
				lam[i] /= z
			}
		}
	}
	s.setRest(s.lam, s.restLam, s.lamA)
	s.useLam = true
}

// tangent moves the Nash bound's weights to the normal of the objective's
// level set at the new incumbent, λ_t = w_t/(u_t − d_t) (and chooses the
// multipliers of outside parties' constraints, if any, anew for them).
func (s *search) tangent() {
	s.prepLam()
}

// weighted returns option j's contribution Σ_c coef_c · ab[c][j].
func (s *search) weighted(coef []float64, j int) float64 {
	nO := s.sp.nO
	var v float64
	for c, x := range coef {
		if x != 0 {
			v += float64(x * s.sp.ab[c*nO+j])
		}
	}
	return v
}
