package cmd

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// TestRunAgenda runs the agenda example with --out and --save-runs and
// checks that the text names the three headline questions, that the plots
// of items are written, and that runs.csv's per-item columns count exactly
// what results.json reports.
func TestRunAgenda(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := run(t, "run", "../scenarios/testdata/valid/agenda.yaml", "--runs", "1000", "--out", dir, "--save-runs")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"Any agreement: at least one agenda item agreed", "Comprehensive deal: every agenda item in force", "Agenda items (share of all runs", "Items in force at the end of the talks", "Order in which items were agreed"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, f := range []string{"items_agreed_by_round.svg", "items_in_force_by_round.svg", "item_combinations.svg"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Size() == 0 {
			t.Errorf("%s not written: %v", f, err)
		}
	}
	// The report carries the item table, the issues with their option
	// labels and every source and assumption (issue #13).
	html, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Comprehensive deal", "in force at the horizon", "Sources and assumptions", "a matter for the US and Ukraine alone", "<code>agenda.items.minerals</code>"} {
		if !strings.Contains(string(html), want) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Summary struct {
			Agenda struct {
				Items []struct {
					Item   string `json:"item"`
					Agreed struct {
						Count int `json:"count"`
					} `json:"agreed"`
					InForceHorizon struct {
						Count int `json:"count"`
					} `json:"in_force_horizon"`
				} `json:"items"`
			} `json:"agenda"`
		}
	}
	if err := json.Unmarshal(data, &res.Summary); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	if len(res.Summary.Agenda.Items) != 3 {
		t.Fatalf("results.json has %d agenda items, want 3", len(res.Summary.Agenda.Items))
	}
	for _, it := range res.Summary.Agenda.Items {
		agreed, horizon := 0, 0
		for _, r := range rows[1:] {
			if r[col["item_"+it.Item+"_agreed"]] == "true" {
				agreed++
			}
			if r[col["item_"+it.Item+"_in_force_horizon"]] == "true" {
				horizon++
			}
		}
		if agreed != it.Agreed.Count || horizon != it.InForceHorizon.Count {
			t.Errorf("%s: runs.csv counts %d agreed, %d in force at the horizon; results.json %d, %d", it.Item, agreed, horizon, it.Agreed.Count, it.InForceHorizon.Count)
		}
	}
}

// TestRunsCSVParams: runs.csv has a column per random parameter with the
// value the run drew: Russia's reservation value (no party influences it)
// equals the one sim.Runner.Draw gives for that run.
func TestRunsCSVParams(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	code, _, errOut := run(t, "run", "--runs", "200", "--seed", "5", "--out", dir, "--save-runs", "--no-analysis")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	c := slices.Index(rows[0], "param:parties.russia.reservation")
	if c < 0 {
		t.Fatalf("runs.csv has no column for Russia's reservation value: %v", rows[0])
	}
	sc, err := scenarios.Load("", nil)
	if err != nil {
		t.Fatal(err)
	}
	r := sim.NewRunner(sc.Sim)
	russia := slices.IndexFunc(sc.Sim.Parties, func(p sim.Party) bool { return p.ID == "russia" })
	for i, row := range rows[1:] {
		want := r.Draw(5, i)[russia].Reservation
		if got, err := strconv.ParseFloat(row[c], 64); err != nil || got != want {
			t.Fatalf("run %d: runs.csv has %s, the run drew %v", i, row[c], want)
		}
	}
}

// run --out --force over an agenda run's folder with a run without an
// agenda removes the item plots, which would otherwise be left stale.
func TestRunForceRemovesItemPlots(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if code, _, errOut := run(t, "run", "--runs", "600", "--no-analysis", "--out", dir); code != 0 {
		t.Fatalf("run: exit %d: %s", code, errOut)
	}
	item := filepath.Join(dir, ItemsAgreedPlot+".png")
	if _, err := os.Stat(item); err != nil {
		t.Fatalf("the agenda run wrote no %s: %v", ItemsAgreedPlot, err)
	}
	if code, _, errOut := run(t, "run", "--runs", "600", "--no-analysis", "--variant", "grand-bargain", "--out", dir, "--force"); code != 0 {
		t.Fatalf("run --force: exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(item); err == nil {
		t.Errorf("run --force left the stale %s of the agenda run", filepath.Base(item))
	}
}
