package ownership

import (
	"errors"
	"fmt"
	"strings"

	"github.com/fcsdk/fcsdk/internal/enum"
)

// Record is the caller's own data about the person who linked the
// account. Empty fields are not compared. Name may name several people.
type Record struct {
	Name    string
	Email   string
	Phone   string
	Address Address
}

// Verdict is the overall outcome of Match.
type Verdict string

// Verdicts, from strongest to weakest evidence; see the package
// documentation for the bands.
const (
	VerdictMatch        Verdict = "match"
	VerdictPartialMatch Verdict = "partial_match"
	VerdictNoMatch      Verdict = "no_match"
	VerdictInsufficient Verdict = "insufficient_data"
)

// Valid reports whether v is one of the Verdict constants.
func (v Verdict) Valid() bool {
	switch v {
	case VerdictMatch, VerdictPartialMatch, VerdictNoMatch, VerdictInsufficient:
		return true
	}
	return false
}

// ParseVerdict returns the Verdict named s, or an error matching
// [ErrUnknownVerdict] that quotes s, e.g. `ownership: unknown verdict "maybe"`.
func ParseVerdict(s string) (Verdict, error) { return enum.Parse(verdictKind, s, Verdict.Valid) }

// ErrUnknownVerdict is matched by the error of [ParseVerdict] for a name
// that is not one of the Verdict constants.
var ErrUnknownVerdict = errors.New("ownership: unknown verdict")

// verdictKind names Verdict in errors.
var verdictKind = enum.Kind{Pkg: "ownership", Name: "verdict", Err: ErrUnknownVerdict}

func (v Verdict) rank() int {
	switch v {
	case VerdictMatch:
		return 3
	case VerdictPartialMatch:
		return 2
	case VerdictNoMatch:
		return 1
	}
	return 0
}

// FieldScore is the comparison of one field.
type FieldScore struct {
	// Score is 0–100; 0 when the field was not compared.
	Score int
	// Compared is false when the field is empty or unusable (an invalid
	// phone or e-mail, an address without a street line or ZIP code) on
	// either side.
	Compared bool
	// Reason is a short code (ReasonExact, ReasonNickname, …) saying what
	// decided the score.
	Reason string
}

// Result is the outcome of Match.
type Result struct {
	// Verdict is the overall verdict; see the package documentation.
	Verdict Verdict
	// Score is the weighted mean of the compared field scores, 0–100.
	Score int
	// Name, Email, Phone and Address are the per-field scores against the
	// best-matching owner.
	Name, Email, Phone, Address FieldScore
	// Owner is the index in the owners slice of the best-matching owner,
	// or -1 when owners is empty.
	Owner int
	// OwnerID is that owner's ID.
	OwnerID string
}

// Field weights of the overall score; see doc.go.
const (
	weightName    = 50
	weightAddress = 25
	weightEmail   = 15
	weightPhone   = 10
)

// Verdict thresholds; see doc.go.
const (
	matchName       = 85
	matchOverall    = 80
	partialName     = 60
	partialOverall  = 50
	minOtherCompare = 2
)

// maxPeople is how many people of one name field Match compares; account
// titles name one to four.
const maxPeople = 8

// prepared is a side of the comparison, normalized once.
type prepared struct {
	names   [][]string
	email   string
	phone   string
	addr    addrKey
	hasAddr bool
}

func prepare(name, email, phone string, addr Address, hasAddr bool) prepared {
	var p prepared
	p.names = splitPeople(nameTokens(name))
	if len(p.names) > maxPeople {
		p.names = p.names[:maxPeople]
	}
	if e, err := NormalizeEmail(email); err == nil {
		p.email = e
	}
	if ph, err := NormalizePhone(phone); err == nil {
		p.phone = ph
	}
	if hasAddr {
		p.addr = keyOf(addr)
		p.hasAddr = true
	}
	return p
}

// Match compares the caller's record with each owner of an account and
// returns the result for the owner that matches best (highest verdict,
// then overall score, then name score; the first on ties).
//
// Each owner's fields and the record's are normalized first (see
// NormalizeName, SplitNames, NormalizeEmail, NormalizePhone and
// ParseAddress/NormalizeAddress); names are compared person by person, so
// a record for JANE DOE matches an owner named "JOHN & JANE DOE". A field
// empty or invalid on either side is not compared and does not count
// against the match. Only the first 8 people named in one name field are
// compared. With no owners the verdict is VerdictInsufficient and
// Owner is -1. Match never fails and never panics; it does not modify its
// arguments and is safe for concurrent use.
func Match(owners []Owner, rec Record) Result {
	best := Result{Verdict: VerdictInsufficient, Owner: -1,
		Name:    FieldScore{Reason: ReasonMissing},
		Email:   FieldScore{Reason: ReasonMissing},
		Phone:   FieldScore{Reason: ReasonMissing},
		Address: FieldScore{Reason: ReasonMissing},
	}
	if len(owners) == 0 {
		return best
	}
	recAddr := NormalizeAddress(rec.Address)
	r := prepare(rec.Name, rec.Email, rec.Phone, recAddr, !recAddr.IsZero())
	for i := range owners {
		o := &owners[i]
		oa := ParseAddress(o.RawAddress)
		p := prepare(o.Name, o.Email, o.Phone, oa, !oa.IsZero())
		res := score(r, p)
		res.Owner = i
		res.OwnerID = o.ID
		if i == 0 || better(res, best) {
			best = res
		}
	}
	return best
}

func better(a, b Result) bool {
	if a.Verdict.rank() != b.Verdict.rank() {
		return a.Verdict.rank() > b.Verdict.rank()
	}
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.Name.Score > b.Name.Score
}

// score compares the record r with one owner p.
func score(r, p prepared) Result {
	var res Result
	res.Name = FieldScore{Reason: ReasonMissing}
	if len(r.names) > 0 && len(p.names) > 0 {
		res.Name = FieldScore{Compared: true, Reason: ReasonDifferent}
		for _, a := range r.names {
			for _, b := range p.names {
				nr := compareNames(a, b)
				if nr.score > res.Name.Score || res.Name.Reason == ReasonDifferent && nr.reason != ReasonDifferent && nr.score == res.Name.Score {
					res.Name.Score, res.Name.Reason = nr.score, nr.reason
				}
			}
		}
	}
	res.Email = FieldScore{Reason: ReasonMissing}
	if r.email != "" && p.email != "" {
		s, why := compareEmails(r.email, p.email)
		res.Email = FieldScore{Score: s, Compared: true, Reason: why}
	}
	res.Phone = FieldScore{Reason: ReasonMissing}
	if r.phone != "" && p.phone != "" {
		s, why := comparePhones(r.phone, p.phone)
		res.Phone = FieldScore{Score: s, Compared: true, Reason: why}
	}
	res.Address = FieldScore{Reason: ReasonMissing}
	if r.hasAddr && p.hasAddr {
		if s, why, ok := compareAddresses(r.addr, p.addr); ok {
			res.Address = FieldScore{Score: s, Compared: true, Reason: why}
		}
	}

	var sum, weight, others int
	for _, f := range []struct {
		fs FieldScore
		w  int
	}{{res.Name, weightName}, {res.Address, weightAddress}, {res.Email, weightEmail}, {res.Phone, weightPhone}} {
		if f.fs.Compared {
			sum += f.fs.Score * f.w
			weight += f.w
		}
	}
	for _, f := range []FieldScore{res.Address, res.Email, res.Phone} {
		if f.Compared {
			others++
		}
	}
	if weight > 0 {
		res.Score = (sum + weight/2) / weight
	}
	res.Verdict = verdict(res, others)
	return res
}

// verdict applies the bands documented in doc.go.
func verdict(res Result, others int) Verdict {
	if !res.Name.Compared {
		if others < minOtherCompare {
			return VerdictInsufficient
		}
		// Without a name, contact details alone can at best be partial.
		if res.Score >= partialOverall {
			return VerdictPartialMatch
		}
		return VerdictNoMatch
	}
	switch {
	case res.Name.Score >= matchName && res.Score >= matchOverall:
		return VerdictMatch
	case res.Name.Score >= partialName || res.Score >= partialOverall && res.Name.Score >= 30:
		return VerdictPartialMatch
	}
	return VerdictNoMatch
}

// String summarizes r without personal data:
// "match 96 (name 100 exact, email 100 exact, phone -, address 88 partial) owner 0".
func (r Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %d (", r.Verdict, r.Score)
	for i, f := range []struct {
		label string
		fs    FieldScore
	}{{"name", r.Name}, {"email", r.Email}, {"phone", r.Phone}, {"address", r.Address}} {
		if i > 0 {
			b.WriteString(", ")
		}
		if f.fs.Compared {
			fmt.Fprintf(&b, "%s %d %s", f.label, f.fs.Score, f.fs.Reason)
		} else {
			fmt.Fprintf(&b, "%s -", f.label)
		}
	}
	fmt.Fprintf(&b, ") owner %d", r.Owner)
	return b.String()
}
