package licensespring

import "sort"

// Request is a license request: the product, the device, one identity and optional device
// details. Set Product, HardwareID and one identity: LicenseKey; or Username with Password;
// or IDToken or Code, each with CustomerAccountCode. The library validates it when it is
// sent. Empty strings are not sent. A Request is plain data and may be reused and shared.
type Request struct {
	Product             string // product short code (required)
	HardwareID          string // the device's ID (required); see HardwareID()
	LicenseKey          string // identity for key-based products
	Username            string // identity for user-based products, with Password
	Password            string
	IDToken             string // SSO implicit grant, with CustomerAccountCode
	Code                string // SSO authorization code grant, with CustomerAccountCode
	CustomerAccountCode string
	VMInfo              string
	OSVer               string
	Hostname            string
	OSHostname          string
	IP                  string
	IPLocal             string
	AppVer              string // overrides Config.AppVersion
	MACAddress          string

	// LicenseID pins the call to one license (when a user has several); 0 means not set.
	LicenseID int64
	// IsVM declares whether the device is a virtual machine; nil means not sent.
	IsVM *bool
	// Consumptions are reported on deactivation (may be negative); nil means not sent.
	Consumptions *int64
	// Variables are device variables sent on activation.
	Variables map[string]string
}

// toC builds the library's request; the caller frees it with rawRequestFree.
func (r *Request) toC() (req *cRequest, err error) {
	fields := []struct {
		f     field
		name  string
		value string
	}{
		{fieldProduct, "Product", r.Product},
		{fieldHardwareID, "HardwareID", r.HardwareID},
		{fieldLicenseKey, "LicenseKey", r.LicenseKey},
		{fieldUsername, "Username", r.Username},
		{fieldPassword, "Password", r.Password},
		{fieldIDToken, "IDToken", r.IDToken},
		{fieldCode, "Code", r.Code},
		{fieldCustomerAccountCode, "CustomerAccountCode", r.CustomerAccountCode},
		{fieldVMInfo, "VMInfo", r.VMInfo},
		{fieldOSVer, "OSVer", r.OSVer},
		{fieldHostname, "Hostname", r.Hostname},
		{fieldOSHostname, "OSHostname", r.OSHostname},
		{fieldIP, "IP", r.IP},
		{fieldIPLocal, "IPLocal", r.IPLocal},
		{fieldAppVer, "AppVer", r.AppVer},
		{fieldMACAddress, "MACAddress", r.MACAddress},
	}
	for _, f := range fields {
		if err := noNUL("Request."+f.name, f.value); err != nil {
			return nil, err
		}
	}
	names := make([]string, 0, len(r.Variables))
	for name, value := range r.Variables {
		if err := noNUL("Request.Variables name", name, "Request.Variables["+name+"]", value); err != nil {
			return nil, err
		}
		names = append(names, name)
	}
	sort.Strings(names)

	if err := rawRequestNew(&req); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			rawRequestFree(req)
			req = nil
		}
	}()
	for _, f := range fields {
		if f.value == "" {
			continue
		}
		s := cString(f.value)
		err := rawRequestSet(req, f.f, s)
		freeCString(s)
		if err != nil {
			return nil, err
		}
	}
	if r.LicenseID != 0 {
		if err := rawRequestSetLicenseID(req, r.LicenseID); err != nil {
			return nil, err
		}
	}
	if r.IsVM != nil {
		if err := rawRequestSetIsVM(req, *r.IsVM); err != nil {
			return nil, err
		}
	}
	if r.Consumptions != nil {
		if err := rawRequestSetConsumptions(req, *r.Consumptions); err != nil {
			return nil, err
		}
	}
	for _, name := range names {
		n, v := cString(name), cString(r.Variables[name])
		err := rawRequestSetVariable(req, n, v)
		freeCString(n)
		freeCString(v)
		if err != nil {
			return nil, err
		}
	}
	return req, nil
}
