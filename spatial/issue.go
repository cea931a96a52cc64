package spatial

import (
	"math"
	"math/rand/v2"
)

// Scale is the span of the issue scale: positions run from 0 to Scale.
const Scale = 100

// Actor is one actor's fixed inputs on one issue, as the models take
// them: position and salience in [0,100], capability >= 0.
type Actor struct {
	Name       string
	Capability float64
	Position   float64
	Salience   float64
}

// Weight returns the actor's weight in the models, capability × salience.
func (a Actor) Weight() float64 { return a.Capability * a.Salience }

// Input is one actor's inputs on one issue as read from a file: each a
// number or a distribution.
type Input struct {
	Name       string
	Capability Value
	Position   Value
	Salience   Value
	Line       int // line of the file the actor was read from, 0 if none
}

// Issue is one decision to forecast: the actors' inputs and, where known,
// the actual outcome and the status quo (NaN where unknown).
type Issue struct {
	Name      string
	Actors    []Input
	Outcome   float64 // the actual decision in [0,100], NaN if unknown
	StatusQuo float64 // the status quo in [0,100], NaN if none
}

// IsFixed reports whether every input of the issue is a plain number, so
// that one run of each model gives its forecast.
func (is *Issue) IsFixed() bool {
	for _, a := range is.Actors {
		if !a.Capability.IsFixed() || !a.Position.IsFixed() || !a.Salience.IsFixed() {
			return false
		}
	}
	return true
}

// Nominal fills dst (reallocated if too short) with every input at its
// median (a normal's median once truncated to the field's range) and
// returns it.
func (is *Issue) Nominal(dst []Actor) []Actor {
	dst = resize(dst, len(is.Actors))
	for i, a := range is.Actors {
		dst[i] = Actor{
			Name:       a.Name,
			Capability: a.Capability.within(0.5, 0, math.Inf(1)),
			Position:   a.Position.within(0.5, 0, Scale),
			Salience:   a.Salience.within(0.5, 0, Scale),
		}
	}
	return dst
}

// Draw fills dst (reallocated if too short) with one draw of every input
// from rnd and returns it. Each distribution is drawn by inverting its
// quantile function at one uniform number, in the order capability,
// position, salience for each actor in turn, so a draw depends only on
// rnd. Normals are truncated to the field's range, positions and
// saliences to [0,100] and capabilities to [0,∞); other distributions lie
// in it already.
func (is *Issue) Draw(rnd *rand.Rand, dst []Actor) []Actor {
	dst = resize(dst, len(is.Actors))
	draw := func(v Value, hi float64) float64 {
		if v.IsFixed() {
			return clamp(v.A, 0, hi)
		}
		return v.within(rnd.Float64(), 0, hi)
	}
	for i, a := range is.Actors {
		dst[i] = Actor{
			Name:       a.Name,
			Capability: draw(a.Capability, math.Inf(1)),
			Position:   draw(a.Position, Scale),
			Salience:   draw(a.Salience, Scale),
		}
	}
	return dst
}

func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }
