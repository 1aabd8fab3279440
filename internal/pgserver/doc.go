// Package pgserver starts a throw-away PostgreSQL cluster for tests.
//
// [Start] runs initdb (trust authentication, no fsync) on a fresh temporary
// directory, then the postgres server on 127.0.0.1 and a free port with no
// Unix socket, waits until it answers and reports that very data
// directory, and stops it (immediate shutdown) and removes the directory
// in the test's Cleanup. PostgreSQL refuses to run as root, so when the
// test runs as root the cluster runs as the "postgres" system user that
// the Debian package creates. A start takes about a second.
//
// The binaries are those in the directory of the postgres binary named by
// the PGSERVER_BIN environment variable if set, else postgres on PATH,
// else the newest /usr/lib/postgresql/*/bin (where the Debian package
// postgresql puts them). When they are not found, the test is skipped with
// the command that installs them (apt-get install postgresql) — unless the
// CI environment variable is non-empty, in which case the test fails: CI
// must run these tests, never skip them. .ci/run installs the package.
package pgserver
