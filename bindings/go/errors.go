package licensespring

import (
	"errors"
	"fmt"
)

// Error is every failure reported by the library: the status, its name, and the detail the
// library handed back with the failed call. The group of a status is its Category, decided by
// the library; test for a group with errors.Is and the Err* group sentinels (one per category,
// in api_generated.go), or read the fields with errors.As:
//
//	var lsErr *licensespring.Error
//	if errors.Is(err, licensespring.ErrLicense) && errors.As(err, &lsErr) {
//		fmt.Println(lsErr.ServerCode) // e.g. "license_expired"
//	}
//
// A call cancelled through its context (the *Context methods) fails with StatusCancelled, in
// ErrCancelled, and its error also matches ctx.Err(): context.Canceled or
// context.DeadlineExceeded.
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

	cause error // ErrClosed, or the context's error of a cancelled call
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

// Unwrap returns ErrClosed for a use of a closed handle, the context's error for a cancelled
// call, nil otherwise.
func (e *Error) Unwrap() error { return e.cause }

// groupError is the type of the group sentinels.
type groupError struct{ category Category }

func (g *groupError) Error() string { return "licensespring: " + g.category.String() + " error" }

// ErrClosed is wrapped by the *Error returned when a closed Client or result is used. That
// error has status StatusNullArgument (the handle is gone), so it is also ErrInvalidArgument.
var ErrClosed = errors.New("licensespring: use of a closed handle")

// takeError turns the error object of a failed call into an *Error and frees the object.
func takeError(status Status, e *lsError) *Error {
	if e == nil { // not handed over: only when the library could not allocate it
		return newError(status, status.Description(), nil)
	}
	defer lsErrorFree(e)
	s := Status(e.status)
	return &Error{
		Status:     s,
		StatusName: s.String(),
		ServerCode: goString(e.server_code),
		HTTPStatus: int(e.http_status),
		RetryAfter: int64(e.retry_after_secs),
		Message:    goString(e.message),
		Category:   s.Category(),
	}
}

// newError builds an *Error for a failure detected in Go before calling the library (a closed
// handle, a string containing NUL); the name and category still come from the library.
func newError(status Status, message string, cause error) *Error {
	return &Error{
		Status:     status,
		StatusName: status.String(),
		RetryAfter: -1,
		Message:    message,
		Category:   status.Category(),
		cause:      cause,
	}
}

func closedError(what string) *Error {
	return newError(StatusNullArgument, what+" is closed", ErrClosed)
}

// String is the status constant's name, e.g. "LS_ERR_TIMEOUT" ("LS_UNKNOWN_STATUS" for a
// number that is not a status).
func (s Status) String() string { return goString(lsStatusName(int32(s))) }

// Description is the library's one-line English description of the status.
func (s Status) Description() string { return goString(lsStatusDescription(int32(s))) }

// Category is the status's group, as the library decides it.
func (s Status) Category() Category { return lsStatusCategory(int32(s)) }
