package pdfa

import (
	"bytes"
	"crypto/sha256"
	"strconv"
)

// subsetTags returns new names for the subset TrueType fonts fpdf
// embeds: a font subset's PostScript name must begin with a six-letter
// tag and "+" (ISO 32000-1, 9.6.4), and fpdf writes none. The tag is
// derived from the embedded font program, so equal fonts get equal tags.
// Only CIDFontType2 fonts are renamed: fpdf always subsets those.
func (f *file) subsetTags() map[string]string {
	out := map[string]string{}
	for _, o := range f.objs[1:] {
		if sub := value(o.dict, "Subtype"); len(sub) != 1 || string(sub[0].val) != "CIDFontType2" {
			continue
		}
		fd := refValue(o.dict, "FontDescriptor")
		if fd <= 0 || fd >= len(f.objs) {
			continue
		}
		d := f.objs[fd]
		name := value(d.dict, "FontName")
		ff := refValue(d.dict, "FontFile2")
		if len(name) != 1 || name[0].kind != 'n' || bytes.IndexByte(name[0].val, '+') >= 0 || ff <= 0 || ff >= len(f.objs) {
			continue
		}
		sum := sha256.Sum256(f.objs[ff].stream())
		tag := make([]byte, 6)
		for i := range tag {
			tag[i] = 'A' + sum[i]%26
		}
		out[string(name[0].val)] = string(tag) + "+" + string(name[0].val)
	}
	return out
}

// renamed returns the object's text with the font names in renames
// replaced in its dictionary (never in stream data).
func renamed(o object, renames map[string]string) []byte {
	if len(renames) == 0 {
		return o.text
	}
	ns := names(o.dict)
	if !ns["Font"] && !ns["FontDescriptor"] {
		return o.text
	}
	start := len(strconv.Itoa(o.num) + " 0 obj")
	end := start + len(o.dict)
	var d bytes.Buffer
	dict := o.dict
	for i := 0; i < len(dict); {
		if dict[i] != '/' {
			d.WriteByte(dict[i])
			i++
			continue
		}
		j := i + 1
		for j < len(dict) && !isSpace(dict[j]) && !isDelim(dict[j]) {
			j++
		}
		if n, ok := renames[string(dict[i+1:j])]; ok {
			d.WriteString("/" + n)
		} else {
			d.Write(dict[i:j])
		}
		i = j
	}
	out := make([]byte, 0, len(o.text)+d.Len()-len(dict))
	out = append(out, o.text[:start]...)
	out = append(out, d.Bytes()...)
	return append(out, o.text[end:]...)
}
