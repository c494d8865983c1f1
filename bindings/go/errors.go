package licensespring

import (
	"errors"
	"fmt"
)

// Error is every failure reported by the library: the status, its name, and the detail the
// library recorded for the failing call. The group of a status is its Category, decided by
// the library (ls_status_category); test for a group with errors.Is and the Err* group
// sentinels, or read the fields with errors.As:
//
//	var lsErr *licensespring.Error
//	if errors.Is(err, licensespring.ErrLicense) && errors.As(err, &lsErr) {
//		fmt.Println(lsErr.ServerCode) // e.g. "license_expired"
//	}
type Error struct {
	// Status is the library's status number.
	Status Status
	// StatusName is the status constant's name, e.g. "LS_ERR_LICENSE_EXPIRED".
	StatusName string
	// ServerCode is the server's error code, e.g. "license_expired"; "" when it sent none.
	ServerCode string
	// HTTPStatus is the HTTP status of the response; 0 when no response arrived.
	HTTPStatus int
	// RetryAfter is the number of seconds the server asked to wait (Retry-After); -1 when it
	// did not say.
	RetryAfter int64
	// Message is the library's message (never contains keys, passwords or tokens).
	Message string
	// Category is the status's group.
	Category Category

	cause error
}

func (e *Error) Error() string {
	msg := "licensespring: " + e.StatusName
	switch {
	case e.ServerCode != "" && e.HTTPStatus != 0:
		msg += fmt.Sprintf(" (%s, HTTP %d)", e.ServerCode, e.HTTPStatus)
	case e.ServerCode != "":
		msg += " (" + e.ServerCode + ")"
	case e.HTTPStatus != 0:
		msg += fmt.Sprintf(" (HTTP %d)", e.HTTPStatus)
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	return msg
}

// Is reports whether target is the group sentinel of e's category (ErrLicense, ErrNetwork...).
func (e *Error) Is(target error) bool {
	g, ok := target.(*groupError)
	return ok && g.category == e.Category
}

// Unwrap returns ErrClosed for a use of a closed handle, nil otherwise.
func (e *Error) Unwrap() error { return e.cause }

type groupError struct {
	category Category
	name     string
}

func (g *groupError) Error() string { return "licensespring: " + g.name + " error" }

// The groups of errors, one per Category; errors.Is(err, ErrLicense) is true for any *Error
// whose Category is CategoryLicense, and so on.
var (
	// ErrInvalidArgument: the caller's input was refused, locally or by the server's
	// request validation.
	ErrInvalidArgument error = &groupError{CategoryInvalidArgument, "invalid argument"}
	// ErrNetwork: no usable response (connect, timeout, TLS, proxy, connection lost).
	ErrNetwork error = &groupError{CategoryNetwork, "network"}
	// ErrAuthorization: the server refused the credentials or the request signature.
	ErrAuthorization error = &groupError{CategoryAuthorization, "authorization"}
	// ErrLicense: the server refused because of the license's or the device's state.
	ErrLicense error = &groupError{CategoryLicense, "license"}
	// ErrVerification: the response's signature is missing or invalid.
	ErrVerification error = &groupError{CategoryVerification, "verification"}
	// ErrServer: the server failed or answered something unusable.
	ErrServer error = &groupError{CategoryServer, "server"}
	// ErrInternal: a bug inside the library.
	ErrInternal error = &groupError{CategoryInternal, "internal"}
)

// ErrClosed is wrapped by the *Error returned when a closed Client or License is used. That
// error has status StatusNullArgument (the handle is gone), so it is also ErrInvalidArgument.
var ErrClosed = errors.New("licensespring: use of a closed handle")

// newError builds an *Error for a failure detected in Go before calling the library (a closed
// handle, a string containing NUL); the category still comes from the library.
func newError(status Status, message string, cause error) *Error {
	return &Error{
		Status:     status,
		StatusName: rawStatusName(status),
		RetryAfter: -1,
		Message:    message,
		Category:   rawStatusCategory(status),
		cause:      cause,
	}
}

func closedError(what string) *Error {
	return newError(StatusNullArgument, what+" is closed", ErrClosed)
}

// String is the status constant's name, e.g. "LS_ERR_TIMEOUT" ("LS_UNKNOWN_STATUS" for a
// number that is not a status).
func (s Status) String() string { return rawStatusName(s) }

// Description is the library's one-line English description of the status.
func (s Status) Description() string { return rawStatusDescription(s) }

// Category is the status's group, as the library decides it.
func (s Status) Category() Category { return rawStatusCategory(s) }

// String is the category's name, e.g. "license".
func (c Category) String() string {
	switch c {
	case CategoryNone:
		return "none"
	case CategoryInvalidArgument:
		return "invalid argument"
	case CategoryNetwork:
		return "network"
	case CategoryAuthorization:
		return "authorization"
	case CategoryLicense:
		return "license"
	case CategoryVerification:
		return "verification"
	case CategoryServer:
		return "server"
	case CategoryInternal:
		return "internal"
	}
	return fmt.Sprintf("Category(%d)", int32(c))
}
