package sim_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/negsim/negsim/scenarios"
	"github.com/negsim/negsim/sim"
)

// outcomeText renders every field of o, and the reservation values the run
// left, exactly: %v prints each float64 as the shortest decimal that reads
// back to the same bits (and -0 as -0), so two texts are equal iff the
// outcomes are bit for bit.
func outcomeText(r *sim.Runner, o *sim.Outcome) string {
	s := fmt.Sprintf("%+v", *o)
	for _, p := range r.Parties() {
		s += fmt.Sprintf(" %s:%v", p.ID, p.Reservation)
	}
	return s
}

// checkSkipIdentical runs runs runs of s with the skipping of silent rounds
// on and off and fails on the first run whose outcome differs; it returns
// the number of rounds skipped and how many runs ended for each reason.
func checkSkipIdentical(t *testing.T, s *sim.Scenario, runs int) (skipped int, reasons map[sim.Reason]int) {
	t.Helper()
	on, off := sim.NewRunner(s), sim.NewRunner(s)
	sim.SetSkipSilent(off, false)
	reasons = map[sim.Reason]int{}
	for i := range runs {
		o := off.Run(7, i, nil)
		reasons[o.Reason]++
		want := outcomeText(off, o)
		if got := outcomeText(on, on.Run(7, i, nil)); got != want {
			t.Fatalf("run %d: with silent rounds skipped\n%s\nround by round\n%s", i, got, want)
		}
	}
	if n := sim.SkippedRounds(off); n != 0 {
		t.Fatalf("%d rounds skipped with skipping off", n)
	}
	return sim.SkippedRounds(on), reasons
}

// Every run's outcome is the same with silent rounds skipped as round by
// round, on the workloads and on every variant of the bundled scenario;
// on W1 and W2 with two parties the shortcut must skip most rounds, so
// that the comparison is not vacuous.
func TestSkipSilentIdentical(t *testing.T) {
	type load func(t *testing.T) *sim.Scenario
	bundled := func(name, variant string, sets ...string) load {
		return func(t *testing.T) *sim.Scenario {
			sc, err := scenarios.LoadVariant(name, variant, sets)
			if err != nil {
				t.Fatal(err)
			}
			return sc.Sim
		}
	}
	tests := []struct {
		name string
		load load
		runs int
		// minSkipped is the least number of rounds skipped per run on
		// average; 0: the scenario does not qualify, none may be.
		minSkipped float64
	}{
		{"w1", bundled("w1", ""), 5000, 40},
		{"w2-2", func(t *testing.T) *sim.Scenario { return w2(t, 2) }, 2000, 40},
		{"w2-3", func(t *testing.T) *sim.Scenario { return w2(t, 3) }, 500, 0},
		{"ukraine-alternating-set", bundled(scenarios.DefaultName, "", "protocol.type=alternating"), 2000, 0},
	}
	variants, err := scenarios.Variants(scenarios.DefaultName)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range append([]string{""}, variants...) {
		tests = append(tests, struct {
			name       string
			load       load
			runs       int
			minSkipped float64
		}{"ukraine/" + v, bundled(scenarios.DefaultName, v), 2000, 0})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			skipped, _ := checkSkipIdentical(t, tt.load(t), tt.runs)
			perRun := float64(skipped) / float64(tt.runs)
			t.Logf("%.1f rounds skipped per run", perRun)
			if tt.minSkipped == 0 && skipped != 0 {
				t.Errorf("%d rounds skipped on a scenario that does not qualify", skipped)
			}
			if perRun < tt.minSkipped {
				t.Errorf("%.1f rounds skipped per run, want at least %v", perRun, tt.minSkipped)
			}
		})
	}
}

// twoParty is W1 with extra YAML appended under parties: (the last key of
// w1.yaml) and after it.
func twoParty(t *testing.T, extraParties, extra string, sets ...string) *sim.Scenario {
	t.Helper()
	data, err := os.ReadFile("../scenarios/bundled/w1.yaml")
	if err != nil {
		t.Fatal(err)
	}
	data = append(data, extraParties+"\n"+extra...)
	sc, err := scenarios.Parse("w1-test.yaml", "yaml", data, sets)
	if err != nil {
		t.Fatal(err)
	}
	return sc.Sim
}

// Hand-made two-party scenarios around W1 that reach every way a run can
// leave the silent path (walk-outs, out-of-reach targets, red lines,
// outside parties, discounting, short and uncertain deadlines) and every
// reason to fall back to round-by-round play: the outcomes are the same
// run by run, and the shortcut engages exactly where it should.
func TestSkipSilentCases(t *testing.T) {
	const (
		influencer = `  press:
    role: outside
    assumption: Test party.
    weights: {price: {value: 1, assumption: test}}
    values: {price: {p1: 0, p2: 0.3, p3: 0.6, p4: 1, assumption: test}}
    reservation: {value: 0.2, assumption: test}
    influence:
      buyer: {dist: "uniform(-0.2, 0.3)", assumption: test}
    strategy: {type: linear, assumption: test}`
		ratifier = `  union:
    role: outside
    controls: [warranty]
    assumption: Test party.
    weights: {warranty: {value: 1, assumption: test}}
    values: {warranty: {w1: 0.2, w2: 1, w3: 0.6, assumption: test}}
    reservation: {dist: "uniform(0.1, 0.7)", assumption: test}
    strategy: {type: conceder, assumption: test}`
		shock = `shocks:
  strike:
    assumption: Test shock.
    probability: {%s, assumption: test}
    reservation:
      seller: {value: 0.05, assumption: test}`
	)
	tests := []struct {
		name           string
		parties, extra string
		sets           []string
		skips          bool // some rounds must be skipped
		// reasons the runs must end for, each in some run: the paths the
		// case is there to reach (nil: agreements)
		reasons []sim.Reason
	}{
		{"w1", "", "", nil, true, nil},
		{"reversed order", "", "", []string{"protocol.order=seller,buyer"}, true, nil},
		{"walk-outs", "", "", []string{"parties.buyer.values.price.p1=0.4", "parties.buyer.reservation=uniform(0.3, 0.9)"}, true, []sim.Reason{sim.WalkedOut, sim.Agreed}},
		{"no agreement", "", "", []string{"parties.buyer.reservation=uniform(0.5, 0.9)", "parties.seller.reservation=uniform(0.5, 0.9)"}, true, []sim.Reason{sim.Deadline, sim.Agreed}},
		{"reservation at best", "", "", []string{"parties.seller.reservation=1"}, false, nil},
		{"conceder with k", "", "", []string{"parties.buyer.strategy.type=conceder", "parties.buyer.strategy.k=0.3", "parties.seller.strategy.type=linear"}, true, nil},
		{"random beta", "", "", []string{"parties.seller.strategy.beta=uniform(0.05, 3)"}, true, nil},
		// An interaction term puts a party's best (its aspiration in
		// round 1) above every package: it drafts its best package
		// while its aspiration is out of reach. When that is the second
		// party, facing a conceder, the first accepts that draft before
		// the second accepts any, and the second, not satisfied by its
		// own draft, voids it (StillAgreed).
		{"interaction out of reach", "", "", []string{"parties.buyer.interactions.bonus.options.price=p1", "parties.buyer.interactions.bonus.options.warranty=w1", "parties.buyer.interactions.bonus.value=0.3"}, true, nil},
		{"interaction out of reach for the second", "", "", []string{"parties.seller.interactions.bonus.options.price=p4", "parties.seller.interactions.bonus.options.warranty=w3", "parties.seller.interactions.bonus.value=1", "parties.buyer.strategy.type=conceder"}, true, nil},
		{"red line", "", "", []string{"parties.seller.red_lines.warranty.options=w3"}, true, nil},
		{"red lines on a whole issue", "", "", []string{"parties.seller.red_lines.warranty.options=w3", "parties.buyer.red_lines.warranty.options=w1,w2"}, false, []sim.Reason{sim.Deadline}},
		{"discount", "", "", []string{"parties.buyer.discount=0.8"}, true, nil},
		{"deadline 1", "", "", []string{"deadline=1"}, false, nil},
		{"deadline 2", "", "", []string{"deadline=2", "parties.buyer.reservation=uniform(0, 0.1)", "parties.seller.reservation=uniform(0, 0.1)"}, true, nil},
		{"uncertain deadline", "", "", []string{"deadline=uniform(10, 100)"}, true, nil},
		{"outside influence", influencer, "", nil, true, nil},
		{"outside ratifier", ratifier, "", nil, false, nil},
		{"shock that never happens", "", fmt.Sprintf(shock, "value: 0"), nil, true, nil},
		{"shock", "", fmt.Sprintf(shock, `dist: "uniform(0, 0.05)"`), nil, false, nil},
		{"drift", "", "", []string{"parties.seller.drift=uniform(-0.01, 0.01)"}, false, nil},
		{"end chance", "", "", []string{"end_chance=0.01"}, false, []sim.Reason{sim.Ended, sim.Agreed}},
		{"tit-for-tat", "", "", []string{"parties.seller.strategy.type=tit-for-tat"}, false, nil},
		{"mediated", "", "", []string{"protocol.type=mediated", "protocol.mediator=buyer"}, false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := twoParty(t, tt.parties, tt.extra, tt.sets...)
			skipped, reasons := checkSkipIdentical(t, s, 3000)
			if (skipped > 0) != tt.skips {
				t.Errorf("%d rounds skipped, want skipping %v", skipped, tt.skips)
			}
			if tt.reasons == nil {
				tt.reasons = []sim.Reason{sim.Agreed}
			}
			for _, r := range tt.reasons {
				if reasons[r] == 0 {
					t.Errorf("no run ended by %v (%v)", r, reasons)
				}
			}
		})
	}
}
