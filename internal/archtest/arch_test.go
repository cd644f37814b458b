package archtest

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/samstyr/samstyr/internal/i18n"
)

const module = "github.com/samstyr/samstyr"

type pkg struct {
	ImportPath string
	Dir        string
	Imports    []string
	Deps       []string
}

func listPackages(t *testing.T) []pkg {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	var pkgs []pkg
	dec := json.NewDecoder(strings.NewReader(string(out)))
	for dec.More() {
		var p pkg
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, p)
	}
	return pkgs
}

// graph is the module's import graph as Check takes it, without test
// files.
func graph(t *testing.T) Graph {
	g := Graph{}
	for _, p := range listPackages(t) {
		var imps []string
		for _, imp := range p.Imports {
			imps = append(imps, strings.TrimPrefix(imp, module+"/"))
		}
		g[strings.TrimPrefix(p.ImportPath, module+"/")] = imps
	}
	return g
}

func readTable(t *testing.T) Table {
	t.Helper()
	f, err := os.Open("testdata/imports.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := ReadTable(f)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// Every package of the module has a row in testdata/imports.txt, and
// imports only what its row lists and its layer allows.
func TestImportTable(t *testing.T) {
	g := graph(t)
	if len(g) < 40 {
		t.Fatalf("go list found %d packages", len(g))
	}
	for _, v := range Check(g, readTable(t)) {
		t.Error(v)
	}
}

// Check really fails the imports the architecture forbids: the same
// function, on the real graph with one forbidden edge added at a time,
// and on a table whose row was edited to allow it.
func TestCheckFailsForbiddenImports(t *testing.T) {
	real, tab := graph(t), readTable(t)
	for _, c := range []struct{ from, to, want string }{
		{"web", "api", "web imports api: web never imports api"},
		{"workflow", "modernc.org/sqlite", "workflow imports modernc.org/sqlite: only the driver layer imports a database driver"},
		{"internal/cases", "go.mongodb.org/mongo-driver/v2/bson", "only the driver layer imports a database driver"},
		{"internal/meeting", "github.com/FerretDB/FerretDB/ferretdb", "only the driver layer imports a database driver"},
		{"workflow", "internal/store/sqlitestore", "workflow imports internal/store/sqlitestore: the domain never reaches a store kernel's internals"},
		{"internal/repo", "internal/store/mongostore", "the domain never reaches a store kernel's internals"},
		{"internal/audit", "github.com/gin-gonic/gin", "Gin stays in the transports"},
		{"internal/costs", "internal/testkit/apptest", "the domain never imports a testkit package"},
		{"cmd/samstyr", "internal/testkit/ferrettest", "its row does not list"},
		{"internal/money", "internal/cases", "internal/money imports internal/cases, which its row does not list"},
	} {
		g := Graph{}
		for k, v := range real {
			g[k] = slices.Clone(v)
		}
		g[c.from] = append(g[c.from], c.to)
		if got := strings.Join(Check(g, tab), "\n"); !strings.Contains(got, c.want) {
			t.Errorf("%s → %s: Check says %q, want %q", c.from, c.to, got, c.want)
		}
		// Listing the import in the row does not make a forbidden one
		// pass.
		if strings.Contains(c.want, "does not list") {
			continue
		}
		edited := Table{}
		for k, v := range tab {
			edited[k] = v
		}
		row := edited[c.from]
		row.Imports = append(slices.Clone(row.Imports), c.to)
		edited[c.from] = row
		if got := Check(g, edited); len(got) == 0 {
			t.Errorf("%s → %s passes once its row lists it", c.from, c.to)
		}
	}

	// A new package without a row fails, and so does a row left behind.
	g := Graph{"internal/newthing": nil}
	for k, v := range real {
		g[k] = v
	}
	if got := strings.Join(Check(g, tab), "\n"); !strings.Contains(got, "internal/newthing has no row") {
		t.Errorf("a package without a row: %q", got)
	}
	delete(g, "internal/newthing")
	delete(g, "internal/textdiff")
	if got := strings.Join(Check(g, tab), "\n"); !strings.Contains(got, "row for internal/textdiff, which is not a package") {
		t.Errorf("a row without a package: %q", got)
	}
}

// The FerretDB harness is for tests only: the binary must not link it.
func TestBinaryDoesNotLinkFerretDB(t *testing.T) {
	for _, p := range listPackages(t) {
		if p.ImportPath != module+"/cmd/samstyr" {
			continue
		}
		for _, d := range p.Deps {
			if strings.HasPrefix(d, "github.com/FerretDB/") {
				t.Errorf("cmd/samstyr depends on %s", d)
			}
		}
		return
	}
	t.Fatal("cmd/samstyr not found")
}

// Every package has a package comment and every exported identifier a doc
// comment (Swedish domain terms go there).
func TestEverythingExportedIsDocumented(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dirs := map[string][]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata" || d.Name() == "data") {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
			dirs[filepath.Dir(path)] = append(dirs[filepath.Dir(path)], path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for dir, files := range dirs {
		rel, _ := filepath.Rel(root, dir)
		hasPkgDoc := false
		for _, f := range files {
			af, err := parser.ParseFile(fset, f, nil, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			if af.Doc != nil {
				hasPkgDoc = true
			}
			for _, decl := range af.Decls {
				checkDecl(t, fset, decl)
			}
		}
		if !hasPkgDoc {
			t.Errorf("package %s has no package comment", rel)
		}
	}
}

func checkDecl(t *testing.T, fset *token.FileSet, decl ast.Decl) {
	switch d := decl.(type) {
	case *ast.FuncDecl:
		if !d.Name.IsExported() || d.Doc != nil {
			return
		}
		if d.Recv != nil && !exportedRecv(d.Recv) {
			return
		}
		t.Errorf("%s: func %s has no doc comment", fset.Position(d.Pos()), d.Name.Name)
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			switch s := spec.(type) {
			case *ast.TypeSpec:
				if s.Name.IsExported() && d.Doc == nil && s.Doc == nil {
					t.Errorf("%s: type %s has no doc comment", fset.Position(s.Pos()), s.Name.Name)
				}
			case *ast.ValueSpec:
				for _, n := range s.Names {
					if n.IsExported() && d.Doc == nil && s.Doc == nil && s.Comment == nil {
						t.Errorf("%s: %s has no doc comment", fset.Position(n.Pos()), n.Name)
					}
				}
			}
		}
	}
}

func exportedRecv(fl *ast.FieldList) bool {
	if len(fl.List) == 0 {
		return false
	}
	typ := fl.List[0].Type
	for {
		switch x := typ.(type) {
		case *ast.StarExpr:
			typ = x.X
		case *ast.IndexExpr:
			typ = x.X
		case *ast.IndexListExpr:
			typ = x.X
		case *ast.Ident:
			return x.IsExported()
		default:
			return false
		}
	}
}

// Every fault code and field code written in the code has a Swedish (and,
// by the i18n test, English) text.
func TestEveryCodeIsTranslated(t *testing.T) {
	root, _ := filepath.Abs("../..")
	found := 0
	codeRe := regexp.MustCompile(`fault\.(?:New|Newf)\(fault\.\w+, "([a-z_]+)"|\.Add\("[^"]*", "([a-z_]+)"\)|Code: "([a-z_]+)"`)
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range codeRe.FindAllStringSubmatch(string(b), -1) {
			code := m[1] + m[2] + m[3]
			found++
			if !i18n.Has(code) {
				rel, _ := filepath.Rel(root, path)
				t.Errorf("%s: code %q has no text in internal/i18n/sv.json", rel, code)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 40 {
		t.Errorf("found only %d codes: the pattern no longer matches how faults are written", found)
	}
}
