//! Access tokens at rest: ChaCha20-Poly1305 with the key from `SOCIAL_TOKEN_KEY`, a fresh random
//! nonce per token, and the account's network and id as associated data — a token copied onto
//! another account's row does not decrypt. Tokens are never logged ([`Token`]'s `Debug` hides
//! it) and never go back to a browser.

use chacha20poly1305::{
    aead::{Aead, AeadCore, KeyInit, OsRng, Payload},
    ChaCha20Poly1305, Key, Nonce,
};

/// The 32-byte key tokens are sealed with.
#[derive(Clone)]
pub struct TokenKey([u8; 32]);

impl std::fmt::Debug for TokenKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKey([redacted])")
    }
}

/// An access token in memory.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Token([redacted])")
    }
}

impl Token {
    pub fn new(token: impl Into<String>) -> Self {
        Self(token.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The last four characters, for admins to tell tokens apart (`…a1B2`).
    pub fn hint(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        let tail: String = chars[chars.len().saturating_sub(4)..].iter().collect();
        format!("…{tail}")
    }
}

/// A sealed token: (ciphertext with its tag, nonce).
pub type Sealed = (Vec<u8>, Vec<u8>);

/// Why a token could not be opened: another key, or the row was tampered with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("the token does not decrypt with this key (another key, or a changed row)")]
pub struct Undecryptable;

impl TokenKey {
    pub fn new(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// Reads 64 hex digits.
    pub fn from_hex(raw: &str) -> Option<Self> {
        let bytes = hex::decode(raw.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.0))
    }

    /// Seals `token` for the account `bound_to` (`facebook:123`).
    pub fn seal(&self, token: &Token, bound_to: &str) -> Sealed {
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = self
            .cipher()
            .encrypt(
                &nonce,
                Payload {
                    msg: token.0.as_bytes(),
                    aad: bound_to.as_bytes(),
                },
            )
            .expect("ChaCha20-Poly1305 encrypts any message that fits in memory");
        (sealed, nonce.to_vec())
    }

    /// Opens a token sealed for `bound_to`.
    pub fn open(
        &self,
        sealed: &[u8],
        nonce: &[u8],
        bound_to: &str,
    ) -> Result<Token, Undecryptable> {
        if nonce.len() != 12 {
            return Err(Undecryptable);
        }
        let plain = self
            .cipher()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: bound_to.as_bytes(),
                },
            )
            .map_err(|_| Undecryptable)?;
        String::from_utf8(plain)
            .map(Token)
            .map_err(|_| Undecryptable)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(b: u8) -> TokenKey {
        TokenKey::new([b; 32])
    }

    #[test]
    fn a_sealed_token_opens_with_its_key_and_account_only() {
        let token = Token::new("EAAG-secret-page-token");
        let (sealed, nonce) = key(7).seal(&token, "facebook:123");
        assert!(!sealed
            .windows(token.expose().len())
            .any(|w| w == token.expose().as_bytes()));
        assert_eq!(key(7).open(&sealed, &nonce, "facebook:123"), Ok(token));
        assert_eq!(
            key(8).open(&sealed, &nonce, "facebook:123"),
            Err(Undecryptable)
        );
        assert_eq!(
            key(7).open(&sealed, &nonce, "facebook:124"),
            Err(Undecryptable)
        );
        let mut changed = sealed.clone();
        changed[0] ^= 1;
        assert_eq!(
            key(7).open(&changed, &nonce, "facebook:123"),
            Err(Undecryptable)
        );
    }

    #[test]
    fn each_seal_uses_a_fresh_nonce() {
        let token = Token::new("same");
        let a = key(1).seal(&token, "x");
        let b = key(1).seal(&token, "x");
        assert_ne!(a.1, b.1);
        assert_ne!(a.0, b.0);
    }

    #[test]
    fn tokens_and_keys_never_show_in_debug_output_and_the_hint_is_the_last_four() {
        let token = Token::new("EAAGabcd1234");
        assert!(!format!("{token:?}").contains("abcd"));
        assert!(!format!("{:?}", key(3)).contains('3'));
        assert_eq!(token.hint(), "…1234");
        assert_eq!(Token::new("ab").hint(), "…ab");
        assert!(TokenKey::from_hex(&"0f".repeat(32)).is_some());
        assert!(TokenKey::from_hex(&"0f".repeat(31)).is_none());
        assert!(TokenKey::from_hex("not hex").is_none());
    }
}
