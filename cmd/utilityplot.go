package cmd

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"slices"

	"github.com/negsim/negsim/analysis"
	"github.com/negsim/negsim/plots"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
	"gonum.org/v1/plot"
)

// weightedPackage is an agreed package and how many runs agreed on it.
type weightedPackage struct {
	pkg   []int
	count int
}

// maxPlotPackages bounds the packages drawn in a utility-space plot: a
// larger space is sampled (uniformly over allowed options, seeded).
const maxPlotPackages = 200000

var solutionLabels = map[string]string{
	analysis.Nash.String():             "Nash",
	analysis.NashWeighted.String():     "weighted Nash",
	analysis.KalaiSmorodinsky.String(): "Kalai–Smorodinsky",
	analysis.Utilitarian.String():      "utilitarian",
	analysis.Egalitarian.String():      "egalitarian",
}

// writeUtilityPlot draws the utility space of the parties at the table
// (one panel per pair) into dir as PNG and SVG, with the bargaining
// solutions of rep and, if given, Monte Carlo agreements.
func writeUtilityPlot(dir string, sc *scenarios.Scenario, p *analysis.Problem, rep *analysis.Report, agreed []weightedPackage) error {
	s := sc.Sim
	pkgs := samplePackages(p)
	var panels [][]*plot.Plot
	var row []*plot.Plot
	for a := 0; a < len(p.Table); a++ {
		for b := a + 1; b < len(p.Table); b++ {
			ia, ib := p.Table[a], p.Table[b]
			pa, pb := &p.Parties[ia], &p.Parties[ib]
			na, nb := partyName(&s.Parties[ia]), partyName(&s.Parties[ib])
			u := plots.UtilitySpace{
				Title:  na + " and " + nb,
				XLabel: na, YLabel: nb,
				ResX: pa.Reservation, ResY: pb.Reservation,
			}
			if len(p.Table) > 2 {
				// frontier2D is the frontier of this pair's utilities,
				// not the projection of the whole table's frontier.
				u.Note = fmt.Sprintf("(2-D projection of a %d-party space: this pair's frontier)", len(p.Table))
			}
			for _, pkg := range pkgs {
				u.Packages = append(u.Packages, plots.UtilityPoint{X: pa.Utility(pkg), Y: pb.Utility(pkg)})
			}
			u.Frontier = frontier2D(u.Packages)
			for _, so := range rep.Solutions {
				if so.Found {
					u.Solutions = append(u.Solutions, plots.Solution{Name: solutionLabels[so.Name], X: so.Utility[ia], Y: so.Utility[ib]})
				}
			}
			for _, w := range agreed {
				u.Agreements = append(u.Agreements, plots.UtilityPoint{X: pa.Utility(w.pkg), Y: pb.Utility(w.pkg), Weight: float64(w.count)})
			}
			pl, err := plots.UtilityPlot(u)
			if err != nil {
				return err
			}
			row = append(row, pl)
			if len(row) == 3 {
				panels, row = append(panels, row), nil
			}
		}
	}
	if len(row) > 0 {
		panels = append(panels, row)
	}
	if len(panels) == 0 {
		return nil // one party at the table: no pair to draw
	}
	for _, ext := range []string{".png", ".svg"} {
		title := "The outcome space of the parties at the table\n" + scenarioName(sc)
		if err := plotSaver.SaveGridTitled(title, panels, plots.SquareSize, plots.SquareSize, filepath.Join(dir, UtilityPlot+ext)); err != nil {
			return err
		}
	}
	return nil
}

// partyName returns a party's label, or its id if it has none.
func partyName(p *sim.Party) string {
	if p.Label != "" {
		return p.Label
	}
	return p.ID
}

// samplePackages returns every package that crosses no red line of a party
// whose consent is needed, or a seeded uniform sample of maxPlotPackages of
// them when there are more.
func samplePackages(p *analysis.Problem) [][]int {
	allowed := make([][]int, len(p.Issues))
	total := 1.0
	for k, is := range p.Issues {
		for o := range is.Options {
			ok := true
			for _, j := range p.Consent {
				pj := &p.Parties[j]
				probe := make([]int, len(p.Issues))
				probe[k] = o
				_ = probe
				if pj.RedLine[k][o] && (pj.Role == 0 || slices.Contains(pj.Controls, k)) {
					ok = false
				}
			}
			if ok {
				allowed[k] = append(allowed[k], o)
			}
		}
		if len(allowed[k]) == 0 {
			return nil
		}
		total *= float64(len(allowed[k]))
	}
	var out [][]int
	if total <= maxPlotPackages {
		pkg := make([]int, len(p.Issues))
		var rec func(k int)
		rec = func(k int) {
			if k == len(pkg) {
				out = append(out, slices.Clone(pkg))
				return
			}
			for _, o := range allowed[k] {
				pkg[k] = o
				rec(k + 1)
			}
		}
		rec(0)
		return out
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range maxPlotPackages {
		pkg := make([]int, len(p.Issues))
		for k, opts := range allowed {
			pkg[k] = opts[rng.IntN(len(opts))]
		}
		out = append(out, pkg)
	}
	return out
}

// frontier2D returns the points no other point weakly dominates (with
// equal points kept once), by increasing X.
func frontier2D(pts []plots.UtilityPoint) []plots.UtilityPoint {
	s := slices.Clone(pts)
	slices.SortFunc(s, func(a, b plots.UtilityPoint) int {
		return cmp.Or(cmp.Compare(b.X, a.X), cmp.Compare(b.Y, a.Y))
	})
	var f []plots.UtilityPoint
	for _, q := range s {
		if len(f) == 0 || q.Y > f[len(f)-1].Y {
			f = append(f, plots.UtilityPoint{X: q.X, Y: q.Y})
		}
	}
	slices.Reverse(f)
	return f
}
