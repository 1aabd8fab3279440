module github.com/fcsdk/fcsdk

go 1.26.0

require (
	github.com/hashicorp/go-cleanhttp v0.5.2 // indirect
	github.com/hashicorp/go-retryablehttp v0.7.8 // indirect
	github.com/stripe/stripe-go/v82 v82.5.1 // indirect
	golang.org/x/time v0.16.0 // indirect
)
