//go:build !unix

package inputfile

import "errors"

// mkfifo makes a named pipe at path, where the system has them.
func mkfifo(path string) error { return errors.New("no named pipes on this system") }
