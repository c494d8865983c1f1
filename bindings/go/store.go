package licensespring

import "context"

// Store is one product's license kept on this device (README.md, "The license store"): activated
// or loaded once, then checked locally, or online with a grace window while the server cannot
// be reached. Its methods (api_generated.go) take the Client whose keys seal the file. It is safe
// for concurrent use; processes may share its folder; the stored license outlives Close.
type Store struct{ handle[*lsStore] }

// NewStore opens product's store in folder, or with folder "" in the per-user folder the vendor
// SDKs use ($HOME/.LicenseSpring/LicenseSpring/<product> on Linux and macOS). It does not touch
// the disk.
func NewStore(folder, product string) (*Store, error) {
	var dir *cChar // NULL: the default folder
	if folder != "" {
		dir = cString(folder)
	}
	s, b := &Store{}, steps{CheckABI()}
	if b.err == nil {
		b.err = noNUL("folder", folder, "product", product)
	}
	b.do(func(e **lsError) Status { return lsStoreNew(dir, cString(product), &s.ptr, e) })
	if b.err != nil {
		return nil, b.err
	}
	s.own(lsStoreFree)
	return s, nil
}

// Close releases the store, waiting for calls in progress. Closing twice is harmless; any later
// call returns an *Error wrapping ErrClosed.
func (s *Store) Close() error {
	s.close()
	return nil
}

// do runs fn with the native store, kept open meanwhile.
func (s *Store) do(fn func(*lsStore, **lsError) Status) error {
	return s.use("Store", func(p *lsStore) error { return try(func(e **lsError) Status { return fn(p, e) }) })
}

// call runs fn with the native store and what Client.with gives: the client, req built, a cancel
// handle for ctx.
func (s *Store) call(ctx context.Context, c *Client, req *Request, fn func(*lsStore, *lsClient, *lsRequest, *lsCancel, **lsError) Status) error {
	return s.use("Store", func(p *lsStore) error {
		return c.with(ctx, req, func(cl *lsClient, r *lsRequest, cancel *lsCancel, e **lsError) Status { return fn(p, cl, r, cancel, e) })
	})
}
