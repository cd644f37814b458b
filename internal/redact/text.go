// Package redact makes masked copies (maskerade versioner) of handlingar
// for release under TF 2 kap. and OSL: the secret parts are removed from
// the copy, not covered. A masked copy must hold none of the masked text,
// neither visible nor hidden in the file.
//
// Three ways, one rule (the same matching of a masked string):
//
//   - Text masks plain text: every occurrence of a masked string becomes
//     Marker.
//   - Values masks the input of a document Samstyr renders itself (a
//     memopdf.Input, ProtocolInput, …) before it is rendered again, so the
//     new PDF is drawn without the masked text at all.
//   - Engine.PDF masks any PDF — an uploaded one, or one Samstyr made — by
//     strings and by page regions. It rebuilds every page: the page is
//     rendered to pixels by PDFium (in a WebAssembly sandbox, pure Go),
//     the masked areas are painted over in those pixels, and a new PDF is
//     written from the pixels plus an invisible text layer of the text
//     that remains visible. Nothing of the original file survives: no
//     text operators, fonts, metadata, annotations, form fields,
//     attachments, scripts or earlier revisions.
package redact

import (
	"reflect"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Marker replaces a masked string in text.
const Marker = "[maskerat]"

// unit is one normalised rune of a text and where it came from.
type unit struct {
	r   rune
	src int // index of the source element (byte offset in a string, char index on a page)
}

// normalise folds text for matching: compatibility decomposition (a "ﬁ"
// ligature matches "fi"), lower case, and every run of white space as one
// space. src(i) names the source position of element i.
func normalise(n int, at func(i int) rune, src func(i int) int) []unit {
	var out []unit
	space := false
	for i := 0; i < n; i++ {
		r := at(i)
		if unicode.IsSpace(r) || r == 0 || r == 0xFFFE || r == '\u00ad' {
			if r == '\u00ad' { // soft hyphen: not there for matching
				continue
			}
			if !space && len(out) > 0 {
				out = append(out, unit{' ', src(i)})
			}
			space = true
			continue
		}
		space = false
		for _, d := range norm.NFKC.String(string(r)) {
			out = append(out, unit{unicode.ToLower(d), src(i)})
		}
	}
	if len(out) > 0 && out[len(out)-1].r == ' ' {
		out = out[:len(out)-1]
	}
	return out
}

func normaliseString(s string) []unit {
	rs := []rune(s)
	offs := make([]int, len(rs))
	o := 0
	for i, r := range rs {
		offs[i] = o
		o += len(string(r))
	}
	return normalise(len(rs), func(i int) rune { return rs[i] }, func(i int) int { return offs[i] })
}

// find returns the [start, end) unit index ranges where term occurs in
// hay, without overlaps.
func find(hay, term []unit) [][2]int {
	var out [][2]int
	if len(term) == 0 {
		return nil
	}
outer:
	for i := 0; i+len(term) <= len(hay); i++ {
		for j := range term {
			if hay[i+j].r != term[j].r {
				continue outer
			}
		}
		out = append(out, [2]int{i, i + len(term)})
		i += len(term) - 1
	}
	return out
}

// Text returns s with every occurrence of each term replaced by Marker
// (case-insensitive, any white space matching any white space), and how
// many occurrences of each term it replaced.
func Text(s string, terms []string) (string, []int) {
	counts := make([]int, len(terms))
	type span struct{ from, to int } // byte offsets in s
	var spans []span
	hay := normaliseString(s)
	for k, t := range terms {
		for _, m := range find(hay, normaliseString(t)) {
			from := hay[m[0]].src
			to := len(s)
			if m[1] < len(hay) {
				to = hay[m[1]].src
				for to > from && unicode.IsSpace(rune(s[to-1])) { // keep the space after the match
					to--
				}
			} else {
				to = len(strings.TrimRightFunc(s, unicode.IsSpace))
			}
			spans = append(spans, span{from, to})
			counts[k]++
		}
	}
	if len(spans) == 0 {
		return s, counts
	}
	// Merge overlapping spans, then rebuild.
	for i := 1; i < len(spans); i++ {
		for j := i; j > 0 && spans[j].from < spans[j-1].from; j-- {
			spans[j], spans[j-1] = spans[j-1], spans[j]
		}
	}
	var b strings.Builder
	last := 0
	for i := 0; i < len(spans); i++ {
		sp := spans[i]
		for i+1 < len(spans) && spans[i+1].from <= sp.to {
			sp.to = max(sp.to, spans[i+1].to)
			i++
		}
		if sp.from < last {
			sp.from = last
		}
		b.WriteString(s[last:sp.from])
		b.WriteString(Marker)
		last = sp.to
	}
	b.WriteString(s[last:])
	return b.String(), counts
}

// Values returns a deep copy of v with Text applied to every string in it
// (struct fields, slices, arrays, maps, pointers), and the number of
// occurrences replaced per term. Use it on the input of a renderer
// (memopdf.Input, memopdf.ProtocolInput, …) to draw a masked copy of a
// document Samstyr makes: the masked text never reaches the new PDF. v
// itself is not changed.
func Values[T any](v T, terms []string) (T, []int) {
	counts := make([]int, len(terms))
	in := reflect.ValueOf(&v).Elem()
	out := reflect.New(in.Type()).Elem()
	copyMasked(out, in, terms, counts)
	return out.Interface().(T), counts
}

func copyMasked(dst, src reflect.Value, terms []string, counts []int) {
	switch src.Kind() {
	case reflect.String:
		s, c := Text(src.String(), terms)
		for i := range c {
			counts[i] += c[i]
		}
		dst.SetString(s)
	case reflect.Struct:
		dst.Set(src) // unexported fields (time.Time, …) are copied as they are
		for i := 0; i < src.NumField(); i++ {
			if dst.Field(i).CanSet() {
				copyMasked(dst.Field(i), src.Field(i), terms, counts)
			}
		}
	case reflect.Slice:
		if src.IsNil() {
			return
		}
		dst.Set(reflect.MakeSlice(src.Type(), src.Len(), src.Len()))
		for i := 0; i < src.Len(); i++ {
			copyMasked(dst.Index(i), src.Index(i), terms, counts)
		}
	case reflect.Array:
		for i := 0; i < src.Len(); i++ {
			copyMasked(dst.Index(i), src.Index(i), terms, counts)
		}
	case reflect.Pointer:
		if src.IsNil() {
			return
		}
		p := reflect.New(src.Type().Elem())
		copyMasked(p.Elem(), src.Elem(), terms, counts)
		dst.Set(p)
	case reflect.Map:
		if src.IsNil() {
			return
		}
		m := reflect.MakeMapWithSize(src.Type(), src.Len())
		for it := src.MapRange(); it.Next(); {
			k := reflect.New(src.Type().Key()).Elem()
			copyMasked(k, it.Key(), terms, counts)
			e := reflect.New(src.Type().Elem()).Elem()
			copyMasked(e, it.Value(), terms, counts)
			m.SetMapIndex(k, e)
		}
		dst.Set(m)
	case reflect.Interface:
		if src.IsNil() {
			return
		}
		e := reflect.New(src.Elem().Type()).Elem()
		copyMasked(e, src.Elem(), terms, counts)
		dst.Set(e)
	default:
		dst.Set(src)
	}
}
