package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// MaxSize is the largest file Read accepts by default: 16 MiB.
const MaxSize = 16 << 20

// Sentinel errors, wrapped by Read's errors.
var (
	// ErrNotRegular: the name is a directory, a device, a named pipe or a
	// socket, which could block forever or never end.
	ErrNotRegular = errors.New("not a regular file")
	// ErrTooLarge: the file is larger than the cap.
	ErrTooLarge = errors.New("file too large")
)

// Read returns the content of the regular file name, of at most max bytes
// (MaxSize if max <= 0). It never blocks on a named pipe or a device, and
// reads at most max+1 bytes whatever the file claims its size is. Errors
// wrap ErrNotRegular, ErrTooLarge or the os error, and say what is allowed;
// the caller adds the place (which flag or field named the file).
func Read(name string, max int64) ([]byte, error) {
	if max <= 0 {
		max = MaxSize
	}
	fi, err := os.Stat(name)
	if err != nil {
		return nil, err
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	// openFlags keeps a file swapped for a pipe after the Stat from
	// blocking the open.
	f, err := os.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err = f.Stat(); err != nil {
		return nil, err
	}
	if err := regular(fi); err != nil {
		return nil, err
	}
	if fi.Size() > max {
		return nil, tooLarge(fi.Size(), max)
	}
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, tooLarge(int64(len(data)), max)
	}
	return data, nil
}

func regular(fi fs.FileInfo) error {
	m := fi.Mode()
	if m.IsRegular() {
		return nil
	}
	what := "a special file"
	switch {
	case m.IsDir():
		what = "a directory"
	case m&fs.ModeNamedPipe != 0:
		what = "a named pipe"
	case m&fs.ModeSocket != 0:
		what = "a socket"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		what = "a device"
	}
	return fmt.Errorf("%w (%s); give a regular file", ErrNotRegular, what)
}

func tooLarge(size, max int64) error {
	return fmt.Errorf("%w: %d bytes or more, at most %d (%d MiB) allowed", ErrTooLarge, size, max, max>>20)
}
