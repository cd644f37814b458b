package browsertest

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/samstyr/samstyr/internal/i18n"
)

// Finding is one place where a text meant for people shows something
// internal: a code, an id, a machine time or an English sentence.
type Finding struct {
	Rule    string // what kind of leak, e.g. "snake_case"
	Match   string // the offending text
	Context string // the line it stands in, shortened
}

// String writes the finding as the test reports it.
func (f Finding) String() string { return f.Rule + " " + quote(f.Match) + " in " + quote(f.Context) }

func quote(s string) string { return "«" + s + "»" }

// Codes returns what in text (a page's visible text, a PDF's text or a
// CSV file) is not written for people: snake_case identifiers, UUIDs,
// the code words "delegate" and "namnd", the ASCII spellings Samstyr
// uses as codes for Swedish words ("ordforande", "pagaende"), machine
// times (ISO 8601 with a T, "UTC", a Z), Go's formatting leftovers
// ("%!", "<nil>", "map["), a count of one with a plural ("1 ärenden") and
// English sentences. Swedish text, diarienummer, dates, amounts,
// paragraph signs, checksums and e-mail addresses pass
// (TestCodesPassSwedish).
func Codes(text string) []Finding {
	var out []Finding
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		ctx := line
		if len([]rune(ctx)) > 160 {
			ctx = string([]rune(ctx)[:160]) + "…"
		}
		add := func(rule, m string) { out = append(out, Finding{Rule: rule, Match: m, Context: ctx}) }
		// An e-mail address is a person's own spelling, not a code of
		// Samstyr's ("hans.handlaggare@borgholm.se").
		line = emailAddress.ReplaceAllString(line, " ")
		for _, re := range patterns {
			for _, m := range re.re.FindAllString(line, -1) {
				add(re.rule, strings.TrimSpace(m))
			}
		}
		for _, w := range words(line) {
			lw := strings.ToLower(w)
			switch {
			case strings.Contains(strings.Trim(w, "_"), "_"):
				add("snake_case", w)
			case lw == "delegate" || lw == "delegates" || strings.HasPrefix(lw, "namnd"):
				add("code word", w)
			case foldedCodes[lw]:
				add("code spelled without å, ä or ö", w)
			}
		}
		for _, s := range sentences(line) {
			if why := english(s); why != "" {
				add("English ("+why+")", s)
			}
		}
	}
	return out
}

type pattern struct {
	rule string
	re   *regexp.Regexp
}

var patterns = []pattern{
	{"UUID", regexp.MustCompile(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)},
	{"machine time", regexp.MustCompile(`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}|\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z\b|\bUTC\b|[+-]0000\b`)},
	{"Go formatting", regexp.MustCompile(`%!|<nil>|\bmap\[|&\{`)},
	{"one with a plural", regexp.MustCompile(`(?:^|[^\d/,.:§-])1 (?:ärenden|nämnder|personer|avvikelser|händelser|kontrollpunkter|ledamöter|roller|dagar|kedjor|handlingar|paragrafer|rader|versioner|kommuner|punkter|sammanträden|anmälningar)\b`)},
}

// emailAddress matches an e-mail address.
var emailAddress = regexp.MustCompile(`[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+`)

// words splits a line into words of letters, digits and underscores.
func words(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' })
}

// sentences splits a line at sentence ends and separators.
func sentences(line string) []string {
	return strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune(".!?;:·|–—\t", r) })
}

// englishWords are English function words that are not Swedish words a
// Samstyr page would use ("in", "by", "be", "for" and "man" are Swedish
// too and left out). Two of them in one sentence make it English.
var englishWords = set("the", "is", "are", "was", "were", "been", "of", "and", "with", "not", "this", "that", "these",
	"those", "which", "from", "has", "have", "had", "it", "its", "or", "does", "did", "cannot", "should", "will", "would",
	"you", "your", "an", "on", "at", "to", "into", "only", "than", "there", "their", "when", "where", "what", "who",
	"how", "if", "but", "no", "yet", "any", "please", "must", "may", "one")

// strongWords are English words that alone mark a text as a program's
// message, not a Swedish sentence.
var strongWords = set("error", "errors", "failed", "invalid", "missing", "mismatch", "expected", "unknown", "nil",
	"null", "undefined", "true", "false", "none", "found", "denied", "forbidden", "unauthorized", "required",
	"signature", "signed", "decision", "decisions", "case", "cases", "board", "meeting", "draft", "adopted", "pending",
	"shared", "political", "direct", "contribution", "urgent", "wrong", "already", "exists", "too", "many",
	"awaiting", "approval", "beyond", "separately", "minutes", "request", "entries", "username", "password",
	"auditors", "nothing", "unexplained", "keep", "weed", "gap", "counter", "change", "changes")

// english says why s reads as English, or "".
func english(s string) string {
	var hits []string
	for _, w := range words(s) {
		// "IT" is Swedish (IT-nämnd); English words are lower case or
		// capitalised.
		if w != strings.ToLower(w) && w != titled(w) {
			continue
		}
		lw := strings.ToLower(w)
		if strongWords[lw] {
			return "the word " + quote(w)
		}
		if englishWords[lw] && !slices.Contains(hits, lw) {
			hits = append(hits, lw)
		}
	}
	if len(hits) >= 2 {
		return strings.Join(hits, ", ")
	}
	return ""
}

func titled(w string) string {
	r := []rune(strings.ToLower(w))
	if len(r) > 0 {
		r[0] = unicode.ToUpper(r[0])
	}
	return string(r)
}

func set(ws ...string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// foldedCodes are the codes that spell a Swedish label without å, ä and
// ö ("ordforande" for "Ordförande", "aterremitterad" for
// "Återremitterat"): the parts of the codes of Samstyr's one label table
// (internal/i18n) that are a word of their label folded to ASCII, give or
// take an ending. Shown to a person, such a code is a leak.
var foldedCodes = func() map[string]bool {
	// Codes whose label is another word than the code ("pagaende" reads
	// "Pågår") are listed by hand.
	m := set("pagaende", "overklagat", "overklagande", "anmalan", "bordlaggning", "aterremiss", "franvaro",
		"forvaltningschef", "sammantrade", "arende", "arenden", "handlaggare")
	for _, key := range i18n.Keys(i18n.Swedish) {
		_, code, ok := strings.Cut(key, ".")
		if !ok {
			continue
		}
		label := strings.ToLower(i18n.T(i18n.Swedish, key))
		for _, c := range strings.FieldsFunc(code, func(r rune) bool { return r == '_' }) {
			for _, w := range words(label) {
				if misspells(c, w) {
					m[c] = true
				}
			}
		}
	}
	return m
}()

// misspells reports whether the ASCII code c is the Swedish word w (which
// has an å, ä or ö) folded to ASCII, with at most two letters of ending
// changed.
func misspells(c, w string) bool {
	if len(c) < 5 || fold(w) == w || strings.ToValidUTF8(c, "") != c || c != fold(c) {
		return false
	}
	f := fold(w)
	n := 0
	for n < len(c) && n < len(f) && c[n] == f[n] {
		n++
	}
	// The code must spell one of the letters it folds ("budget" is not
	// "budgetår" misspelt).
	first := strings.IndexFunc(w, func(r rune) bool { return r > unicode.MaxASCII })
	if first < 0 || len(fold(w[:first])) >= n {
		return false
	}
	return n >= max(5, len(c)-2) && n >= len(f)-2
}

// fold spells a Swedish word in ASCII.
func fold(s string) string {
	return strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e").Replace(s)
}
