package launch_test

import (
	"errors"
	"fmt"
	"os"

	"github.com/fcsdk/fcsdk/internal/launch"
)

// A package that starts a server for tests describes its binary once, and
// its Start reports a failed launch through Binary.Report:
//
//	func Start(tb testing.TB) *Server {
//		s, err := Launch() // binary.Find, binary.Start, Process.WaitReady
//		if err != nil {
//			binary.Report(tb, err) // skips when missing (outside CI), else fails
//			return nil
//		}
//		tb.Cleanup(s.Stop)
//		return s
//	}
func ExampleBinary_Find() {
	errNotFound := errors.New("demo: demo-server not found")
	binary := launch.Binary{
		Pkg:         "demo",
		Name:        "demo-server",
		Env:         "DEMO_SERVER_BIN",
		Dirs:        func() []string { return []string{"/nonexistent/bin"} },
		ErrNotFound: errNotFound,
		Install:     "apt-get install demo-server",
	}
	os.Unsetenv("DEMO_SERVER_BIN")
	_, err := binary.Find()
	fmt.Println(errors.Is(err, errNotFound))
	fmt.Println(err)
	// Output:
	// true
	// demo: demo-server not found on PATH or in /nonexistent/bin (or set DEMO_SERVER_BIN)
}
