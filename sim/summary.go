package sim

// Summary is what a Monte Carlo estimate reports. Shares of agreed packages,
// options and mean utilities are among agreements; breakdown shares are of
// all runs (with P they sum to 1); pivotal shares are of failed runs.
type Summary struct {
	Scenario string `json:"scenario"`
	Protocol string `json:"protocol"`
	Format   string `json:"format,omitempty"`
	Runs     int    `json:"runs"`
	Seed     uint64 `json:"seed"`
	Partial  bool   `json:"partial,omitempty"`
	// Precision is the target half-width of an adaptive estimate (0 for a
	// fixed number of runs); Runs is then the number of runs it took.
	Precision  float64 `json:"precision,omitempty"`
	Agreements int     `json:"agreements"`
	P          float64 `json:"p_agreement"`
	// CILow and CIHigh bound the 95% Wilson interval of P.
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
	// Agenda is present for a scenario with agenda items; then P is the
	// chance of any agreement (Agenda.Any), not of a comprehensive deal.
	Agenda *AgendaSummary `json:"agenda,omitempty"`
	// Analysis is present when the runs were analysed (Options.Analyze).
	Analysis *Analysis `json:"analysis,omitempty"`
	// ByRound is the cumulative chance of agreement by the end of each
	// round, with its 95% Wilson interval.
	ByRound          []RoundShare   `json:"by_round"`
	Packages         []PackageShare `json:"packages"`
	DistinctPackages int            `json:"distinct_packages"`
	Issues           []IssueShares  `json:"issues"`
	Utility          []PartyUtility `json:"utility"`
	Breakdown        []ReasonShare  `json:"breakdown"`
	Pivotal          []PartyShare   `json:"pivotal"`
	// NoProposal and AllAccepting count the failed runs with no party
	// holding out: talks that ended before any proposal was made, and
	// talks whose last proposal every party whose consent was needed
	// would have accepted (the deadline came before the protocol completed
	// it). With Pivotal's counts they add up to the failed runs.
	NoProposal   int `json:"no_proposal"`
	AllAccepting int `json:"all_accepting"`
	// Convergence is the running estimate at about ten checkpoints per
	// decade of runs (batch boundaries), ending at Runs.
	Convergence []Checkpoint `json:"convergence"`
}

// RoundShare is the cumulative chance of agreement by the end of a round.
type RoundShare struct {
	Round  int     `json:"round"`
	P      float64 `json:"p"`
	CILow  float64 `json:"ci_low"`
	CIHigh float64 `json:"ci_high"`
}

// PackageShare is an agreed package and how often it was agreed.
type PackageShare struct {
	Options []IssueOption `json:"options"`
	Count   int           `json:"count"`
	Share   float64       `json:"share"`
}

// IssueOption names the option an issue is settled at.
type IssueOption struct {
	Issue  string `json:"issue"`
	Option string `json:"option"`
}

// IssueShares gives how often each option of an issue was agreed.
type IssueShares struct {
	Issue   string        `json:"issue"`
	Options []OptionShare `json:"options"`
}

// OptionShare is one option's count and share among agreements.
type OptionShare struct {
	Option string  `json:"option"`
	Count  int     `json:"count"`
	Share  float64 `json:"share"`
}

// PartyUtility is a party's mean utility over the agreements, with the
// histogram of its utilities (UtilityBins bins over [0,1]).
type PartyUtility struct {
	Party string  `json:"party"`
	Mean  float64 `json:"mean"`
	// MeanDiscounted is the mean GENIUS score (Outcome.Score) of a party
	// with a discount factor; absent without discounting.
	MeanDiscounted float64 `json:"mean_discounted,omitempty"`
	// Histogram counts the agreements by the party's utility: bin b holds
	// utilities in [lo + b·w, lo + (b+1)·w), with [lo, hi] HistogramRange
	// and w HistogramBinWidth, the last bin hi as well; utilities outside
	// the range (possible with interaction terms) count in the end bins.
	// The three are absent when there was no agreement.
	Histogram         []int      `json:"histogram,omitempty"`
	HistogramRange    [2]float64 `json:"histogram_range,omitzero"`
	HistogramBinWidth float64    `json:"histogram_bin_width,omitempty"`
}

// Checkpoint is the running estimate after the first Runs runs.
type Checkpoint struct {
	Runs       int     `json:"runs"`
	Agreements int     `json:"agreements"`
	P          float64 `json:"p"`
	CILow      float64 `json:"ci_low"`
	CIHigh     float64 `json:"ci_high"`
}

// ReasonShare is a breakdown reason ("deadline", "shock:ID",
// "walkout:PARTY") with its count and share of all runs.
type ReasonShare struct {
	Reason string  `json:"reason"`
	Count  int     `json:"count"`
	Share  float64 `json:"share"`
}

// PartyShare is how often a party was pivotal, as a share of failed runs.
type PartyShare struct {
	Party string  `json:"party"`
	Count int     `json:"count"`
	Share float64 `json:"share"`
}

// Analysis summarises the outcome-space analysis of every run.
type Analysis struct {
	// ZOPARuns counts the runs in which a zone of possible agreement
	// existed (see Outcome.ZOPA); PZOPA is their share, with its 95% Wilson
	// interval. An agreement is only possible when a zone exists, so
	// P(agreement) ≤ P(ZOPA).
	ZOPARuns   int     `json:"zopa_runs"`
	PZOPA      float64 `json:"p_zopa"`
	ZOPACILow  float64 `json:"p_zopa_ci_low"`
	ZOPACIHigh float64 `json:"p_zopa_ci_high"`
	// Efficiency is agreements / ZOPARuns: how often the protocol finds an
	// agreement when one is possible.
	Efficiency float64 `json:"efficiency"`
	// MeanParetoGap and MeanNashDistance are averages over the agreements
	// (see Outcome).
	MeanParetoGap    float64 `json:"mean_pareto_gap"`
	MeanNashDistance float64 `json:"mean_nash_distance"`
	// InexactRuns counts runs whose analysis hit a search budget (their
	// answers are bounds).
	InexactRuns int `json:"inexact_runs,omitempty"`
}
