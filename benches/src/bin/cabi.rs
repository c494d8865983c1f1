//! cabi: benchmarks of the C ABI (the release liblicensespring.so, loaded with dlopen exactly as
//! a C program or a wrapper loads it) against bench_server.
//!
//!   cabi latency     --lib SO --url URL --pubkey PEM --capture FILE [--n 20000] [--rounds 20]
//!                    [--compare-lib SO]
//!   cabi cold        --lib SO --url URL --pubkey PEM [--runs 10]
//!   cabi concurrency --lib SO --url URL --pubkey PEM [--threads 1,2,4,8,16] [--seconds 3]
//!   cabi memory      --lib SO --url URL --pubkey PEM [--n 10000]
//!
//! Every line of results starts with `RESULT` so run.sh can collect them.

#[path = "../common.rs"]
mod common;

use common::*;
use libloading::Library;
use std::ffi::{c_char, c_void, CStr, CString};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

type Status = i32;
type P = *mut c_void;

/// The ls_* functions the benches call, resolved once. The library's ABI version decides which
/// shape they have, so that `--compare-lib` can measure an ABI 1 build (before the error-object
/// ABI) beside an ABI 2 one in the same run.
#[derive(Clone, Copy)]
enum Ls {
    V1(V1),
    V2(V2),
}

/// ABI 1: thread-local last error, one accessor per license field.
#[derive(Clone, Copy)]
struct V1 {
    config_new: unsafe extern "C" fn(*const c_char, *const c_char, *mut P) -> Status,
    config_set_base_url: unsafe extern "C" fn(P, *const c_char) -> Status,
    config_set_public_key_pem: unsafe extern "C" fn(P, *const c_char) -> Status,
    config_disable_signature_verification: unsafe extern "C" fn(P) -> Status,
    config_disable_proxy: unsafe extern "C" fn(P) -> Status,
    config_free: unsafe extern "C" fn(P),
    client_new: unsafe extern "C" fn(P, *mut P) -> Status,
    request_new: unsafe extern "C" fn(*mut P) -> Status,
    request_set: unsafe extern "C" fn(P, u32, *const c_char) -> Status,
    activate: unsafe extern "C" fn(P, P, *mut P) -> Status,
    license_free: unsafe extern "C" fn(P),
    license_id: unsafe extern "C" fn(P, *mut i64) -> Status,
    last_error_message: unsafe extern "C" fn() -> *const c_char,
}

/// ABI 2: error objects, results read by field.
#[derive(Clone, Copy)]
struct V2 {
    config_new: unsafe extern "C" fn(*const c_char, *const c_char, *mut P, *mut P) -> Status,
    config_set_base_url: unsafe extern "C" fn(P, *const c_char, *mut P) -> Status,
    config_set_public_key_pem: unsafe extern "C" fn(P, *const c_char, *mut P) -> Status,
    config_disable_signature_verification: unsafe extern "C" fn(P, *mut P) -> Status,
    config_disable_proxy: unsafe extern "C" fn(P, *mut P) -> Status,
    config_free: unsafe extern "C" fn(P),
    client_new: unsafe extern "C" fn(P, *mut P, *mut P) -> Status,
    request_new: unsafe extern "C" fn(*mut P, *mut P) -> Status,
    request_set_string: unsafe extern "C" fn(P, u32, *const c_char, *mut P) -> Status,
    activate: unsafe extern "C" fn(P, P, P, *mut P, *mut P) -> Status,
    result_free: unsafe extern "C" fn(P),
    result_get: unsafe extern "C" fn(P, u32, *mut Value, *mut P) -> Status,
    error_free: unsafe extern "C" fn(P),
}

/// `ls_value`.
#[repr(C)]
struct Value {
    value_type: i32,
    integer: i64,
    string: *const c_char,
}

/// `ls_error`: only the leading fields the benches read.
#[repr(C)]
struct ErrorHead {
    status: i32,
    http_status: i32,
    retry_after_secs: i64,
    message: *const c_char,
}

/// `LS_LICENSE_ID` in ABI 2.
const LS_LICENSE_ID: u32 = 1000;

fn load(path: &str) -> Ls {
    // Leaked on purpose: the library stays loaded for the life of the process.
    let lib: &'static Library =
        Box::leak(Box::new(unsafe { Library::new(path) }.expect("dlopen liblicensespring")));
    macro_rules! sym {
        ($name:literal) => {
            *unsafe { lib.get(concat!($name, "\0").as_bytes()) }.expect($name)
        };
    }
    let abi_version: unsafe extern "C" fn() -> u32 = sym!("ls_abi_version");
    match unsafe { abi_version() } {
        1 => Ls::V1(V1 {
            config_new: sym!("ls_config_new"),
            config_set_base_url: sym!("ls_config_set_base_url"),
            config_set_public_key_pem: sym!("ls_config_set_public_key_pem"),
            config_disable_signature_verification: sym!("ls_config_disable_signature_verification"),
            config_disable_proxy: sym!("ls_config_disable_proxy"),
            config_free: sym!("ls_config_free"),
            client_new: sym!("ls_client_new"),
            request_new: sym!("ls_request_new"),
            request_set: sym!("ls_request_set"),
            activate: sym!("ls_activate"),
            license_free: sym!("ls_license_free"),
            license_id: sym!("ls_license_id"),
            last_error_message: sym!("ls_last_error_message"),
        }),
        2 => Ls::V2(V2 {
            config_new: sym!("ls_config_new"),
            config_set_base_url: sym!("ls_config_set_base_url"),
            config_set_public_key_pem: sym!("ls_config_set_public_key_pem"),
            config_disable_signature_verification: sym!("ls_config_disable_signature_verification"),
            config_disable_proxy: sym!("ls_config_disable_proxy"),
            config_free: sym!("ls_config_free"),
            client_new: sym!("ls_client_new"),
            request_new: sym!("ls_request_new"),
            request_set_string: sym!("ls_request_set_string"),
            activate: sym!("ls_activate"),
            result_free: sym!("ls_result_free"),
            result_get: sym!("ls_result_get"),
            error_free: sym!("ls_error_free"),
        }),
        other => panic!("{path}: ABI {other} is not one these benches know"),
    }
}

/// A client and a request, shareable between threads (the ABI says both may be).
#[derive(Clone, Copy)]
struct Handles {
    client: P,
    request: P,
}
unsafe impl Send for Handles {}
unsafe impl Sync for Handles {}

impl V1 {
    fn check(&self, st: Status, what: &str) {
        if st != 0 {
            let msg = unsafe { CStr::from_ptr((self.last_error_message)()) };
            panic!("{what}: status {st}: {}", msg.to_string_lossy());
        }
    }
}

/// Turns a failed ABI 2 call's error object into text, and frees it.
unsafe fn take_error(v: &V2, st: Status, error: P) -> String {
    if error.is_null() {
        return format!("status {st}");
    }
    let head = &*(error as *const ErrorHead);
    let text = format!("status {st}: {}", CStr::from_ptr(head.message).to_string_lossy());
    (v.error_free)(error);
    text
}

fn make_handles(ls: &Ls, url: &str, pubkey_pem: &str, verify: bool) -> Handles {
    let c = |s: &str| CString::new(s).unwrap();
    let mut config: P = std::ptr::null_mut();
    let mut client: P = std::ptr::null_mut();
    let mut request: P = std::ptr::null_mut();
    let strings = [(0u32, PRODUCT), (1, HARDWARE_ID), (2, LICENSE_KEY)];
    unsafe {
        match ls {
            Ls::V1(v) => {
                v.check((v.config_new)(c(API_KEY).as_ptr(), c(SHARED_KEY).as_ptr(), &mut config), "config_new");
                v.check((v.config_set_base_url)(config, c(url).as_ptr()), "set_base_url");
                v.check((v.config_disable_proxy)(config), "disable_proxy");
                if verify {
                    v.check((v.config_set_public_key_pem)(config, c(pubkey_pem).as_ptr()), "set_public_key_pem");
                } else {
                    v.check((v.config_disable_signature_verification)(config), "disable_verification");
                }
                v.check((v.client_new)(config, &mut client), "client_new");
                (v.config_free)(config);
                v.check((v.request_new)(&mut request), "request_new");
                for (field, value) in strings {
                    v.check((v.request_set)(request, field, c(value).as_ptr()), "request_set");
                }
            }
            Ls::V2(v) => {
                let mut e: P = std::ptr::null_mut();
                let ok = |st: Status, e: P, what: &str| {
                    if st != 0 {
                        panic!("{what}: {}", take_error(v, st, e));
                    }
                };
                ok((v.config_new)(c(API_KEY).as_ptr(), c(SHARED_KEY).as_ptr(), &mut config, &mut e), e, "config_new");
                ok((v.config_set_base_url)(config, c(url).as_ptr(), &mut e), e, "set_base_url");
                ok((v.config_disable_proxy)(config, &mut e), e, "disable_proxy");
                if verify {
                    ok((v.config_set_public_key_pem)(config, c(pubkey_pem).as_ptr(), &mut e), e, "set_public_key_pem");
                } else {
                    ok((v.config_disable_signature_verification)(config, &mut e), e, "disable_verification");
                }
                ok((v.client_new)(config, &mut client, &mut e), e, "client_new");
                (v.config_free)(config);
                ok((v.request_new)(&mut request, &mut e), e, "request_new");
                for (param, value) in strings {
                    ok((v.request_set_string)(request, param, c(value).as_ptr(), &mut e), e, "request_set_string");
                }
            }
        }
    }
    Handles { client, request }
}

/// One `ls_activate`, reading the id as a caller would, and freeing the license.
#[inline]
fn activate(ls: &Ls, h: Handles) -> Result<(), String> {
    unsafe {
        let mut license: P = std::ptr::null_mut();
        let id = match ls {
            Ls::V1(v) => {
                let st = (v.activate)(h.client, h.request, &mut license);
                if st != 0 {
                    let msg = CStr::from_ptr((v.last_error_message)());
                    return Err(format!("ls_activate: {st}: {}", msg.to_string_lossy()));
                }
                let mut id = 0i64;
                (v.license_id)(license, &mut id);
                (v.license_free)(license);
                id
            }
            Ls::V2(v) => {
                let mut error: P = std::ptr::null_mut();
                let st = (v.activate)(h.client, h.request, std::ptr::null_mut(), &mut license, &mut error);
                if st != 0 {
                    return Err(format!("ls_activate: {}", take_error(v, st, error)));
                }
                let mut value = Value { value_type: 0, integer: 0, string: std::ptr::null() };
                (v.result_get)(license, LS_LICENSE_ID, &mut value, std::ptr::null_mut());
                (v.result_free)(license);
                value.integer
            }
        };
        if id != 1749538876210079 {
            return Err(format!("unexpected id {id}"));
        }
        Ok(())
    }
}

fn time_ns(f: impl FnOnce()) -> u64 {
    let t = Instant::now();
    f();
    t.elapsed().as_nanos() as u64
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    let cmd = argv.get(1).map(String::as_str).unwrap_or("");
    let args = Args::parse(&argv[2.min(argv.len())..]);
    match cmd {
        "latency" => latency(&args),
        "cold" => cold(&args),
        "cold-child" => cold_child(&args),
        "concurrency" => concurrency(&args),
        "memory" => memory(&args),
        _ => {
            eprintln!("usage: cabi latency|cold|concurrency|memory --lib SO --url URL --pubkey PEM ...");
            std::process::exit(2);
        }
    }
}

/// ls_activate (verification on, off) vs the raw client, interleaved in rounds so that machine
/// noise falls on all alike. With `--compare-lib SO`, a second build of the library (e.g. the
/// previous commit's) joins as one more contender with verification on: a before/after measured
/// in the same run.
fn latency(args: &Args) {
    let ls = load(&args.str("lib"));
    let url = args.str("url");
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let n = args.num("n", 20000);
    let rounds = args.num("rounds", 20).max(1);
    let warmup = args.num("warmup", 500);
    let on = make_handles(&ls, &url, &pem, true);
    let off = make_handles(&ls, &url, &pem, false);
    // The first call makes the server capture the exact bytes the library sends.
    activate(&ls, on).unwrap();
    let request = read_capture(&args.str("capture"));
    let mut raw = RawClient::connect(&host_port(&url));
    let compare = args.opt("compare-lib").map(|path| {
        let other = load(&path);
        let handles = make_handles(&other, &url, &pem, true);
        (other, handles)
    });
    let mut names = vec!["raw", "ls_activate_verify_on", "ls_activate_verify_off"];
    if compare.is_some() {
        names.push("compare_lib_ls_activate_verify_on");
    }
    let mut call = |which: usize| match which {
        0 => {
            raw.call(&request);
        }
        1 => activate(&ls, on).unwrap(),
        2 => activate(&ls, off).unwrap(),
        _ => {
            let (other, handles) = compare.as_ref().unwrap();
            activate(other, *handles).unwrap()
        }
    };
    let k = names.len();
    for _ in 0..warmup {
        (0..k).for_each(&mut call);
    }
    let per_round = (n / rounds).max(1);
    let mut samples: Vec<Vec<u64>> = vec![Vec::with_capacity(n); k];
    for r in 0..rounds {
        for j in 0..k {
            let which = (r + j) % k;
            for _ in 0..per_round {
                samples[which].push(time_ns(|| call(which)));
            }
        }
    }
    let all: Vec<Stats> = samples.iter_mut().map(|s| stats(s)).collect();
    let raw_s = &all[0];
    println!(
        "RESULT latency request_bytes={} calls_each={} rounds={}",
        request.len(),
        raw_s.n,
        rounds
    );
    for (name, s) in names.iter().zip(&all) {
        println!(
            "RESULT latency {name} median_us={:.1} p99_us={:.1} mean_us={:.1} min_us={:.1} ratio_median_vs_raw={:.2} overhead_median_us={:.1} ratio_p99_vs_raw={:.2}",
            s.median_us,
            s.p99_us,
            s.mean_us,
            s.min_us,
            s.median_us / raw_s.median_us,
            s.median_us - raw_s.median_us,
            s.p99_us / raw_s.p99_us
        );
    }
    if k == 4 {
        println!(
            "RESULT latency this_lib_vs_compare_lib verify_on median_ratio={:.2} p99_ratio={:.2}",
            all[1].median_us / all[3].median_us,
            all[1].p99_us / all[3].p99_us
        );
    }
}

/// Runs `cold-child` in fresh processes and reports the medians of its phases.
fn cold(args: &Args) {
    let runs = args.num("runs", 10);
    let exe = std::env::current_exe().unwrap();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    let mut wall = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        let out = std::process::Command::new(&exe)
            .arg("cold-child")
            .args(["--lib", &args.str("lib"), "--url", &args.str("url"), "--pubkey", &args.str("pubkey")])
            .output()
            .expect("spawn cold-child");
        wall.push(t.elapsed().as_nanos() as u64);
        assert!(out.status.success(), "cold-child failed: {}", String::from_utf8_lossy(&out.stderr));
        let line = String::from_utf8(out.stdout).unwrap();
        let vals: Vec<f64> = line
            .split_whitespace()
            .filter_map(|kv| kv.split_once('=').map(|(_, v)| v.parse().unwrap()))
            .collect();
        rows.push(vals);
    }
    let names = ["dlopen_us", "config_and_client_us", "first_activate_us", "second_activate_us", "warm_median_us", "load_to_first_license_us"];
    let mut out = format!("RESULT cold runs={runs}");
    for (i, name) in names.iter().enumerate() {
        let mut col: Vec<u64> = rows.iter().map(|r| (r[i] * 1000.0) as u64).collect();
        out += &format!(" {name}={:.1}", stats(&mut col).median_us);
    }
    let first: Vec<f64> = rows.iter().map(|r| r[2]).collect();
    let warm: Vec<f64> = rows.iter().map(|r| r[4]).collect();
    let mut ratio: Vec<u64> = first.iter().zip(&warm).map(|(f, w)| (f / w * 1000.0) as u64).collect();
    out += &format!(" first_vs_warm_ratio={:.2}", stats(&mut ratio).median_us);
    out += &format!(" process_wall_ms={:.2}", stats(&mut wall).median_us / 1000.0);
    println!("{out}");
}

/// One fresh process: load the library, build a client, first activation, then warm calls.
fn cold_child(args: &Args) {
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let url = args.str("url");
    let t0 = Instant::now();
    let ls = load(&args.str("lib"));
    let t1 = Instant::now();
    let h = make_handles(&ls, &url, &pem, true);
    let t2 = Instant::now();
    activate(&ls, h).unwrap();
    let t3 = Instant::now();
    activate(&ls, h).unwrap();
    let t4 = Instant::now();
    let mut warm: Vec<u64> = (0..50).map(|_| time_ns(|| activate(&ls, h).unwrap())).collect();
    let us = |a: Instant, b: Instant| (b - a).as_nanos() as f64 / 1000.0;
    println!(
        "dlopen_us={:.1} config_and_client_us={:.1} first_activate_us={:.1} second_activate_us={:.1} warm_median_us={:.1} load_to_first_license_us={:.1}",
        us(t0, t1),
        us(t1, t2),
        us(t2, t3),
        us(t3, t4),
        stats(&mut warm).median_us,
        us(t0, t3)
    );
}

/// One shared client (verification on), T threads calling ls_activate for a fixed time.
fn concurrency(args: &Args) {
    let ls = load(&args.str("lib"));
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let h = make_handles(&ls, &args.str("url"), &pem, true);
    let seconds = args.f64("seconds", 3.0);
    let warm = Duration::from_secs_f64((seconds / 5.0).max(0.05));
    let threads: Vec<usize> = args
        .opt("threads")
        .unwrap_or_else(|| "1,2,4,8,16".into())
        .split(',')
        .map(|t| t.parse().unwrap())
        .collect();
    let mut base = None;
    for &t in &threads {
        let ok = Arc::new(AtomicU64::new(0));
        let errors = Arc::new(AtomicU64::new(0));
        let barrier = Arc::new(Barrier::new(t + 1));
        let handles: Vec<_> = (0..t)
            .map(|_| {
                let (ok, errors, barrier) = (ok.clone(), errors.clone(), barrier.clone());
                std::thread::spawn(move || {
                    barrier.wait();
                    let start = Instant::now();
                    let measure_from = start + warm;
                    let end = measure_from + Duration::from_secs_f64(seconds);
                    let (mut n_ok, mut n_err) = (0u64, 0u64);
                    loop {
                        let now = Instant::now();
                        if now >= end {
                            break;
                        }
                        let r = activate(&ls, h);
                        if now >= measure_from {
                            match r {
                                Ok(()) => n_ok += 1,
                                Err(e) => {
                                    if n_err == 0 {
                                        eprintln!("{e}");
                                    }
                                    n_err += 1
                                }
                            }
                        }
                    }
                    ok.fetch_add(n_ok, Ordering::Relaxed);
                    errors.fetch_add(n_err, Ordering::Relaxed);
                })
            })
            .collect();
        barrier.wait();
        for th in handles {
            th.join().unwrap();
        }
        let ok = ok.load(Ordering::Relaxed);
        let cps = ok as f64 / seconds;
        let base_cps = *base.get_or_insert(cps);
        println!(
            "RESULT concurrency threads={t} calls={ok} errors={} calls_per_s={:.0} scaling_vs_1_thread={:.2}",
            errors.load(Ordering::Relaxed),
            cps,
            cps / base_cps
        );
    }
}

/// RSS over many activations in one process (verification on), sampled from /proc/self/status.
fn memory(args: &Args) {
    let ls = load(&args.str("lib"));
    let pem = std::fs::read_to_string(args.str("pubkey")).unwrap();
    let h = make_handles(&ls, &args.str("url"), &pem, true);
    let n = args.num("n", 10000);
    let report = |i: usize| {
        println!(
            "RESULT memory after_calls={i} vm_rss_kib={} vm_hwm_kib={}",
            proc_status_kib("VmRSS"),
            proc_status_kib("VmHWM")
        )
    };
    report(0);
    let marks = [1, 100, 1000, 2000, 5000, 10000, 20000, 50000];
    for i in 1..=n {
        activate(&ls, h).unwrap();
        if marks.contains(&i) || i == n {
            report(i);
        }
    }
}
