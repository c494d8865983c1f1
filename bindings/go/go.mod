module github.com/licensespring/licensespring-native/bindings/go

go 1.22
