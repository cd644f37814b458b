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

// Domain packages must not depend on transports, drivers or the UI.
func TestDomainImportsNoTransportOrDriver(t *testing.T) {
	domain := []string{"internal/identity", "internal/board", "internal/fault", "internal/platform/",
		"internal/store", "workflow", "policies"}
	forbidden := []string{"github.com/gin-gonic/gin", "go.mongodb.org/mongo-driver", "modernc.org/sqlite",
		module + "/web", module + "/api", "github.com/FerretDB/FerretDB"}
	for _, p := range listPackages(t) {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, module), "/")
		isDomain := false
		for _, d := range domain {
			if rel == strings.TrimSuffix(d, "/") || strings.HasPrefix(rel, d) && strings.HasSuffix(d, "/") {
				isDomain = true
			}
		}
		if !isDomain {
			continue
		}
		for _, imp := range p.Imports {
			for _, f := range forbidden {
				if imp == f || strings.HasPrefix(imp, f+"/") {
					t.Errorf("%s imports %s", rel, imp)
				}
			}
		}
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
