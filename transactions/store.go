package transactions

import (
	"context"
	"strings"
	"sync"

	"github.com/fcsdk/fcsdk/balances"
)

// MemoryStore is an in-memory [Store]: a reference implementation for
// tests and short-lived processes. It is not durable, so it cannot make a
// sync survive a process restart. It keeps about 40 bytes plus the id per
// transaction. The zero value is ready to use and it is safe for
// concurrent use.
type MemoryStore struct {
	mu       sync.Mutex
	accounts map[string]*memAccount
}

var _ Store = (*MemoryStore)(nil)

type memAccount struct {
	cursor string
	states map[string]memState
}

// memState is State without its id (the map key), in 24 bytes.
type memState struct {
	amount int64
	digest Digest
	status uint8
	cur    [3]byte
}

var statusCodes = [...]Status{0: "", 1: Pending, 2: Posted, 3: Void}

func statusCode(s Status) uint8 {
	switch s {
	case Pending:
		return 1
	case Posted:
		return 2
	case Void:
		return 3
	}
	return 0
}

func (m *MemoryStore) account(id string, create bool) *memAccount {
	a := m.accounts[id]
	if a == nil && create {
		if m.accounts == nil {
			m.accounts = make(map[string]*memAccount)
		}
		a = &memAccount{states: make(map[string]memState)}
		m.accounts[strings.Clone(id)] = a
	}
	return a
}

// Cursor implements [Store].
func (m *MemoryStore) Cursor(_ context.Context, account string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a := m.account(account, false); a != nil {
		return a.cursor, nil
	}
	return "", nil
}

// SetCursor implements [Store].
func (m *MemoryStore) SetCursor(_ context.Context, account, refresh string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.account(account, true).cursor = refresh
	return nil
}

// Get implements [Store].
func (m *MemoryStore) Get(_ context.Context, account, id string) (State, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.account(account, false)
	if a == nil {
		return State{}, false, nil
	}
	ms, ok := a.states[id]
	if !ok {
		return State{}, false, nil
	}
	var cur balances.Currency
	switch {
	case ms.cur == [3]byte{'u', 's', 'd'}:
		cur = balances.USD
	case ms.cur[0] != 0:
		cur = balances.Currency(ms.cur[:])
	}
	return State{
		ID:     id,
		Status: statusCodes[ms.status],
		Amount: balances.Money{Amount: ms.amount, Currency: cur},
		Digest: ms.digest,
	}, true, nil
}

// Put implements [Store]. It keeps st only, not row. Statuses other than
// pending, posted and void and currencies longer than three bytes are not
// representable and are stored as empty.
func (m *MemoryStore) Put(_ context.Context, account string, st State, _ Transaction) error {
	ms := memState{amount: st.Amount.Amount, digest: st.Digest, status: statusCode(st.Status)}
	if len(st.Amount.Currency) == 3 {
		copy(ms.cur[:], st.Amount.Currency)
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.account(account, true)
	if _, ok := a.states[st.ID]; ok {
		a.states[st.ID] = ms // keep the existing key
	} else {
		a.states[strings.Clone(st.ID)] = ms
	}
	return nil
}

// Len returns how many transaction states are recorded for account.
func (m *MemoryStore) Len(account string) int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if a := m.account(account, false); a != nil {
		return len(a.states)
	}
	return 0
}
