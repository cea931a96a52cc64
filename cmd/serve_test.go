package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

const testToken = "test-token"

func newTestServer(t *testing.T, cfg serveConfig) *server {
	t.Helper()
	cfg.token = testToken
	s, err := newServer(cfg)
	if err != nil {
		t.Fatalf("newServer: %v", err)
	}
	return s
}

// do sends a request to s from the page's own origin, with the token
// unless the target or the headers carry their own.
func do(t *testing.T, s *server, method, target, body string, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, target, r)
	req.Host = "127.0.0.1:7878"
	for k, v := range header {
		if k == "Host" {
			req.Host = v
			continue
		}
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	return w
}

func withToken(target string) string {
	sep := "?"
	if strings.Contains(target, "?") {
		sep = "&"
	}
	return target + sep + "token=" + testToken
}

func TestServeSecurity(t *testing.T) {
	s := newTestServer(t, serveConfig{})
	tests := []struct {
		name   string
		target string
		header map[string]string
		want   int
	}{
		{"no token", "/", nil, http.StatusForbidden},
		{"no token, api", "/api/scenario", nil, http.StatusForbidden},
		{"wrong token", "/?token=nope", nil, http.StatusForbidden},
		{"token", "/?token=" + testToken, nil, http.StatusOK},
		{"token in a header", "/api/scenario", map[string]string{"Authorization": "token " + testToken}, http.StatusOK},
		{"cookie", "/api/scenario", map[string]string{"Cookie": cookieName + "=" + testToken}, http.StatusOK},
		{"wrong cookie", "/api/scenario", map[string]string{"Cookie": cookieName + "=x"}, http.StatusForbidden},
		{"localhost", withToken("/"), map[string]string{"Host": "localhost:7878"}, http.StatusOK},
		{"IPv6 loopback", withToken("/"), map[string]string{"Host": "[::1]:7878"}, http.StatusOK},
		{"DNS rebinding", withToken("/"), map[string]string{"Host": "evil.example:7878"}, http.StatusForbidden},
		{"DNS rebinding, no port", withToken("/"), map[string]string{"Host": "evil.example"}, http.StatusForbidden},
		{"same origin", withToken("/api/scenario"), map[string]string{"Origin": "http://127.0.0.1:7878"}, http.StatusOK},
		{"cross origin", withToken("/api/scenario"), map[string]string{"Origin": "http://evil.example"}, http.StatusForbidden},
		{"cross origin, other port", withToken("/api/scenario"), map[string]string{"Origin": "http://127.0.0.1:9999"}, http.StatusForbidden},
		{"null origin", withToken("/api/scenario"), map[string]string{"Origin": "null"}, http.StatusForbidden},
		{"cross site", withToken("/api/scenario"), map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"same site", withToken("/api/scenario"), map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"same origin fetch", withToken("/api/scenario"), map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusOK},
	}
	for _, tt := range tests {
		w := do(t, s, "GET", tt.target, "", tt.header)
		if w.Code != tt.want {
			t.Errorf("%s: GET %s = %d, want %d (%s)", tt.name, tt.target, w.Code, tt.want, w.Body)
		}
		if w.Code == http.StatusForbidden {
			checkJSONError(t, tt.name, w)
		}
	}
	w := do(t, s, "GET", withToken("/"), "", nil)
	var found bool
	for _, c := range w.Result().Cookies() {
		if c.Name == cookieName && c.Value == testToken && c.HttpOnly && c.SameSite == http.SameSiteStrictMode {
			found = true
		}
	}
	if !found {
		t.Errorf("GET /?token=: no HttpOnly, SameSite=Strict token cookie in %v", w.Result().Cookies())
	}
	for _, h := range []string{"Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options"} {
		if w.Header().Get(h) == "" {
			t.Errorf("GET /: no %s header", h)
		}
	}
}

func TestAllowedHost(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1:80": true, "localhost": true, "LOCALHOST:1": true, "[::1]:8": true, "10.0.0.7:7878": true,
		"evil.example": false, "127.0.0.1.nip.io:80": false, "localhost.evil.example": false, "": false,
	} {
		if got := allowedHost(host); got != want {
			t.Errorf("allowedHost(%q) = %v, want %v", host, got, want)
		}
	}
}

func checkJSONError(t *testing.T, name string, w *httptest.ResponseRecorder) string {
	t.Helper()
	var e struct {
		Error string `json:"error"`
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("%s: Content-Type %q, want JSON", name, ct)
	}
	if err := json.Unmarshal(w.Body.Bytes(), &e); err != nil || e.Error == "" {
		t.Errorf("%s: body %q is not a JSON error", name, w.Body)
	}
	return e.Error
}

func TestServeBadRequests(t *testing.T) {
	s := newTestServer(t, serveConfig{maxRuns: 50000})
	big := `{"set":["` + strings.Repeat("x", maxBodyBytes) + `"]}`
	tests := []struct {
		name, method, target, body string
		want                       int
		msg                        string // a fragment the error must contain
	}{
		{"unknown path", "GET", "/api/nothing", "", 404, "no such"},
		{"unknown static file", "GET", "/static/secret.txt", "", 404, "no such file"},
		{"unknown key", "GET", "/api/run?set=parties.rusia.reservation=0.5", "", 400, `did you mean "russia"`},
		{"unknown field", "GET", "/api/run?set=parties.russia.reservatoin=0.5", "", 400, "reservatoin"},
		{"not a parameter", "GET", "/api/run?set=parties.russia.label=3", "", 400, "not a numeric parameter"},
		{"a file key", "GET", "/api/run?set=genius.domain=/etc/passwd", "", 400, "not a parameter the page can change"},
		{"extends", "GET", "/api/run?set=extends=other", "", 400, "not a parameter the page can change"},
		{"no value", "GET", "/api/run?set=parties.russia.reservation", "", 400, "key=value"},
		{"out of range", "GET", "/api/run?set=parties.russia.reservation=1.4", "", 400, "must be in [0, 1]"},
		{"NaN", "GET", "/api/run?set=parties.russia.reservation=NaN", "", 400, "finite"},
		{"Inf", "GET", "/api/run?set=parties.russia.reservation=%2BInf", "", 400, "finite"},
		{"not a number", "GET", "/api/run?set=parties.russia.reservation=high", "", 400, "want a number"},
		{"bad distribution", "GET", "/api/run?set=parties.russia.reservation=uniform(0.9,0.1)", "", 400, "reservation"},
		{"bad choice", "GET", "/api/run?set=protocol.format=round-table", "", 400, "format"},
		{"huge runs", "GET", "/api/run?runs=1000000000", "", 400, "--max-runs"},
		{"negative runs", "GET", "/api/run?runs=-5", "", 400, "runs"},
		{"runs not a number", "GET", "/api/run?runs=many", "", 400, "whole number"},
		{"bad seed", "GET", "/api/run?seed=-1", "", 400, "seed"},
		{"unknown query parameter", "GET", "/api/run?rnus=10", "", 400, "unknown query parameter"},
		{"unknown variant", "GET", "/api/run?variant=nope", "", 400, "not a variant"},
		{"bad metric", "GET", "/api/run?metric=item:nope:agreed", "", 400, "metric"},
		{"bad JSON", "POST", "/api/run", "{bad", 400, "bad JSON"},
		{"JSON of the wrong type", "POST", "/api/run", `{"runs":"many"}`, 400, "bad JSON"},
		{"unknown JSON field", "POST", "/api/run", `{"rnus":10}`, 400, "unknown field"},
		{"two JSON values", "POST", "/api/run", `{} {}`, 400, "more than one"},
		{"body too large", "POST", "/api/run", big, 413, "larger than"},
		{"NaN in JSON", "POST", "/api/run", `{"set":["parties.russia.reservation=NaN"]}`, 400, "finite"},
		{"huge runs in JSON", "POST", "/api/run", `{"runs":1e12}`, 400, "bad JSON"},
		{"sweep without param", "GET", "/api/sweep?runs=100", "", 400, "param"},
		{"sweep of no parameter", "GET", "/api/sweep?param=parties.russia.nothing&runs=100", "", 400, "not a numeric parameter"},
		{"sweep out of range", "GET", "/api/sweep?param=parties.russia.reservation&from=-1&to=1&runs=100", "", 400, "[0, 1]"},
		{"sweep NaN", "GET", "/api/sweep?param=parties.russia.reservation&from=NaN&runs=100", "", 400, "finite"},
		{"sweep steps", "GET", "/api/sweep?param=parties.russia.reservation&steps=1000&runs=100", "", 400, "steps"},
		{"sweep too many runs", "GET", "/api/sweep?param=parties.russia.reservation&steps=41&runs=50000", "", 400, "--max-runs"},
		{"trace negative run", "GET", "/api/trace?run=-1", "", 400, "run"},
		{"plot without name", "GET", "/api/plot?runs=100", "", 400, "name"},
		{"unknown plot", "GET", "/api/plot?name=nope&runs=100", "", 400, "no plot"},
		{"wrong method", "DELETE", "/api/run", "", 404, "no such"},
	}
	for _, tt := range tests {
		w := do(t, s, tt.method, withToken(tt.target), tt.body, nil)
		if w.Code != tt.want {
			t.Errorf("%s: %s %s = %d, want %d (%s)", tt.name, tt.method, tt.target, w.Code, tt.want, w.Body)
			continue
		}
		if msg := checkJSONError(t, tt.name, w); !strings.Contains(msg, tt.msg) {
			t.Errorf("%s: error %q, want it to mention %q", tt.name, msg, tt.msg)
		}
	}
}

func TestServeTimeout(t *testing.T) {
	s := newTestServer(t, serveConfig{timeout: time.Millisecond})
	w := do(t, s, "GET", withToken("/api/run?runs=200000"), "", nil)
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("GET /api/run past the timeout = %d, want 503 (%s)", w.Code, w.Body)
	}
	if msg := checkJSONError(t, "timeout", w); !strings.Contains(msg, "--timeout") {
		t.Errorf("timeout error %q, want it to name --timeout", msg)
	}
}

// TestServeEndpoints calls every endpoint once with a few runs.
func TestServeEndpoints(t *testing.T) {
	s := newTestServer(t, serveConfig{})
	q := "runs=300&seed=3&set=parties.russia.reservation=0.5"
	tests := []struct {
		target, ctype, contains string
	}{
		{"/", "text/html", "<title>negsim serve: "},
		{"/static/app.js", "text/javascript", "use strict"},
		{"/static/style.css", "text/css", "body"},
		{"/api/scenario?" + q, "application/json", `"key":"parties.russia.reservation"`},
		{"/api/stream?" + q, "text/event-stream", "event: result"},
		{"/api/run?" + q, "application/json", `"p_agreement"`},
		{"/api/results.json?" + q, "application/json", `"provenance"`},
		{"/api/scenario.yaml?" + q, "application/yaml", "extends: ukraine-2025-03"},
		{"/api/sets.txt?" + q, "text/plain", "--set parties.russia.reservation=0.5"},
		{"/api/plot?name=" + ByRoundPlot + "&" + q, "image/svg+xml", "<svg"},
		{"/api/sweep?param=parties.russia.reservation&steps=3&" + q, "application/json", `"points"`},
		{"/api/sensitivity?" + q, "application/json", `"one_at_a_time"`},
		{"/api/trace?run=2&" + q, "text/plain", "Run 2 of ukraine-2025-03 (seed 3)"},
	}
	for _, tt := range tests {
		w := do(t, s, "GET", withToken(tt.target), "", nil)
		if w.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want 200 (%s)", tt.target, w.Code, w.Body)
			continue
		}
		if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, tt.ctype) {
			t.Errorf("GET %s: Content-Type %q, want %s", tt.target, ct, tt.ctype)
		}
		if !strings.Contains(w.Body.String(), tt.contains) {
			t.Errorf("GET %s: body does not contain %q:\n%.400s", tt.target, tt.contains, w.Body)
		}
	}
	// The same request as a JSON body.
	w := do(t, s, "POST", withToken("/api/run"), `{"set":["parties.russia.reservation=0.5"],"seed":3,"runs":300}`, nil)
	get := do(t, s, "GET", withToken("/api/run?"+q), "", nil)
	if w.Code != http.StatusOK || !bytes.Equal(resultsOf(t, w.Body.Bytes()), resultsOf(t, get.Body.Bytes())) {
		t.Errorf("POST /api/run with a JSON body = %d, and its results differ from GET's with the same query", w.Code)
	}
}

// resultsOf returns the results object of a liveResult, as JSON.
func resultsOf(t *testing.T, body []byte) []byte {
	t.Helper()
	var lr struct {
		Results json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(body, &lr); err != nil {
		t.Fatalf("not a result: %v: %.300s", err, body)
	}
	return lr.Results
}

// TestServeMatchesRun checks that the page's numbers for a set of
// overrides are bit for bit those of negsim run with the same --set, seed
// and runs: the live results those of run --no-analysis --json, and
// results.json that of run --json.
func TestServeMatchesRun(t *testing.T) {
	sets := []string{"parties.russia.reservation=0.55", "protocol.format=shuttle", "parties.ukraine.strategy.type=boulware"}
	const seed, runs = "7", "3000"
	s := newTestServer(t, serveConfig{})
	q := url.Values{"seed": {seed}, "runs": {runs}, "set": sets}
	cli := func(extra ...string) []byte {
		args := []string{"run", "--seed", seed, "--runs", runs, "--json"}
		for _, kv := range sets {
			args = append(args, "--set", kv)
		}
		var out, errb bytes.Buffer
		if code := Run(context.Background(), append(args, extra...), &out, &errb); code != 0 {
			t.Fatalf("negsim %v: exit %d: %s", args, code, errb.String())
		}
		return out.Bytes()
	}

	w := do(t, s, "GET", withToken("/api/run?"+q.Encode()), "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/run = %d: %s", w.Code, w.Body)
	}
	var page, want bytes.Buffer
	json.Indent(&page, resultsOf(t, w.Body.Bytes()), "", "  ")
	json.Indent(&want, bytes.TrimSpace(cli("--no-analysis")), "", "  ")
	if page.String() != want.String() {
		t.Errorf("the page's results differ from negsim run --no-analysis --json:\npage: %.2000s\nrun:  %.2000s", page.String(), want.String())
	}

	w = do(t, s, "GET", withToken("/api/results.json?"+q.Encode()), "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/results.json = %d: %s", w.Code, w.Body)
	}
	if got, want := w.Body.String(), string(cli()); got != want {
		t.Errorf("results.json differs from negsim run --json:\npage: %.2000s\nrun:  %.2000s", got, want)
	}
}

// TestServeStream checks the progressive estimates and that a new stream
// from the same client cancels the one it supersedes.
func TestServeStream(t *testing.T) {
	s := newTestServer(t, serveConfig{})
	ts := httptest.NewServer(s)
	defer ts.Close()
	get := func(q string) *http.Response {
		t.Helper()
		resp, err := http.Get(ts.URL + "/api/stream?token=" + testToken + "&" + q)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("GET /api/stream?%s = %d", q, resp.StatusCode)
		}
		return resp
	}
	type event struct {
		name string
		res  liveResult
	}
	read := func(sc *bufio.Scanner) (event, bool) {
		var ev event
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev.name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				json.Unmarshal([]byte(strings.TrimPrefix(line, "data: ")), &ev.res)
			case line == "" && ev.name != "":
				return ev, true
			}
		}
		return ev, false
	}

	resp := get("runs=3000&set=parties.russia.reservation=0.5")
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 1<<22)
	var got []int
	for {
		ev, ok := read(sc)
		if !ok {
			break
		}
		if ev.name != "result" {
			t.Fatalf("event %q, want result", ev.name)
		}
		got = append(got, ev.res.Runs)
		if ev.res.Final != (ev.res.Runs == 3000) {
			t.Errorf("event with %d runs: final %v", ev.res.Runs, ev.res.Final)
		}
	}
	resp.Body.Close()
	if len(got) != 2 || got[0] != stageRuns || got[1] != 3000 {
		t.Errorf("stream stages %v, want [%d 3000]", got, stageRuns)
	}

	// A long stream, superseded by the same client's next one.
	long := get("runs=200000&client=c1")
	lsc := bufio.NewScanner(long.Body)
	lsc.Buffer(nil, 1<<22)
	if ev, ok := read(lsc); !ok || ev.res.Runs != stageRuns {
		t.Fatalf("first event of the long stream: %+v, %v", ev.name, ok)
	}
	start := time.Now()
	short := get("runs=500&client=c1")
	io.Copy(io.Discard, short.Body)
	short.Body.Close()
	for {
		ev, ok := read(lsc)
		if !ok {
			break
		}
		if ev.res.Final {
			t.Errorf("the superseded stream finished its %d runs", ev.res.Runs)
		}
	}
	long.Body.Close()
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("the superseded stream took %v to stop", d)
	}
}

// TestServeScenarioYAML checks that the downloaded scenario reproduces the
// page's numbers.
func TestServeScenarioYAML(t *testing.T) {
	s := newTestServer(t, serveConfig{})
	q := "seed=5&runs=2000&set=parties.russia.reservation=0.45&set=parties.ukraine.strategy.type=conceder&set=shocks.airstrikes.probability=uniform(0,0.2)"
	w := do(t, s, "GET", withToken("/api/scenario.yaml?"+q), "", nil)
	if w.Code != http.StatusOK {
		t.Fatalf("GET /api/scenario.yaml = %d: %s", w.Code, w.Body)
	}
	path := filepath.Join(t.TempDir(), "changed.yaml")
	if err := os.WriteFile(path, w.Body.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatalf("the downloaded scenario does not load: %v\n%s", err, w.Body)
	}
	sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: 2000, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	r := do(t, s, "GET", withToken("/api/run?"+q), "", nil)
	var lr liveResult
	if err := json.Unmarshal(r.Body.Bytes(), &lr); err != nil {
		t.Fatal(err)
	}
	if sum.P != lr.P || sum.Agreements != lr.Results.Agreements {
		t.Errorf("the downloaded scenario gives P = %v (%d agreements), the page %v (%d)", sum.P, sum.Agreements, lr.P, lr.Results.Agreements)
	}
}

// TestServeOtherScenarios serves an agenda scenario and a GENIUS domain:
// the page model has their parameters, the estimates their figures, and
// the downloaded scenario reproduces the page's numbers.
func TestServeOtherScenarios(t *testing.T) {
	genius := "../scenarios/testdata/genius/hand/"
	tests := []struct {
		name  string
		cfg   serveConfig
		group string // a parameter group the model must have
		set   string
	}{
		{"agenda", serveConfig{ref: "../scenarios/testdata/valid/agenda.yaml"}, "agenda", "agenda.items.energy_truce.hazard=0.2"},
		{"GENIUS", serveConfig{ref: genius + "fruit-domain.xml", profiles: []string{genius + "fruit-buyer.xml", genius + "fruit-seller.xml"}}, "protocol", ""},
	}
	for _, tt := range tests {
		s := newTestServer(t, tt.cfg)
		w := do(t, s, "GET", withToken("/api/scenario"), "", nil)
		var m pageModel
		if err := json.Unmarshal(w.Body.Bytes(), &m); err != nil || w.Code != http.StatusOK {
			t.Fatalf("%s: GET /api/scenario = %d: %s", tt.name, w.Code, w.Body)
		}
		var groups []string
		for _, g := range m.Groups {
			groups = append(groups, g.ID)
		}
		if !containsString(groups, tt.group) {
			t.Errorf("%s: groups %v, want %q", tt.name, groups, tt.group)
		}
		q := "runs=1000&seed=2"
		if tt.set == "" {
			// The first numeric parameter, at the top of its range.
			p := m.Groups[len(m.Groups)-1].Sections[0].Params[0]
			tt.set = fmt.Sprintf("%s=%g", p.Key, p.SliderMax)
		}
		q += "&set=" + url.QueryEscape(tt.set)
		w = do(t, s, "GET", withToken("/api/run?"+q), "", nil)
		if w.Code != http.StatusOK {
			t.Fatalf("%s: GET /api/run?%s = %d: %s", tt.name, q, w.Code, w.Body)
		}
		var lr liveResult
		if err := json.Unmarshal(w.Body.Bytes(), &lr); err != nil {
			t.Fatal(err)
		}
		if tt.name == "agenda" && lr.Results.Agenda == nil {
			t.Errorf("%s: no agenda figures in the results", tt.name)
		}
		y := do(t, s, "GET", withToken("/api/scenario.yaml?"+q), "", nil)
		path := filepath.Join(t.TempDir(), "changed.yaml")
		if err := os.WriteFile(path, y.Body.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Load(path, nil)
		if err != nil {
			t.Fatalf("%s: the downloaded scenario does not load: %v\n%s", tt.name, err, y.Body)
		}
		sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: 1000, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		if sum.P != lr.Results.P {
			t.Errorf("%s: the downloaded scenario gives P = %v, the page %v\n%s", tt.name, sum.P, lr.Results.P, y.Body)
		}
	}
}
