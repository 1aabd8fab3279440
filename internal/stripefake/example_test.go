package stripefake_test

import (
	"fmt"
	"io"
	"net/http"

	"github.com/fcsdk/fcsdk/internal/stripefake"
)

// A route answers 500 on its first attempt and 200 after; the Server
// records both calls.
func Example() {
	fake := stripefake.New().On("GET /v1/customers/cus_1", func(n int, _ stripefake.Call) stripefake.Reply {
		if n == 0 {
			return stripefake.Reply{Status: http.StatusInternalServerError, Body: stripefake.Error("api_error", "", "", "try again")}
		}
		return stripefake.Reply{Status: http.StatusOK, Body: `{"id":"cus_1","object":"customer"}`}
	})
	hc := &http.Client{Transport: fake}
	for range 2 {
		resp, err := hc.Get("http://stripe.invalid/v1/customers/cus_1")
		if err != nil {
			fmt.Println(err)
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		fmt.Println(resp.StatusCode, resp.Header.Get("Request-Id"), string(b))
	}
	fmt.Println(len(fake.Calls()), "calls")
	// Output:
	// 500 req_fake {"error":{"code":"","message":"try again","param":"","type":"api_error"}}
	// 200 req_fake {"id":"cus_1","object":"customer"}
	// 2 calls
}
