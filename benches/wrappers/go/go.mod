module licensespring-bench-go

go 1.22

require github.com/licensespring/licensespring-native/bindings/go v0.0.0

replace github.com/licensespring/licensespring-native/bindings/go => ../../../bindings/go
