//! The client's IP address. `X-Forwarded-For` is believed only when the peer that connected to
//! us is one of `TRUSTED_PROXIES`, and then only up to the first hop that is not trusted.

use std::net::{IpAddr, SocketAddr};

use std::sync::Arc;

use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};
use ipnet::IpNet;

/// Resolves the client address from the TCP peer and the forwarding header.
pub fn resolve(peer: IpAddr, forwarded_for: Option<&str>, trusted: &[IpNet]) -> IpAddr {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return peer;
    }
    let Some(header) = forwarded_for else {
        return peer;
    };
    // Walk from the nearest hop outwards; the first untrusted address is the client.
    let mut client = peer;
    for hop in header.rsplit(',').map(str::trim) {
        match hop.parse::<IpAddr>() {
            Ok(ip) => {
                client = ip;
                if !is_trusted(&ip) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    client
}

/// The client IP of a request served by the running server (the peer when there is no
/// connection info, as in in-process tests).
pub fn of(req: &Request, trusted: &[IpNet]) -> Option<IpAddr> {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
    let header = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok());
    Some(resolve(peer, header, trusted))
}

/// Middleware: puts the resolved client address in the request extensions (for audit rows).
pub async fn attach(
    State(trusted): State<Arc<Vec<IpNet>>>,
    mut req: Request,
    next: Next,
) -> Response {
    if let Some(ip) = of(&req, &trusted) {
        req.extensions_mut().insert(app::audit::ClientIp(ip));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_for_from_an_untrusted_peer_is_ignored() {
        assert_eq!(
            resolve(ip("203.0.113.7"), Some("1.2.3.4"), &[]),
            ip("203.0.113.7")
        );
    }

    #[test]
    fn a_trusted_proxy_reveals_the_client_it_forwarded() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            resolve(ip("10.0.0.2"), Some("198.51.100.9"), &trusted),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn a_spoofed_leftmost_entry_does_not_win_over_the_real_client() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        // The client sent "X-Forwarded-For: 1.1.1.1"; our proxy appended the real address.
        assert_eq!(
            resolve(ip("10.0.0.2"), Some("1.1.1.1, 198.51.100.9"), &trusted),
            ip("198.51.100.9")
        );
    }

    #[test]
    fn garbage_in_the_header_stops_at_the_last_good_hop() {
        let trusted = ["10.0.0.0/8".parse().unwrap()];
        assert_eq!(
            resolve(ip("10.0.0.2"), Some("nonsense"), &trusted),
            ip("10.0.0.2")
        );
    }
}
