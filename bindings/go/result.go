package licensespring

import "C"

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// handlesReleased counts the native handles (clients and results) released so far, by Close or
// by a finalizer; the tests watch it to see finalizers free what was dropped.
var handlesReleased atomic.Int64

// resultHandle owns a result an operation returned. Every value read from it, list items
// included, borrows from it, so it stays reachable (and unfreed) while any of them is.
type resultHandle struct {
	mu  sync.RWMutex // read-held by readers, write-held by close
	ptr *lsResult
}

func (h *resultHandle) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.ptr != nil {
		lsResultFree(h.ptr)
		h.ptr = nil
		handlesReleased.Add(1)
		runtime.SetFinalizer(h, nil)
	}
}

// result is what every result type (License, Feature...) is made of: the value it reads (the
// result itself or one of its list items) and the handle that owns it.
type result struct {
	h   *resultHandle
	ptr *lsResult
}

func newResult(ptr *lsResult) *result {
	h := &resultHandle{ptr: ptr}
	runtime.SetFinalizer(h, (*resultHandle).close)
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
	r.h.mu.RLock()
	defer r.h.mu.RUnlock() // also keeps r.h, and so the native result, reachable meanwhile
	if r.h.ptr == nil {
		return closedError("result")
	}
	var e *lsError
	if s := fn(r.ptr, &e); s != StatusOK {
		return takeError(s, e)
	}
	return nil
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
