package cmd

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// BenchmarkServeChange measures, on the bundled scenario, the time from a
// parameter change (a new /api/stream request) to the first estimate
// (1,000 runs) and to the final one (10,000 runs), each paired with the
// unmodified scenario and with run's plots drawn as SVG, as the page
// gets them:
//
//	go test ./cmd/ -run '^$' -bench ServeChange -benchtime 20x
func BenchmarkServeChange(b *testing.B) {
	s, err := newServer(serveConfig{token: testToken})
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(s)
	defer ts.Close()
	var first, final time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		resp, err := http.Get(fmt.Sprintf("%s/api/stream?token=%s&runs=10000&set=parties.russia.reservation=%.2f", ts.URL, testToken, 0.4+0.01*float64(i%20)))
		if err != nil {
			b.Fatal(err)
		}
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 1<<22)
		events := 0
		for sc.Scan() {
			if strings.HasPrefix(sc.Text(), "event: result") {
				events++
				if events == 1 {
					first += time.Since(start)
				}
			}
		}
		final += time.Since(start)
		resp.Body.Close()
		if events != 2 {
			b.Fatalf("%d results, want 2", events)
		}
	}
	b.ReportMetric(float64(first.Microseconds())/1000/float64(i), "ms/first-1000-runs")
	b.ReportMetric(float64(final.Microseconds())/1000/float64(i), "ms/10000-runs")
}
