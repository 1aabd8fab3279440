package ownership

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzNormalizeName(f *testing.F) {
	for _, s := range []string{
		"John Doe", "DOE, JOHN Q", "Dr. John Q. Public, Jr.", "JOHN & JANE DOE", "John Doe and Jane Doe",
		"Doe, John & Jane", "Mr and Mrs John Doe", "José García-López", "Strauß", "ＪＯＨＮ", "O'Brien",
		"Mr. Jr.", ", , ,", "-a-", "\xff\xfe", "Nguyễn Văn Đức", "ǅ ǆ ﬁ ß ẞ", "\u0345\u0399", "ΐ", "İ",
		"JR & MR", "a,b,c & d,e", "SMITH--JONES", "ᾳ", "ǰ",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeName(s)
		if again := NormalizeName(n); again != n {
			t.Fatalf("not idempotent: %q -> %q -> %q", s, n, again)
		}
		if !utf8.ValidString(n) || strings.Contains(n, "  ") || strings.TrimSpace(n) != n {
			t.Fatalf("bad output %q", n)
		}
		for _, p := range SplitNames(s) {
			if p == "" || NormalizeName(p) != p {
				t.Fatalf("SplitNames(%q) element %q is not normalized (%q)", s, p, NormalizeName(p))
			}
		}
	})
}

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range []string{
		"(415) 555-0123", "+1 415 555 0123", "tel:+14155550123", "415-555-0123 x204", "0044 20 7946 0958",
		"011 44 20 7946 0958", "1-800-FLOWERS", "+", "++1", "", "\u00a0415\u00a0555\u00a00123", "+1 115 555 0123",
		"99999999999999999999999999999999999", "+0", "00", "011",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := NormalizePhone(s)
		if err != nil {
			if p != "" {
				t.Fatalf("error with output %q", p)
			}
			return
		}
		if len(p) < 9 || len(p) > 16 || p[0] != '+' || !allDigits(p[1:]) {
			t.Fatalf("NormalizePhone(%q) = %q: not E.164", s, p)
		}
		if again, err := NormalizePhone(p); err != nil || again != p {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, p, again, err)
		}
	})
}

func FuzzNormalizeEmail(f *testing.F) {
	for _, s := range []string{
		"Jane.Doe@Example.COM", "mailto:a@b", "<a@b.c>", "a@b.", "@", "a@", "@b", "a@@b", `"a@b"@c`,
		"ÉLODIE@EXAMPLE.FR", "İ@x", "\u0130\u0345@K", "a\xff@b", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		e, err := NormalizeEmail(s)
		if err != nil {
			return
		}
		if !strings.Contains(e, "@") || !utf8.ValidString(e) {
			t.Fatalf("NormalizeEmail(%q) = %q", s, e)
		}
		if again, err := NormalizeEmail(e); err != nil || again != e {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", s, e, again, err)
		}
	})
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{
		"123 Main Street, Apt 4B, Everytown, CA 94111-2233, USA", "123 Main Street, Everytown USA",
		"123 Main St Apt 4 Springfield IL 62701", "P.O. Box 42 Austin TX 78701", "12 Oak Ct",
		"500 N. Fifth Avenue Suite 200\nSaint Louis, Missouri 63101", "#", "# #", "APT APT 4",
		"1 A B C # 4 N", "US", "12345", ",,,", "1 - - /", "9 Elm St Rear", "\xff", "ｔｅｓｔ 1２3",
		"1 MAIN ST N NORTH BEND", "1 LAKE SHORE DR STE # 5 CHICAGO IL 60601 1234 US",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a := ParseAddress(s)
		if n := NormalizeAddress(a); n != a {
			t.Fatalf("ParseAddress(%q) = %+v is not normalized: %+v", s, a, n)
		}
		// Every field of a parsed address, and the raw string used as
		// any field, normalizes idempotently.
		for _, in := range []Address{a, {Line1: s, Line2: s, City: s, State: s, PostalCode: s, Country: s}} {
			n := NormalizeAddress(in)
			if again := NormalizeAddress(n); again != n {
				t.Fatalf("NormalizeAddress not idempotent:\n in    %+v\n once  %+v\n twice %+v", in, n, again)
			}
		}
		_ = a.String()
	})
}

func FuzzMatch(f *testing.F) {
	f.Add("JOHN & JANE DOE", "jdoe@example.com", "4155550123", "123 Main St, Springfield, IL 62701",
		"Jane Doe", "JDOE@example.com", "(415) 555-0123", "123 Main Street", "Apt 4")
	f.Add("", "", "", "", "", "", "", "", "")
	f.Add("\xff", "@", "+", ",", "&", "a@b", "1", "#", "#")
	f.Fuzz(func(t *testing.T, oName, oEmail, oPhone, oAddr, rName, rEmail, rPhone, rLine1, rLine2 string) {
		owners := []Owner{{ID: "o1", Name: oName, Email: oEmail, Phone: oPhone, RawAddress: oAddr}}
		rec := Record{Name: rName, Email: rEmail, Phone: rPhone, Address: Address{Line1: rLine1, Line2: rLine2}}
		r := Match(owners, rec)
		if !r.Verdict.Valid() || r.Score < 0 || r.Score > 100 || r.Owner != 0 {
			t.Fatalf("bad result %+v", r)
		}
		for _, fs := range []FieldScore{r.Name, r.Email, r.Phone, r.Address} {
			if fs.Score < 0 || fs.Score > 100 || !fs.Compared && fs.Score != 0 || fs.Reason == "" {
				t.Fatalf("bad field %+v in %+v", fs, r)
			}
		}
		// The same owner data as a record matches itself.
		self := Match(owners, Record{Name: oName, Email: oEmail, Phone: oPhone, Address: ParseAddress(oAddr)})
		if self.Verdict == VerdictNoMatch {
			t.Fatalf("owner does not match itself: %s", self)
		}
	})
}

// FuzzAddrParts: addrParts, which folds an address once, gives the tokens
// of addrTokens applied to each comma-separated part, as ParseAddress did
// before it.
func FuzzAddrParts(f *testing.F) {
	for _, s := range []string{"123 Main Street, Apt 4, Springfield, IL 62701-1234", " , ,", "a,,b", "Ｏ'Brien ,#4, Ａustin",
		"1 MAIN ST , AUSTIN", "x,\u200b,y", "é,e\u0301", "--,/,#", "\xff,\xfe", "PO BOX 7,,TX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		var want [][]string
		for _, p := range strings.Split(raw, ",") {
			if toks := addrTokens(p); len(toks) > 0 {
				want = append(want, toks)
			}
		}
		got := addrParts(raw)
		if len(got) != len(want) {
			t.Fatalf("%q: parts %q, want %q", raw, got, want)
		}
		for i := range got {
			if !slices.Equal(got[i], want[i]) {
				t.Fatalf("%q: parts %q, want %q", raw, got, want)
			}
		}
	})
}

// nameTokensRunes is nameTokens as first written, rune by rune with a
// builder per word: FuzzNameTokens checks the substring version against it.
func nameTokensRunes(s string) []string {
	folded := foldUpper(s, ",&-/+")
	var toks []string
	var word strings.Builder
	flush := func() {
		w := strings.Trim(word.String(), "-")
		word.Reset()
		if w == "" {
			return
		}
		for strings.Contains(w, "--") {
			w = strings.ReplaceAll(w, "--", "-")
		}
		if w == "AND" || w == "OR" {
			w = nameSep
		}
		toks = append(toks, w)
	}
	for _, r := range folded {
		switch r {
		case ' ':
			flush()
		case ',':
			flush()
			toks = append(toks, ",")
		case '&', '+', '/':
			flush()
			toks = append(toks, nameSep)
		default:
			word.WriteRune(r)
		}
	}
	flush()
	return toks
}

func FuzzNameTokens(f *testing.F) {
	for _, s := range []string{"SMITH, ROBERT J JR", "Jane & John Doe", "a--b-- -c", "Ｏ'Brien/Ｘ+y and z OR w", "é\xff,", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := nameTokens(s), nameTokensRunes(s); !slices.Equal(got, want) {
			t.Fatalf("%q: %q, want %q", s, got, want)
		}
	})
}
