// Package jcs implements the JSON Canonicalization Scheme of RFC 8785: a
// deterministic serialization of JSON so that the same data always yields
// the same bytes, which is what a signature or a hash is computed over.
//
// Canonical form has no insignificant whitespace, object members sorted by
// the UTF-16 code units of their keys, strings escaped minimally (RFC 8785
// §3.2.2.2) and numbers written as ECMAScript's Number.prototype.toString
// writes an IEEE 754 double (§3.2.2.3).
//
// Input must be I-JSON (RFC 7493): valid UTF-8, no lone surrogate escapes,
// no duplicate object keys and numbers that fit in a float64. Anything else
// is rejected rather than silently repaired.
package jcs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// ErrInvalid is wrapped by every error Canonicalize returns for input that
// is not acceptable I-JSON.
var ErrInvalid = errors.New("jcs: invalid input")

// maxDepth bounds nesting of arrays and objects, as encoding/json does.
const maxDepth = 10000

// Canonicalize parses data as JSON and returns its RFC 8785 canonical form.
// It rejects invalid JSON, trailing data, invalid UTF-8, lone surrogates,
// duplicate object keys (compared after unescaping) and numbers that
// overflow a float64; such errors wrap ErrInvalid.
func Canonicalize(data []byte) ([]byte, error) {
	p := parser{data: data}
	p.skipSpace()
	v, err := p.value(0)
	if err != nil {
		return nil, err
	}
	p.skipSpace()
	if p.pos != len(p.data) {
		return nil, p.errorf("trailing data")
	}
	out := make([]byte, 0, len(data))
	return v.appendTo(out), nil
}

// Marshal encodes v with encoding/json and returns the canonical form of
// the result.
func Marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return Canonicalize(b)
}

type kind uint8

const (
	kindScalar kind = iota // lit holds the canonical text
	kindArray
	kindObject
)

type node struct {
	kind    kind
	lit     string
	elems   []node
	members []member
}

type member struct {
	key   string
	key16 []uint16
	val   node
}

func (n *node) appendTo(b []byte) []byte {
	switch n.kind {
	case kindArray:
		b = append(b, '[')
		for i := range n.elems {
			if i > 0 {
				b = append(b, ',')
			}
			b = n.elems[i].appendTo(b)
		}
		return append(b, ']')
	case kindObject:
		b = append(b, '{')
		for i := range n.members {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, n.members[i].key)
			b = append(b, ':')
			b = n.members[i].val.appendTo(b)
		}
		return append(b, '}')
	default:
		return append(b, n.lit...)
	}
}

type parser struct {
	data []byte
	pos  int
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("%w: %s at offset %d", ErrInvalid, fmt.Sprintf(format, args...), p.pos)
}

func (p *parser) skipSpace() {
	for p.pos < len(p.data) {
		switch p.data[p.pos] {
		case ' ', '\t', '\n', '\r':
			p.pos++
		default:
			return
		}
	}
}

func (p *parser) value(depth int) (node, error) {
	if p.pos >= len(p.data) {
		return node{}, p.errorf("unexpected end of input")
	}
	switch c := p.data[p.pos]; {
	case c == '{':
		return p.object(depth + 1)
	case c == '[':
		return p.array(depth + 1)
	case c == '"':
		s, err := p.string()
		if err != nil {
			return node{}, err
		}
		return node{lit: string(appendString(nil, s))}, nil
	case c == '-' || c >= '0' && c <= '9':
		lit, err := p.number()
		if err != nil {
			return node{}, err
		}
		return node{lit: lit}, nil
	default:
		for _, word := range []string{"true", "false", "null"} {
			if bytes.HasPrefix(p.data[p.pos:], []byte(word)) {
				p.pos += len(word)
				return node{lit: word}, nil
			}
		}
		return node{}, p.errorf("unexpected character %q", c)
	}
}

func (p *parser) object(depth int) (node, error) {
	if depth > maxDepth {
		return node{}, p.errorf("nesting too deep")
	}
	p.pos++ // '{'
	n := node{kind: kindObject}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == '}' {
		p.pos++
		return n, nil
	}
	seen := map[string]struct{}{}
	for {
		if p.pos >= len(p.data) || p.data[p.pos] != '"' {
			return node{}, p.errorf("expected object key")
		}
		keyPos := p.pos
		key, err := p.string()
		if err != nil {
			return node{}, err
		}
		if _, dup := seen[key]; dup {
			p.pos = keyPos
			return node{}, p.errorf("duplicate object key %q", key)
		}
		seen[key] = struct{}{}
		p.skipSpace()
		if p.pos >= len(p.data) || p.data[p.pos] != ':' {
			return node{}, p.errorf("expected ':'")
		}
		p.pos++
		p.skipSpace()
		v, err := p.value(depth)
		if err != nil {
			return node{}, err
		}
		n.members = append(n.members, member{key: key, key16: utf16.Encode([]rune(key)), val: v})
		p.skipSpace()
		if p.pos >= len(p.data) {
			return node{}, p.errorf("unexpected end of input in object")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case '}':
			p.pos++
			slices.SortFunc(n.members, func(a, b member) int { return slices.Compare(a.key16, b.key16) })
			for i := range n.members {
				n.members[i].key16 = nil
			}
			return n, nil
		default:
			return node{}, p.errorf("expected ',' or '}'")
		}
	}
}

func (p *parser) array(depth int) (node, error) {
	if depth > maxDepth {
		return node{}, p.errorf("nesting too deep")
	}
	p.pos++ // '['
	n := node{kind: kindArray}
	p.skipSpace()
	if p.pos < len(p.data) && p.data[p.pos] == ']' {
		p.pos++
		return n, nil
	}
	for {
		v, err := p.value(depth)
		if err != nil {
			return node{}, err
		}
		n.elems = append(n.elems, v)
		p.skipSpace()
		if p.pos >= len(p.data) {
			return node{}, p.errorf("unexpected end of input in array")
		}
		switch p.data[p.pos] {
		case ',':
			p.pos++
			p.skipSpace()
		case ']':
			p.pos++
			return n, nil
		default:
			return node{}, p.errorf("expected ',' or ']'")
		}
	}
}

// string parses a JSON string at p.pos and returns its decoded value.
func (p *parser) string() (string, error) {
	p.pos++ // opening quote
	var sb strings.Builder
	for {
		if p.pos >= len(p.data) {
			return "", p.errorf("unterminated string")
		}
		c := p.data[p.pos]
		switch {
		case c == '"':
			p.pos++
			return sb.String(), nil
		case c == '\\':
			r, err := p.escape()
			if err != nil {
				return "", err
			}
			sb.WriteRune(r)
		case c < 0x20:
			return "", p.errorf("control character in string")
		case c < utf8.RuneSelf:
			sb.WriteByte(c)
			p.pos++
		default:
			r, size := utf8.DecodeRune(p.data[p.pos:])
			if r == utf8.RuneError && size == 1 {
				return "", p.errorf("invalid UTF-8")
			}
			sb.Write(p.data[p.pos : p.pos+size])
			p.pos += size
		}
	}
}

// escape decodes the escape sequence at p.pos (which holds the backslash).
func (p *parser) escape() (rune, error) {
	if p.pos+1 >= len(p.data) {
		return 0, p.errorf("unterminated escape")
	}
	c := p.data[p.pos+1]
	p.pos += 2
	switch c {
	case '"', '\\', '/':
		return rune(c), nil
	case 'b':
		return '\b', nil
	case 'f':
		return '\f', nil
	case 'n':
		return '\n', nil
	case 'r':
		return '\r', nil
	case 't':
		return '\t', nil
	case 'u':
		r, err := p.hex4()
		if err != nil {
			return 0, err
		}
		switch {
		case r >= 0xDC00 && r <= 0xDFFF:
			return 0, p.errorf("lone low surrogate")
		case r >= 0xD800 && r <= 0xDBFF:
			if p.pos+1 >= len(p.data) || p.data[p.pos] != '\\' || p.data[p.pos+1] != 'u' {
				return 0, p.errorf("lone high surrogate")
			}
			p.pos += 2
			lo, err := p.hex4()
			if err != nil {
				return 0, err
			}
			if lo < 0xDC00 || lo > 0xDFFF {
				return 0, p.errorf("lone high surrogate")
			}
			return utf16.DecodeRune(r, lo), nil
		}
		return r, nil
	default:
		p.pos--
		return 0, p.errorf("invalid escape character %q", c)
	}
}

func (p *parser) hex4() (rune, error) {
	if p.pos+4 > len(p.data) {
		return 0, p.errorf("short \\u escape")
	}
	var r rune
	for _, c := range p.data[p.pos : p.pos+4] {
		r <<= 4
		switch {
		case c >= '0' && c <= '9':
			r |= rune(c - '0')
		case c >= 'a' && c <= 'f':
			r |= rune(c - 'a' + 10)
		case c >= 'A' && c <= 'F':
			r |= rune(c - 'A' + 10)
		default:
			return 0, p.errorf("invalid \\u escape")
		}
	}
	p.pos += 4
	return r, nil
}

// number scans a JSON number at p.pos and returns its canonical text.
func (p *parser) number() (string, error) {
	start := p.pos
	d := p.data
	i := p.pos
	if d[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(d) && d[i] >= '0' && d[i] <= '9' {
			i++
			n++
		}
		return n
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		digits()
	default:
		p.pos = i
		return "", p.errorf("invalid number")
	}
	if i < len(d) && d[i] == '.' {
		i++
		if digits() == 0 {
			p.pos = i
			return "", p.errorf("invalid number: no digits after '.'")
		}
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if digits() == 0 {
			p.pos = i
			return "", p.errorf("invalid number: no digits in exponent")
		}
	}
	p.pos = i
	f, err := strconv.ParseFloat(string(d[start:i]), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		p.pos = start
		return "", p.errorf("number %s does not fit in a float64", d[start:i])
	}
	return FormatNumber(f)
}

// FormatNumber writes f as ECMAScript's Number.prototype.toString does
// (RFC 8785 §3.2.2.3): the shortest digits that round-trip, without an
// exponent for magnitudes in [1e-6, 1e21), otherwise in the form "1e+21" or
// "1.5e-7". Negative zero becomes "0". NaN and infinities are errors.
func FormatNumber(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%w: %v is not a JSON number", ErrInvalid, f)
	}
	if f == 0 {
		return "0", nil
	}
	var b []byte
	if f < 0 {
		b = append(b, '-')
		f = -f
	}
	// Shortest round-trip digits in scientific form: d[.ddd]e±XX.
	sci := strconv.FormatFloat(f, 'e', -1, 64)
	mant, expStr, _ := strings.Cut(sci, "e")
	exp, _ := strconv.Atoi(expStr)
	digits := strings.Replace(mant, ".", "", 1)
	k := len(digits)
	n := exp + 1 // value = 0.digits × 10^n
	switch {
	case k <= n && n <= 21:
		b = append(b, digits...)
		for range n - k {
			b = append(b, '0')
		}
	case 0 < n && n <= 21:
		b = append(b, digits[:n]...)
		b = append(b, '.')
		b = append(b, digits[n:]...)
	case -6 < n && n <= 0:
		b = append(b, "0."...)
		for range -n {
			b = append(b, '0')
		}
		b = append(b, digits...)
	default:
		b = append(b, digits[0])
		if k > 1 {
			b = append(b, '.')
			b = append(b, digits[1:]...)
		}
		b = append(b, 'e')
		if n-1 >= 0 {
			b = append(b, '+')
		}
		b = strconv.AppendInt(b, int64(n-1), 10)
	}
	return string(b), nil
}

// appendString appends s as a canonical JSON string (RFC 8785 §3.2.2.2):
// only '"', '\\' and U+0000–U+001F are escaped, with the short forms where
// JSON has them and \u00xx (lowercase hex) otherwise.
func appendString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			if c < 0x20 {
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			} else {
				b = append(b, c)
			}
		}
	}
	return append(b, '"')
}
