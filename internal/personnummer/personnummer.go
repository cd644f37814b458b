// Package personnummer finds Swedish personnummer and samordningsnummer in
// free text, so that public responses can be checked (and public titles
// scrubbed) for them.
//
// A personnummer is a birth date, a three-digit birth number and a check
// digit (Luhn, computed over the ten digits without the century): written
// YYMMDD-NNNC, YYMMDD+NNNC (the "+" for people aged 100 or more),
// YYMMDDNNNC, YYYYMMDD-NNNC or YYYYMMDDNNNC. A samordningsnummer has the
// same form with 60 added to the day (61–91). Find recognises every form,
// checks the date and the check digit, and — when asked — also reports
// lookalikes whose check digit or calendar date is wrong, which is what a
// scan for leaks wants: a typo'd personnummer is still personal data.
package personnummer

import (
	"time"
	"unicode"
	"unicode/utf8"
)

// Kind tells a personnummer from a samordningsnummer.
type Kind string

// The kinds of number.
const (
	KindPersonnummer      Kind = "personnummer"      // day 01–31
	KindSamordningsnummer Kind = "samordningsnummer" // day 61–91
)

// Match is one number found in a text.
type Match struct {
	Start, End int    // byte offsets of the number in the text
	Text       string // the number as written
	Kind       Kind
	// Valid is set when the check digit is right and the date exists;
	// without it the match is a lookalike.
	Valid bool
}

// Options configure Find.
type Options struct {
	// Lookalikes also reports numbers of the right shape whose check
	// digit or calendar date is wrong.
	Lookalikes bool
}

// Find returns the numbers in s, in order. A number must stand on its
// own: a letter or digit right before or after it (as in a hex digest or
// a longer number) means it is not one.
func Find(s string, opt Options) []Match {
	var out []Match
	for i := 0; i < len(s); {
		if !isDigit(s[i]) || !boundaryBefore(s, i) {
			i++
			continue
		}
		m, ok := at(s, i)
		if ok && (m.Valid || opt.Lookalikes) {
			out = append(out, m)
			i = m.End
			continue
		}
		i += digitRun(s, i)
	}
	return out
}

// Contains reports whether s holds a personnummer or samordningsnummer,
// lookalikes included.
func Contains(s string) bool { return len(Find(s, Options{Lookalikes: true})) > 0 }

// Valid reports whether s is exactly one valid personnummer or
// samordningsnummer in any of the accepted forms.
func Valid(s string) bool {
	m, ok := at(s, 0)
	return ok && m.Valid && m.Start == 0 && m.End == len(s)
}

// Mask replaces every number Find reports with repl.
func Mask(s string, opt Options, repl string) string {
	ms := Find(s, opt)
	if len(ms) == 0 {
		return s
	}
	var b []byte
	last := 0
	for _, m := range ms {
		b = append(b, s[last:m.Start]...)
		b = append(b, repl...)
		last = m.End
	}
	return string(append(b, s[last:]...))
}

// at reads a number starting at byte i (a digit after a boundary).
func at(s string, i int) (Match, bool) {
	n := digitRun(s, i)
	var digits string // the ten digits without century
	end := i + n
	century := ""
	switch {
	case (n == 10 || n == 12) && boundaryAfter(s, end):
		digits = s[end-10 : end]
		if n == 12 {
			century = s[i : i+2]
		}
	case (n == 6 || n == 8) && end+5 <= len(s) && (s[end] == '-' || s[end] == '+') &&
		digitRun(s, end+1) == 4 && boundaryAfter(s, end+5):
		digits = s[i+n-6:i+n] + s[end+1:end+5]
		if n == 8 {
			century = s[i : i+2]
		}
		end += 5
	default:
		return Match{}, false
	}
	month := num(digits[2:4])
	day := num(digits[4:6])
	kind := KindPersonnummer
	if day > 60 {
		day -= 60
		kind = KindSamordningsnummer
	}
	if month < 1 || month > 12 || day < 1 || day > 31 {
		return Match{}, false // not shaped like a date: an organisationsnummer, a count, …
	}
	if century != "" && century != "18" && century != "19" && century != "20" {
		return Match{}, false
	}
	year := num(digits[0:2])
	if century != "" {
		year += 100 * num(century)
	} else {
		year += 2000 // a leap year exactly when 19YY is, except 1900
	}
	date := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	realDate := date.Day() == day && int(date.Month()) == month
	return Match{Start: i, End: end, Text: s[i:end], Kind: kind, Valid: realDate && luhn(digits)}, true
}

// luhn checks the tenth digit of d against the first nine.
func luhn(d string) bool {
	sum := 0
	for k := 0; k < 10; k++ {
		v := int(d[k] - '0')
		if k%2 == 0 {
			v *= 2
			if v > 9 {
				v -= 9
			}
		}
		sum += v
	}
	return sum%10 == 0
}

func num(s string) int {
	n := 0
	for k := 0; k < len(s); k++ {
		n = n*10 + int(s[k]-'0')
	}
	return n
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitRun(s string, i int) int {
	n := 0
	for i+n < len(s) && isDigit(s[i+n]) {
		n++
	}
	return n
}

// boundaryBefore reports whether no letter or digit stands right before i.
func boundaryBefore(s string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// boundaryAfter reports whether no letter or digit stands at i.
func boundaryAfter(s string, i int) bool {
	if i >= len(s) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s[i:])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}
