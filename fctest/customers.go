package fctest

import "time"

type customer struct {
	owner       string // the connected account it was created as, "" for the platform
	id          string
	created     time.Time
	name        string
	email       string
	phone       string
	description string
	metadata    map[string]string
}

type customerJSON struct {
	ID          string            `json:"id"`
	Object      string            `json:"object"`
	Created     int64             `json:"created"`
	Description *string           `json:"description"`
	Email       *string           `json:"email"`
	Livemode    bool              `json:"livemode"`
	Metadata    map[string]string `json:"metadata"`
	Name        *string           `json:"name"`
	Phone       *string           `json:"phone"`
}

func (c *customer) json() customerJSON {
	md := c.metadata
	if md == nil {
		md = map[string]string{}
	}
	return customerJSON{
		ID: c.id, Object: "customer", Created: c.created.Unix(), Description: strPtr(c.description),
		Email: strPtr(c.email), Metadata: md, Name: strPtr(c.name), Phone: strPtr(c.phone),
	}
}

func handleCreateCustomer(c *call) (any, *apiError) {
	s := c.s
	cu := &customer{owner: c.acting, id: s.newID("cus_"), created: c.now, metadata: metadataOf(c.form)}
	cu.name, _ = c.form.str("name")
	cu.email, _ = c.form.str("email")
	cu.phone, _ = c.form.str("phone")
	cu.description, _ = c.form.str("description")
	s.customers[cu.id] = cu
	s.stats.created["customer"]++
	return cu.json(), nil
}

func handleGetCustomer(c *call) (any, *apiError) {
	cu, ok := c.s.customers[c.ids[0]]
	if !ok || cu.owner != c.acting {
		return nil, noSuch("customer", "id", c.ids[0])
	}
	return cu.json(), nil
}

func (s *Sim) parseCustomer(f *form) (string, *apiError) {
	id, ok := f.str("customer")
	if !ok || id == "" {
		return "", nil
	}
	if _, ok := s.customers[id]; !ok {
		return "", noSuchParam("customer", "customer", id)
	}
	return id, nil
}
