//go:build unix

package cmd

import (
	"errors"
	"fmt"
	"os"
	"syscall"
)

// lockFile is the lock file of systems without flock; on Unix the
// directory itself is locked.
const lockFile = ".negsim.lock"

// lockDir takes an exclusive lock on the directory dir, or fails at once
// with a clear message if another process holds it. The lock goes with
// the process, so a killed writer never leaves it held.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, fmt.Errorf("--out %s: %w", dir, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, fmt.Errorf("--out %s: another negsim command is writing into this directory; wait for it to finish, or give another --out", dir)
		}
		return nil, fmt.Errorf("--out %s: locking it: %w", dir, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
