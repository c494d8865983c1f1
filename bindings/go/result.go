package licensespring

import "C"

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// handlesReleased counts the native handles (clients, stores and results) released so far, by
// Close or by a finalizer; the tests watch it to see finalizers free what was dropped.
var handlesReleased atomic.Int64

// handle owns one native object: calls read-hold it and close write-holds it, so Close waits for
// the calls in progress and a later use fails with ErrClosed.
type handle[P comparable] struct {
	mu   sync.RWMutex
	ptr  P // the zero value once closed
	free func(P)
}

// own makes h free ptr when closed, or when h is collected.
func (h *handle[P]) own(free func(P)) {
	h.free = free
	runtime.SetFinalizer(h, (*handle[P]).close)
}

func (h *handle[P]) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if closed := *new(P); h.ptr != closed {
		h.free(h.ptr)
		h.ptr = closed
		handlesReleased.Add(1)
		runtime.SetFinalizer(h, nil)
	}
}

// use runs fn with the native object while h is kept open; what names it in the error after Close.
func (h *handle[P]) use(what string, fn func(P) error) error {
	h.mu.RLock()
	defer h.mu.RUnlock() // also keeps h, and so the native object, reachable meanwhile
	if h.ptr == *new(P) {
		return closedError(what)
	}
	return fn(h.ptr)
}

// try runs one native call and turns its failure into an *Error.
func try(call func(**lsError) Status) error {
	var e *lsError
	if s := call(&e); s != StatusOK {
		return takeError(s, e)
	}
	return nil
}

// result is what every result type (License, Feature...) is made of: the value it reads (the
// result itself or one of its list items) and the handle that owns it.
type result struct {
	h   *handle[*lsResult]
	ptr *lsResult
}

func newResult(ptr *lsResult) *result {
	h := &handle[*lsResult]{ptr: ptr}
	h.own(lsResultFree)
	return &result{h: h, ptr: ptr}
}

// close releases the whole result the value belongs to.
func (r *result) close() error {
	if r != nil {
		r.h.close()
	}
	return nil
}

// with runs fn with the value's handle while the result is kept open.
func (r *result) with(fn func(*lsResult, **lsError) Status) error {
	if r == nil {
		return closedError("result")
	}
	return r.h.use("result", func(*lsResult) error {
		return try(func(e **lsError) Status { return fn(r.ptr, e) })
	})
}

// get runs fn on the value of field f; strings in it are valid only during fn.
func (r *result) get(f lsField, fn func(*lsValue)) error {
	return r.with(func(p *lsResult, e **lsError) Status {
		var v lsValue
		s := lsResultGet(p, uint32(f), &v, e)
		if s == StatusOK {
			fn(&v)
		}
		return s
	})
}

// The typed readers behind the generated accessors: ok is false when the field is null or
// absent.

func (r *result) str(f lsField) (s string, ok bool, err error) {
	err = r.get(f, func(v *lsValue) {
		if ok = lsValueType(v.value_type) == valueString; ok {
			s = goString(v.string)
		}
	})
	return s, ok, err
}

func (r *result) integer(f lsField) (n int64, ok bool, err error) {
	err = r.get(f, func(v *lsValue) {
		if ok = lsValueType(v.value_type) == valueInt; ok {
			n = int64(v.integer)
		}
	})
	return n, ok, err
}

func (r *result) boolean(f lsField) (b bool, ok bool, err error) {
	err = r.get(f, func(v *lsValue) {
		if ok = lsValueType(v.value_type) == valueBool; ok {
			b = v.integer != 0
		}
	})
	return b, ok, err
}

// items reads the list field f: one value per item, borrowing from r's handle. An object field
// is read as a list of one (its integer is 1), a null field as none.
func (r *result) items(f lsField) (items []*result, err error) {
	err = r.with(func(p *lsResult, e **lsError) Status {
		var v lsValue
		s := lsResultGet(p, uint32(f), &v, e)
		if t := lsValueType(v.value_type); s != StatusOK || (t != valueList && t != valueObject) {
			return s
		}
		items = make([]*result, v.integer)
		for i := range items {
			var item *lsResult
			if s := lsResultItem(p, uint32(f), uint(i), &item, e); s != StatusOK {
				return s
			}
			items[i] = &result{h: r.h, ptr: item}
		}
		return StatusOK
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// object reads the object field f: the nested result, borrowing from r's handle.
func (r *result) object(f lsField) (*result, bool, error) {
	items, err := r.items(f)
	if len(items) != 1 {
		return nil, false, err
	}
	return items[0], true, nil
}

func (r *result) json() (s string, err error) {
	err = r.with(func(p *lsResult, e **lsError) Status {
		var out *cChar
		st := lsResultJSON(p, &out, e)
		s = goString(out)
		return st
	})
	return s, err
}

// goString copies a C string (NULL gives "").
func goString(s *cChar) string {
	if s == nil {
		return ""
	}
	return C.GoString(s)
}
