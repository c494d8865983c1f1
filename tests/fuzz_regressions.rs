//! Replays every saved fuzz input (`fuzz/corpus/<target>/`, minimised after each fuzzing run,
//! and `fuzz/regressions/<target>/` for inputs that once found a bug) through the same entry
//! points the fuzz targets use, so what fuzzing found stays fixed in every test run.

use std::path::Path;

#[path = "../fuzz/targets.rs"]
mod targets;

fn replay(target: &str, run: fn(&[u8])) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    let mut count = 0;
    for dir in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir).join(target)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            let data = std::fs::read(&path).unwrap();
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("{target}: input {} fails", path.display());
            }
            count += 1;
        }
    }
    assert!(count > 0, "no saved inputs for {target}");
}

#[test]
fn license_json_corpus() {
    replay("license_json", targets::license_json);
}

#[test]
fn error_body_corpus() {
    replay("error_body", targets::error_body);
}

#[test]
fn signature_header_corpus() {
    replay("signature_header", targets::signature_header);
}

#[test]
fn request_building_corpus() {
    replay("request_building", targets::request_building);
}

#[test]
fn result_json_corpus() {
    replay("result_json", targets::result_json);
}

#[test]
fn store_file_corpus() {
    replay("store_file", targets::store_file);
}

#[test]
fn offline_license_corpus() {
    replay("offline_license", targets::offline_license);
}
