//! The license-model scenarios the vendor's own SDKs run against ls-emulator
//! (`tests/vendor_sdk/scenarios.json`, driven there through the vendor's Python and Node SDKs,
//! unmodified), replayed through this library: every step must give the same answer (the same
//! fields in the verified JSON, read back through the typed field table) or the same server
//! error code, mapped to its own status.

mod support;

use licensespring::{
    Client, Field, FieldSpec, Operation, Param, ParamValue, Record, Request, Status,
};
use serde_json::Value;
use std::collections::HashMap;

/// The scenario names of the operations whose name here differs.
fn operation(name: &str) -> Operation {
    let name = match name {
        "borrow" => "floating_borrow",
        "release" => "floating_release",
        "feature_borrow" => "floating_feature_borrow",
        "feature_release" => "floating_feature_release",
        other => other,
    };
    Operation::all()
        .find(|op| op.spec().name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn request(args: &serde_json::Map<String, Value>) -> Request {
    let mut r = Request::default();
    for (name, value) in args {
        if let ("variables", Value::Object(variables)) = (name.as_str(), value) {
            for (k, v) in variables {
                r.set_variable(k, v.as_str().unwrap()).unwrap();
            }
            continue;
        }
        let param = Param::ALL
            .iter()
            .copied()
            .find(|p| p.wire_name() == name)
            .unwrap_or_else(|| panic!("no parameter {name}"));
        let value = match value {
            Value::Null => continue,
            Value::String(s) => ParamValue::String(s.clone()),
            Value::Bool(b) => ParamValue::Bool(*b),
            Value::Number(n) => ParamValue::Int(n.as_i64().unwrap()),
            other => panic!("{name}: unexpected {other}"),
        };
        r.set(param, value).unwrap();
    }
    r
}

fn resolve(value: &Value, saved: &HashMap<String, Value>) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), resolve(v, saved)))
                .collect(),
        ),
        Value::String(s) if s.starts_with("${") && s.ends_with('}') => {
            let (name, field) = s[2..s.len() - 1].split_once('.').unwrap();
            saved[name][field].clone()
        }
        other => other.clone(),
    }
}

/// `actual` contains `expected`: objects as a subset, lists and scalars equal, `~string` and
/// `~int` any value of that type (the rules of tests/vendor_sdk/scenarios.py).
fn matches(expected: &Value, actual: &Value, path: &str) {
    match expected {
        Value::String(s) if s == "~string" => assert!(actual.is_string(), "{path}: {actual}"),
        Value::String(s) if s == "~int" => assert!(actual.is_i64(), "{path}: {actual}"),
        Value::Object(map) => {
            for (k, v) in map {
                let a = actual
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing from {actual}"));
                matches(v, a, &format!("{path}.{k}"));
            }
        }
        Value::Array(items) => {
            let a = actual
                .as_array()
                .unwrap_or_else(|| panic!("{path}: {actual}"));
            assert_eq!(items.len(), a.len(), "{path}");
            for (i, (e, a)) in items.iter().zip(a).enumerate() {
                matches(e, a, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(expected, actual, "{path}"),
    }
}

/// What the vendor SDK saw must also read back through the field table, typed: scalars by
/// their field, nested objects and lists item by item. Returns how many fields were compared.
fn typed_fields_agree(record: &Record, expected: &Value, step: &str) -> usize {
    use licensespring::Value as V;
    let mut compared = 0;
    for spec in record.kind().fields() {
        let FieldSpec { field, path, .. } = spec;
        let want = if path.is_empty() {
            expected
        } else {
            match expected.get(*path) {
                Some(want) => want,
                None => continue,
            }
        };
        let got = record.get(*field).unwrap();
        let ok = match (want, got) {
            (Value::String(s), _) if s.starts_with('~') => continue,
            (Value::Bool(b), V::Bool(g)) => *b == g,
            (Value::Number(n), V::Int(g)) => n.as_i64() == Some(g),
            (Value::String(s), V::Str(g)) => s == g,
            (Value::Object(_), V::Str(g)) => {
                // A JSON field: the same subset rule as for the whole answer.
                matches(
                    want,
                    &serde_json::from_str(g).unwrap(),
                    &format!("{step}: {path}"),
                );
                true
            }
            (Value::Object(_), V::Object(nested)) => {
                compared += typed_fields_agree(nested, want, step);
                true
            }
            (Value::Array(items), V::List(got)) => {
                for (w, g) in items.iter().zip(got) {
                    compared += typed_fields_agree(g, w, step);
                }
                items.len() == got.len()
            }
            (Value::Null, V::Null) => true,
            _ => false,
        };
        assert!(
            ok,
            "{step}: {} is {got:?}, the vendor SDK saw {want}",
            Field::c_name(*field)
        );
        compared += 1;
    }
    compared
}

/// Replays one scenario file on a fresh emulator; returns (steps, typed fields compared).
fn replay(file: &str) -> (usize, usize) {
    let root = support::repo_root();
    let path = root.join("tests/vendor_sdk").join(file);
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let emu = support::Emulator::start_with(&["--clock-control"]);
    let client: Client = emu.client();
    let mut saved: HashMap<String, Value> = HashMap::new();
    let (mut steps, mut typed) = (0, 0);
    for scenario in doc["scenarios"].as_array().unwrap() {
        let name = scenario["name"].as_str().unwrap();
        let steps_of = scenario["steps"].as_array().unwrap();
        if steps_of
            .iter()
            .any(|s| s["op"].as_str().is_some_and(|op| op.ends_with("_offline")))
        {
            // Air-gapped request files are built by each SDK's own code; this library's offline
            // files are tested with its license store.
            continue;
        }
        for (i, step) in scenario["steps"].as_array().unwrap().iter().enumerate() {
            let label = format!("{name}, step {i} ({})", step["op"]);
            if step["op"] == "advance_clock" {
                emu.advance_clock(step["seconds"].as_i64().unwrap());
                continue;
            }
            if matches!(
                step["op"].as_str(),
                Some("activate_offline" | "deactivate_offline")
            ) {
                // Air-gapped request files are built by each SDK's own code; this library's
                // offline files are tested with its license store.
                continue;
            }
            let op = operation(step["op"].as_str().unwrap());
            let args = resolve(&step["args"], &saved);
            let outcome = client.call(op, &request(args.as_object().unwrap()), None);
            let expect = &resolve(&step["expect"], &saved);
            if let Some(code) = expect.get("error") {
                let e = outcome.expect_err(&label);
                assert_eq!(e.server_code(), code.as_str(), "{label}: {e}");
                let http = expect.get("status").and_then(Value::as_u64).unwrap_or(400);
                assert_eq!(e.http_status(), Some(http as u16), "{label}");
                let status = Status::from_server_code(code.as_str().unwrap());
                assert_eq!(
                    Some(e.status()),
                    status,
                    "{label}: every code has its own status"
                );
            } else {
                let ok = &expect["ok"];
                match outcome.unwrap_or_else(|e| panic!("{label}: {e}")) {
                    Some(record) => {
                        let json: Value = serde_json::from_str(record.json()).unwrap();
                        matches(&expect["ok"], &json, &label);
                        typed += typed_fields_agree(&record, ok, &label);
                        if let Some(save) = step.get("save") {
                            saved.insert(save.as_str().unwrap().to_owned(), json);
                        }
                    }
                    None => assert!(
                        ok.as_object().is_some_and(|o| o.is_empty()),
                        "{label}: no result, yet the vendor SDK saw {ok:?}"
                    ),
                }
            }
            steps += 1;
        }
    }
    (steps, typed)
}

#[test]
fn the_license_model_scenarios_give_the_same_answers_through_this_library() {
    let (steps, typed) = replay("scenarios.json");
    assert!(steps >= 70, "{steps} steps replayed");
    assert!(typed >= 90, "{typed} typed fields compared");
}

#[test]
fn the_account_scenarios_give_the_same_answers_through_this_library() {
    let (steps, typed) = replay("scenarios_accounts.json");
    assert!(steps >= 25, "{steps} steps replayed");
    assert!(typed >= 20, "{typed} typed fields compared");
}
