package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// findBrowser returns a Chromium or Chrome binary: $NEGSIM_CHROME, or the
// first of the usual names on $PATH.
func findBrowser() string {
	if p := os.Getenv("NEGSIM_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestServeBrowser drives the page in headless Chromium: it moves the
// Russia reservation slider with the keyboard, checks that the chance of
// agreement shown is the one negsim run gives for that value with the
// same seed and runs, downloads the changed scenario and checks that it
// reproduces the number, and saves a screenshot ($NEGSIM_SCREENSHOT, or a
// file in the test's temporary directory).
func TestServeBrowser(t *testing.T) {
	browser := findBrowser()
	if browser == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("no Chromium found, and CI=true: install it (apt-get install -y chromium) or set NEGSIM_CHROME")
		}
		t.Skip("skipping the browser test: no Chromium found (apt-get install -y chromium, or set NEGSIM_CHROME); it is required when CI=true")
	}
	const seed, runs = 3, 2000
	const param = "parties.russia.reservation"
	// The grand bargain: one package of every issue, where Russia's
	// reservation value moves the chance of agreement (under the staged
	// agenda the headline, any agreement, is the minerals deal's).
	const variant = "grand-bargain"
	s := newTestServer(t, serveConfig{variant: variant})
	ts := httptest.NewServer(s)
	defer ts.Close()

	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(browser),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.WindowSize(1400, 1000),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancelAlloc()
	bctx, cancelCtx := chromedp.NewContext(actx)
	defer cancelCtx()
	// The browser lives as long as the context of its first action, which
	// must have no timeout; the later ones have one.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("starting %s: %v", browser, err)
	}
	ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
	defer cancel()
	eval := func(what, js string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	// wait waits until the page shows a final estimate for the command
	// line that contains want.
	wait := func(want string) {
		t.Helper()
		js := fmt.Sprintf(`(() => { const p = document.getElementById("p");
			return p.dataset.final === "true" && (p.dataset.command || "").includes(%q); })()`, want)
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
			t.Fatalf("waiting for the estimate of %q: %v", want, err)
		}
	}

	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(fmt.Sprintf("%s/?token=%s&seed=%d&runs=%d", ts.URL, testToken, seed, runs))); err != nil {
		t.Fatalf("loading the page: %v", err)
	}
	wait(fmt.Sprintf("--seed %d --runs %d", seed, runs))
	p0 := eval("reading P", `document.getElementById("p").dataset.p`)
	t.Logf("page loaded with its estimate in %v", time.Since(start))

	// Move the slider five steps up with the keyboard, as a user would.
	slider := `document.getElementById("p-` + param + `-range")`
	eval("focusing the slider", `(`+slider+`.focus(), "")`)
	var keys []chromedp.Action[chromedp.Void]
	for range 5 {
		keys = append(keys, chromedp.KeyEvent(kb.ArrowRight))
	}
	moved := time.Now()
	if err := chromedp.Do(ctx, keys...); err != nil {
		t.Fatalf("moving the slider: %v", err)
	}
	value := eval("reading the slider", slider+`.value`)
	wait("--set " + param + "=" + value + " ")
	p1 := eval("reading P", `document.getElementById("p").dataset.p`)
	shown := eval("reading P", `document.getElementById("p").textContent`)
	t.Logf("slider at %s: final estimate shown %v after the change", value, time.Since(moved))

	// What negsim run gives for the same change, seed and runs.
	var out, errb bytes.Buffer
	args := []string{"run", "--variant", variant, "--set", param + "=" + value, "--seed", strconv.Itoa(seed), "--runs", strconv.Itoa(runs), "--json", "--no-analysis"}
	if code := Run(context.Background(), args, &out, &errb); code != 0 {
		t.Fatalf("negsim %v: exit %d: %s", args, code, errb.String())
	}
	var res struct {
		P float64 `json:"p_agreement"`
	}
	if err := json.Unmarshal(out.Bytes(), &res); err != nil {
		t.Fatal(err)
	}
	got, err := strconv.ParseFloat(p1, 64)
	if err != nil {
		t.Fatalf("data-p %q: %v", p1, err)
	}
	if got != res.P {
		t.Errorf("the page shows P(agreement) = %v for %s=%s, negsim run gives %v", got, param, value, res.P)
	}
	if want := fmt.Sprintf("%.1f%%", 100*res.P); shown != want {
		t.Errorf("the page shows %q, want %q", shown, want)
	}
	if p1 == p0 {
		t.Errorf("moving %s to %s left P(agreement) at %s", param, value, p0)
	}

	// Download the changed scenario through the page's link, and check
	// that it reproduces the number.
	yaml := eval("downloading the scenario", `fetch(document.getElementById("dl-yaml").href).then(r => r.text())`)
	path := filepath.Join(t.TempDir(), "changed.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.LoadVariant(path, variant, nil)
	if err != nil {
		t.Fatalf("the downloaded scenario does not load: %v\n%s", err, yaml)
	}
	sum, err := sim.MonteCarlo(context.Background(), sc.Sim, sim.Options{Runs: runs, Seed: seed})
	if err != nil {
		t.Fatal(err)
	}
	if sum.P != got {
		t.Errorf("the downloaded scenario gives P(agreement) = %v, the page %v:\n%s", sum.P, got, yaml)
	}

	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	shot := os.Getenv("NEGSIM_SCREENSHOT")
	if shot == "" {
		shot = filepath.Join(t.TempDir(), "serve.png")
	}
	if err := os.WriteFile(shot, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s (%d bytes)", shot, len(png))
}
