package delegation

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/samstyr/samstyr/internal/fault"
	"github.com/samstyr/samstyr/internal/platform"
)

// OrderInput is a delegationsordning version as read from a YAML file:
// the content of an Order without the fields the service sets (ID,
// status, content hash, creator, version).
type OrderInput struct {
	Board            string
	Number           int
	Title            string
	ValidFrom        platform.Date
	AdoptedOn        platform.Date
	AdoptedRef       string
	ExcludePrinciple bool
	UrgentDeciders   []string
	Points           []Point
}

// Order returns the input as a draft Order; ID, CreatedBy and CreatedAt
// are left for the caller.
func (in OrderInput) Order() Order {
	return Order{
		Board:            in.Board,
		Number:           in.Number,
		Status:           StatusDraft,
		Title:            in.Title,
		AdoptedRef:       in.AdoptedRef,
		AdoptedOn:        in.AdoptedOn,
		ValidFrom:        in.ValidFrom,
		ExcludePrinciple: in.ExcludePrinciple,
		UrgentDeciders:   in.UrgentDeciders,
		Points:           in.Points,
	}
}

// DraftFor is the input as a new draft version of board's
// delegationsordning. A file that names another board is refused
// ("/board" "invalid_board"), so a version exported from one nämnd is not
// read into another by mistake.
func (in OrderInput) DraftFor(board string) (Draft, error) {
	if in.Board != "" && in.Board != board {
		return Draft{}, (&fault.Fields{{Field: "/board", Code: "invalid_board"}}).Err(fault.Unprocessable)
	}
	return Draft{Title: in.Title, ValidFrom: in.ValidFrom, ExcludePrinciple: in.ExcludePrinciple,
		UrgentDeciders: in.UrgentDeciders, Points: in.Points}, nil
}

// yamlOrder and yamlPoint are the document WriteYAML writes; ReadYAML
// reads the same keys (see orderKeys and pointKeys).
type yamlOrder struct {
	Board            string      `yaml:"board"`
	Number           int         `yaml:"number"`
	Title            string      `yaml:"title"`
	ValidFrom        yamlDate    `yaml:"valid_from"`
	AdoptedOn        yamlDate    `yaml:"adopted_on,omitempty"`
	AdoptedRef       string      `yaml:"adopted_ref,omitempty"`
	ExcludePrinciple bool        `yaml:"exclude_principle"`
	UrgentDeciders   []string    `yaml:"urgent_deciders,omitempty,flow"`
	Points           []yamlPoint `yaml:"points"`
}

type yamlPoint struct {
	Code                 string   `yaml:"code"`
	Section              string   `yaml:"section,omitempty"`
	Matter               string   `yaml:"matter"`
	LegalBasis           string   `yaml:"legal_basis,omitempty"`
	Delegate             string   `yaml:"delegate"`
	Substitutes          []string `yaml:"substitutes,omitempty,flow"`
	Limit                string   `yaml:"limit,omitempty"`
	Conditions           string   `yaml:"conditions,omitempty"`
	ReportTo             string   `yaml:"report_to"`
	SubdelegationAllowed bool     `yaml:"subdelegation_allowed"`
	UrgentOnly           bool     `yaml:"urgent_only"`
	Excluded             []string `yaml:"excluded,omitempty,flow"`
	Principle            bool     `yaml:"principle"`
}

// yamlDate is a date written as a plain YAML scalar (2026-01-01).
type yamlDate string

// MarshalYAML writes the date unquoted, or null for no date.
func (d yamlDate) MarshalYAML() (any, error) {
	if d == "" {
		return nil, nil
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!timestamp", Value: string(d)}, nil
}

// WriteYAML writes the content of an order version as a YAML document that
// ReadYAML reads back: roles, reporting targets and categories as ids,
// limits in the Swedish text form ("5 prisbasbelopp", "180 000 kr").
func WriteYAML(w io.Writer, o Order) error {
	doc := yamlOrder{
		Board:            o.Board,
		Number:           o.Number,
		Title:            o.Title,
		ValidFrom:        yamlDate(o.ValidFrom.String()),
		AdoptedOn:        yamlDate(o.AdoptedOn.String()),
		AdoptedRef:       o.AdoptedRef,
		ExcludePrinciple: o.ExcludePrinciple,
		UrgentDeciders:   o.UrgentDeciders,
		Points:           make([]yamlPoint, len(o.Points)),
	}
	for i, p := range o.Points {
		excl := make([]string, len(p.Excluded))
		for j, c := range p.Excluded {
			excl[j] = string(c)
		}
		doc.Points[i] = yamlPoint{
			Code: p.Code, Section: p.Section, Matter: p.Matter, LegalBasis: p.LegalBasis,
			Delegate: p.Delegate, Substitutes: p.Substitutes, Limit: FormatLimit(p.Limit),
			Conditions: p.Conditions, ReportTo: string(p.ReportTo),
			SubdelegationAllowed: p.SubdelegationAllowed, UrgentOnly: p.UrgentOnly,
			Excluded: excl, Principle: p.Principle,
		}
	}
	enc := yaml.NewEncoder(w)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return err
	}
	return enc.Close()
}

// ReadYAML reads one delegationsordning version from a YAML document with
// the keys board, number, title, valid_from and adopted_on (YYYY-MM-DD),
// adopted_ref, exclude_principle, urgent_deciders and points; each point
// has code, section, matter, legal_basis, delegate, substitutes, limit (the
// Swedish text form ParseLimit reads, e.g. "5 prisbasbelopp"), conditions,
// report_to, subdelegation_allowed, urgent_only, excluded and principle.
// Roles, reporting targets and categories are ids, though the Swedish names
// ReadCSV accepts are understood too.
//
// Reading is strict: an unknown or repeated key, a value of the wrong type,
// an alias or a second document is an error. The result is also checked
// with Order.Validate. On any problem ReadYAML returns a zero OrderInput
// and an Unprocessable "validation_failed" fault listing every problem with
// JSON-pointer paths ("/points/3/limit"); codes besides those of Validate
// are "invalid_yaml", "unknown_field", "duplicate_key", "invalid_type",
// "alias_not_allowed", "invalid_date" and ParseLimit's; past
// MaxImportErrors problems the list ends with "/" "too_many_errors". Input over
// MaxImportBytes or with more than MaxImportRows points gives
// ErrImportTooLarge.
func ReadYAML(r io.Reader) (OrderInput, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if err != nil {
		return OrderInput{}, err
	}
	if len(data) > MaxImportBytes {
		return OrderInput{}, ErrImportTooLarge.WithDetail("the file is larger than %d bytes", MaxImportBytes)
	}
	invalid := func(detail string) (OrderInput, error) {
		return OrderInput{}, fault.Fields{{Field: "/", Code: "invalid_yaml", Detail: detail}}.Err(fault.Unprocessable)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return invalid("empty document")
		}
		return invalid(err.Error())
	}
	if err := dec.Decode(new(yaml.Node)); !errors.Is(err, io.EOF) {
		return invalid("more than one document")
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return invalid("empty document")
	}

	y := yamlReader{bad: map[string]bool{}}
	in, err := y.order(doc.Content[0])
	if err != nil {
		return OrderInput{}, err
	}
	o := in.Order()
	for _, fe := range orderFields(&o) {
		if !y.covered(fe.Field) {
			y.add(fe)
		}
	}
	if y.truncated {
		y.fs = append(y.fs, fault.FieldError{Field: "/", Code: "too_many_errors",
			Detail: fmt.Sprintf("only the first %d problems are listed", MaxImportErrors)})
	}
	if err := y.fs.Err(fault.Unprocessable); err != nil {
		return OrderInput{}, err
	}
	return in, nil
}

// yamlReader walks a YAML node tree, collecting every problem.
type yamlReader struct {
	fs        fault.Fields
	bad       map[string]bool // paths with a problem already
	truncated bool            // more than MaxImportErrors problems
}

func (y *yamlReader) fail(path, code, detail string) {
	y.bad[path] = true
	y.add(fault.FieldError{Field: path, Code: code, Detail: detail})
}

func (y *yamlReader) add(fe fault.FieldError) {
	if len(y.fs) == MaxImportErrors {
		y.truncated = true
		return
	}
	y.fs = append(y.fs, fe)
}

// covered reports whether path or a path above it has a problem already.
func (y *yamlReader) covered(path string) bool {
	if y.bad["/"] {
		return true
	}
	for p := path; p != ""; p = p[:strings.LastIndex(p, "/")] {
		if y.bad[p] {
			return true
		}
	}
	return false
}

// kind checks that n is of kind k (null counts as absent: false, no error).
func (y *yamlReader) kind(n *yaml.Node, k yaml.Kind, path, want string) bool {
	switch {
	case n.Kind == yaml.AliasNode:
		y.fail(path, "alias_not_allowed", "aliases are not supported")
		return false
	case n.Kind == yaml.ScalarNode && n.Tag == "!!null":
		return false
	case n.Kind != k:
		y.fail(path, "invalid_type", "expected "+want)
		return false
	}
	return true
}

// mapping calls fields[key] for every key of the mapping n and reports
// unknown and repeated keys.
func (y *yamlReader) mapping(n *yaml.Node, path string, fields map[string]func(*yaml.Node, string)) {
	if !y.kind(n, yaml.MappingNode, pathOrRoot(path), "a mapping") {
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			y.fail(pathOrRoot(path), "invalid_type", "keys must be plain words")
			continue
		}
		p := path + "/" + pointerToken(k.Value)
		f, ok := fields[k.Value]
		switch {
		case !ok:
			y.fail(p, "unknown_field", fmt.Sprintf("line %d: unknown key %q", k.Line, k.Value))
		case seen[k.Value]:
			y.fail(p, "duplicate_key", fmt.Sprintf("line %d: %q given twice", k.Line, k.Value))
		default:
			seen[k.Value] = true
			f(v, p)
		}
	}
}

// pointerToken escapes a key for a JSON pointer (RFC 6901) and shortens
// an absurdly long one.
func pointerToken(key string) string {
	if len(key) > 64 {
		key = strings.ToValidUTF8(key[:64], "") + "…"
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(key)
}

func pathOrRoot(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

func (y *yamlReader) str(dst *string) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if y.kind(n, yaml.ScalarNode, path, "text") {
			*dst = n.Value
		}
	}
}

func (y *yamlReader) boolean(dst *bool) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if !y.kind(n, yaml.ScalarNode, path, "true or false") {
			return
		}
		if n.Tag != "!!bool" || n.Decode(dst) != nil {
			y.fail(path, "invalid_type", "expected true or false")
		}
	}
}

func (y *yamlReader) integer(dst *int) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if !y.kind(n, yaml.ScalarNode, path, "a whole number") {
			return
		}
		if n.Tag != "!!int" || n.Decode(dst) != nil {
			y.fail(path, "invalid_type", "expected a whole number")
		}
	}
}

func (y *yamlReader) date(dst *platform.Date) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		var s string
		y.str(&s)(n, path)
		if s == "" {
			return
		}
		d, err := platform.ParseDate(s)
		if err != nil {
			y.fail(path, "invalid_date", "expected YYYY-MM-DD")
			return
		}
		*dst = d
	}
}

// list reads a sequence of texts, each through parse.
func (y *yamlReader) list(parse func(string) string, dst *[]string) func(*yaml.Node, string) {
	return func(n *yaml.Node, path string) {
		if !y.kind(n, yaml.SequenceNode, path, "a list") {
			return
		}
		out := make([]string, len(n.Content))
		for i, e := range n.Content {
			var s string
			y.str(&s)(e, fmt.Sprintf("%s/%d", path, i))
			out[i] = parse(s)
		}
		*dst = out
	}
}

func roleOf(s string) string { r, _ := ParseRole(s); return r }

func (y *yamlReader) order(root *yaml.Node) (OrderInput, error) {
	var in OrderInput
	var tooMany bool
	y.mapping(root, "", map[string]func(*yaml.Node, string){
		"board":             y.str(&in.Board),
		"number":            y.integer(&in.Number),
		"title":             y.str(&in.Title),
		"valid_from":        y.date(&in.ValidFrom),
		"adopted_on":        y.date(&in.AdoptedOn),
		"adopted_ref":       y.str(&in.AdoptedRef),
		"exclude_principle": y.boolean(&in.ExcludePrinciple),
		"urgent_deciders":   y.list(roleOf, &in.UrgentDeciders),
		"points": func(n *yaml.Node, path string) {
			if !y.kind(n, yaml.SequenceNode, path, "a list") {
				return
			}
			if len(n.Content) > MaxImportRows {
				tooMany = true
				return
			}
			in.Points = make([]Point, len(n.Content))
			for i, e := range n.Content {
				in.Points[i] = y.point(e, fmt.Sprintf("%s/%d", path, i))
			}
		},
	})
	if tooMany {
		return OrderInput{}, ErrImportTooLarge.WithDetail("more than %d points", MaxImportRows)
	}
	return in, nil
}

func (y *yamlReader) point(n *yaml.Node, path string) Point {
	var p Point
	var limit, report string
	var excluded []string
	y.mapping(n, path, map[string]func(*yaml.Node, string){
		"code":                  y.str(&p.Code),
		"section":               y.str(&p.Section),
		"matter":                y.str(&p.Matter),
		"legal_basis":           y.str(&p.LegalBasis),
		"delegate":              y.str(&p.Delegate),
		"substitutes":           y.list(roleOf, &p.Substitutes),
		"limit":                 y.str(&limit),
		"conditions":            y.str(&p.Conditions),
		"report_to":             y.str(&report),
		"subdelegation_allowed": y.boolean(&p.SubdelegationAllowed),
		"urgent_only":           y.boolean(&p.UrgentOnly),
		"excluded":              y.list(func(s string) string { c, _ := ParseCategory(s); return string(c) }, &excluded),
		"principle":             y.boolean(&p.Principle),
	})
	p.Delegate = roleOf(p.Delegate)
	if l, err := ParseLimit(limit); err != nil {
		f := fault.From(err)
		y.fail(path+"/limit", f.Code, f.Detail)
	} else {
		p.Limit = l
	}
	if report != "" {
		p.ReportTo, _ = ParseReportTo(report)
	}
	for _, c := range excluded {
		p.Excluded = append(p.Excluded, Category(c))
	}
	return p
}
