package agents

// Propose writes into pkg the package that maximises the score (the sum over
// issues of score[k][o]) among the packages, built from allowed options, whose
// own utility (the sum of own[k][o]) is at least target, and returns that own
// utility. If no allowed package reaches target it writes the package with
// the highest own utility (ties broken by score). Every issue must have at
// least one allowed option.
//
// It does not enumerate packages: it maximises (1−θ)·score + θ·own issue by
// issue, finds by bisection the smallest θ whose choice meets the target
// (own utility grows with θ), then makes single-issue moves that raise the
// score while keeping the target. The result is exact when the constraint
// is slack and otherwise a close approximation (the knapsack-like problem
// behind it is NP-hard). Cost: O(iterations × issues × options).
func Propose(pkg []int, own, score [][]float64, allowed [][]bool, target float64) float64 {
	u := choose(pkg, own, score, allowed, 1)
	if u < target {
		return u
	}
	lo, hi := 0.0, 1.0
	if choose(pkg, own, score, allowed, 0) >= target {
		hi = 0
	} else {
		for range 24 {
			mid := (lo + hi) / 2
			if choose(pkg, own, score, allowed, mid) >= target {
				hi = mid
			} else {
				lo = mid
			}
		}
	}
	u = choose(pkg, own, score, allowed, hi)
	return improve(pkg, own, score, allowed, target, u)
}

// choose writes the per-issue maximiser of (1−θ)·score + θ·own into pkg and
// returns its own utility. Ties go to the higher score, then the lower index.
func choose(pkg []int, own, score [][]float64, allowed [][]bool, theta float64) float64 {
	var u float64
	for k, row := range own {
		best, bo := 0.0, -1
		for o, v := range row {
			if !allowed[k][o] {
				continue
			}
			x := (1-theta)*score[k][o] + theta*v
			if bo < 0 || x > best || (x == best && score[k][o] > score[k][bo]) {
				best, bo = x, o
			}
		}
		pkg[k] = bo
		u += row[bo]
	}
	return u
}

// improve makes the single-issue move with the largest score gain that keeps
// own utility at or above target, until none is left.
func improve(pkg []int, own, score [][]float64, allowed [][]bool, target, u float64) float64 {
	for range len(pkg) * 4 {
		bestGain, bk, bo := 0.0, -1, -1
		for k, row := range own {
			cur := pkg[k]
			for o, v := range row {
				if o == cur || !allowed[k][o] {
					continue
				}
				if g := score[k][o] - score[k][cur]; g > bestGain && u-row[cur]+v >= target {
					bestGain, bk, bo = g, k, o
				}
			}
		}
		if bk < 0 {
			break
		}
		u += own[bk][bo] - own[bk][pkg[bk]]
		pkg[bk] = bo
	}
	return u
}
