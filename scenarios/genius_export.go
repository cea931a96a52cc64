package scenarios

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/negsim/negsim/agents"
	"github.com/negsim/negsim/internal/atomicfile"
	"github.com/negsim/negsim/sim"
)

// ErrNotExportable is wrapped by ExportGenius's error when a scenario uses
// something GENIUS's linear additive profiles cannot express.
var ErrNotExportable = errors.New("not expressible in GENIUS")

// ExportGenius writes s as a GENIUS domain file and one profile file per
// party at the table into dir (created if need be), so that it can run in
// GENIUS or NegMAS, and returns their paths. Files are written atomically.
//
// Parameters that are distributions are exported at their medians (the
// value at u = 0.5, sim.Param.At); each file lists them in a comment.
// GENIUS divides an issue's evaluations by their largest and normalises
// the weights, so a party whose best option on an issue is worth less than
// 1 cannot keep its utilities exactly: the profile gets evaluations equal
// to the party's values and weights w_k·max_o v_k(o) renormalised, so that
// its GENIUS utility is U_negsim / S with S = Σ_k w_k·max_o v_k(o), and its
// reservation value is divided by S as well. That keeps every comparison
// between packages and with no agreement, and so the zone of agreement.
// The reservation value is the one before the first round (after outside
// parties' influence). Red lines, outside parties, strategies, drift,
// power, shocks, the protocol and the deadline have no place in GENIUS's
// files and are left out (the files' comments list the red lines left
// out). Interaction terms make an error wrapping ErrNotExportable, as does
// a party that values every package at 0.
//
// File names: the domain is NAME.xml (the scenario's name, or its title
// where that is the name a GENIUS import would derive it from), each
// profile ID.xml (or its label on the same terms), so that importing the
// files again gives back the same ids.
func ExportGenius(s *Scenario, dir string) (domainPath string, profilePaths []string, err error) {
	if s == nil || s.Sim == nil {
		panic("scenarios: ExportGenius of a nil scenario")
	}
	sc := s.Sim
	fail := func(format string, a ...any) (string, []string, error) {
		return "", nil, fmt.Errorf("scenarios: export %s to GENIUS: %s", sc.Name, fmt.Sprintf(format, a...))
	}
	var table []int
	var inter []string
	for i, p := range sc.Parties {
		if p.Role != agents.AtTable {
			continue
		}
		table = append(table, i)
		var names []string
		if s.File != nil {
			names = sortedKeys(s.File.Parties[p.ID].Interactions)
		}
		for q := range p.Interactions {
			at := fmt.Sprintf("parties.%s.interactions[%d]", p.ID, q)
			if len(names) == len(p.Interactions) {
				at = "parties." + p.ID + ".interactions." + names[q]
			}
			inter = append(inter, at)
		}
	}
	if len(inter) > 0 {
		return "", nil, fmt.Errorf("scenarios: export %s to GENIUS: interaction terms (%s) cannot be expressed in GENIUS's linear additive profiles: %w", sc.Name, strings.Join(inter, ", "), ErrNotExportable)
	}
	if len(table) == 0 {
		return fail("no party at the table")
	}

	issueNames := exportNames(len(sc.Issues), func(k int) (string, string) { return sc.Issues[k].ID, sc.Issues[k].Label })
	optionNames := make([][]string, len(sc.Issues))
	for k, is := range sc.Issues {
		optionNames[k] = exportNames(len(is.Options), func(o int) (string, string) { return is.Options[o].ID, is.Options[o].Label })
	}
	for _, names := range append([][]string{issueNames}, optionNames...) {
		for _, n := range names {
			if !xmlText(n) {
				return fail("the name %q has characters XML cannot hold", n)
			}
		}
	}

	// File names.
	base := sc.Name
	if s.File != nil && safeFileName(s.File.Title) && nameFromFile(s.File.Title+".xml") == sc.Name {
		base = s.File.Title
	}
	// Names are compared ignoring case, for case-insensitive file systems.
	taken := map[string]bool{}
	fileFor := func(names ...string) string {
		for n := 1; ; n++ {
			for _, name := range names {
				if n > 1 {
					name += "-" + strconv.Itoa(n)
				}
				if !taken[strings.ToLower(name)] {
					taken[strings.ToLower(name)] = true
					return name + ".xml"
				}
			}
		}
	}
	pfiles := make([]string, len(table))
	for j, i := range table {
		p := sc.Parties[i]
		name := p.ID
		if safeFileName(p.Label) && geniusID(p.Label, "party_") == p.ID {
			name = p.Label
		}
		pfiles[j] = fileFor(name, p.ID)
	}
	dfile := fileFor(base, base+"-domain")

	// The domain.
	medians := map[int][]string{} // party → its parameters exported at their median
	var db bytes.Buffer
	db.WriteString(xmlHeader)
	note := fmt.Sprintf("GENIUS domain exported by negsim from scenario %s (%s). Issues and items are named by negsim's labels. Profiles: %s.", sc.Name, s.Origin, strings.Join(pfiles, ", "))
	var outside []string
	for _, p := range sc.Parties {
		if p.Role != agents.AtTable {
			outside = append(outside, p.ID)
		}
	}
	if len(outside) > 0 {
		note += " Left out: the outside parties " + strings.Join(outside, ", ") + " (GENIUS has none); their influence is in the reservation values."
	}
	writeComment(&db, note)
	fmt.Fprintf(&db, "<negotiation_template>\n<utility_space number_of_issues=\"%d\">\n", len(sc.Issues))
	fmt.Fprintf(&db, "<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"%s\">\n", xmlAttr(sc.Name))
	for k := range sc.Issues {
		fmt.Fprintf(&db, "<issue index=\"%d\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"%s\">\n", k+1, xmlAttr(issueNames[k]))
		for o := range sc.Issues[k].Options {
			fmt.Fprintf(&db, "<item index=\"%d\" value=\"%s\"/>\n", o+1, xmlAttr(optionNames[k][o]))
		}
		db.WriteString("</issue>\n")
	}
	db.WriteString("</objective>\n</utility_space>\n</negotiation_template>\n")

	// The profiles.
	influence := make([]float64, len(sc.Parties))
	for _, p := range sc.Parties {
		for _, sh := range p.Influence {
			influence[sh.Party] += median(sh.Amount, medians, sh.Party, "parties."+p.ID+".influence."+sc.Parties[sh.Party].ID)
		}
	}
	profiles := make([]bytes.Buffer, len(table))
	for j, i := range table {
		p := sc.Parties[i]
		at := func(what string) string { return "parties." + p.ID + "." + what }
		w := make([]float64, len(sc.Issues))
		var wsum float64
		for k := range sc.Issues {
			w[k] = max(median(p.Weights[k], medians, i, at("weights."+sc.Issues[k].ID)), 0)
			wsum += w[k]
		}
		vals := make([][]float64, len(sc.Issues))
		c := make([]float64, len(sc.Issues)) // w_k·max_o v_k(o)
		var scale float64
		for k, is := range sc.Issues {
			// As a run does (sim.Runner).
			if wsum > 0 {
				w[k] /= wsum
			} else {
				w[k] = 1 / float64(len(sc.Issues))
			}
			vals[k] = make([]float64, len(is.Options))
			top := 0.0
			for o := range is.Options {
				vals[k][o] = median(p.Values[k][o], medians, i, at("values."+is.ID+"."+is.Options[o].ID))
				top = max(top, vals[k][o])
			}
			if top > 0 && top < geniusZeroEval {
				// GENIUS would value every item at 0: write the values
				// divided by their largest, which GENIUS reads the same
				// way otherwise.
				for o := range vals[k] {
					vals[k][o] /= top
				}
			}
			c[k] = float64(w[k] * top) // float64(…): no fused multiply-add (docs/model.md, Reproducibility)
			scale += c[k]
		}
		if !(scale > 0) {
			return fail("party %q values every package at 0; a GENIUS profile needs a positive evaluation", p.ID)
		}
		gw := normalise(c)
		res := median(p.Reservation, medians, i, at("reservation"))
		res = min(max(res+influence[i], 0), 1)
		disc := 1.0
		if p.Discount.Uncertain() || p.Discount.Value != 0 {
			disc = median(p.Discount, medians, i, at("discount"))
		}

		var notes []string
		notes = append(notes, fmt.Sprintf("GENIUS profile of party %s (%s), exported by negsim from scenario %s.", p.ID, p.Label, sc.Name))
		notes = append(notes, fmt.Sprintf("GENIUS utilities are negsim's divided by S = sum_k w_k max_o v_k(o) = %s, as is the reservation value (before the first round, after influence), so every comparison and the zone of agreement are kept.", fmtFloat(scale)))
		if m := medians[i]; len(m) > 0 {
			notes = append(notes, "At their medians (distributions in negsim): "+strings.Join(m, ", ")+".")
		}
		var red []string
		for k, row := range p.RedLines {
			for o, r := range row {
				if r {
					red = append(red, sc.Issues[k].ID+"="+sc.Issues[k].Options[o].ID)
				}
			}
		}
		if len(red) > 0 {
			notes = append(notes, "Left out: red lines "+strings.Join(red, ", ")+" (GENIUS has none).")
		}
		notes = append(notes, "Also left out: strategy, drift, power, shocks, protocol and deadline.")

		b := &profiles[j]
		b.WriteString(xmlHeader)
		writeComment(b, strings.Join(notes, "\n     "))
		b.WriteString("<utility_space>\n")
		fmt.Fprintf(b, "<objective index=\"0\" etype=\"objective\" type=\"objective\" description=\"\" name=\"%s\">\n", xmlAttr(sc.Name))
		for k := range sc.Issues {
			fmt.Fprintf(b, "<issue index=\"%d\" etype=\"discrete\" type=\"discrete\" vtype=\"discrete\" name=\"%s\">\n", k+1, xmlAttr(issueNames[k]))
			for o := range sc.Issues[k].Options {
				fmt.Fprintf(b, "<item index=\"%d\" value=\"%s\" evaluation=\"%s\"/>\n", o+1, xmlAttr(optionNames[k][o]), fmtFloat(vals[k][o]))
			}
			b.WriteString("</issue>\n")
		}
		for k := range sc.Issues {
			fmt.Fprintf(b, "<weight index=\"%d\" value=\"%s\"/>\n", k+1, fmtFloat(gw[k]))
		}
		b.WriteString("</objective>\n")
		fmt.Fprintf(b, "<discount_factor value=\"%s\"/>\n", fmtFloat(disc))
		fmt.Fprintf(b, "<reservation value=\"%s\"/>\n", fmtFloat(res/scale))
		b.WriteString("</utility_space>\n")
	}

	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, fmt.Errorf("scenarios: export %s to GENIUS: %w", sc.Name, err)
	}
	domainPath = filepath.Join(dir, dfile)
	if err := atomicfile.WriteBytes(domainPath, db.Bytes()); err != nil {
		return "", nil, fmt.Errorf("scenarios: export %s to GENIUS: %w", sc.Name, err)
	}
	for j := range table {
		pp := filepath.Join(dir, pfiles[j])
		if err := atomicfile.WriteBytes(pp, profiles[j].Bytes()); err != nil {
			return "", nil, fmt.Errorf("scenarios: export %s to GENIUS: %w", sc.Name, err)
		}
		profilePaths = append(profilePaths, pp)
	}
	return domainPath, profilePaths, nil
}

const xmlHeader = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"

// median returns p's median, noting it in notes[party] under name when p
// is a distribution.
func median(p sim.Param, notes map[int][]string, party int, name string) float64 {
	x := p.At(0.5)
	if p.Uncertain() {
		notes[party] = append(notes[party], name+" = "+fmtFloat(x))
	}
	return x
}

// fmtFloat writes x so that it parses back to the same float64.
func fmtFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// exportNames returns the GENIUS names of n things: their labels, or their
// ids if two labels are the same (GENIUS tells items apart by name).
func exportNames(n int, idLabel func(int) (string, string)) []string {
	labels := make([]string, n)
	seen := map[string]bool{}
	unique := true
	for i := range n {
		id, label := idLabel(i)
		labels[i] = cmp.Or(label, id)
		unique = unique && !seen[labels[i]]
		seen[labels[i]] = true
	}
	if unique {
		return labels
	}
	for i := range n {
		labels[i], _ = idLabel(i)
	}
	return labels
}

var safeNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// safeFileName reports whether s can be a file name as it is.
func safeFileName(s string) bool { return len(s) <= 100 && safeNameRE.MatchString(s) }

// xmlText reports whether XML can hold s.
func xmlText(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if !(r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			return false
		}
	}
	return true
}

// xmlAttr escapes s for a double-quoted attribute, escaping no more than
// XML needs, for the benefit of simple parsers.
func xmlAttr(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '"':
			b.WriteString("&quot;")
		case '\n':
			b.WriteString("&#10;")
		case '\r':
			b.WriteString("&#13;")
		case '\t':
			b.WriteString("&#9;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// writeComment writes an XML comment; it goes before the root element (in
// the prolog), where even simple parsers expect and skip comments.
func writeComment(b *bytes.Buffer, text string) {
	text = strings.ToValidUTF8(text, "?")
	text = strings.Map(func(r rune) rune {
		if xmlText(string(r)) {
			return r
		}
		return '?'
	}, text)
	for strings.Contains(text, "--") {
		text = strings.ReplaceAll(text, "--", "- -")
	}
	text = strings.TrimRight(text, "-")
	fmt.Fprintf(b, "<!-- %s -->\n", text)
}
