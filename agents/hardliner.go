package agents

import "fmt"

func init() {
	Register(Family{Name: "hard-liner", New: func() Strategy { return &HardLiner{} },
		Params: []ParamSpec{{Name: "target", Default: 1, Lo: 0, Hi: 1}}})
}

// HardLiner never concedes: it demands a constant fraction Target of the
// way from its reservation value (0) to its best utility (1). Its one
// parameter is target.
type HardLiner struct {
	Target float64
}

// Set takes [target].
func (s *HardLiner) Set(p []float64) { s.Target = p[0] }

// Observe does nothing.
func (s *HardLiner) Observe(float64) {}

func (s *HardLiner) String() string { return fmt.Sprintf("hard-liner target=%.2f", s.Target) }

// Aspiration is floor + Target·(best − floor).
func (s *HardLiner) Aspiration(_, _ int, best, floor float64) float64 {
	if floor >= best {
		return best
	}
	return floor + float64(s.Target*(best-floor)) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
}
