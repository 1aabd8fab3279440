package fctest

import "time"

// ownership is a snapshot of an account's owners.
type ownership struct {
	id      string
	account string
	created time.Time
	owners  []*owner
}

type owner struct {
	id, name, email, phone, rawAddress string
	refreshedAt                        time.Time
	ownership                          string
}

type ownerJSON struct {
	ID          string  `json:"id"`
	Object      string  `json:"object"`
	Email       *string `json:"email"`
	Name        string  `json:"name"`
	Ownership   string  `json:"ownership"`
	Phone       *string `json:"phone"`
	RawAddress  *string `json:"raw_address"`
	RefreshedAt *int64  `json:"refreshed_at"`
}

type ownershipJSON struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Created int64    `json:"created"`
	Owners  listJSON `json:"owners"`
}

func (o *owner) json() ownerJSON {
	return ownerJSON{
		ID: o.id, Object: "financial_connections.account_owner", Email: strPtr(o.email), Name: o.name,
		Ownership: o.ownership, Phone: strPtr(o.phone), RawAddress: strPtr(o.rawAddress),
		RefreshedAt: unixPtr(o.refreshedAt),
	}
}

func (s *Sim) ownershipJSON(o *ownership) ownershipJSON {
	var data []any
	for _, w := range o.owners {
		data = append(data, w.json())
	}
	return ownershipJSON{
		ID: o.id, Object: "financial_connections.account_ownership", Created: o.created.Unix(),
		Owners: newList("/v1/financial_connections/accounts/"+o.account+"/owners?ownership="+o.id, data, false),
	}
}

func handleListOwners(c *call) (any, *apiError) {
	a, aerr := c.account()
	if aerr != nil {
		return nil, aerr
	}
	oid, ok := c.form.str("ownership")
	if !ok || oid == "" {
		return nil, missingParam("ownership")
	}
	if !a.hasPerm("ownership") {
		return nil, permissionError(a, "ownership", "ownership")
	}
	if a.status == "disconnected" {
		return nil, disconnectedError(a)
	}
	o, ok := c.s.ownerships[oid]
	if !ok || o.account != a.id {
		return nil, noSuchParam("financial_connections.account_ownership", "ownership", oid)
	}
	ids := make([]string, len(o.owners))
	for i, w := range o.owners {
		ids[i] = w.id
	}
	lo, hi, more, aerr := paginate(c, ids)
	if aerr != nil {
		return nil, aerr
	}
	var data []any
	for _, w := range o.owners[lo:hi] {
		data = append(data, w.json())
	}
	return newList("/v1/financial_connections/accounts/"+a.id+"/owners", data, more), nil
}
