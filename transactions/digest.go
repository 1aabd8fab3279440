package transactions

import (
	"database/sql"
	"database/sql/driver"
	"encoding/binary"
	"errors"
	"fmt"
)

// Digest is a 64-bit FNV-1a hash of a transaction's description and
// transacted_at (see [StateOf]): a different digest is a description or
// date change.
//
// All 64 bits are used, so about half of all digests have the high bit
// set. database/sql refuses such a uint64 as a query argument at run time;
// a Digest is therefore handed to drivers as the int64 with the same bits
// ([Digest.Value]) and read back from an integer or an 8-byte big-endian
// blob ([Digest.Scan]). Store it in a signed 64-bit column (BIGINT,
// INTEGER) or an 8-byte binary one (BYTEA, BLOB).
type Digest uint64

var (
	_ driver.Valuer = Digest(0)
	_ sql.Scanner   = (*Digest)(nil)
)

// ErrDigestSize is returned when bytes that should hold a [Digest] are not
// exactly 8 long.
var ErrDigestSize = errors.New("transactions: digest must be 8 bytes")

// Int64 returns the digest's bits as a signed integer, for a BIGINT column.
func (d Digest) Int64() int64 { return int64(d) }

// DigestFromInt64 is the inverse of [Digest.Int64].
func DigestFromInt64(v int64) Digest { return Digest(v) }

// Bytes returns the digest as 8 big-endian bytes, for a binary column.
func (d Digest) Bytes() [8]byte {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(d))
	return b
}

// DigestFromBytes is the inverse of [Digest.Bytes]. It returns an error
// matching [ErrDigestSize] unless len(b) is 8.
func DigestFromBytes(b []byte) (Digest, error) {
	if len(b) != 8 {
		return 0, fmt.Errorf("%w, got %d", ErrDigestSize, len(b))
	}
	return Digest(binary.BigEndian.Uint64(b)), nil
}

// Value implements driver.Valuer: the digest as an int64 with the same
// bits, which every driver accepts.
func (d Digest) Value() (driver.Value, error) { return int64(d), nil }

// Scan implements sql.Scanner. It accepts an int64 (as written by
// [Digest.Value]) or 8 bytes (as written from [Digest.Bytes]); anything
// else, including NULL, is an error.
func (d *Digest) Scan(src any) error {
	switch v := src.(type) {
	case int64:
		*d = Digest(v)
		return nil
	case []byte:
		x, err := DigestFromBytes(v)
		if err != nil {
			return err
		}
		*d = x
		return nil
	case nil:
		return errors.New("transactions: scan digest: NULL")
	}
	return fmt.Errorf("transactions: scan digest: unsupported type %T", src)
}
