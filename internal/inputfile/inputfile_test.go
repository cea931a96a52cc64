package inputfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"
)

func TestRead(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "small.yaml")
	if err := os.WriteFile(small, []byte("name: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	exact := filepath.Join(dir, "exact.yaml")
	if err := os.WriteFile(exact, bytes.Repeat([]byte("a"), 100), 0o644); err != nil {
		t.Fatal(err)
	}
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, bytes.Repeat([]byte("a"), 101), 0o644); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.yaml")
	if runtime.GOOS != "windows" {
		if err := mkfifo(fifo); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name    string
		file    string
		wantLen int
		want    error
	}{
		{"small file", small, 8, nil},
		{"file at the cap", exact, 100, nil},
		{"file one byte over the cap", big, 0, ErrTooLarge},
		{"directory", dir, 0, ErrNotRegular},
		{"named pipe", fifo, 0, ErrNotRegular},
		{"endless device", os.DevNull, 0, ErrNotRegular},
		{"missing file", filepath.Join(dir, "none.yaml"), 0, os.ErrNotExist},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.file == fifo && runtime.GOOS == "windows" {
				t.Skip("no named pipes")
			}
			done := make(chan struct{})
			var data []byte
			var err error
			go func() {
				defer close(done)
				data, err = Read(tc.file, 100)
			}()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatalf("Read(%s) still blocked after 5 s", tc.file)
			}
			if tc.want == nil {
				if err != nil || len(data) != tc.wantLen {
					t.Fatalf("Read(%s) = %d bytes, %v; want %d bytes, no error", tc.file, len(data), err, tc.wantLen)
				}
				return
			}
			if !errors.Is(err, tc.want) {
				t.Fatalf("Read(%s) error = %v, want it to wrap %v", tc.file, err, tc.want)
			}
		})
	}
}
