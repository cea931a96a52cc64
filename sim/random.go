package sim

// splitmix64 is the finaliser of Steele, Lea & Flood's SplitMix64: a
// bijective mixer, so distinct inputs give distinct, well-spread outputs.
func splitmix64(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// runKey returns the key from which all of run i's randomness derives. It
// depends only on (seed, i), never on which worker runs it.
func runKey(seed uint64, i int) uint64 {
	return splitmix64(splitmix64(seed) ^ splitmix64(uint64(i)+0x632be59bd9b4e019))
}

// slotUniform returns the uniform number in [0,1) of parameter slot s in the
// run with the given key. Each parameter has its own slot, so making one
// parameter random does not shift the draws of the others (common random
// numbers across scenario variants).
func slotUniform(key uint64, s int) float64 {
	return float64(splitmix64(key^splitmix64(uint64(s)<<1|1))>>11) / (1 << 53)
}

// Sections of a run's slots (slotUniform): parameters use sections 0 to
// 2 (drawer.drawWith); in-run events have their own.
const (
	shockSection = 3 << 40
	itemSection  = 4 << 40
)

// eventUniform returns the uniform number of draw d (0 to 3) of event e in
// round t of the run with the given key: shocks and other in-run events
// draw from fixed slots, whether or not an earlier draw made them happen,
// so that changing one event's probability never shifts another's numbers.
func eventUniform(key uint64, t, e, d int) float64 {
	return slotUniform(key, shockSection|t<<22|e<<2|d)
}
