//! Regenerates include/licensespring.h from the Rust sources with cbindgen, writing the file only
//! when its content changed (so builds do not dirty the tree or trigger needless rebuilds).

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=cbindgen.toml");
    // A SONAME lets programs record the library's name rather than the path it was linked from,
    // and lets runtimes that preload it by path (Mono, JNA) match later lookups by name.
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("linux") {
        println!("cargo:rustc-cdylib-link-arg=-Wl,-soname,liblicensespring.so");
    }
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let config = cbindgen::Config::from_file(crate_dir.join("cbindgen.toml"))
        .expect("cbindgen.toml is valid");
    let header = match cbindgen::Builder::new()
        .with_crate(&crate_dir)
        .with_config(config)
        .generate()
    {
        Ok(bindings) => bindings,
        Err(e) => {
            // A syntax error is reported by rustc itself; do not mask it here.
            println!("cargo:warning=cbindgen could not generate the header: {e}");
            return;
        }
    };
    let path = crate_dir.join("include").join("licensespring.h");
    // write_to_file only writes when the content differs.
    header.write_to_file(path);
}
