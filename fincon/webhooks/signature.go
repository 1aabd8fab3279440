package webhooks

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"github.com/stripe/stripe-go/v82/webhook"
)

// signatureHeader is a parsed Stripe-Signature header:
// "t=1700000000,v1=<hex>,v1=<hex>,v0=<hex>".
type signatureHeader struct {
	timestamp  int64
	signatures [][]byte
}

// parseSignatureHeader parses a Stripe-Signature header like stripe-go's
// webhook package does, a little more strictly: every element must be
// key=value with exactly one '=', t must be present once and be an
// integer; v1 values that are not 32 bytes of hex are ignored, as are
// unknown keys (v0, future schemes). A header without a usable v1
// signature is ErrNoValidSignature.
func parseSignatureHeader(header string) (signatureHeader, error) {
	var sh signatureHeader
	if header == "" {
		return sh, ErrNotSigned
	}
	seenT := false
	for pair := range strings.SplitSeq(header, ",") {
		key, value, ok := strings.Cut(pair, "=")
		if !ok || strings.Contains(value, "=") {
			return sh, ErrInvalidHeader
		}
		switch key {
		case "t":
			if seenT {
				return sh, ErrInvalidHeader
			}
			ts, err := strconv.ParseInt(value, 10, 64)
			if err != nil {
				return sh, ErrInvalidHeader
			}
			sh.timestamp, seenT = ts, true
		case "v1":
			if len(value) != 2*sha256.Size {
				continue
			}
			sig, err := hex.DecodeString(value)
			if err != nil {
				continue
			}
			sh.signatures = append(sh.signatures, sig)
		}
	}
	if !seenT {
		return sh, ErrInvalidHeader
	}
	if len(sh.signatures) == 0 {
		return sh, ErrNoValidSignature
	}
	return sh, nil
}

// verifySignature checks header against payload and secret at time now.
// It checks the HMAC first, so that a timestamp error always concerns a
// message Stripe really signed (a delayed or replayed delivery).
//
// stripe-go's webhook.ValidatePayloadWithTolerance reads time.Now and
// accepts any timestamp in the future; this check uses the handler's clock
// and rejects skew in both directions.
func verifySignature(payload []byte, header, secret string, now time.Time, tolerance time.Duration) error {
	sh, err := parseSignatureHeader(header)
	if err != nil {
		return err
	}
	ts := time.Unix(sh.timestamp, 0)
	want := webhook.ComputeSignature(ts, payload, secret)
	valid := false
	for _, sig := range sh.signatures {
		if hmac.Equal(want, sig) {
			valid = true
		}
	}
	if !valid {
		return ErrNoValidSignature
	}
	if d := now.Sub(ts); d > tolerance || d < -tolerance {
		return &TimestampError{Timestamp: ts, Now: now, Tolerance: tolerance}
	}
	return nil
}
