// Package redisserver starts a throw-away redis-server for tests.
//
// [Start] launches the redis-server binary of the Debian package redis-server
// on 127.0.0.1 and a free port, with persistence off (--save "" --appendonly
// no) and its working directory in a temporary directory, waits until it
// answers PING and INFO server names its process id (another redis-server
// that took the port first does not count: Start then retries on another
// port), and stops it in the test's Cleanup. A start takes a few
// milliseconds, so every test gets its own server; tests never share state.
//
// The binary is the file named by the REDIS_SERVER_BIN environment variable
// if set, else "redis-server" on PATH, else /usr/bin/redis-server or
// /usr/sbin/redis-server. A wrapper script given there must exec
// redis-server, so that the server's process id is the one started. When it is not found, the test is skipped with the
// command that installs it (apt-get install redis-server) — unless the CI
// environment variable is non-empty, in which case the test fails: CI must
// run these tests, never skip them.
package redisserver
