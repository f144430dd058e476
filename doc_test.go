package lettrage_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestExportedDocumented parses every package of the module (test files,
// main packages and internal packages aside) and fails listing each
// exported identifier a user reads in the package documentation without a
// comment: packages, types, functions, methods, constants and variables —
// each constant or variable of a group its own comment, enum values
// included — and the methods of exported interfaces. Struct fields are
// described by their type's comment where a line of their own would only
// repeat their name, so they are not checked.
func TestExportedDocumented(t *testing.T) {
	var missing []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		name := d.Name()
		if path != "." && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "internal") {
			return filepath.SkipDir
		}
		missing = append(missing, undocumented(t, path)...)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(missing) > 0 {
		t.Errorf("%d exported identifiers without a doc comment:\n\t%s", len(missing), strings.Join(missing, "\n\t"))
	}
}

// undocumented returns the undocumented exported identifiers of the package
// in dir, as "dir: name", or nothing when dir holds no package or a main
// package.
func undocumented(t *testing.T, dir string) []string {
	t.Helper()
	fset := token.NewFileSet()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*ast.File
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".go") || strings.HasSuffix(n, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, filepath.Join(dir, n), nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name.Name == "main" {
			return nil
		}
		files = append(files, f)
	}
	if len(files) == 0 {
		return nil
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/lettrage/lettrage/"+filepath.ToSlash(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	report := func(name string) { out = append(out, dir+": "+name) }
	if strings.TrimSpace(p.Doc) == "" {
		report("package " + p.Name)
	}
	values := func(vs []*doc.Value, prefix string) {
		for _, v := range vs {
			for _, spec := range v.Decl.Specs {
				s := spec.(*ast.ValueSpec)
				documented := s.Doc != nil || s.Comment != nil || (len(v.Decl.Specs) == 1 && v.Doc != "")
				for _, n := range s.Names {
					if n.IsExported() && !documented {
						report(prefix + n.Name)
					}
				}
			}
		}
	}
	funcs := func(fs []*doc.Func, prefix string) {
		for _, f := range fs {
			if ast.IsExported(f.Name) && strings.TrimSpace(f.Doc) == "" {
				report(prefix + f.Name)
			}
		}
	}
	values(p.Consts, "const ")
	values(p.Vars, "var ")
	funcs(p.Funcs, "func ")
	for _, typ := range p.Types {
		if strings.TrimSpace(typ.Doc) == "" {
			report("type " + typ.Name)
		}
		values(typ.Consts, "const ")
		values(typ.Vars, "var ")
		funcs(typ.Funcs, "func ")
		funcs(typ.Methods, "method "+typ.Name+".")
		out = append(out, members(dir, typ)...)
	}
	slices.Sort(out)
	return out
}

// members returns the undocumented exported methods of an interface type.
func members(dir string, typ *doc.Type) []string {
	var out []string
	for _, spec := range typ.Decl.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok || ts.Name.Name != typ.Name {
			continue
		}
		it, ok := ts.Type.(*ast.InterfaceType)
		if !ok {
			continue
		}
		for _, f := range it.Methods.List {
			if f.Doc != nil || f.Comment != nil {
				continue
			}
			for _, n := range f.Names {
				if n.IsExported() {
					out = append(out, dir+": method "+typ.Name+"."+n.Name)
				}
			}
		}
	}
	return out
}
