package i18n

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// labelSource is where the codes of one label group are defined: the
// string constants of a type (typ), the untyped constants whose names
// start with prefix, the string literals a function returns (fn), the
// elements of a slice variable (slice) or the Name fields of the
// composite literals in a file (field "Name").
type labelSource struct {
	group, dir                   string
	typ, prefix, fn, slice, file string
}

// labelSources are the domain's codes that pages, PDFs and exports show.
var labelSources = []labelSource{
	{group: "role", dir: "internal/identity", typ: "Role"},
	{group: "state", dir: "internal/cases", typ: "State"},
	{group: "decision_kind", dir: "internal/cases", typ: "DecisionKind"},
	{group: "direction", dir: "internal/cases", typ: "Direction"},
	{group: "action", dir: "internal/cases", prefix: "Action"},
	{group: "event", dir: "workflow", file: "definition.go"},
	{group: "event", dir: "workflow", prefix: "Event"},
	{group: "substitute_reason", dir: "workflow", slice: "SubstituteReasons"},
	{group: "acting_as", dir: "policies", typ: "Act"},
	{group: "meeting_status", dir: "internal/meeting", typ: "Status"},
	{group: "outcome", dir: "internal/meeting", typ: "Outcome"},
	{group: "legal_status", dir: "internal/meeting", fn: "LegalStatus"},
	{group: "board_kind", dir: "internal/board", typ: "Kind"},
	{group: "seat_kind", dir: "internal/seat", typ: "Kind"},
	{group: "order_status", dir: "internal/delegation", typ: "Status"},
	{group: "order_phase", dir: "internal/delegation", typ: "Phase"},
	{group: "report_to", dir: "internal/delegation", typ: "ReportTo"},
	{group: "cost_kind", dir: "internal/costs/budget", typ: "Kind"},
	{group: "cost_kind", dir: "internal/costs/allocation", typ: "LineKind"},
	{group: "key_mode", dir: "internal/costs/agreement", typ: "KeyMode"},
	{group: "key_mode", dir: "internal/costs/allocation", typ: "KeyMode"},
	{group: "invoicing_rule", dir: "internal/costs/agreement", typ: "InvoicingRule"},
	{group: "invoicing_rule", dir: "internal/costs/allocation", typ: "InvoicingRule"},
	{group: "problem", dir: "internal/ledger", prefix: "Kind"},
	{group: "admin_action", dir: "internal/identity", prefix: "Action"},
	{group: "admin_action", dir: "internal/board", prefix: "Action"},
	{group: "admin_action", dir: "internal/admin", prefix: "Action"},
	{group: "admin_action", dir: "internal/seat", prefix: "Action"},
	{group: "admin_action", dir: "internal/refdata", prefix: "Action"},
}

// TestEveryDomainCodeHasALabel reads the domain packages' sources and
// checks that every code people may see has a Swedish and an English
// label: a new state, role, outcome or kind cannot reach a page as its
// code.
func TestEveryDomainCodeHasALabel(t *testing.T) {
	for _, src := range labelSources {
		codes := src.codes(t)
		if len(codes) == 0 {
			t.Errorf("%s: no codes found in %s (the source moved?)", src.group, src.dir)
		}
		for _, code := range codes {
			key := src.group + "." + code
			if !HasLabel(src.group, code) {
				t.Errorf("%s (from %s) has no Swedish label", key, src.dir)
			}
			if _, ok := catalogs[English][key]; !ok {
				t.Errorf("%s (from %s) has no English label", key, src.dir)
			}
		}
	}
}

// codes parses the source's package and returns its codes.
func (src labelSource) codes(t *testing.T) []string {
	t.Helper()
	dir := filepath.Join("..", "..", filepath.FromSlash(src.dir))
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	str := func(e ast.Expr) {
		if lit, ok := e.(*ast.BasicLit); ok && lit.Kind == token.STRING {
			if s, err := strconv.Unquote(lit.Value); err == nil && s != "" {
				out = append(out, s)
			}
		}
	}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") || (src.file != "" && name != src.file) {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GenDecl:
				for _, spec := range n.Specs {
					vs, ok := spec.(*ast.ValueSpec)
					if !ok {
						continue
					}
					for i, id := range vs.Names {
						if i >= len(vs.Values) {
							continue
						}
						typed := src.typ != "" && vs.Type != nil && isIdent(vs.Type, src.typ)
						prefixed := src.prefix != "" && n.Tok == token.CONST && vs.Type == nil && strings.HasPrefix(id.Name, src.prefix)
						if typed || prefixed {
							str(vs.Values[i])
						}
						if src.slice != "" && id.Name == src.slice {
							if cl, ok := vs.Values[i].(*ast.CompositeLit); ok {
								for _, el := range cl.Elts {
									str(el)
								}
							}
						}
					}
				}
			case *ast.FuncDecl:
				if src.fn != "" && n.Name.Name == src.fn && n.Body != nil {
					ast.Inspect(n.Body, func(m ast.Node) bool {
						if r, ok := m.(*ast.ReturnStmt); ok {
							for _, e := range r.Results {
								str(e)
							}
						}
						return true
					})
				}
			case *ast.KeyValueExpr:
				if src.file != "" && isIdent(n.Key, "Name") {
					str(n.Value)
				}
			}
			return true
		})
	}
	return out
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}
