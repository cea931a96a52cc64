//go:build unix

package inputfile

import "syscall"

// openFlags: O_NONBLOCK makes opening a named pipe return at once; it has
// no effect on reading a regular file.
const openFlags = syscall.O_NONBLOCK
