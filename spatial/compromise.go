package spatial

func init() { Register("compromise", func() Model { return &Compromise{} }) }

// Compromise is the compromise model: the outcome is the mean of the
// actors' positions weighted by capability × salience, Σ c s x / Σ c s, a
// computational form of the Nash bargaining solution (Achen 2006; Thomson
// et al. 2006, The European Union Decides). It has no parameters.
type Compromise struct{}

// Predict returns the weighted mean position, or NaN when no actor has
// weight. It records nothing in tr.
func (*Compromise) Predict(a []Actor, tr *Trace) float64 {
	var sw, swx float64
	for _, ac := range a {
		w := float64(ac.Weight()) // rounded: no fused multiply-add (docs/model.md, Reproducibility)
		sw += w
		swx += float64(w * ac.Position)
	}
	if sw == 0 {
		return nan
	}
	return swx / sw
}
