package spatial

func init() { Register("median", func() Model { return &Median{} }) }

// Median is the weighted median model: the outcome is the position that a
// capability × salience weighted majority cannot beat, the position with
// at least half of Σ c s on each side (Black's median voter; Achen 2006).
// Where the weight is split exactly in half between two positions, the
// midpoint is returned. It has no parameters.
type Median struct {
	x, w  []float64
	order []int
}

// Predict returns the weighted median position, or NaN when no actor has
// weight. It records nothing in tr.
func (m *Median) Predict(a []Actor, tr *Trace) float64 {
	m.x, m.w = resize(m.x, len(a)), resize(m.w, len(a))
	for i, ac := range a {
		m.x[i], m.w[i] = ac.Position, ac.Weight()
	}
	var med float64
	med, m.order = weightedMedian(m.x, m.w, m.order)
	return med
}
