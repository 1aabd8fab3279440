package fctest

import (
	"errors"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// errFormSyntax reports a parameter name that is not a valid Stripe-style
// nested key.
var errFormSyntax = errors.New("fctest: malformed parameter name")

// form is a parsed Stripe-style form: nested keys such as
// a[b][c]=x, arrays as a[]=x or a[0]=x. The zero value is an empty form.
type form struct {
	value    string
	hasValue bool
	kids     map[string]*form
	appended []*form // a[]=x entries, in order
}

// parseForm parses an application/x-www-form-urlencoded body or query
// string into a nested form.
func parseForm(raw string) (*form, error) {
	vals, err := url.ParseQuery(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", errFormSyntax, err)
	}
	return formFromValues(vals)
}

// formFromValues builds a nested form from flat values. Keys are processed in
// sorted order; values of a repeated key keep their order.
func formFromValues(vals url.Values) (*form, error) {
	root := &form{}
	keys := make([]string, 0, len(vals))
	for k := range vals {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		path, err := splitKey(k)
		if err != nil {
			return nil, err
		}
		for _, v := range vals[k] {
			root.set(path, v)
		}
	}
	return root, nil
}

// splitKey splits a[b][c] into ["a","b","c"] and a[] into ["a",""].
func splitKey(k string) ([]string, error) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		if k == "" || strings.IndexByte(k, ']') >= 0 {
			return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
		}
		return []string{k}, nil
	}
	if i == 0 {
		return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
	}
	parts := []string{k[:i]}
	rest := k[i:]
	for rest != "" {
		if rest[0] != '[' {
			return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
		}
		seg := rest[1:j]
		if strings.ContainsAny(seg, "[") {
			return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
		}
		parts = append(parts, seg)
		rest = rest[j+1:]
	}
	if strings.ContainsAny(parts[0], "]") {
		return nil, fmt.Errorf("%w: %q", errFormSyntax, k)
	}
	return parts, nil
}

func (f *form) set(path []string, v string) {
	n := f
	for _, seg := range path {
		if seg == "" {
			c := &form{}
			n.appended = append(n.appended, c)
			n = c
			continue
		}
		if n.kids == nil {
			n.kids = map[string]*form{}
		}
		c, ok := n.kids[seg]
		if !ok {
			c = &form{}
			n.kids[seg] = c
		}
		n = c
	}
	n.value, n.hasValue = v, true
}

// get returns the node at path, or nil.
func (f *form) get(path ...string) *form {
	n := f
	for _, seg := range path {
		if n == nil || n.kids == nil {
			return nil
		}
		n = n.kids[seg]
	}
	return n
}

// has reports whether anything was sent at path.
func (f *form) has(path ...string) bool {
	return f.get(path...) != nil
}

// str returns the scalar at path and whether it was sent.
func (f *form) str(path ...string) (string, bool) {
	n := f.get(path...)
	if n == nil || !n.hasValue {
		return "", false
	}
	return n.value, true
}

// list returns the elements of the array at path, accepting a=x, a[]=x and
// a[0]=x (indexes sorted numerically), as nodes.
func (f *form) list(path ...string) []*form {
	n := f.get(path...)
	if n == nil {
		return nil
	}
	var out []*form
	if n.hasValue && n.value != "" {
		out = append(out, &form{value: n.value, hasValue: true})
	}
	type idx struct {
		i int
		n *form
	}
	var indexed []idx
	for k, c := range n.kids {
		i, err := strconv.Atoi(k)
		if err != nil || i < 0 {
			continue
		}
		indexed = append(indexed, idx{i, c})
	}
	sort.Slice(indexed, func(a, b int) bool { return indexed[a].i < indexed[b].i })
	for _, x := range indexed {
		out = append(out, x.n)
	}
	out = append(out, n.appended...)
	return out
}

// strs returns the scalar elements of the array at path.
func (f *form) strs(path ...string) []string {
	var out []string
	for _, n := range f.list(path...) {
		if n.hasValue {
			out = append(out, n.value)
		}
	}
	return out
}

// keys returns the sorted names of the children of the node at path.
func (f *form) keys(path ...string) []string {
	n := f.get(path...)
	if n == nil {
		return nil
	}
	out := make([]string, 0, len(n.kids))
	for k := range n.kids {
		out = append(out, k)
	}
	sort.Strings(out)
	if len(n.appended) > 0 && len(out) == 0 {
		out = append(out, "")
	}
	return out
}

func metadataOf(f *form) map[string]string {
	md := map[string]string{}
	for _, k := range f.keys("metadata") {
		if v, ok := f.str("metadata", k); ok {
			md[k] = v
		}
	}
	return md
}

// validList checks that every value is allowed and returns them without
// duplicates, in the order given.
func validList(param string, values, allowed []string) ([]string, *apiError) {
	var out []string
	for _, v := range values {
		if !contains(allowed, v) {
			return nil, invalidValue(param, v, allowed...)
		}
		if !contains(out, v) {
			out = append(out, v)
		}
	}
	return out, nil
}

func (c *call) expand() []string { return c.form.strs("expand") }

func parseBool(f *form, param string) (bool, *apiError) {
	v, ok := f.str(param)
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, invalidRequest(param, "Invalid boolean: %s", param)
	}
	return b, nil
}

func boolParam(f *form, name string) (bool, *apiError) {
	v, ok := f.str(name)
	switch {
	case !ok || v == "false":
		return false, nil
	case v == "true":
		return true, nil
	}
	return false, invalidRequest(name, "Invalid boolean: %s must be true or false.", name)
}
