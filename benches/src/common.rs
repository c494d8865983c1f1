//! Shared by the bench programs: argument parsing, statistics, a raw HTTP/1.1 client and
//! /proc readings. Included with `#[path]` (the bench crate has no library target).

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

pub const HARDWARE_ID: &str = "bench-hardware-id-0001";
pub const LICENSE_KEY: &str = "BENCH-AAAA-BBBB-CCCC";
pub const PRODUCT: &str = "bench";
pub const API_KEY: &str = "bench-api-key";
pub const SHARED_KEY: &str = "bench-shared-key";

/// `--name value` pairs after the subcommand.
pub struct Args(HashMap<String, String>);

impl Args {
    pub fn parse(args: &[String]) -> Args {
        let mut map = HashMap::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let name = a
                .strip_prefix("--")
                .unwrap_or_else(|| panic!("unexpected argument {a}"));
            let value = it
                .next()
                .unwrap_or_else(|| panic!("--{name} needs a value"));
            map.insert(name.to_string(), value.clone());
        }
        Args(map)
    }
    pub fn str(&self, name: &str) -> String {
        self.0
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("--{name} is required"))
    }
    pub fn opt(&self, name: &str) -> Option<String> {
        self.0.get(name).cloned()
    }
    pub fn num(&self, name: &str, default: usize) -> usize {
        self.0
            .get(name)
            .map(|v| v.parse().unwrap_or_else(|_| panic!("--{name}: not a number")))
            .unwrap_or(default)
    }
    pub fn f64(&self, name: &str, default: f64) -> f64 {
        self.0
            .get(name)
            .map(|v| v.parse().unwrap_or_else(|_| panic!("--{name}: not a number")))
            .unwrap_or(default)
    }
}

/// Median, p99, mean and count of durations in nanoseconds.
pub struct Stats {
    pub n: usize,
    pub median_us: f64,
    pub p99_us: f64,
    pub mean_us: f64,
    pub min_us: f64,
}

pub fn stats(samples: &mut [u64]) -> Stats {
    samples.sort_unstable();
    let n = samples.len();
    let us = |ns: u64| ns as f64 / 1000.0;
    Stats {
        n,
        median_us: us(samples[n / 2]),
        p99_us: us(samples[((n * 99) / 100).min(n - 1)]),
        mean_us: samples.iter().sum::<u64>() as f64 / n as f64 / 1000.0,
        min_us: us(samples[0]),
    }
}

/// `http://HOST:PORT` → `HOST:PORT`.
pub fn host_port(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_string()
}

/// The wire floor: writes prepared request bytes over one keep-alive connection and reads the
/// response head and then exactly Content-Length body bytes. No parsing beyond that, no
/// verification, no allocation per call.
pub struct RawClient {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl RawClient {
    pub fn connect(host_port: &str) -> RawClient {
        let stream = TcpStream::connect(host_port).expect("raw client: connect");
        stream.set_nodelay(true).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        RawClient {
            stream,
            buf: vec![0u8; 64 * 1024],
        }
    }

    /// Sends `request`, returns the response body length. Panics on anything but a 200.
    pub fn call(&mut self, request: &[u8]) -> usize {
        self.stream.write_all(request).expect("raw client: write");
        let mut have = 0usize;
        let mut head_end = None;
        let mut content_length = 0usize;
        loop {
            let n = self.stream.read(&mut self.buf[have..]).expect("raw client: read");
            assert!(n > 0, "raw client: server closed");
            have += n;
            if head_end.is_none() {
                if let Some(p) = find(&self.buf[..have], b"\r\n\r\n") {
                    let head = &self.buf[..p];
                    assert!(head.starts_with(b"HTTP/1.1 200"), "raw client: not a 200");
                    content_length = content_length_of(head);
                    head_end = Some(p + 4);
                }
            }
            if let Some(h) = head_end {
                if have >= h + content_length {
                    return content_length;
                }
            }
        }
    }
}

impl RawClient {
    /// Like `call`, but returns the response head and body (for component benchmarks).
    pub fn fetch(&mut self, request: &[u8]) -> (String, Vec<u8>) {
        let len = self.call(request);
        let all = &self.buf[..];
        let p = find(all, b"\r\n\r\n").unwrap();
        (
            String::from_utf8(all[..p].to_vec()).unwrap(),
            all[p + 4..p + 4 + len].to_vec(),
        )
    }
}

/// The value of header `name` in a response head.
pub fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// The body of a captured request (after the blank line).
pub fn request_body(request: &[u8]) -> &[u8] {
    let p = find(request, b"\r\n\r\n").unwrap();
    &request[p + 4..]
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn content_length_of(head: &[u8]) -> usize {
    for line in head.split(|&b| b == b'\n') {
        if let Some(colon) = line.iter().position(|&b| b == b':') {
            if line[..colon].eq_ignore_ascii_case(b"content-length") {
                return std::str::from_utf8(&line[colon + 1..])
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap();
            }
        }
    }
    panic!("raw client: no Content-Length")
}

/// A field of /proc/self/status in KiB (VmRSS, VmHWM, ...).
pub fn proc_status_kib(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    for line in status.lines() {
        if let Some(rest) = line.strip_prefix(field) {
            if let Some(rest) = rest.strip_prefix(':') {
                return rest
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap();
            }
        }
    }
    0
}

/// Waits until `path` exists (the bench server writes its capture before answering).
pub fn read_capture(path: &str) -> Vec<u8> {
    for _ in 0..200 {
        if let Ok(b) = std::fs::read(path) {
            return b;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("no capture at {path}: was bench_server started with --capture?")
}
