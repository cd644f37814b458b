// Package archtest holds the architecture tests: which packages may import
// what (the table in testdata/imports.txt, checked by Check), and that
// every package and exported identifier is documented.
package archtest

import (
	"bufio"
	"fmt"
	"io"
	"slices"
	"strings"
)

// Layer is a package's place in the architecture (see the head of
// testdata/imports.txt).
type Layer string

// The layers.
const (
	Wiring    Layer = "wiring"
	Transport Layer = "transport"
	Domain    Layer = "domain"
	Storage   Layer = "storage"
	Driver    Layer = "driver"
	TestKit   Layer = "testkit"
)

// Row is one package's row of the import table.
type Row struct {
	Layer   Layer
	Imports []string // module packages it may import, relative to the module
}

// Table is the import table by package (relative to the module).
type Table map[string]Row

// Graph is an import graph: each module package (relative to the module)
// with what it imports: module packages relative to the module, others by
// their full path.
type Graph map[string][]string

// ReadTable reads the table's text form: a line "package layer" starts a
// row, the indented lines after it list the packages it may import ("-"
// for none), and "#" starts a comment.
func ReadTable(r io.Reader) (Table, error) {
	t := Table{}
	cur := ""
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line, _, _ := strings.Cut(sc.Text(), "#")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if line[0] == ' ' || line[0] == '\t' {
			if cur == "" {
				return nil, fmt.Errorf("line %d: imports before a package", n)
			}
			row := t[cur]
			for _, f := range strings.Fields(line) {
				if f != "-" {
					row.Imports = append(row.Imports, f)
				}
			}
			t[cur] = row
			continue
		}
		f := strings.Fields(line)
		if len(f) != 2 {
			return nil, fmt.Errorf("line %d: want \"package layer\", got %q", n, line)
		}
		switch l := Layer(f[1]); l {
		case Wiring, Transport, Domain, Storage, Driver, TestKit:
		default:
			return nil, fmt.Errorf("line %d: unknown layer %q", n, l)
		}
		if _, dup := t[f[0]]; dup {
			return nil, fmt.Errorf("line %d: %s has two rows", n, f[0])
		}
		cur = f[0]
		t[cur] = Row{Layer: Layer(f[1])}
	}
	return t, sc.Err()
}

// drivers are the database drivers (and the FerretDB test stand-in): only
// the driver layer, the wiring and the test kits reach them.
var drivers = []string{"modernc.org/sqlite", "go.mongodb.org/mongo-driver", "github.com/FerretDB/FerretDB"}

// gin is the HTTP framework: transports and wiring only.
const gin = "github.com/gin-gonic/gin"

// isModule reports whether an import path names a package of the module
// (as the graph writes them: relative paths, no dot in the first element).
func isModule(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".") && (first == "api" || first == "web" || first == "workflow" ||
		first == "policies" || first == "internal" || first == "cmd")
}

// hasPrefix reports whether path is prefix or inside it.
func hasPrefix(path, prefix string) bool {
	return path == prefix || strings.HasPrefix(path, prefix+"/")
}

// never says why from (of layer fl) may never import to (of layer tl, ""
// for a package outside the module), whatever the table says, or "".
func never(from string, fl Layer, to string, tl Layer) string {
	switch {
	case from == "web" && to == "api":
		return "web never imports api: what both need belongs below them"
	case (fl == Domain || fl == Storage) && tl == Driver:
		return "the domain never reaches a store kernel's internals"
	case (fl == Domain || fl == Storage) && (tl == TestKit || tl == Transport || tl == Wiring):
		return "the domain never imports a " + string(tl) + " package"
	case fl != Driver && fl != Wiring && fl != TestKit && slices.ContainsFunc(drivers, func(d string) bool { return hasPrefix(to, d) }):
		return "only the driver layer imports a database driver"
	case fl == Wiring && hasPrefix(to, "github.com/FerretDB/FerretDB"):
		return "the binary never links FerretDB"
	case (fl == Domain || fl == Storage || fl == Driver) && hasPrefix(to, gin):
		return "Gin stays in the transports"
	}
	return ""
}

// Check returns every way g breaks t, sorted: a package without a row, a
// row without a package, an import its row does not list, and an import
// (or a row's entry) that its layers never allow.
func Check(g Graph, t Table) []string {
	var out []string
	for pkg, imps := range g {
		row, ok := t[pkg]
		if !ok {
			out = append(out, fmt.Sprintf("%s has no row in the import table", pkg))
			continue
		}
		for _, imp := range imps {
			tl := Layer("")
			if isModule(imp) {
				tl = t[imp].Layer
				if !slices.Contains(row.Imports, imp) {
					out = append(out, fmt.Sprintf("%s imports %s, which its row does not list", pkg, imp))
				}
			}
			if why := never(pkg, row.Layer, imp, tl); why != "" {
				out = append(out, fmt.Sprintf("%s imports %s: %s", pkg, imp, why))
			}
		}
	}
	for pkg, row := range t {
		if _, ok := g[pkg]; !ok {
			out = append(out, fmt.Sprintf("the import table has a row for %s, which is not a package", pkg))
		}
		for _, imp := range row.Imports {
			to, ok := t[imp]
			if !ok {
				out = append(out, fmt.Sprintf("the row of %s lists %s, which has no row", pkg, imp))
			}
			if why := never(pkg, row.Layer, imp, to.Layer); why != "" {
				out = append(out, fmt.Sprintf("the row of %s allows %s: %s", pkg, imp, why))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
