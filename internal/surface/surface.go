package surface

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Package is what Measure counts in one package directory.
type Package struct {
	// Dir is the package's directory relative to the module root, "." for
	// the root package.
	Dir string
	// Names counts exported top-level functions, types, constants and
	// variables.
	Names int
	// Methods counts exported methods of exported types.
	Methods int
	// ErrorTypes lists the exported types with an Error() string method.
	ErrorTypes []string
	// Sentinels lists the exported variables initialised with errors.New
	// or fmt.Errorf.
	Sentinels []string
}

// File is a non-test Go file and its number of lines.
type File struct {
	Path  string
	Lines int
}

// Report is the result of Measure.
type Report struct {
	// Packages are the public packages (not internal, not under examples,
	// not package main), sorted by Dir.
	Packages []Package
	// Long lists the non-test Go files, public or not, longer than the
	// line budget given to Measure, sorted by path.
	Long []File
}

// Measure reads every non-test .go file under root, skipping directories
// named testdata or starting with a dot. It returns an error if a file
// cannot be read or parsed.
func Measure(root string, maxLines int) (Report, error) {
	pkgs := map[string]*Package{}
	var rep Report
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); path != root && (strings.HasPrefix(n, ".") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if n := strings.Count(string(src), "\n"); n > maxLines {
			rep.Long = append(rep.Long, File{Path: rel, Lines: n})
		}
		dir := filepath.ToSlash(filepath.Dir(rel))
		if isPrivate(dir) {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		if f.Name.Name == "main" {
			return nil
		}
		p := pkgs[dir]
		if p == nil {
			p = &Package{Dir: dir}
			pkgs[dir] = p
		}
		count(p, f)
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	for _, p := range pkgs {
		rep.Packages = append(rep.Packages, *p)
	}
	slices.SortFunc(rep.Packages, func(a, b Package) int { return strings.Compare(a.Dir, b.Dir) })
	slices.SortFunc(rep.Long, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return rep, nil
}

// isPrivate reports whether dir holds no public package: internal
// packages and the runnable examples.
func isPrivate(dir string) bool {
	for _, e := range strings.Split(dir, "/") {
		if e == "internal" {
			return true
		}
	}
	return dir == "examples" || strings.HasPrefix(dir, "examples/")
}

// count adds the exported declarations of f to p.
func count(p *Package, f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if !d.Name.IsExported() {
				continue
			}
			if d.Recv == nil {
				p.Names++
				continue
			}
			recv := receiverName(d.Recv.List[0].Type)
			if !ast.IsExported(recv) {
				continue
			}
			p.Methods++
			if d.Name.Name == "Error" && d.Type.Params.NumFields() == 0 && d.Type.Results.NumFields() == 1 {
				if id, ok := d.Type.Results.List[0].Type.(*ast.Ident); ok && id.Name == "string" {
					p.ErrorTypes = append(p.ErrorTypes, recv)
				}
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.Name.IsExported() {
						p.Names++
					}
				case *ast.ValueSpec:
					for i, n := range s.Names {
						if !n.IsExported() {
							continue
						}
						p.Names++
						if d.Tok == token.VAR && i < len(s.Values) && isErrorCall(s.Values[i]) {
							p.Sentinels = append(p.Sentinels, n.Name)
						}
					}
				}
			}
		}
	}
}

// receiverName returns the type name of a method receiver: T for T, *T,
// T[P] and *T[P].
func receiverName(e ast.Expr) string {
	if s, ok := e.(*ast.StarExpr); ok {
		e = s.X
	}
	switch t := e.(type) {
	case *ast.IndexExpr:
		e = t.X
	case *ast.IndexListExpr:
		e = t.X
	}
	if id, ok := e.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// isErrorCall reports whether e is a call of errors.New or fmt.Errorf.
func isErrorCall(e ast.Expr) bool {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	x, ok := sel.X.(*ast.Ident)
	return ok && ((x.Name == "errors" && sel.Sel.Name == "New") || (x.Name == "fmt" && sel.Sel.Name == "Errorf"))
}

// Totals sums the counts of every package.
func (r Report) Totals() Package {
	t := Package{Dir: "total"}
	for _, p := range r.Packages {
		t.Names += p.Names
		t.Methods += p.Methods
		t.ErrorTypes = append(t.ErrorTypes, p.ErrorTypes...)
		t.Sentinels = append(t.Sentinels, p.Sentinels...)
	}
	return t
}

// WriteTable writes one line per package and a total line: names,
// methods, error types and sentinels, then the long files.
func (r Report) WriteTable(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%-28s %6s %7s %10s %9s\n", "package", "names", "methods", "error types", "sentinels")
	for _, p := range append(slices.Clone(r.Packages), r.Totals()) {
		fmt.Fprintf(&b, "%-28s %6d %7d %10d %9d\n", p.Dir, p.Names, p.Methods, len(p.ErrorTypes), len(p.Sentinels))
	}
	fmt.Fprintf(&b, "files over the line budget: %d\n", len(r.Long))
	for _, f := range r.Long {
		fmt.Fprintf(&b, "  %s (%d lines)\n", f.Path, f.Lines)
	}
	_, err := io.WriteString(w, b.String())
	return err
}
