package cmd

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"math"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/negsim/negsim/scenarios"
)

//go:embed web
var webFS embed.FS

var pageTmpl = template.Must(template.ParseFS(webFS, "web/index.html"))

// serveConfig is what serve is started with.
type serveConfig struct {
	ref, variant    string
	profiles, sets  []string
	maxRuns         int
	timeout         time.Duration
	token           string // "" for a random one
	computeParallel int    // computations at once; 0 for 2
}

// server is negsim serve's HTTP handler: the page, its assets and the JSON
// endpoints over the library (see docs/serve.md).
type server struct {
	cfg   serveConfig
	token string
	// base is the scenario as started (the command line's variant and
	// overrides): the page's changes are compared with it.
	base *scenarios.Scenario
	mux  *http.ServeMux
	// sem bounds the computations running at once.
	sem chan struct{}

	mu sync.Mutex
	// streams cancels a client's running stream when it starts another.
	streams map[string]*streamHandle
}

// streamHandle cancels a running stream.
type streamHandle struct{ cancel context.CancelFunc }

// Request limits.
const (
	maxBodyBytes  = 64 << 10
	maxSets       = 512
	maxSweepSteps = 41
	// stageRuns is the size of the first, quick estimate of a stream.
	stageRuns = 1000
	// cookieName carries the token after the first request.
	cookieName = "negsim_token"
)

func newServer(cfg serveConfig) (*server, error) {
	base, err := loadScenario(cfg.ref, cfg.variant, cfg.profiles, cfg.sets)
	if err != nil {
		return nil, err
	}
	if cfg.maxRuns <= 0 {
		cfg.maxRuns = defaultServeMaxRuns
	}
	if cfg.timeout <= 0 {
		cfg.timeout = defaultServeTimeout
	}
	if cfg.computeParallel <= 0 {
		cfg.computeParallel = 2
	}
	s := &server{cfg: cfg, token: cfg.token, base: base, sem: make(chan struct{}, cfg.computeParallel), streams: map[string]*streamHandle{}}
	if s.token == "" {
		b := make([]byte, 24)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		s.token = hex.EncodeToString(b)
	}
	m := http.NewServeMux()
	m.HandleFunc("GET /{$}", s.page)
	m.HandleFunc("GET /static/{file}", s.static)
	for path, h := range map[string]func(http.ResponseWriter, *http.Request) error{
		"/api/scenario":      s.model,
		"/api/stream":        s.stream,
		"/api/run":           s.run,
		"/api/results.json":  s.resultsFile,
		"/api/scenario.yaml": s.scenarioYAML,
		"/api/sets.txt":      s.setsText,
		"/api/plot":          s.plot,
		"/api/sweep":         s.sweep,
		"/api/sensitivity":   s.sensitivity,
		"/api/trace":         s.trace,
	} {
		h := h
		handle := func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				writeError(w, err)
			}
		}
		m.HandleFunc("GET "+path, handle)
		m.HandleFunc("POST "+path, handle)
	}
	m.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &httpError{http.StatusNotFound, fmt.Sprintf("no such page or endpoint: %s %s", r.Method, r.URL.Path)})
	})
	s.mux = m
	return s, nil
}

// httpError is an error with its HTTP status; its message is shown to the
// user as is.
type httpError struct {
	code int
	msg  string
}

func (e *httpError) Error() string { return e.msg }

func badRequest(format string, a ...any) error {
	return &httpError{http.StatusBadRequest, fmt.Sprintf(format, a...)}
}

// writeError writes err as {"error": "..."}. Errors from the library (a
// scenario that does not load with the overrides given, a parameter that
// is not one) are the request's fault: 400; a timeout is 503.
func writeError(w http.ResponseWriter, err error) {
	code := http.StatusBadRequest
	var he *httpError
	switch {
	case errors.As(err, &he):
		code = he.code
	case errors.Is(err, context.DeadlineExceeded):
		code, err = http.StatusServiceUnavailable, errors.New("the computation took longer than the server's --timeout; ask for fewer runs")
	case errors.Is(err, context.Canceled):
		code, err = http.StatusServiceUnavailable, errors.New("cancelled")
	}
	writeJSON(w, code, map[string]string{"error": err.Error()})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		code, data = http.StatusInternalServerError, []byte(`{"error":"internal error: cannot encode the response"}`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	w.Write(append(data, '\n'))
}

// ServeHTTP checks every request (Host, Origin, token) before routing it.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	if err := s.check(w, r); err != nil {
		writeError(w, err)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// check refuses a request whose Host is a name other than localhost (DNS
// rebinding: a page on evil.example whose name now resolves to 127.0.0.1),
// that comes from another site (Origin, Sec-Fetch-Site), or that lacks the
// token. A valid token in the query sets a cookie, as Jupyter does, so
// that links and reloads need not carry it.
func (s *server) check(w http.ResponseWriter, r *http.Request) error {
	if !allowedHost(r.Host) {
		return &httpError{http.StatusForbidden, fmt.Sprintf("host %q refused: use 127.0.0.1, localhost or the server's IP address", r.Host)}
	}
	if o := r.Header.Get("Origin"); o != "" {
		u, err := url.Parse(o)
		if err != nil || u.Scheme != "http" || u.Host != r.Host {
			return &httpError{http.StatusForbidden, fmt.Sprintf("cross-origin request from %q refused", o)}
		}
	}
	if site := r.Header.Get("Sec-Fetch-Site"); site == "cross-site" || site == "same-site" {
		return &httpError{http.StatusForbidden, "cross-site request refused"}
	}
	tok := r.URL.Query().Get("token")
	if tok == "" {
		tok = strings.TrimPrefix(r.Header.Get("Authorization"), "token ")
	}
	if tok != "" {
		if !s.validToken(tok) {
			return &httpError{http.StatusForbidden, "wrong token: use the address serve printed"}
		}
		http.SetCookie(w, &http.Cookie{Name: cookieName, Value: s.token, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
		return nil
	}
	if c, err := r.Cookie(cookieName); err == nil && s.validToken(c.Value) {
		return nil
	}
	return &httpError{http.StatusForbidden, "missing token: open the address serve printed, with its ?token="}
}

func (s *server) validToken(t string) bool {
	return subtle.ConstantTimeCompare([]byte(t), []byte(s.token)) == 1
}

// allowedHost accepts localhost and IP literals: a DNS-rebinding attack
// needs a host name that the attacker's DNS server controls.
func allowedHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	return net.ParseIP(host) != nil
}

func (s *server) page(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	title := s.base.File.Title
	if title == "" {
		title = s.base.Sim.Name
	}
	pageTmpl.Execute(w, struct{ Title, Token string }{title, s.token})
}

func (s *server) static(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("file")
	types := map[string]string{"app.js": "text/javascript; charset=utf-8", "style.css": "text/css; charset=utf-8"}
	ct, ok := types[name]
	if !ok {
		writeError(w, &httpError{http.StatusNotFound, "no such file: " + name})
		return
	}
	data, err := webFS.ReadFile("web/" + name)
	if err != nil {
		writeError(w, &httpError{http.StatusNotFound, "no such file: " + name})
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Write(data)
}

// pageRequest is what the page asks for: the scenario's variant and
// overrides, exactly as "negsim run --variant V --set K=V ... --seed S
// --runs N" takes them, and each endpoint's own fields. It comes as a
// query string (GET: links, downloads) or a JSON body (POST).
type pageRequest struct {
	Variant string   `json:"variant"`
	Set     []string `json:"set"`
	Seed    *uint64  `json:"seed"`
	Runs    int      `json:"runs"`
	Metric  string   `json:"metric"`
	// Client identifies a page: its new stream cancels its previous one.
	Client string `json:"client"`
	// Name is a plot's name (/api/plot).
	Name string `json:"name"`
	// Param, From, To and Steps describe a sweep.
	Param string   `json:"param"`
	From  *float64 `json:"from"`
	To    *float64 `json:"to"`
	Steps int      `json:"steps"`
	// Run is the run /api/trace traces.
	Run int `json:"run"`
}

var queryFields = map[string]bool{"variant": true, "set": true, "seed": true, "runs": true, "metric": true, "client": true, "name": true, "param": true, "from": true, "to": true, "steps": true, "run": true, "token": true}

// parseRequest reads a pageRequest and checks what can be checked without
// loading the scenario.
func (s *server) parseRequest(w http.ResponseWriter, r *http.Request) (*pageRequest, error) {
	req := &pageRequest{}
	if r.Method == http.MethodPost {
		r.Body = http.MaxBytesReader(w, r.Body, maxBodyBytes)
		dec := json.NewDecoder(r.Body)
		dec.DisallowUnknownFields()
		if err := dec.Decode(req); err != nil {
			var mbe *http.MaxBytesError
			if errors.As(err, &mbe) {
				return nil, &httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("request body larger than %d bytes", maxBodyBytes)}
			}
			return nil, badRequest("bad JSON in the request body: %v", err)
		}
		if dec.More() {
			return nil, badRequest("bad JSON in the request body: more than one value")
		}
	}
	q := r.URL.Query()
	for k := range q {
		if !queryFields[k] {
			return nil, badRequest("unknown query parameter %q (known: variant, set, seed, runs, metric, param, from, to, steps, run, name)", k)
		}
	}
	req.Set = append(req.Set, q["set"]...)
	if v := q.Get("variant"); v != "" {
		req.Variant = v
	}
	if v := q.Get("metric"); v != "" {
		req.Metric = v
	}
	if v := q.Get("client"); v != "" {
		req.Client = v
	}
	if v := q.Get("name"); v != "" {
		req.Name = v
	}
	if v := q.Get("param"); v != "" {
		req.Param = v
	}
	var err error
	num := func(name string, into *int) {
		if v := q.Get(name); v != "" && err == nil {
			n, e := strconv.Atoi(v)
			if e != nil {
				err = badRequest("%s: want a whole number, got %q", name, v)
			}
			*into = n
		}
	}
	num("runs", &req.Runs)
	num("steps", &req.Steps)
	num("run", &req.Run)
	if v := q.Get("seed"); v != "" && err == nil {
		n, e := strconv.ParseUint(v, 10, 64)
		if e != nil {
			err = badRequest("seed: want a whole number ≥ 0, got %q", v)
		}
		req.Seed = &n
	}
	for _, f := range []struct {
		name string
		p    **float64
	}{{"from", &req.From}, {"to", &req.To}} {
		if v := q.Get(f.name); v != "" && err == nil {
			x, e := strconv.ParseFloat(v, 64)
			if e != nil || math.IsNaN(x) || math.IsInf(x, 0) {
				err = badRequest("%s: want a finite number, got %q", f.name, v)
			}
			*f.p = &x
		}
	}
	if err != nil {
		return nil, err
	}
	if req.Seed == nil {
		one := uint64(1)
		req.Seed = &one
	}
	if req.Runs == 0 {
		req.Runs = 10000
	}
	if req.Runs < 1 || req.Runs > s.cfg.maxRuns {
		return nil, badRequest("runs: want 1 to %d (the server's --max-runs), got %d", s.cfg.maxRuns, req.Runs)
	}
	if len(req.Set) > maxSets {
		return nil, badRequest("set: at most %d overrides, got %d", maxSets, len(req.Set))
	}
	for _, kv := range req.Set {
		if err := s.checkSet(kv); err != nil {
			return nil, err
		}
	}
	if req.Variant != "" && req.Variant != s.cfg.variant && !containsString(s.base.VariantNames, req.Variant) {
		return nil, badRequest("variant: %q is not a variant of %s (variants: %s)", req.Variant, s.base.Sim.Name, strings.Join(s.base.VariantNames, ", "))
	}
	return req, nil
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var (
	setKeyRE  = regexp.MustCompile(`^[a-z0-9_-]+(\.[a-z0-9_-]+)*$`)
	wordRE    = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)
	distValRE = regexp.MustCompile(`^(uniform|normal|beta|triangular)\(\s*[-+0-9.eE]+\s*(,\s*[-+0-9.eE]+\s*){1,2}\)$`)
)

// choiceKeys are the overrides the page offers as selects, beside the
// numeric parameters.
func isChoiceKey(key string) bool {
	seg := strings.Split(key, ".")
	switch {
	case len(seg) == 2 && seg[0] == "protocol" && (seg[1] == "type" || seg[1] == "format" || seg[1] == "mediator"):
		return true
	case len(seg) == 4 && seg[0] == "parties" && seg[2] == "strategy" && seg[3] == "type":
		return true
	}
	return false
}

// checkSet checks one override before the scenario is loaded with it: the
// page may change the scenario's numeric parameters and its choices, and
// nothing else, so that no override can name a file to read (extends:,
// genius:) or change what the scenario is.
func (s *server) checkSet(kv string) error {
	key, val, ok := strings.Cut(kv, "=")
	if !ok {
		return badRequest("set %q: want key=value", kv)
	}
	if !setKeyRE.MatchString(key) {
		return badRequest("set %q: a key is lowercase words joined by dots, e.g. parties.russia.reservation", kv)
	}
	if isChoiceKey(key) {
		if !wordRE.MatchString(val) {
			return badRequest("set %s: want a name, got %q", key, val)
		}
		return nil
	}
	switch strings.Split(key, ".")[0] {
	case "parties", "shocks", "agenda", "protocol", "deadline", "end_chance":
	default:
		return badRequest("set %s: not a parameter the page can change (numeric parameters, protocol.type, protocol.format, protocol.mediator, parties.ID.strategy.type)", key)
	}
	if distValRE.MatchString(val) {
		return nil
	}
	x, err := strconv.ParseFloat(val, 64)
	if err != nil {
		return badRequest("set %s: want a number or a distribution such as uniform(0.2, 0.6), got %q", key, val)
	}
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return badRequest("set %s: want a finite number, got %q", key, val)
	}
	if lo, hi, ok := s.base.Range(key); ok && (x < lo || x > hi) {
		return badRequest("set %s: must be in [%g, %g], got %g", key, lo, hi, x)
	}
	return nil
}

// load loads the scenario with the request's variant and overrides after
// the command line's, as run does, and checks that every numeric override
// names a parameter of the result.
func (s *server) load(req *pageRequest, extra ...string) (*scenarios.Scenario, error) {
	variant := req.Variant
	if variant == "" {
		variant = s.cfg.variant
	}
	sets := append(append(append([]string{}, s.cfg.sets...), req.Set...), extra...)
	sc, err := loadScenario(s.cfg.ref, variant, s.cfg.profiles, sets)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	names := map[string]bool{"deadline": true, "agenda.horizon": true}
	for _, p := range sc.Sim.Params() {
		names[p.Name] = true
	}
	for _, kv := range req.Set {
		key, _, _ := strings.Cut(kv, "=")
		if !isChoiceKey(key) && !names[key] {
			var all []string
			for n := range names {
				all = append(all, n)
			}
			return nil, badRequest("set %s: not a numeric parameter of %s%s", key, sc.Sim.Name, scenarios.Suggest(key, all))
		}
	}
	return sc, nil
}

// acquire waits for a computation slot; release frees it.
func (s *server) acquire(ctx context.Context) error {
	select {
	case s.sem <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *server) release() { <-s.sem }

// computeCtx bounds a request's computation by the server's timeout.
func (s *server) computeCtx(r *http.Request) (context.Context, context.CancelFunc) {
	return context.WithTimeout(r.Context(), s.cfg.timeout)
}

// attachment marks a response as a download named name.
func attachment(w http.ResponseWriter, ctype, name string) {
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", name))
}
