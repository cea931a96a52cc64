//go:build !unix

package cmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// lockFile marks a directory being written, on systems without flock. A
// killed writer leaves it behind, and the message says to remove it.
const lockFile = ".negsim.lock"

// lockDir takes an exclusive lock on the directory dir by creating
// lockFile in it, or fails at once with a clear message if it exists.
func lockDir(dir string) (unlock func(), err error) {
	p := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(p, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("--out %s: another negsim command is writing into this directory (%s exists; remove it if no negsim is running)", dir, p)
	}
	if err != nil {
		return nil, fmt.Errorf("--out %s: locking it: %w", dir, err)
	}
	fmt.Fprintf(f, "%d\n", os.Getpid())
	f.Close()
	return func() { os.Remove(p) }, nil
}
