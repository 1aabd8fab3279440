package fincon_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/fcsdk/fcsdk/fincon"
)

// TestPublishableKeyRefused: the error is typed, names the kind of key
// (publishable, pk_) and never quotes the key.
func TestPublishableKeyRefused(t *testing.T) {
	t.Parallel()
	const key = "pk_live_51SuperSecretLookingPart"
	_, err := fincon.New(key)
	var pe *fincon.ParamError
	if !errors.As(err, &pe) || !errors.Is(err, fincon.ErrInvalidAPIKey) || pe.Param != "api key" || !strings.Contains(pe.Reason, "publishable key (pk_)") {
		t.Fatalf("err = %v, want a *ParamError for the api key naming pk_", err)
	}
	if msg := err.Error(); strings.Contains(msg, key[8:]) {
		t.Errorf("error %q quotes the key", msg)
	}
}
