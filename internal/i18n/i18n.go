// Package i18n holds Samstyr's user-facing texts in Swedish (the default)
// and English, keyed by the same stable codes that API problems carry.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

//go:embed sv.json en.json
var files embed.FS

// Languages Samstyr speaks.
const (
	Swedish = "sv"
	English = "en"
)

var catalogs = map[string]map[string]string{}

func init() {
	for _, lang := range []string{Swedish, English} {
		b, err := files.ReadFile(lang + ".json")
		if err != nil {
			panic(err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			panic(fmt.Sprintf("i18n: %s.json: %v", lang, err))
		}
		catalogs[lang] = m
	}
}

// T returns the text for key in lang, falling back to Swedish and then to
// the key itself, so a missing translation never hides the code.
func T(lang, key string) string {
	if s, ok := catalogs[lang][key]; ok {
		return s
	}
	if s, ok := catalogs[Swedish][key]; ok {
		return s
	}
	return key
}

// Has reports whether key has a Swedish text.
func Has(key string) bool { _, ok := catalogs[Swedish][key]; return ok }

// Keys returns every key of lang's catalog.
func Keys(lang string) []string {
	out := make([]string, 0, len(catalogs[lang]))
	for k := range catalogs[lang] {
		out = append(out, k)
	}
	return out
}

// Negotiate picks sv or en from an Accept-Language header: English only
// when the client prefers it to Swedish.
func Negotiate(acceptLanguage string) string {
	best, bestQ := Swedish, -1.0
	for _, part := range strings.Split(acceptLanguage, ",") {
		tag, q := strings.TrimSpace(part), 1.0
		if i := strings.Index(tag, ";"); i >= 0 {
			if v, ok := strings.CutPrefix(strings.TrimSpace(tag[i+1:]), "q="); ok {
				if f, err := strconv.ParseFloat(v, 64); err == nil {
					q = f
				}
			}
			tag = strings.TrimSpace(tag[:i])
		}
		base := strings.ToLower(strings.SplitN(tag, "-", 2)[0])
		if (base == Swedish || base == English) && q > bestQ {
			best, bestQ = base, q
		}
	}
	return best
}
