package transactions

import (
	"database/sql/driver"
	"errors"
	"math"
	"testing"
)

// The whole class of digests database/sql used to refuse: every value with
// the high bit set, plus the edges, round-trips through both encodings and
// through driver.Value (which must be an int64).
func TestDigestEncodings(t *testing.T) {
	t.Parallel()
	for _, d := range []Digest{0, 1, math.MaxInt64, math.MaxInt64 + 1, math.MaxUint64, 0xcbf29ce484222325, StateOf(tx("A", 1, Posted, "COFFEE", 0)).Digest} {
		if got := DigestFromInt64(d.Int64()); got != d {
			t.Errorf("int64 round trip of %#x = %#x", uint64(d), uint64(got))
		}
		b := d.Bytes()
		if got, err := DigestFromBytes(b[:]); err != nil || got != d {
			t.Errorf("bytes round trip of %#x = %#x, %v", uint64(d), uint64(got), err)
		}
		v, err := d.Value()
		if err != nil || !driver.IsValue(v) {
			t.Fatalf("Value(%#x) = %#v, %v: not a driver.Value", uint64(d), v, err)
		}
		if _, ok := v.(int64); !ok {
			t.Fatalf("Value(%#x) is %T, want int64", uint64(d), v)
		}
		var s1, s2 Digest
		if err := s1.Scan(v); err != nil || s1 != d {
			t.Errorf("Scan(int64) of %#x = %#x, %v", uint64(d), uint64(s1), err)
		}
		if err := s2.Scan(b[:]); err != nil || s2 != d {
			t.Errorf("Scan(bytes) of %#x = %#x, %v", uint64(d), uint64(s2), err)
		}
	}
	for _, n := range []int{0, 7, 9} {
		if _, err := DigestFromBytes(make([]byte, n)); !errors.Is(err, ErrDigestSize) {
			t.Errorf("%d bytes: err = %v, want ErrDigestSize", n, err)
		}
		var d Digest
		if err := d.Scan(make([]byte, n)); !errors.Is(err, ErrDigestSize) {
			t.Errorf("Scan of %d bytes: err = %v, want ErrDigestSize", n, err)
		}
	}
	var d Digest
	for _, src := range []any{nil, "123", 1.5, int32(4)} {
		if err := d.Scan(src); err == nil {
			t.Errorf("Scan(%#v) accepted", src)
		}
	}
}
