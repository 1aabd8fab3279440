// Package leakcheck finds secret values in output that must carry none:
// log lines, error strings and the %v, %+v and %#v of returned values.
//
// A leak test collects the secrets it knows ([Secrets.Add]: API keys,
// webhook signing secrets, test account numbers) and those the server
// handed out ([Secrets.Harvest] over the response bodies a [Responses]
// recorded: client secrets, routing and account numbers), renders every
// log record through a [Logs] handler at debug level, gathers what it
// printed as [Exhibit] values ([Dump] gives the three fmt verbs of a
// value), and calls [Secrets.Scan].
//
// A secret is also looked for in part: the part of a client secret after
// "_secret_", and the last 16 characters of an API key (sk_…) or a webhook
// signing secret (whsec_…), so a truncated or partly masked secret is found
// too.
//
// # It cannot pass vacuously
//
// [Secrets.Scan] returns [ErrNoSecrets] when there is nothing to look for
// and [ErrNoExhibits] when there is nothing to look in;
// [Secrets.Missing] names the kinds of secret a test expected to harvest
// but did not; [Secrets.SelfCheck] plants every secret in a log record, an
// error and a struct and reports any that the scan would miss.
//
// Reports name secrets, never print them: a [Leak]'s excerpt shows each
// secret value as "[leak: name]".
package leakcheck
