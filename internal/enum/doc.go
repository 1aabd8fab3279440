// Package enum builds the one error that every Parse function of the
// module returns for a name that is not a value of its enum type (STYLE.md
// convention 6).
//
// A package declares each of its enum types once as a [Kind]: the package
// name that starts the message, what the type is called, and the package's
// sentinel the error matches with errors.Is. [Parse] converts a string
// with the type's Valid method; [Kind.Unknown] reports names that a set
// parse found unknown. Every such error reads
//
//	<pkg>: unknown <kind> "<name>"
//
// with the name quoted and bounded by internal/quote, followed by the
// kind's optional detail in parentheses (the valid values, a hint). There
// is no exported error type: the caller of a Parse function already has
// the kind (the function it called) and the value (what it passed), the
// sentinel says what went wrong, and the message says it to a person.
package enum
