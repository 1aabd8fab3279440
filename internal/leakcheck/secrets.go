package leakcheck

import (
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// ErrNoSecrets reports a scan with no secret to look for: it would pass
// whatever the output.
var ErrNoSecrets = errors.New("leakcheck: no secrets to look for")

// ErrNoExhibits reports a scan with no output to look in.
var ErrNoExhibits = errors.New("leakcheck: no output to look in")

// tailLen is how many trailing characters of an API key or a webhook
// signing secret are looked for on their own.
const tailLen = 16

// harvestRE finds the string values of the JSON fields that
// [Secrets.Harvest] takes as secrets.
var harvestRE = regexp.MustCompile(`"(client_secret|routing_number|account_number)":\s*"([^"]+)"`)

// Secrets is a set of secret values, each under a name used in reports
// ("api key", "client_secret", ...). The zero value is an empty set, ready
// to use. A Secrets is not safe for concurrent use.
type Secrets struct {
	names map[string]string // value → name
}

// Add records each value under name, together with the parts of it that
// give it away: for a client secret (…_secret_…) the part after
// "_secret_", named name+" (secret part)"; for an API key (sk_…, rk_…) or
// a webhook signing secret (whsec_…) its last 16 characters and, when its
// body has underscores, every part of it from an underscore on (at least
// 5 characters: "_wire"), named name+" (tail)". Empty values are ignored.
func (s *Secrets) Add(name string, values ...string) {
	for _, v := range values {
		s.add(name, v)
	}
}

func (s *Secrets) add(name, value string) {
	if value == "" {
		return
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	s.names[value] = name
	if i := strings.Index(value, "_secret_"); i >= 0 && len(value)-i > 12 {
		s.names[value[i+len("_secret_"):]] = name + " (secret part)"
	}
	if isKey(value) && len(value) > tailLen {
		s.names[value[len(value)-tailLen:]] = name + " (tail)"
	}
	if isKey(value) {
		// A key with underscores in its body: every part from an
		// underscore on, so that a redaction that stops at an underscore
		// ("Bearer [redacted]_wire") is caught.
		body := strings.TrimPrefix(value, keyPrefix(value))
		for i := 1; i < len(body); i++ {
			if body[i] == '_' && len(body)-i >= minUnderscoreTail {
				s.names[body[i:]] = name + " (tail)"
			}
		}
	}
}

// minUnderscoreTail is the shortest part of a key, from an underscore on,
// that is looked for on its own ("_wire").
const minUnderscoreTail = 5

// keyPrefixes are the prefixes of API keys and webhook signing secrets.
var keyPrefixes = []string{"sk_test_", "sk_live_", "rk_test_", "rk_live_", "whsec_", "sk_", "rk_"}

func isKey(v string) bool { return keyPrefix(v) != "" }

func keyPrefix(v string) string {
	for _, p := range keyPrefixes {
		if strings.HasPrefix(v, p) {
			return p
		}
	}
	return ""
}

// Harvest adds the secrets a server handed out in the JSON response
// bodies: every string value of a "client_secret", "routing_number" or
// "account_number" field, named after the field. It returns how many
// values it found (counting repeats).
func (s *Secrets) Harvest(bodies ...string) int {
	n := 0
	for _, b := range bodies {
		for _, m := range harvestRE.FindAllStringSubmatch(b, -1) {
			s.add(m[1], m[2])
			n++
		}
	}
	return n
}

// Len returns how many values are looked for, parts included.
func (s *Secrets) Len() int { return len(s.names) }

// Values returns the values recorded under exactly name (not their
// parts), sorted.
func (s *Secrets) Values(name string) []string {
	var vs []string
	for v, n := range s.names {
		if n == name {
			vs = append(vs, v)
		}
	}
	sort.Strings(vs)
	return vs
}

// Missing returns those of kinds under which no value was recorded, in
// the order given. A kind is a name given to [Secrets.Add] or a field
// [Secrets.Harvest] reads.
func (s *Secrets) Missing(kinds ...string) []string {
	have := map[string]bool{}
	for _, name := range s.names {
		have[strings.SplitN(name, " (", 2)[0]] = true
	}
	var missing []string
	for _, k := range kinds {
		if !have[k] {
			missing = append(missing, k)
		}
	}
	return missing
}

// Find returns the sorted names of the secrets that occur in text.
func (s *Secrets) Find(text string) []string {
	var found []string
	for v, name := range s.names {
		if strings.Contains(text, v) {
			found = append(found, name)
		}
	}
	sort.Strings(found)
	return found
}

// Exhibit is one piece of output that must carry no secret.
type Exhibit struct {
	// Where says what the text is, for the report ("log lines",
	// "fincon.Session %+v").
	Where string
	// Text is the output itself.
	Text string
}

// Dump returns v printed with %v, %+v and %#v, as three exhibits named
// where plus the verb.
func Dump(where string, v any) []Exhibit {
	return []Exhibit{
		{where + " %v", fmt.Sprintf("%v", v)},
		{where + " %+v", fmt.Sprintf("%+v", v)},
		{where + " %#v", fmt.Sprintf("%#v", v)},
	}
}

// Leak is an exhibit found to carry secrets.
type Leak struct {
	// Where is the exhibit's Where.
	Where string
	// Names are the sorted names of the secrets found.
	Names []string
	// Excerpt is the text around the first secret, with every secret
	// value shown as "[leak: name]".
	Excerpt string
}

// String returns "where contains names: …excerpt…".
func (l Leak) String() string {
	return fmt.Sprintf("%s contains %s: …%s…", l.Where, strings.Join(l.Names, ", "), l.Excerpt)
}

// Scan returns the exhibits that carry a secret, in order. It returns
// [ErrNoSecrets] when s is empty and [ErrNoExhibits] when ex is, so that a
// leak test cannot pass by looking for nothing or in nothing.
func (s *Secrets) Scan(ex []Exhibit) ([]Leak, error) {
	if len(s.names) == 0 {
		return nil, ErrNoSecrets
	}
	if len(ex) == 0 {
		return nil, ErrNoExhibits
	}
	var leaks []Leak
	for _, e := range ex {
		if found := s.Find(e.Text); len(found) > 0 {
			leaks = append(leaks, Leak{Where: e.Where, Names: found, Excerpt: s.excerpt(e.Text)})
		}
	}
	return leaks, nil
}

// excerpt masks every secret in text and returns up to 40 bytes before
// the first mask and 60 after its start.
func (s *Secrets) excerpt(text string) string {
	values := make([]string, 0, len(s.names))
	for v := range s.names {
		values = append(values, v)
	}
	// Longest first, so that a whole secret is masked before its parts.
	sort.Slice(values, func(i, j int) bool {
		if len(values[i]) != len(values[j]) {
			return len(values[i]) > len(values[j])
		}
		return values[i] < values[j]
	})
	pairs := make([]string, 0, 2*len(values))
	for _, v := range values {
		pairs = append(pairs, v, "[leak: "+s.names[v]+"]")
	}
	masked := strings.NewReplacer(pairs...).Replace(text)
	i := strings.Index(masked, "[leak: ")
	if i < 0 {
		return ""
	}
	return masked[max(i-40, 0):min(i+60, len(masked))]
}

// SelfCheck shows that a scan with these secrets can fail: it plants
// every value in a debug log record rendered by a [Logs] handler (text and
// JSON), in an error string and in the %+v of a struct, and returns an
// error naming (never printing) each secret a scan would miss there. It
// returns [ErrNoSecrets] when s is empty.
func (s *Secrets) SelfCheck() error {
	if len(s.names) == 0 {
		return ErrNoSecrets
	}
	var missed []string
	for v, name := range s.names {
		logs := NewLogs()
		slog.New(logs).Debug("planted", "auth", "Bearer "+v)
		for _, e := range []Exhibit{
			{"log line", logs.String()},
			{"error", fmt.Errorf("call failed: %w", errors.New("token "+v)).Error()},
			{"struct", fmt.Sprintf("%+v", struct{ Value string }{v})},
		} {
			if !slices.Contains(s.Find(e.Text), name) {
				missed = append(missed, name+" in a planted "+e.Where)
			}
		}
	}
	if len(missed) > 0 {
		sort.Strings(missed)
		return fmt.Errorf("leakcheck: planted secrets not found: %s", strings.Join(missed, "; "))
	}
	return nil
}
