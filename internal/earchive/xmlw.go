package earchive

import (
	"bytes"
	"strings"
	"time"
	"unicode"

	"github.com/samstyr/samstyr/internal/platform"
)

// xw writes indented XML. Attributes are written in the order given, so
// output is deterministic; empty optional attributes are left out by the
// callers with attrs.
type xw struct {
	b     bytes.Buffer
	stack []string
}

func newXW() *xw {
	w := &xw{}
	w.b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	return w
}

// attrs builds an attribute list from name, value pairs, leaving out
// pairs whose value is empty.
func attrs(kv ...string) []string {
	var out []string
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] != "" {
			out = append(out, kv[i], kv[i+1])
		}
	}
	return out
}

func (w *xw) indent() {
	w.b.WriteString(strings.Repeat("  ", len(w.stack)))
}

func (w *xw) open(name string, as []string, selfClose bool) {
	w.indent()
	w.b.WriteString("<" + name)
	for i := 0; i+1 < len(as); i += 2 {
		w.b.WriteString(" " + as[i] + `="` + escapeAttr(as[i+1]) + `"`)
	}
	if selfClose {
		w.b.WriteString("/>\n")
		return
	}
	w.b.WriteString(">")
}

// start opens an element with children.
func (w *xw) start(name string, as ...string) {
	w.open(name, as, false)
	w.b.WriteString("\n")
	w.stack = append(w.stack, name)
}

// end closes the innermost open element.
func (w *xw) end() {
	name := w.stack[len(w.stack)-1]
	w.stack = w.stack[:len(w.stack)-1]
	w.indent()
	w.b.WriteString("</" + name + ">\n")
}

// elem writes an element with text content (or an empty element).
func (w *xw) elem(name, text string, as ...string) {
	if text == "" {
		w.open(name, as, true)
		return
	}
	w.open(name, as, false)
	w.b.WriteString(escapeText(text))
	w.b.WriteString("</" + name + ">\n")
}

// opt writes an element with text content only when text is not empty.
func (w *xw) opt(name, text string, as ...string) {
	if text != "" {
		w.elem(name, text, as...)
	}
}

func (w *xw) bytes() []byte { return w.b.Bytes() }

// xmlSafe drops characters XML 1.0 cannot carry.
func xmlSafe(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r <= 0xDFFF:
			return -1
		case unicode.Is(unicode.Cs, r):
			return -1
		}
		return r
	}, s)
}

func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(xmlSafe(s))
}

func escapeAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "\n", "&#10;", "\r", "&#13;", "\t", "&#9;").Replace(xmlSafe(s))
}

// dateTime formats t as an xs:dateTime in Swedish time with its offset
// ("" for the zero time).
func dateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(platform.Stockholm).Format("2006-01-02T15:04:05-07:00")
}

// dayTime formats a civil date as an xs:dateTime at midnight in Sweden
// ("" for the zero date).
func dayTime(d platform.Date) string {
	return dateTime(midnight(d))
}
