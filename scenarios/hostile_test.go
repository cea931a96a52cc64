package scenarios_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/negsim/negsim/internal/inputfile"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// Hostile and careless inputs: each row is a file in testdata/hostile, or
// one the test writes (too large to keep in the repository), and the error
// Load must answer it with, at once and in bounded memory. The hard target
// (1 s and 200 MB for any input up to MaxFileSize) is BenchmarkHostile's;
// the test only checks a loose ceiling, so that it cannot fail on a slow or
// busy machine.

// hostileCase is one hostile input.
type hostileCase struct {
	name string
	// file is the input in testdata/hostile; or else gen writes it into
	// dir and returns its path.
	file string
	gen  func(t testing.TB, dir string) string
	// field and msg are what an error must name and say; an input
	// with neither is valid and must load. fileErr: the error is not a
	// FieldError: it wraps this inputfile error.
	field   string
	msg     []string
	fileErr error
}

// minimalText is testdata/valid/minimal.yaml with each old string replaced
// by its new one.
func minimalText(t testing.TB, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(minimalYAML)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i+1 < len(oldNew); i += 2 {
		if !strings.Contains(s, oldNew[i]) {
			t.Fatalf("minimal.yaml has no %q", oldNew[i])
		}
		s = strings.Replace(s, oldNew[i], oldNew[i+1], 1)
	}
	return s
}

// write returns a gen that writes text(t) to dir/name.
func write(name string, text func(t testing.TB) string) func(testing.TB, string) string {
	return func(t testing.TB, dir string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text(t)), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
}

// many returns n copies of format, with %[1]d the copy's index.
func many(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// blockNest returns a YAML mapping n levels deep under name:.
func blockNest(n int) string {
	var b strings.Builder
	b.WriteString("name:\n")
	for i := range n {
		b.WriteString(strings.Repeat(" ", i+1) + "a:\n")
	}
	b.WriteString(strings.Repeat(" ", n+1) + "1\n")
	return b.String()
}

// largest returns a valid scenario of the given numbers of issues, options
// and parties (at least 2), every party weighting and valuing every option.
func largest(issues, options, parties int) string {
	var b strings.Builder
	b.WriteString("deadline: 10\nprotocol: {type: alternating}\nissues:\n")
	for k := range issues {
		fmt.Fprintf(&b, "  - id: i%d\n    options: [", k)
		for o := range options {
			fmt.Fprintf(&b, "{id: o%d}, ", o)
		}
		b.WriteString("]\n")
	}
	b.WriteString("parties:\n")
	for j := range parties {
		fmt.Fprintf(&b, "  p%d:\n    reservation: 0.2\n    strategy: {type: linear}\n    weights:\n", j)
		for k := range issues {
			fmt.Fprintf(&b, "      i%d: 1\n", k)
		}
		b.WriteString("    values:\n")
		for k := range issues {
			fmt.Fprintf(&b, "      i%d: {", k)
			for o := range options {
				fmt.Fprintf(&b, "o%d: %g, ", o, float64(o)/float64(options-1))
			}
			b.WriteString("}\n")
		}
	}
	return b.String()
}

var hostileCases = []hostileCase{
	// Nesting: each took minutes or gigabytes in viper's walk of the keys.
	{name: "9000 flow mappings deep", gen: write("deep-flow.yaml", func(testing.TB) string {
		return "name: " + strings.Repeat("{a: ", 9000) + "1" + strings.Repeat("}", 9000) + "\n"
	}), field: "name.a.a.a.a.a.a.a.a.a.a.a", msg: []string{"nested more than 12 levels"}},
	{name: "2000 block mappings deep", gen: write("deep-block.yaml", func(testing.TB) string { return blockNest(2000) }),
		field: "name.a.a.a.a.a.a.a.a.a.a.a", msg: []string{"nested more than 12 levels"}},
	{name: "9990 flow lists deep", gen: write("deep-seq.yaml", func(testing.TB) string {
		return "name: " + strings.Repeat("[", 9990) + "1" + strings.Repeat("]", 9990) + "\n"
	}), field: "name[0][0][0][0][0][0][0][0][0][0][0]", msg: []string{"nested more than 12 levels"}},
	{name: "JSON 9000 objects deep", gen: write("deep.json", func(testing.TB) string {
		return `{"name": ` + strings.Repeat(`{"a": `, 9000) + "1" + strings.Repeat("}", 9000) + "}"
	}), field: "name.a.a.a.a.a.a.a.a.a.a.a", msg: []string{"nested more than 12 levels"}},
	{name: "TOML 40000 lists deep", gen: write("deep-array.toml", func(testing.TB) string {
		return "name = " + strings.Repeat("[", 40000) + "1" + strings.Repeat("]", 40000) + "\n"
	}), msg: []string{"lists and inline tables nested more than 12 levels"}},
	{name: "TOML 9000 inline tables deep", gen: write("deep-table.toml", func(testing.TB) string {
		return "name = " + strings.Repeat("{a = ", 9000) + "1" + strings.Repeat("}", 9000) + "\n"
	}), msg: []string{"lists and inline tables nested more than 12 levels"}},
	{name: "TOML table header 20000 keys deep", gen: write("deep-header.toml", func(testing.TB) string {
		return "[" + strings.Repeat("a.", 19999) + "a]\nx = 1\n"
	}), field: "a.a.a.a.a.a.a.a.a.a.a.a", msg: []string{"nested more than 12 levels"}},
	{name: "TOML dotted key 20000 keys deep", gen: write("deep-key.toml", func(testing.TB) string {
		return strings.Repeat("a.", 19999) + "a = 1\n"
	}), field: "a.a.a.a.a.a.a.a.a.a.a.a", msg: []string{"nested more than 12 levels"}},
	{name: "nesting one level too deep in the format's own keys", file: "too-deep.yaml",
		field: "variants.v.parties.north.values.price.low.dist.x.y.z.w", msg: []string{"nested more than 12 levels", "needs at most 9"}},
	{name: "nesting as deep as the format goes", file: "deepest.yaml"},

	// Size.
	{name: "file over 16 MiB", gen: func(t testing.TB, dir string) string {
		p := filepath.Join(dir, "huge.yaml")
		data := []byte(minimalText(t) + "description: " + strings.Repeat("x", scenarios.MaxFileSize) + "\n")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}, fileErr: inputfile.ErrTooLarge},
	{name: "16 MiB description", gen: func(t testing.TB, dir string) string {
		p := filepath.Join(dir, "long-description.yaml")
		base := minimalText(t)
		data := []byte(base + "description: " + strings.Repeat("x", scenarios.MaxFileSize-len(base)-20) + "\n")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}},
	{name: "700,000 options", gen: write("options.yaml", func(t testing.TB) string {
		return minimalText(t, "      - {id: mid}\n", many(700_000, "      - {id: o%d}\n"))
	}), msg: []string{"more than 100000 lines and separators"}},
	{name: "a million options in one JSON list", gen: write("options.json", func(t testing.TB) string {
		return `{"issues": [{"id": "x", "options": [` + strings.TrimSuffix(many(1_000_000, `{"id":"%d"},`), ",") + "]}]}"
	}), msg: []string{"more than 100000 lines and separators"}},
	{name: "10000 options", gen: write("options10k.yaml", func(t testing.TB) string {
		return minimalText(t, "      - {id: mid}\n", many(10_000, "      - {id: o%d}\n"))
	}), field: "issues[0].options", msg: []string{"2 to 255 options"}},
	{name: "30000 unknown issues weighted", gen: write("weights.yaml", func(t testing.TB) string {
		return minimalText(t, "      price: 0.7\n", "      price: 0.7\n"+many(30_000, "      w%d: 1\n"))
	}), field: "parties.north.weights", msg: []string{"a mapping of 30002 keys, at most 1000 allowed"}},
	{name: "a list of 60000 items", gen: write("controls.yaml", func(t testing.TB) string {
		return minimalText(t, "    controls: [term]", "    controls: ["+strings.Repeat("term, ", 60_000)+"term]")
	}), msg: []string{"more than 50000 entries"}},
	{name: "998 unknown issues weighted among 1000", gen: write("weights1000.yaml", func(t testing.TB) string {
		return largest(1000, 2, 2) + "  bad:\n    weights:\n      i0: 1\n" + many(998, "      x%d: 1\n") + "    values: {i0: {o0: 0, o1: 1}}\n    reservation: 0\n    strategy: {type: linear}\n"
	}), field: "parties.bad.weights.x0", msg: []string{`unknown issue "x0"`}},
	{name: "1000 issues valued by 4 parties", gen: write("largest.yaml", func(t testing.TB) string { return largest(1000, 2, 4) })},
	{name: "16 MiB of comments", gen: write("comments.yaml", func(t testing.TB) string {
		base := minimalText(t)
		return base + strings.Repeat("#\n", (scenarios.MaxFileSize-len(base))/2)
	}), msg: []string{"more than 100000 lines"}},
	{name: "alias bomb", file: "alias-bomb.yaml", msg: []string{"more than 50000 entries", "aliases expanded"}},

	// Numbers that overflow.
	{name: "weights summing to +Inf", file: "weights-overflow.yaml", field: "parties.north.weights.price", msg: []string{"must be in [0, 1e+300], got 1e+308"}},

	// Values that weak decoding turned into others, and a parameter the
	// strategy ignored.
	{name: "deadline value true", file: "deadline-value-true.yaml", field: "deadline", msg: []string{"value: must be a number, got true"}},
	{name: "deadline value empty", file: "deadline-value-empty.yaml", field: "deadline", msg: []string{`value: must be a number, got ""`}},
	{name: "distribution argument true", file: "dist-arg-bool.yaml", field: "parties.north.reservation", msg: []string{"dist.min: must be a number, got true"}},
	{name: "title true", file: "title-bool.yaml", field: "title", msg: []string{"must be a string, got true"}},
	{name: "strategy parameter not taken", file: "strategy-param-not-taken.yaml", field: "parties.north.strategy.rate", msg: []string{"not a parameter of boulware (it takes beta, k)"}},

	// GENIUS files, imported by a scenario.
	{name: "GENIUS domain of 16 MiB of elements", gen: func(t testing.TB, dir string) string {
		laptop, err := filepath.Abs("testdata/genius/anac/Laptop")
		if err != nil {
			t.Fatal(err)
		}
		domain := filepath.Join(dir, "domain.xml")
		body := strings.Repeat("<item/>\n", (scenarios.MaxFileSize-200)/8)
		if err := os.WriteFile(domain, []byte("<negotiation_template><utility_space><objective>"+body+"</objective></utility_space></negotiation_template>"), 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "import.yaml")
		text := fmt.Sprintf("genius: {domain: %s, profiles: [%s, %s]}\n", domain, filepath.Join(laptop, "Laptop-C-prof1.xml"), filepath.Join(laptop, "Laptop-C-prof2.xml"))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}, msg: []string{"more than 50000 XML elements"}},
	{name: "GENIUS domain nested 100000 deep", gen: func(t testing.TB, dir string) string {
		laptop, err := filepath.Abs("testdata/genius/anac/Laptop")
		if err != nil {
			t.Fatal(err)
		}
		domain := filepath.Join(dir, "deep.xml")
		if err := os.WriteFile(domain, []byte(strings.Repeat("<a>", 100000)+strings.Repeat("</a>", 100000)), 0o644); err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, "import-deep.yaml")
		text := fmt.Sprintf("genius: {domain: %s, profiles: [%s, %s]}\n", domain, filepath.Join(laptop, "Laptop-C-prof1.xml"), filepath.Join(laptop, "Laptop-C-prof2.xml"))
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}, msg: []string{"XML elements nested more than 32 deep"}},

	// Devices and pipes: read only regular files.
	{name: "endless device", gen: func(testing.TB, string) string { return "/dev/zero" }, fileErr: inputfile.ErrNotRegular},
	{name: "named pipe", gen: func(t testing.TB, dir string) string {
		p := filepath.Join(dir, "pipe.yaml")
		if err := mkfifo(p); err != nil {
			t.Skipf("no named pipe: %v", err)
		}
		return p
	}, fileErr: inputfile.ErrNotRegular},
	{name: "directory", gen: func(t testing.TB, dir string) string {
		p := filepath.Join(dir, "dir.yaml")
		if err := os.Mkdir(p, 0o755); err != nil {
			t.Fatal(err)
		}
		return p
	}, fileErr: inputfile.ErrNotRegular},

	// What the reader would silently drop or overwrite.
	{name: "second YAML document", file: "second-document.yaml", msg: []string{"a second YAML document"}},
	{name: "YAML duplicate key", file: "duplicate-key.yaml", field: "parties.north.reservation", msg: []string{`key "reservation" is given twice`, "first on line 28"}},
	{name: "JSON duplicate key", file: "duplicate-key.json", field: "parties.south.reservation", msg: []string{`key "reservation" is given twice`, "first on line 28"}},
}

// loadHostile loads the input of c, in dir, as negsim validate would, with
// a ceiling on the time it may take.
func loadHostile(t testing.TB, c hostileCase, dir string) (*scenarios.Scenario, error) {
	t.Helper()
	p := filepath.Join("testdata", "hostile", c.file)
	if c.gen != nil {
		p = c.gen(t, dir)
	}
	type result struct {
		s   *scenarios.Scenario
		err error
	}
	done := make(chan result, 1)
	go func() {
		s, err := scenarios.Load(p, nil)
		done <- result{s, err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("Load(%s) still running after 10 s", p)
		return nil, nil
	}
}

func TestHostile(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the inputs include /dev/zero and named pipes")
	}
	var names []string
	for _, c := range hostileCases {
		names = append(names, c.file)
	}
	everyFileHasRow(t, "testdata/hostile/*", names)
	for _, c := range hostileCases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			s, err := loadHostile(t, c, dir)
			runtime.ReadMemStats(&after)
			// A loose ceiling on all the memory allocated; the benchmark
			// reports it exactly.
			if mb := (after.TotalAlloc - before.TotalAlloc) >> 20; mb > 1024 {
				t.Errorf("Load allocated %d MB, want far less", mb)
			}
			switch {
			case c.fileErr != nil:
				if !errors.Is(err, c.fileErr) {
					t.Fatalf("Load error = %v, want one wrapping %v", err, c.fileErr)
				}
				return
			case c.field == "" && len(c.msg) == 0:
				if err != nil {
					t.Fatalf("Load error = %v, want none", err)
				}
				if s == nil {
					t.Fatal("Load returned no scenario and no error")
				}
				return
			}
			es := fieldErrors(t, err)
			if s != nil {
				t.Errorf("Load returned a scenario with the error")
			}
			i := slices.IndexFunc(es, func(e *scenarios.FieldError) bool { return e.Field == c.field })
			if i < 0 {
				t.Fatalf("no error names field %q:\n%v", c.field, err)
			}
			e := es[i]
			for _, m := range c.msg {
				if !strings.Contains(e.Msg, m) {
					t.Errorf("error %q does not say %q", e.Msg, m)
				}
			}
			if c.file != "" && e.File != filepath.Join("testdata", "hostile", c.file) {
				t.Errorf("error names file %q, want the input", e.File)
			}
		})
	}
}

// BenchmarkHostile measures the time and memory each hostile input takes
// to be answered: every one must take under 1 s and 200 MB. MB-alloc/op is
// all the memory allocated, a bound on the peak; cpu-s/op is the CPU time,
// which a busy machine does not inflate as it does ns/op. Run with
//
//	go test -run '^$' -bench Hostile -benchtime 3x ./scenarios/
func BenchmarkHostile(b *testing.B) {
	for _, c := range hostileCases {
		b.Run(strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
			if c.gen != nil && slices.Contains([]string{"named pipe"}, c.name) {
				b.Skip("measured by TestHostile")
			}
			dir := b.TempDir()
			p := filepath.Join("testdata", "hostile", c.file)
			if c.gen != nil {
				p = c.gen(b, dir)
			}
			runtime.GC()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuTime()
			b.ReportAllocs()
			n := 0
			for b.Loop() {
				scenarios.Load(p, nil)
				n++
			}
			cpu = cpuTime() - cpu
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/(1<<20), "MB-alloc/op")
			// CPU time, garbage collection included: unlike ns/op, it does
			// not grow when other processes share the machine.
			b.ReportMetric(cpu.Seconds()/float64(n), "cpu-s/op")
		})
	}
}

// Weights are relative: weights at MaxWeight give the same runs as the
// same weights at 1, which a sum overflowing to +Inf did not.
func TestWeightsAtTheCap(t *testing.T) {
	one := minimalText(t, "      price: 0.7\n      term: 0.3\n", "      price: 1\n      term: 1\n")
	huge := minimalText(t, "      price: 0.7\n      term: 0.3\n", "      price: 1e300\n      term: 1e300\n")
	var ps []float64
	for _, text := range []string{one, huge} {
		s, err := scenarios.Parse("w.yaml", "yaml", []byte(text), nil)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := sim.MonteCarlo(context.Background(), s.Sim, sim.Options{Runs: 500, Seed: 1, Workers: 1})
		if err != nil {
			t.Fatal(err)
		}
		ps = append(ps, sum.P)
	}
	if ps[0] != ps[1] {
		t.Errorf("P(agreement) with weights 1e300 = %v, with weights 1 = %v; want the same", ps[1], ps[0])
	}
}
