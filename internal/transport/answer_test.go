package transport

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v82"
)

// FuzzCheckAnswer decodes arbitrary JSON as an account and as a list page
// the way stripe-go does and checks them: no panic, and whatever passes has
// an id and the right kind.
func FuzzCheckAnswer(f *testing.F) {
	f.Add(`{"id":"fca_1","object":"financial_connections.account"}`)
	f.Add(`null`)
	f.Add(`{}`)
	f.Add(`{"error":{"type":"api_error"}}`)
	f.Add(`{"id":"fca_1","object":"financial_connections.account","error":null}`)
	f.Add(`{"object":"list","data":[{"id":"fca_1","object":"financial_connections.account"},null]}`)
	f.Add(`{"object":"list","data":[]}`)
	f.Fuzz(func(t *testing.T, s string) {
		raw := []byte(s)
		lr := &stripe.APIResponse{RawJSON: raw, StatusCode: 200}
		var a stripe.FinancialConnectionsAccount
		if json.Unmarshal(raw, &a) == nil {
			a.LastResponse = lr
			if checked(nil, &a) == nil && (a.ID == "" || a.Object != kindAccount || strings.Contains(s, `"error"`) && hasErrorObject(raw)) {
				t.Fatalf("accepted %q", s)
			}
		}
		type page struct {
			stripe.APIResource
			stripe.ListMeta
			Data []*stripe.FinancialConnectionsAccount `json:"data"`
		}
		var p page
		_ = json.Unmarshal(raw, &p)
		p.LastResponse = lr
		if err := checked(nil, &p); err == nil {
			if p.Data == nil {
				t.Fatalf("accepted a page without data: %q", s)
			}
			for _, row := range p.Data {
				if row == nil || row.ID == "" || row.Object != kindAccount {
					t.Fatalf("accepted row %+v of %q", row, s)
				}
			}
		} else if p.Data != nil || p.HasMore {
			t.Fatalf("failed page keeps rows or has_more: %q", s)
		}
	})
}
