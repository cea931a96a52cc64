package sim

import "math/rand/v2"

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

// newRunRand returns run i's generator for events within the run (shocks).
func newRunRand(key uint64) *rand.Rand {
	return rand.New(rand.NewPCG(key, splitmix64(key)))
}
