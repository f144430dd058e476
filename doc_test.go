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
// included —, the methods of exported interfaces and the exported fields of
// exported struct types, embedded ones included. A field is documented by a
// comment of its own, above it or at the end of its line; names declared
// together (From, To journal.Date // …) share that comment. A comment above
// a run of fields documents the first of them only, as go/ast attaches it.
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

// members returns the undocumented exported methods of an interface type
// and the undocumented exported fields of a struct type, embedded ones
// included.
func members(dir string, typ *doc.Type) []string {
	var out []string
	for _, spec := range typ.Decl.Specs {
		ts, ok := spec.(*ast.TypeSpec)
		if !ok || ts.Name.Name != typ.Name {
			continue
		}
		var list *ast.FieldList
		kind, embedded := "method ", false
		switch t := ts.Type.(type) {
		case *ast.InterfaceType:
			list = t.Methods
		case *ast.StructType:
			list, kind, embedded = t.Fields, "field ", true
		default:
			continue
		}
		for _, f := range list.List {
			if f.Doc != nil || f.Comment != nil {
				continue
			}
			for _, n := range fieldNames(f, embedded) {
				if ast.IsExported(n) {
					out = append(out, dir+": "+kind+typ.Name+"."+n)
				}
			}
		}
	}
	return out
}

// fieldNames returns the names f declares, and with embedded the name of
// the type of an embedded struct field, which is the field's name (an
// interface's embedded interfaces are not members of their own).
func fieldNames(f *ast.Field, embedded bool) []string {
	var names []string
	for _, n := range f.Names {
		names = append(names, n.Name)
	}
	if len(names) > 0 || !embedded {
		return names
	}
	t := f.Type
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t := t.(type) {
	case *ast.Ident:
		return []string{t.Name}
	case *ast.SelectorExpr:
		return []string{t.Sel.Name}
	}
	return nil
}
