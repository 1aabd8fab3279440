// Package claims holds what the shared webhook replay stores keep per
// process: the random token of each claim this process holds, so that a
// Release frees only its own claim, never one another replica took after
// the lease ran out.
package claims
