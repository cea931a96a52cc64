package agents

// Propose writes into pkg the package that maximises the score (the sum over
// issues of score[k][o]) among the packages, built from allowed options, whose
// own utility (the sum of own[k][o]) is at least target, and returns that own
// utility. If no allowed package reaches target it writes the package with
// the highest own utility (ties broken by score). Every issue must have at
// least one allowed option.
//
// It does not enumerate packages. It starts from the best package by score
// and, while own utility is short of the target, makes the single-issue
// move that buys own utility at the lowest cost in score per unit gained:
// a greedy walk along the upper hull of the Lagrangian relaxation (the
// weighted-sum scalarisation (1−θ)·score + θ·own with θ rising). Then it
// makes single-issue moves that raise the score while keeping the target.
// The result is exact when the constraint is slack and otherwise a close
// approximation (the multiple-choice knapsack problem behind it is NP-hard);
// the tests measure how often it is optimal. Cost: O(moves × issues ×
// options), moves ≤ the number of options.
func Propose(pkg []int, own, score [][]float64, allowed [][]bool, target float64) float64 {
	var u, reach float64
	for k, row := range own {
		bo, mo := -1, -1
		for o := range row {
			if !allowed[k][o] {
				continue
			}
			if bo < 0 || score[k][o] > score[k][bo] || (score[k][o] == score[k][bo] && row[o] > row[bo]) {
				bo = o
			}
			if mo < 0 || row[o] > row[mo] || (row[o] == row[mo] && score[k][o] > score[k][mo]) {
				mo = o
			}
		}
		pkg[k] = bo
		u += row[bo]
		reach += row[mo]
	}
	if reach < target {
		// Unreachable: demand the best package for oneself.
		u = 0
		for k, row := range own {
			mo := -1
			for o := range row {
				if allowed[k][o] && (mo < 0 || row[o] > row[mo] || (row[o] == row[mo] && score[k][o] > score[k][mo])) {
					mo = o
				}
			}
			pkg[k] = mo
			u += row[mo]
		}
		return u
	}
	// Each issue's best move depends only on its own current option, so
	// it is kept per issue and recomputed only for the issue that moved:
	// a step costs O(issues + options) instead of O(issues × options).
	var buf [64]move
	moves := buf[:0]
	if len(own) > len(buf) {
		moves = make([]move, 0, len(own))
	}
	for k := range own {
		moves = append(moves, bestMove(k, pkg[k], own[k], score[k], allowed[k]))
	}
	for u < target {
		bk := -1
		for k, m := range moves {
			if m.o < 0 {
				continue
			}
			if bk < 0 || m.cost < moves[bk].cost || (m.cost == moves[bk].cost && m.gain > moves[bk].gain) {
				bk = k
			}
		}
		if bk < 0 {
			break // only by round-off, since the target is reachable
		}
		bo := moves[bk].o
		u += own[bk][bo] - own[bk][pkg[bk]]
		pkg[bk] = bo
		moves[bk] = bestMove(bk, bo, own[bk], score[bk], allowed[bk])
	}
	return improve(pkg, own, score, allowed, target, u)
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

// move is an issue's cheapest step up in own utility: to option o, at cost
// score lost per unit of own utility gained; o < 0 when there is none.
type move struct {
	o          int
	cost, gain float64
}

// bestMove returns issue k's cheapest move up from option cur (ties: the
// larger gain, then the lower option).
func bestMove(k, cur int, own, score []float64, allowed []bool) move {
	m := move{o: -1}
	for o, v := range own {
		gain := v - own[cur]
		if gain <= 0 || !allowed[o] {
			continue
		}
		cost := (score[cur] - score[o]) / gain
		if m.o < 0 || cost < m.cost || (cost == m.cost && gain > m.gain) {
			m = move{o: o, cost: cost, gain: gain}
		}
	}
	return m
}
