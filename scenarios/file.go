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
	ID       string       `mapstructure:"id"`
	Label    string       `mapstructure:"label"`
	Options  []OptionFile `mapstructure:"options"`
	Evidence `mapstructure:",squash"`
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
