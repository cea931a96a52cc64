package scenarios

// File is a scenario file as written, before validation.
type File struct {
	Name        string               `mapstructure:"name"`
	Title       string               `mapstructure:"title"`
	Description string               `mapstructure:"description"`
	Source      string               `mapstructure:"source"`
	Deadline    Param                `mapstructure:"deadline"`
	Protocol    ProtocolFile         `mapstructure:"protocol"`
	Issues      []IssueFile          `mapstructure:"issues"`
	Parties     map[string]PartyFile `mapstructure:"parties"`
	Shocks      map[string]ShockFile `mapstructure:"shocks"`
	// EndChance and Agenda are left out of JSON when empty, as Genius.
	EndChance Param      `mapstructure:"end_chance" json:",omitzero"`
	Agenda    AgendaFile `mapstructure:"agenda" json:",omitzero"`
	// Genius names GENIUS files to import the issues and parties from
	// (see docs/genius.md); the rest of the file is merged over them.
	// Left out of JSON when empty, so that Scenario.Hash of a file without
	// it is what it was before the field existed.
	Genius GeniusFile `mapstructure:"genius" json:",omitzero"`
	// Variant is the variant of the scenario this is ("" for the scenario
	// itself), set when it is loaded: a file names variants under
	// variants:, not here. Left out of JSON when empty, as Genius.
	Variant string `mapstructure:"-" json:",omitempty"`
}

// GeniusFile names a GENIUS domain and its profiles, with paths relative
// to the scenario file.
type GeniusFile struct {
	Domain   string   `mapstructure:"domain"`
	Profiles []string `mapstructure:"profiles"`
}

// Evidence says where a modelling choice comes from: a quote from the
// source document, or an assumption with its reason.
type Evidence struct {
	Source     string `mapstructure:"source"`
	Assumption string `mapstructure:"assumption"`
}

// ProtocolFile chooses the protocol.
type ProtocolFile struct {
	Type     string   `mapstructure:"type"`
	Format   string   `mapstructure:"format"`
	Mediator string   `mapstructure:"mediator"`
	Order    []string `mapstructure:"order"`
	Step     Param    `mapstructure:"step"`
	Evidence `mapstructure:",squash"`
}

// IssueFile is one issue with its ordered options.
type IssueFile struct {
	ID      string       `mapstructure:"id"`
	Label   string       `mapstructure:"label"`
	Options []OptionFile `mapstructure:"options"`
	// Type is "discrete" (the default: options and values as written)
	// or "spatial" (a 0–100 scale whose options are generated; see
	// docs/scenario-format.md). The spatial fields below are left out of
	// JSON when empty, so that Scenario.Hash of a file without them is
	// what it was before they existed.
	Type string `mapstructure:"type" json:",omitempty"`
	// Scale labels the ends (0 and 100) of a spatial issue's scale.
	Scale ScaleFile `mapstructure:"scale" json:",omitzero"`
	// Step is the spatial grid's step (default 10); it must divide 100.
	Step *float64 `mapstructure:"step" json:",omitempty"`
	// Points are named points of a spatial scale (e.g. status_quo), in
	// [0,100], added as options if off the grid.
	Points map[string]float64 `mapstructure:"points" json:",omitempty"`
	// Shape is linear (default) or quadratic.
	Shape    string `mapstructure:"shape" json:",omitempty"`
	Evidence `mapstructure:",squash"`
}

// ScaleFile labels the ends of a spatial issue's 0–100 scale.
type ScaleFile struct {
	Low  string `mapstructure:"low"`
	High string `mapstructure:"high"`
}

// OptionFile is one option of an issue.
type OptionFile struct {
	ID    string `mapstructure:"id"`
	Label string `mapstructure:"label"`
}

// PartyFile is one party.
type PartyFile struct {
	Label        string                     `mapstructure:"label"`
	Role         string                     `mapstructure:"role"`
	Controls     []string                   `mapstructure:"controls"`
	Weights      map[string]Param           `mapstructure:"weights"`
	Values       map[string]ValueTable      `mapstructure:"values"`
	Reservation  Param                      `mapstructure:"reservation"`
	Drift        Param                      `mapstructure:"drift"`
	RedLines     map[string]RedLineFile     `mapstructure:"red_lines"`
	Strategy     StrategyFile               `mapstructure:"strategy"`
	Influence    map[string]Param           `mapstructure:"influence"`
	Interactions map[string]InteractionFile `mapstructure:"interactions"`
	Power        Param                      `mapstructure:"power"`
	Discount     Param                      `mapstructure:"discount"`
	// Positions, Saliences and Risk are keyed by spatial issue: the
	// party's ideal point and salience, each in [0,100], and the risk
	// exponent (> 0, default 1). Capability (default 1) or Capabilities
	// (per issue) is the party's clout, ≥ 0, used by negsim forecast
	// only. Left out of JSON when empty, as IssueFile's spatial fields.
	Positions    map[string]Param `mapstructure:"positions" json:",omitempty"`
	Saliences    map[string]Param `mapstructure:"saliences" json:",omitempty"`
	Risk         map[string]Param `mapstructure:"risk" json:",omitempty"`
	Capability   Param            `mapstructure:"capability" json:",omitzero"`
	Capabilities map[string]Param `mapstructure:"capabilities" json:",omitempty"`
	Evidence     `mapstructure:",squash"`
}

// RedLineFile lists the options of one issue a party never accepts.
type RedLineFile struct {
	Options  []string `mapstructure:"options"`
	Evidence `mapstructure:",squash"`
}

// StrategyFile is a party's strategy and its parameters.
type StrategyFile struct {
	Type          string `mapstructure:"type"`
	Beta          Param  `mapstructure:"beta"`
	K             Param  `mapstructure:"k"`
	Rate          Param  `mapstructure:"rate"`
	MinConcession Param  `mapstructure:"min_concession"`
	Target        Param  `mapstructure:"target"`
	Evidence      `mapstructure:",squash"`
}

// params returns the strategy's parameters by their names in scenario
// files.
func (sf StrategyFile) params() map[string]Param {
	return map[string]Param{"beta": sf.Beta, "k": sf.K, "rate": sf.Rate, "min_concession": sf.MinConcession, "target": sf.Target}
}

// ShockFile is a random event that may happen in any round.
type ShockFile struct {
	Label       string           `mapstructure:"label"`
	Probability Param            `mapstructure:"probability"`
	EndTalks    Param            `mapstructure:"end_talks"`
	Reservation map[string]Param `mapstructure:"reservation"`
	// Breaks maps agenda item ids to the chance the shock ends the item
	// (see AgendaFile); left out of JSON when empty, as File.Genius.
	Breaks   map[string]Param `mapstructure:"breaks" json:",omitempty"`
	Evidence `mapstructure:",squash"`
}

// InteractionFile is an interaction term: Value is added to the party's
// utility when both issues in Options are settled at the options given for
// them.
type InteractionFile struct {
	Options  map[string]string `mapstructure:"options"`
	Value    Param             `mapstructure:"value"`
	Evidence `mapstructure:",squash"`
}
