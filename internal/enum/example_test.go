package enum_test

import (
	"errors"
	"fmt"

	"github.com/fcsdk/fcsdk/internal/enum"
)

type Color string

func (c Color) Valid() bool { return c == "red" || c == "green" }

var ErrUnknownColor = errors.New("paint: unknown color")

var colorKind = enum.Kind{Pkg: "paint", Name: "color", Err: ErrUnknownColor,
	Detail: func([]string) string { return "valid: red, green" }}

func Example() {
	c, err := enum.Parse(colorKind, "red", Color.Valid)
	fmt.Println(c, err)

	_, err = enum.Parse(colorKind, "blue", Color.Valid)
	fmt.Println(errors.Is(err, ErrUnknownColor), err)

	fmt.Println(colorKind.Unknown("blue", "teal"))
	// Output:
	// red <nil>
	// true paint: unknown color "blue" (valid: red, green)
	// paint: unknown colors "blue", "teal" (valid: red, green)
}
