package fincon

import (
	"time"

	"github.com/fcsdk/fcsdk/permissions"
)

// guard fails with ErrPermissionNotGranted, without any request, when the
// client knows the permissions of account id and they lack p.
func (c *Client) guard(op, id string, p permissions.Permission) error {
	if id == "" {
		return paramErr(op, "", "id", "empty account id", nil)
	}
	if set, ok := c.perms.get(id); ok && !set.Has(p) {
		return notGranted(op, id, p)
	}
	return c.standardRefusal(op, "", id, p)
}

// Permissions returns the permissions the client has recorded for account
// id (from any account object it returned) and whether it knows them; an
// entry older than the permission cache TTL (WithPermissionCacheTTL) is not
// known any more.
func (c *Client) Permissions(id string) (permissions.Set, bool) { return c.perms.get(id) }

// permCacheSize bounds the permission cache; past it, arbitrary entries are
// evicted (an evicted account's permissions are learnt again on the next
// account read).
const permCacheSize = 4096

// permCache remembers account permissions for ttl on the client's clock.
// Permissions of a linked account only change when the user links it again
// through a new session; any account read updates the entry, and an entry
// older than ttl is treated as unknown.
type permCache = ttlCache[permissions.Set]

func newPermCache(n int, ttl time.Duration, clock Clock) *permCache {
	return newTTLCache[permissions.Set](n, ttl, clock)
}
