// Package atomicfile writes output files so that a reader, or a crash, never
// sees a half-written file: data goes to a temporary file in the target's
// directory, which is then synced and renamed over the target.
package atomicfile
