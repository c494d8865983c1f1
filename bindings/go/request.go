package licensespring

import (
	"strings"
	"unsafe"
)

// Ptr returns a pointer to v, for the optional fields of a Request:
// Request{LicenseID: licensespring.Ptr[int64](1010), IsVM: licensespring.Ptr(false)}.
func Ptr[T any](v T) *T { return &v }

// toC builds the library's request from r; the caller frees it with lsRequestFree.
func (r *Request) toC() (*lsRequest, error) {
	var req *lsRequest
	var e *lsError
	if s := lsRequestNew(&req, &e); s != StatusOK {
		return nil, takeError(s, e)
	}
	b := builder{req: req}
	r.apply(&b) // generated: one setter call per request parameter
	for name, value := range r.Variables {
		if b.err == nil {
			b.err = noNUL("Request.Variables name", name, "Request.Variables["+name+"]", value)
		}
		b.do(func(e **lsError) Status { return lsRequestSetVariable(req, cString(name), cString(value), e) })
	}
	if b.err != nil {
		lsRequestFree(req)
		return nil, b.err
	}
	return req, nil
}

// builder sets parameters on a request until one fails; Request.apply calls it.
type builder struct {
	steps
	req *lsRequest
}

// str sets a string parameter; name is its Request field, for the NUL-byte error.
func (b *builder) str(p lsParam, name, value string) {
	if value != "" && b.err == nil {
		b.err = noNUL("Request."+name, value)
		b.do(func(e **lsError) Status { return lsRequestSetString(b.req, uint32(p), cString(value), e) })
	}
}

func (b *builder) integer(p lsParam, value *int64) {
	if value != nil {
		b.do(func(e **lsError) Status { return lsRequestSetInt(b.req, uint32(p), *value, e) })
	}
}

func (b *builder) boolean(p lsParam, value *bool) {
	if value != nil {
		b.do(func(e **lsError) Status { return lsRequestSetBool(b.req, uint32(p), *value, e) })
	}
}

// cString gives s as a NUL-terminated C string for the duration of one call. It lives in Go
// memory (the library copies its input strings before returning), which saves the C allocation
// and release that C.CString would cost.
func cString(s string) *cChar {
	b := make([]byte, len(s)+1)
	copy(b, s)
	return (*cChar)(unsafe.Pointer(&b[0]))
}

// noNUL refuses strings that cannot cross as C strings; args are name, value pairs.
func noNUL(nameValues ...string) error {
	for i := 0; i+1 < len(nameValues); i += 2 {
		if strings.IndexByte(nameValues[i+1], 0) >= 0 {
			return newError(StatusInvalidArgument, nameValues[i]+" contains a NUL byte", nil)
		}
	}
	return nil
}
