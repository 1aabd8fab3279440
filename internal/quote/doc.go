// Package quote bounds the text that error and log messages quote from
// caller or server input. Every such message quotes through it, so that a
// hostile input (a long string, invalid UTF-8 whose escapes are four times
// its size) can never make a message longer than a fixed bound.
package quote
