package licensespring

import (
	"runtime"
	"sync"
)

// License is a license returned by Client.Activate or Client.Check. Its accessors read the
// library's parsed copy of the verified response. Close it when done (a finalizer frees it
// otherwise); after Close every accessor returns an *Error wrapping ErrClosed. It is safe for
// concurrent use.
type License struct {
	mu  sync.RWMutex // read-held by accessors, write-held by Close
	ptr *cLicense
}

// Feature is one product feature of a license.
type Feature struct {
	Code string
	Name string
}

// CustomField is one custom field of a license. A non-string value is given as its JSON
// text, a null as "".
type CustomField struct {
	Name  string
	Value string
}

func newLicense(ptr *cLicense) *License {
	l := &License{ptr: ptr}
	runtime.SetFinalizer(l, (*License).Close)
	return l
}

// Close releases the license. Closing twice is harmless.
func (l *License) Close() error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.ptr != nil {
		rawLicenseFree(l.ptr)
		l.ptr = nil
		runtime.SetFinalizer(l, nil)
	}
	return nil
}

// use runs fn with the license's handle, keeping the license alive and open meanwhile.
func (l *License) use(fn func(*cLicense) error) error {
	if l == nil {
		return closedError("License")
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	if l.ptr == nil {
		return closedError("License")
	}
	err := fn(l.ptr)
	runtime.KeepAlive(l)
	return err
}

func (l *License) str(which licenseString) (s string, ok bool, err error) {
	err = l.use(func(p *cLicense) (err error) {
		s, ok, err = rawLicenseString(p, which)
		return err
	})
	return s, ok, err
}

func (l *License) boolean(which licenseBool) (b bool, err error) {
	err = l.use(func(p *cLicense) (err error) {
		b, err = rawLicenseBool(p, which)
		return err
	})
	return b, err
}

func (l *License) integer(which licenseInt) (n int64, err error) {
	err = l.use(func(p *cLicense) (err error) {
		n, err = rawLicenseInt(p, which)
		return err
	})
	return n, err
}

// JSON is the response body exactly as received and verified.
func (l *License) JSON() (string, error) {
	s, _, err := l.str(licJSON)
	return s, err
}

// ID is the license's id.
func (l *License) ID() (int64, error) { return l.integer(licID) }

// Key is the license key; ok is false for user-based licenses.
func (l *License) Key() (key string, ok bool, err error) { return l.str(licKey) }

// Type is license_type ("perpetual", "time-limited", "subscription", "consumption"); ok is
// false if the server sent none.
func (l *License) Type() (licenseType string, ok bool, err error) { return l.str(licType) }

// IsActive is license_active (false if absent).
func (l *License) IsActive() (bool, error) { return l.boolean(licIsActive) }

// IsEnabled is license_enabled (false if absent).
func (l *License) IsEnabled() (bool, error) { return l.boolean(licIsEnabled) }

// IsExpired is is_expired (false if absent).
func (l *License) IsExpired() (bool, error) { return l.boolean(licIsExpired) }

// IsTrial is is_trial (false if absent).
func (l *License) IsTrial() (bool, error) { return l.boolean(licIsTrial) }

// ValidityPeriod is the expiry as the server wrote it (ISO 8601); ok is false when the
// license does not expire.
func (l *License) ValidityPeriod() (validity string, ok bool, err error) {
	return l.str(licValidityPeriod)
}

// TimesActivated is times_activated (0 if absent).
func (l *License) TimesActivated() (int64, error) { return l.integer(licTimesActivated) }

// MaxActivations is max_activations (0 if absent).
func (l *License) MaxActivations() (int64, error) { return l.integer(licMaxActivations) }

// FeatureCount is the number of product features.
func (l *License) FeatureCount() (n int, err error) {
	err = l.use(func(p *cLicense) (err error) {
		n, err = rawLicenseFeatureCount(p)
		return err
	})
	return n, err
}

// FeatureCode is the code of feature index (0-based); an index past the end is
// StatusIndexOutOfRange.
func (l *License) FeatureCode(index int) (code string, err error) {
	err = l.use(func(p *cLicense) (err error) {
		code, err = rawLicenseFeatureCode(p, index)
		return err
	})
	return code, err
}

// FeatureName is the name of feature index (0-based).
func (l *License) FeatureName(index int) (name string, err error) {
	err = l.use(func(p *cLicense) (err error) {
		name, err = rawLicenseFeatureName(p, index)
		return err
	})
	return name, err
}

// Features are the product features, in the server's order.
func (l *License) Features() (features []Feature, err error) {
	err = l.use(func(p *cLicense) error {
		n, err := rawLicenseFeatureCount(p)
		if err != nil {
			return err
		}
		features = make([]Feature, n)
		for i := range features {
			if features[i].Code, err = rawLicenseFeatureCode(p, i); err != nil {
				return err
			}
			if features[i].Name, err = rawLicenseFeatureName(p, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return features, nil
}

// CustomFieldCount is the number of custom fields.
func (l *License) CustomFieldCount() (n int, err error) {
	err = l.use(func(p *cLicense) (err error) {
		n, err = rawLicenseCustomFieldCount(p)
		return err
	})
	return n, err
}

// CustomFieldName is the name of custom field index (0-based).
func (l *License) CustomFieldName(index int) (name string, err error) {
	err = l.use(func(p *cLicense) (err error) {
		name, err = rawLicenseCustomFieldName(p, index)
		return err
	})
	return name, err
}

// CustomFieldValue is the value of custom field index (0-based).
func (l *License) CustomFieldValue(index int) (value string, err error) {
	err = l.use(func(p *cLicense) (err error) {
		value, err = rawLicenseCustomFieldValue(p, index)
		return err
	})
	return value, err
}

// CustomFields are the custom fields, in the server's order.
func (l *License) CustomFields() (fields []CustomField, err error) {
	err = l.use(func(p *cLicense) error {
		n, err := rawLicenseCustomFieldCount(p)
		if err != nil {
			return err
		}
		fields = make([]CustomField, n)
		for i := range fields {
			if fields[i].Name, err = rawLicenseCustomFieldName(p, i); err != nil {
				return err
			}
			if fields[i].Value, err = rawLicenseCustomFieldValue(p, i); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return fields, nil
}

// CustomerEmail is customer.email; ok is false if absent.
func (l *License) CustomerEmail() (email string, ok bool, err error) {
	return l.str(licCustomerEmail)
}

// UserEmail is user.email (user-based licenses); ok is false if absent.
func (l *License) UserEmail() (email string, ok bool, err error) { return l.str(licUserEmail) }
