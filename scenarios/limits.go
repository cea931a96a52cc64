package scenarios

import "github.com/negsim/negsim/internal/inputfile"

// MaxFileSize caps every scenario file read: the file named, its bases and
// the GENIUS files it imports. Only regular files are read, so that a pipe
// or a device named by mistake cannot block or never end.
const MaxFileSize = inputfile.MaxSize
