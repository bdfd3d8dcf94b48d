//! The webhook's `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the app secret, checked
//! in constant time over the exact bytes received, before anything is parsed. During a secret
//! rotation both the current and the previous secret are accepted.

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// Whether `header` (`sha256=<64 hex digits>`) signs `body` with one of `secrets`.
pub fn verify(secrets: &[&[u8]], body: &[u8], header: Option<&str>) -> bool {
    let Some(tag) = header
        .and_then(|h| h.trim().strip_prefix("sha256="))
        .filter(|hex| hex.len() == 64)
        .and_then(|hex| hex::decode(hex).ok())
    else {
        return false;
    };
    secrets.iter().filter(|s| !s.is_empty()).any(|secret| {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else {
            return false;
        };
        mac.update(body);
        mac.verify_slice(&tag).is_ok()
    })
}

/// The header value that signs `body` with `secret` (used by the local fake Graph API and tests).
pub fn sign(secret: &[u8], body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &[u8] = b"test_app_secret_do_not_use";

    #[test]
    fn a_signature_made_with_the_secret_verifies_and_any_change_breaks_it() {
        let body = "{\"text\":\"Ol\\u00e1 cota\\u00e7\\u00e3o 😀\"}".as_bytes();
        let good = sign(SECRET, body);
        assert!(verify(&[SECRET], body, Some(&good)));
        assert!(verify(
            &[SECRET],
            body,
            Some(&good.to_uppercase().replace("SHA256", "sha256"))
        ));
        let mut changed = body.to_vec();
        changed[3] ^= 1;
        assert!(!verify(&[SECRET], &changed, Some(&good)));
        assert!(!verify(&[b"another secret"], body, Some(&good)));
        assert!(!verify(&[SECRET], body, None));
        assert!(!verify(
            &[SECRET],
            body,
            Some(&good.replace("sha256=", "sha1="))
        ));
        assert!(!verify(&[SECRET], body, Some(&good[..good.len() - 2])));
        assert!(!verify(
            &[SECRET],
            body,
            Some(&format!("{}zz", &good[..good.len() - 2]))
        ));
    }

    #[test]
    fn during_a_rotation_the_previous_secret_still_verifies_but_an_empty_one_never_does() {
        let body = b"{}";
        assert!(verify(&[b"new", SECRET], body, Some(&sign(SECRET, body))));
        assert!(!verify(&[b""], body, Some(&sign(b"", body))));
    }
}
