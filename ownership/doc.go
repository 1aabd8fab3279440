// Package ownership holds the typed owners of a Financial Connections
// account and matches them against the caller's own customer record.
//
// Stripe returns the owners a bank reports (name, e-mail, phone and one
// raw address line) but no verdict on whether they are the person who
// linked the account. This package converts the stripe-go objects
// (FromStripe, OwnersFromStripe, OwnershipFromStripe) and computes that
// verdict locally with Match. It does no I/O; every function is safe for
// concurrent use.
//
// # Personal data
//
// Owner values are personal data. fmt verbs and log/slog print them with
// e-mail, phone and address redacted (see Owner); error messages never
// include a name, e-mail, phone or address.
//
// # Timestamps
//
// stripe-go decodes a JSON null timestamp as 0. The converters turn 0 into
// the zero time.Time (check with IsZero), never 1970-01-01.
//
// # Normalization
//
// NormalizeName, SplitNames, NormalizeEmail, NormalizePhone,
// NormalizeAddress and ParseAddress are exported so callers can store the
// same canonical forms Match compares. The Normalize functions are
// idempotent, and ParseAddress returns an already normalized Address. None
// of them panics on any input, invalid UTF-8 included. Accents are
// folded with Unicode NFKD (golang.org/x/text/unicode/norm) plus a small
// table for letters that do not decompose (ß, Æ, Ø, Ł, …): NFKD covers
// every Latin accent and compatibility forms such as full-width letters
// and ligatures, which a hand-written Latin-1 table would miss.
//
// # Field scores
//
// Every field is scored 0–100, and only when it is present and usable on
// both sides (FieldScore.Compared).
//
// Name: account titles are split into people first ("JOHN & JANE DOE",
// "JOHN DOE AND JANE DOE", "DOE, JOHN & JANE", "MR AND MRS JOHN DOE"), and
// the best pair of people counts. For one pair, the score is
// 100 × last × first × middle, where
//
//	last:   equal 1, hyphenated part ("SMITH" / "SMITH-JONES") 0.9,
//	        one typo in 5+ letters 0.85, otherwise 0.25
//	first:  equal 1, nickname (BOB/ROBERT) 0.9, initial (J/JOHN) 0.8,
//	        one typo in 5+ letters 0.7, otherwise 0.3
//	middle: equal or compatible initials 1, present on one side only
//	        0.95, conflicting 0.75
//
// "DOE JOHN" (family name first, no comma) is tried as well at 90% of its
// score, and the same words in another order score 90. A one-word name
// scores 100 if equal, 50 if it is the other side's given or family name.
// So: exact 100, nickname 90, missing middle 95, initial 80, swapped 90,
// same family name but another given name 30, another family name 25.
//
// E-mail: equal 100; equal but for a "+tag" 90; same mailbox name at
// another domain 30; otherwise 0. No provider rules (Gmail dots) apply.
//
// Phone (E.164, US default): equal 100; same last seven digits 40;
// otherwise 0.
//
// Address: house number and street (weight 45), unit (10), city (15),
// state (10) and ZIP (20, first five digits; the first three score half)
// are compared where both sides have them; the score is their weighted
// mean. A different house number caps the score at 40. A unit present on
// one side only is not held against the match. The field counts as
// compared only if both sides have a street line or both a ZIP code.
//
// # Overall score and verdict
//
// Score is the weighted mean of the compared fields: name 50, address 25,
// e-mail 15, phone 10. The Verdict bands are:
//
//	VerdictMatch         name ≥ 85 and score ≥ 80
//	VerdictPartialMatch  name ≥ 60, or score ≥ 50 with name ≥ 30;
//	                     without names: ≥ 2 other fields and score ≥ 50
//	VerdictNoMatch       anything else that was compared
//	VerdictInsufficient  no owners, or no names to compare and fewer
//	                     than two other fields
//
// A name match alone (nothing else shared) is VerdictMatch; an exact name
// with every other field different scores 50 and is a partial match, a
// signal worth a second look. A household member (same family name and
// address, another given name) is at most a partial match.
package ownership
