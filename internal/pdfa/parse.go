package pdfa

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"unicode/utf16"
)

// file is a PDF in the plain form go-pdf/fpdf writes (and this package
// writes back): a header, numbered objects with generation 0, one
// classic cross-reference table and one trailer. Object streams,
// cross-reference streams and incremental updates are not read.
type file struct {
	version byte     // the digit n of "%PDF-1.n"
	objs    []object // objs[i] is object number i; objs[0] is empty
	root    int      // catalog object number
	info    int      // document information object number (0: none)
	trailer []byte   // the trailer dictionary text
}

// object is one indirect object: its whole text from "n 0 obj" through
// "endobj", and its dictionary (the text before a stream's data).
type object struct {
	num  int
	text []byte
	dict []byte
}

// stream returns the object's stream data ("" when it has none).
func (o object) stream() []byte {
	i := bytes.Index(o.text, []byte("stream\n"))
	j := bytes.LastIndex(o.text, []byte("endstream"))
	if i < 0 || j < i+7 {
		return nil
	}
	data := o.text[i+7 : j]
	// The EOL before endstream is not part of the data.
	data = bytes.TrimSuffix(data, []byte("\n"))
	return bytes.TrimSuffix(data, []byte("\r"))
}

// parse reads a PDF written by fpdf (or by this package).
func parse(data []byte) (*file, error) {
	if len(data) < 16 || !bytes.HasPrefix(data, []byte("%PDF-1.")) || data[7] < '0' || data[7] > '7' {
		return nil, fmt.Errorf("pdfa: not a PDF 1.x file")
	}
	f := &file{version: data[7]}
	end := bytes.LastIndex(data, []byte("startxref"))
	if end < 0 {
		return nil, fmt.Errorf("pdfa: no startxref")
	}
	xrefAt, err := strconv.Atoi(string(bytes.Fields(data[end+len("startxref"):])[0]))
	if err != nil || xrefAt <= 0 || xrefAt >= end {
		return nil, fmt.Errorf("pdfa: bad startxref")
	}
	rest := data[xrefAt:end]
	if !bytes.HasPrefix(rest, []byte("xref")) {
		return nil, fmt.Errorf("pdfa: no classic cross-reference table at %d (cross-reference streams are not supported)", xrefAt)
	}
	lines := bytes.SplitN(rest, []byte("\n"), 3)
	if len(lines) < 3 {
		return nil, fmt.Errorf("pdfa: short cross-reference table")
	}
	sub := bytes.Fields(lines[1])
	if len(sub) != 2 || string(sub[0]) != "0" {
		return nil, fmt.Errorf("pdfa: the cross-reference table must be one subsection from object 0")
	}
	n, err := strconv.Atoi(string(sub[1]))
	if err != nil || n < 2 || n > 1_000_000 || len(lines[2]) < 20*n {
		return nil, fmt.Errorf("pdfa: bad cross-reference subsection %q", lines[1])
	}
	entries := lines[2][:20*n]
	trailer := lines[2][20*n:]
	t := bytes.Index(trailer, []byte("trailer"))
	if t < 0 {
		return nil, fmt.Errorf("pdfa: no trailer")
	}
	f.trailer = trailer[t+len("trailer"):]

	type at struct{ num, off int }
	var offs []at
	for i := 1; i < n; i++ {
		e := entries[20*i : 20*i+20]
		if e[17] == 'f' {
			return nil, fmt.Errorf("pdfa: object %d is free (incremental updates are not supported)", i)
		}
		off, err := strconv.Atoi(string(e[:10]))
		if err != nil || e[17] != 'n' || string(e[11:16]) != "00000" || off <= 0 || off >= xrefAt {
			return nil, fmt.Errorf("pdfa: bad cross-reference entry for object %d", i)
		}
		offs = append(offs, at{i, off})
	}
	slices.SortFunc(offs, func(a, b at) int { return a.off - b.off })
	f.objs = make([]object, n)
	for k, o := range offs {
		next := xrefAt
		if k+1 < len(offs) {
			next = offs[k+1].off
		}
		text := data[o.off:next]
		head := strconv.Itoa(o.num) + " 0 obj"
		e := bytes.LastIndex(text, []byte("endobj"))
		if !bytes.HasPrefix(text, []byte(head)) || e < 0 {
			return nil, fmt.Errorf("pdfa: object %d is not where the cross-reference table says", o.num)
		}
		text = text[:e+len("endobj")]
		dict := text[len(head):]
		if s := bytes.Index(dict, []byte("stream\n")); s >= 0 {
			dict = dict[:s]
		} else {
			dict = dict[:len(dict)-len("endobj")]
		}
		f.objs[o.num] = object{num: o.num, text: text, dict: dict}
	}
	f.root = refValue(f.trailer, "Root")
	f.info = refValue(f.trailer, "Info")
	if f.root <= 0 || f.root >= n {
		return nil, fmt.Errorf("pdfa: the trailer names no catalog")
	}
	if f.info >= n {
		return nil, fmt.Errorf("pdfa: the trailer's Info is not an object of the file")
	}
	return f, nil
}

// token is a lexical item of PDF dictionary text: a name (without its
// slash), a literal or hex string (decoded bytes), or any other word
// (numbers, R, true, delimiters such as << and [).
type token struct {
	kind byte // 'n' name, 's' string, 'w' other
	val  []byte
}

// tokens splits PDF object text into tokens. It is enough for the
// dictionaries fpdf writes; it does not read stream data.
func tokens(b []byte) []token {
	var out []token
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case isSpace(c):
			i++
		case c == '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case c == '/':
			j := i + 1
			for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			out = append(out, token{'n', b[i+1 : j]})
			i = j
		case c == '(':
			s, j := literal(b, i)
			out = append(out, token{'s', s})
			i = j
		case c == '<' && i+1 < len(b) && b[i+1] != '<':
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				j = len(b) - i - 1
			}
			out = append(out, token{'s', unhex(b[i+1 : i+j])})
			i += j + 1
		case c == '<' || c == '>':
			j := i + 1
			if j < len(b) && b[j] == c {
				j++
			}
			out = append(out, token{'w', b[i:j]})
			i = j
		case isDelim(c):
			out = append(out, token{'w', b[i : i+1]})
			i++
		default:
			j := i
			for j < len(b) && !isSpace(b[j]) && !isDelim(b[j]) {
				j++
			}
			out = append(out, token{'w', b[i:j]})
			i = j
		}
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' || c == '%'
}

// literal decodes the literal string that starts at b[i] == '(' and
// returns its bytes and the index after its closing parenthesis.
func literal(b []byte, i int) ([]byte, int) {
	var out []byte
	depth := 0
	for i++; i < len(b); i++ {
		c := b[i]
		switch c {
		case '(':
			depth++
			out = append(out, c)
		case ')':
			if depth == 0 {
				return out, i + 1
			}
			depth--
			out = append(out, c)
		case '\\':
			i++
			if i >= len(b) {
				return out, i
			}
			switch e := b[i]; e {
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case '\r':
				if i+1 < len(b) && b[i+1] == '\n' {
					i++
				}
			case '\n':
				// line continuation
			default:
				if e >= '0' && e <= '7' {
					v := 0
					for k := 0; k < 3 && i < len(b) && b[i] >= '0' && b[i] <= '7'; k++ {
						v = v*8 + int(b[i]-'0')
						i++
					}
					i--
					out = append(out, byte(v))
				} else {
					out = append(out, e)
				}
			}
		default:
			out = append(out, c)
		}
	}
	return out, i
}

func unhex(b []byte) []byte {
	var out []byte
	var hi byte
	half := false
	for _, c := range b {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c >= 'A' && c <= 'F':
			v = c - 'A' + 10
		default:
			continue
		}
		if half {
			out = append(out, hi<<4|v)
		} else {
			hi = v
		}
		half = !half
	}
	if half {
		out = append(out, hi<<4)
	}
	return out
}

// textString decodes a PDF text string: UTF-16BE after a byte order
// mark, else PDFDocEncoding (read as Latin-1, which agrees with it for
// every character fpdf writes).
func textString(b []byte) string {
	if len(b) >= 2 && b[0] == 0xFE && b[1] == 0xFF {
		u := make([]uint16, 0, (len(b)-2)/2)
		for i := 2; i+1 < len(b); i += 2 {
			u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
		}
		return string(utf16.Decode(u))
	}
	r := make([]rune, len(b))
	for i, c := range b {
		r[i] = rune(c)
	}
	return string(r)
}

// names returns the names used in dict (keys and values).
func names(dict []byte) map[string]bool {
	m := map[string]bool{}
	for _, t := range tokens(dict) {
		if t.kind == 'n' {
			m[string(t.val)] = true
		}
	}
	return m
}

// value returns the tokens of the value of key in the top level of dict
// (nil when key is absent).
func value(dict []byte, key string) []token {
	ts := tokens(dict)
	if len(ts) == 0 || string(ts[0].val) != "<<" {
		return nil
	}
	for i := 1; i < len(ts); {
		if ts[i].kind != 'n' {
			return nil // ">>" or malformed
		}
		j := valueEnd(ts, i+1)
		if string(ts[i].val) == key {
			return ts[i+1 : j]
		}
		i = j
	}
	return nil
}

// valueEnd returns the index after the value that starts at ts[i]: a
// dictionary or array with everything in it, a reference "n g R", or one
// token.
func valueEnd(ts []token, i int) int {
	if i >= len(ts) {
		return i
	}
	t := ts[i]
	if t.kind == 'w' && (string(t.val) == "<<" || string(t.val) == "[") {
		depth := 0
		for j := i; j < len(ts); j++ {
			if ts[j].kind != 'w' {
				continue
			}
			switch string(ts[j].val) {
			case "<<", "[":
				depth++
			case ">>", "]":
				depth--
				if depth == 0 {
					return j + 1
				}
			}
		}
		return len(ts)
	}
	if t.kind == 'w' && isInt(t.val) && i+2 < len(ts) && isInt(ts[i+1].val) && string(ts[i+2].val) == "R" {
		return i + 3
	}
	return i + 1
}

func isInt(b []byte) bool {
	_, err := strconv.Atoi(string(b))
	return err == nil
}

// refValue returns the object number of an indirect reference "n 0 R"
// under key in dict (0 when absent or not a reference).
func refValue(dict []byte, key string) int {
	v := value(dict, key)
	if len(v) != 3 || string(v[1].val) != "0" || string(v[2].val) != "R" {
		return 0
	}
	n, err := strconv.Atoi(string(v[0].val))
	if err != nil {
		return 0
	}
	return n
}

// refs returns the object numbers of the references in toks ("n 0 R").
func refs(toks []token) []int {
	var out []int
	for i := 0; i+2 < len(toks); i++ {
		if toks[i+2].kind == 'w' && string(toks[i+2].val) == "R" && string(toks[i+1].val) == "0" {
			if n, err := strconv.Atoi(string(toks[i].val)); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}
