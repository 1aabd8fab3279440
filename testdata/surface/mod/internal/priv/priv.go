// Package priv is internal: not counted, but its length is.
package priv

// X is exported from an internal package.
var X = 1
