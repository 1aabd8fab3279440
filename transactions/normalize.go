package transactions

import (
	"encoding/binary"
	"math/bits"
)

// maxKeyLen bounds how much of a normalized description is keyed: enough
// to tell merchants apart, short enough to keep Add fast.
const maxKeyLen = 32

// Byte classes of descKey: letters map to lowercase, digits and
// apostrophes are dropped, everything else ASCII separates words, and
// non-ASCII bytes are kept as they are.
const (
	clsSep  = 0
	clsSkip = 1
)

var descClass = func() (t [256]byte) {
	for c := 0; c < 256; c++ {
		switch {
		case c >= 'a' && c <= 'z':
			t[c] = byte(c)
		case c >= 'A' && c <= 'Z':
			t[c] = byte(c) + 'a' - 'A'
		case c >= '0' && c <= '9', c == '\'':
			t[c] = clsSkip
		case c >= 0x80:
			t[c] = byte(c)
		default:
			t[c] = clsSep
		}
	}
	return t
}()

// normalizeDesc writes the normalized form of s into buf and returns its
// length: lowercase words separated by one space, digits and apostrophes
// removed, other punctuation separating words, at most maxKeyLen bytes.
// "ACME CORP PAYROLL PPD ID: 1234" becomes "acme corp payroll ppd id".
// It serves keyword matching in Report; Add uses the cheaper descKey.
func normalizeDesc(buf *[maxKeyLen]byte, s string) int {
	n := 0
	sep := false
	for i := 0; i < len(s); i++ {
		c := descClass[s[i]]
		switch c {
		case clsSkip:
			continue
		case clsSep:
			sep = n > 0
			continue
		}
		if sep {
			if n >= maxKeyLen-1 {
				break
			}
			buf[n] = ' '
			n++
			sep = false
		}
		if n >= maxKeyLen {
			break
		}
		buf[n] = c
		n++
	}
	return n
}

// keyLetters maps a byte to its lowercase letter for keying, or 0 to
// drop it; keyKeep is 1 where keyLetters is non-zero.
var keyLetters, keyKeep = func() (l, k [256]byte) {
	for c := 0; c < 256; c++ {
		if v := descClass[c]; v > clsSkip {
			l[c], k[c] = v, 1
		}
	}
	return l, k
}()

// descKey returns a non-zero 64-bit key of the description's letters
// (lowercased; digits, punctuation and spaces dropped, at most maxKeyLen)
// and the sign of the amount: credits and debits with the same description
// are different candidates. "ACME CORP PAYROLL PPD ID: 1234" and
// "Acme Corp Payroll PPD ID 5678" have the same key. It does not allocate.
func descKey(s string, credit bool) uint64 {
	var buf [maxKeyLen + 8]byte
	n := 0
	for i := 0; i < len(s) && n < maxKeyLen; i++ {
		c := s[i]
		buf[n] = keyLetters[c] // branch-free: written always, kept if a letter
		n += int(keyKeep[c])
	}
	buf[n] = 0
	h := uint64(n) ^ 0x9e3779b97f4a7c15
	if credit {
		h ^= 0xc2b2ae3d27d4eb4f
	}
	for i := 0; i < n; i += 8 {
		w := binary.LittleEndian.Uint64(buf[i : i+8])
		if rem := n - i; rem < 8 {
			w &= 1<<(8*rem) - 1
		}
		hi, lo := bits.Mul64(h^w, 0xbf58476d1ce4e5b9)
		h = hi ^ lo
	}
	h ^= h >> 31
	if h == 0 {
		h = 1
	}
	return h
}
