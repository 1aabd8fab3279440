package fctest

import (
	"net/http"
	"sort"
	"strconv"
)

// listJSON is Stripe's list envelope.
type listJSON struct {
	Object  string `json:"object"`
	Data    []any  `json:"data"`
	HasMore bool   `json:"has_more"`
	URL     string `json:"url"`
}

func newList(url string, data []any, hasMore bool) listJSON {
	if data == nil {
		data = []any{}
	}
	return listJSON{Object: "list", Data: data, HasMore: hasMore, URL: url}
}

const (
	defaultListLimit = 10
	maxListLimit     = 100
)

// paginate applies limit, starting_after and ending_before to ids (already
// in list order) and returns the selected index range [lo, hi) and whether
// more items lie beyond it in the direction of travel.
func paginate(c *call, ids []string) (lo, hi int, hasMore bool, aerr *apiError) {
	limit := defaultListLimit
	if v, ok := c.form.str("limit"); ok {
		n, err := strconv.Atoi(v)
		if err != nil {
			return 0, 0, false, invalidRequestCode(codeParameterInvalidInt, "limit", "Invalid integer: limit must be an integer.")
		}
		if n < 1 || n > maxListLimit {
			return 0, 0, false, invalidRequest("limit", "This value must be greater than or equal to 1 and less than or equal to %d.", maxListLimit)
		}
		limit = n
	}
	after, hasAfter := c.form.str("starting_after")
	before, hasBefore := c.form.str("ending_before")
	if hasAfter && hasBefore {
		return 0, 0, false, invalidRequest("starting_after", "You may only specify one of these parameters: ending_before, starting_after.")
	}
	index := func(param, id string) (int, *apiError) {
		for i, x := range ids {
			if x == id {
				return i, nil
			}
		}
		e := invalidRequestCode(codeResourceMissing, param, "No such object: '%s'", id)
		e.Status = http.StatusBadRequest
		return 0, e
	}
	switch {
	case hasAfter:
		i, e := index("starting_after", after)
		if e != nil {
			return 0, 0, false, e
		}
		lo = i + 1
		hi = min(lo+limit, len(ids))
		return lo, hi, hi < len(ids), nil
	case hasBefore:
		i, e := index("ending_before", before)
		if e != nil {
			return 0, 0, false, e
		}
		hi = i
		lo = max(hi-limit, 0)
		return lo, hi, lo > 0, nil
	default:
		hi = min(limit, len(ids))
		return 0, hi, hi < len(ids), nil
	}
}

// sortedByCreation returns ids newest first (Stripe's list order).
func (s *Sim) sortedByCreation(ids []string) []string {
	out := append([]string(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return s.order[out[i]] > s.order[out[j]] })
	return out
}
