package fincon

import "iter"

// Collect ranges over seq — any of the client's lists, such as Owners,
// ListAccounts or Transactions — and returns its elements as a slice. At
// the first error it stops and returns the elements yielded before it with
// that error (the lists yield an error as their last element), so
//
//	owners, err := fincon.Collect(client.Owners(ctx, "fca_123"))
//
// gives either every owner and a nil error, or the owners read before the
// failure and the error. A sequence without elements gives a nil slice.
// Collect reads the whole list; range over seq instead to stop early or to
// bound memory.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
