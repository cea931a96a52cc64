package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
)

// Hash returns the SHA-256 of the resolved scenario: the file as read, with
// its bases and its variant merged in, after every override, in a canonical
// JSON form (map keys sorted), with the variant's name. Two scenarios with
// the same hash simulate identically for the same seed and runs.
func (s *Scenario) Hash() string {
	data, err := json.Marshal(s.File)
	if err != nil {
		// File holds only strings, numbers, slices and maps of them.
		panic("scenarios: cannot marshal a scenario file: " + err.Error())
	}
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
