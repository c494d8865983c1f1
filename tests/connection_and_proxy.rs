//! Connection reuse and proxies, observed through a counting TCP relay in front of a real
//! `ls-emulator`. The relay also serves as an HTTP proxy: for `http://` targets a proxy receives
//! absolute-form requests, which the emulator accepts as they are.

mod support;

use licensespring::{Client, Proxy, Request, Status};
use std::io::copy;
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use support::{hw, Emulator};

/// Forwards every accepted connection to `target`; counts connections.
struct Relay {
    url: String,
    connections: Arc<AtomicUsize>,
}

impl Relay {
    fn start(target: &str) -> Relay {
        let target = target.trim_start_matches("http://").to_owned();
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let connections = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&connections);
        std::thread::spawn(move || {
            for inbound in listener.incoming() {
                let Ok(inbound) = inbound else { return };
                counter.fetch_add(1, Ordering::SeqCst);
                let Ok(outbound) = TcpStream::connect(&target) else {
                    continue;
                };
                let (mut in_r, mut out_w) =
                    (inbound.try_clone().unwrap(), outbound.try_clone().unwrap());
                std::thread::spawn(move || {
                    let _ = copy(&mut in_r, &mut out_w);
                    let _ = out_w.shutdown(std::net::Shutdown::Write);
                });
                let (mut out_r, mut in_w) = (outbound, inbound);
                std::thread::spawn(move || {
                    let _ = copy(&mut out_r, &mut in_w);
                    let _ = in_w.shutdown(std::net::Shutdown::Write);
                });
            }
        });
        Relay { url, connections }
    }

    fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

#[test]
fn sequential_calls_reuse_one_connection() {
    let emu = Emulator::start();
    let relay = Relay::start(&emu.url);
    let mut config = emu.config();
    config.set_base_url(&relay.url).unwrap();
    let client = Client::new(&config).unwrap();
    for _ in 0..10 {
        let req = Request::new("demo", &hw("pool")).license_key("DEMO-UNLIMITED");
        client.activate(&req).unwrap();
        client.check(&req).unwrap();
        client.deactivate(&req).unwrap();
    }
    assert_eq!(
        relay.connections(),
        1,
        "30 calls over one keep-alive connection"
    );
}

#[test]
fn explicit_proxy_carries_every_request() {
    let emu = Emulator::start();
    let proxy = Relay::start(&emu.url);
    let mut config = emu.config();
    // The host does not resolve: only the proxy can deliver the request.
    config
        .set_base_url("http://license-server.invalid:8080")
        .unwrap();
    config.set_proxy(Proxy::Url(proxy.url.clone())).unwrap();
    let client = Client::new(&config).unwrap();
    let req = Request::new("demo", &hw("proxy")).license_key("DEMO-1111-2222-3333");
    let lic = client.activate(&req).unwrap();
    assert_eq!(
        lic.str(licensespring::Field::LS_LICENSE_KEY),
        Some("DEMO-1111-2222-3333")
    );
    client.deactivate(&req).unwrap();
    assert!(proxy.connections() >= 1);
}

#[test]
fn unreachable_proxy_is_a_proxy_error() {
    let emu = Emulator::start();
    let mut config = emu.config();
    config
        .set_proxy(Proxy::Url("http://127.0.0.1:9".into()))
        .unwrap();
    let err = Client::new(&config)
        .unwrap()
        .activate(&Request::new("demo", &hw("proxy")).license_key("K"))
        .unwrap_err();
    assert_eq!(err.status(), Status::LS_ERR_PROXY, "{err}");
}
