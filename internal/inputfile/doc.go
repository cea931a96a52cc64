// Package inputfile reads the files negsim is given (scenarios, GENIUS
// profiles, results) so that a careless or hostile name cannot hang or
// exhaust memory: only regular files are read, and no more than a cap.
package inputfile
