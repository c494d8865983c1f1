//! The committed header must be exactly what cbindgen generates from the current sources.

use std::path::PathBuf;

#[test]
fn committed_header_matches_a_fresh_generation() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let config = cbindgen::Config::from_file(root.join("cbindgen.toml")).unwrap();
    let mut fresh = Vec::new();
    cbindgen::Builder::new()
        .with_crate(&root)
        .with_config(config)
        .generate()
        .expect("cbindgen generates the header")
        .write(&mut fresh);
    let committed = std::fs::read(root.join("include/licensespring.h")).unwrap();
    assert!(
        committed == fresh,
        "include/licensespring.h is stale: rebuild (build.rs regenerates it) and commit it"
    );
}
