package archtest

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// fpdfOutputs are fpdf's methods that write a document out.
var fpdfOutputs = map[string]bool{"Output": true, "OutputAndClose": true, "OutputFileAndClose": true}

// rawPDFOutputs lists the calls in a Go file that write an fpdf document
// out other than through pdfa.Output (position and call), when the file
// imports fpdf; nil otherwise.
func rawPDFOutputs(fset *token.FileSet, f *ast.File) []string {
	uses := false
	for _, imp := range f.Imports {
		if p, _ := strconv.Unquote(imp.Path.Value); p == "github.com/go-pdf/fpdf" {
			uses = true
		}
	}
	if !uses {
		return nil
	}
	var out []string
	ast.Inspect(f, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok {
			return true
		}
		sel, ok := call.Fun.(*ast.SelectorExpr)
		if !ok || !fpdfOutputs[sel.Sel.Name] {
			return true
		}
		if id, ok := sel.X.(*ast.Ident); ok && id.Name == "pdfa" {
			return true
		}
		out = append(out, fset.Position(call.Pos()).String()+": "+sel.Sel.Name)
		return true
	})
	return out
}

// Every PDF Samstyr writes is PDF/A-2b: outside internal/pdfa (whose
// Output renders and converts), no file that draws with fpdf writes the
// document out itself.
func TestEveryPDFGoesThroughPDFA(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "data" || d.Name() == "node_modules") {
			return filepath.SkipDir
		}
		rel, _ := filepath.Rel(root, path)
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasPrefix(rel, "internal/pdfa/") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			if imp.Path.Value == `"github.com/go-pdf/fpdf"` {
				checked++
			}
		}
		for _, p := range rawPDFOutputs(fset, f) {
			t.Errorf("%s writes a PDF without pdfa.Output (not PDF/A-2b)", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 5 {
		t.Errorf("only %d files draw with fpdf; the walk missed internal/memopdf or internal/redact", checked)
	}
}

// The check finds a raw Output and lets pdfa.Output pass.
func TestRawPDFOutputIsFound(t *testing.T) {
	src := `package x

import (
	"io"

	"github.com/go-pdf/fpdf"

	"github.com/samstyr/samstyr/internal/pdfa"
)

func a(w io.Writer, p *fpdf.Fpdf) error { return p.Output(w) }
func b(w io.Writer, p *fpdf.Fpdf) error { return pdfa.Output(w, p, now) }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	if got := rawPDFOutputs(fset, f); len(got) != 1 || !strings.Contains(got[0], "x.go:11") {
		t.Errorf("found %v, want the call on line 11 only", got)
	}
}
