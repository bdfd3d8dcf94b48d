//! Password hashing with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1), on a bounded
//! blocking pool so a burst of logins cannot starve the server. Weaker stored hashes are
//! reported for upgrade at the next successful login.

use std::sync::OnceLock;

use argon2::{
    password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
    Algorithm, Argon2, Params, Version,
};
use tokio::sync::Semaphore;

/// Memory cost in KiB (OWASP minimum for argon2id with t=2).
pub const MEMORY_KIB: u32 = 19_456;
/// Iterations.
pub const ITERATIONS: u32 = 2;
/// Lanes.
pub const PARALLELISM: u32 = 1;
/// How many hashes may run at once (each takes ~19 MiB).
pub const MAX_CONCURRENT_HASHES: usize = 4;
/// Shortest accepted password, in characters.
pub const MIN_LEN: usize = 12;
/// Longest accepted password, in characters.
pub const MAX_LEN: usize = 128;

/// Why a new password was refused (catalogue keys).
pub fn check_policy(password: &str) -> Result<(), &'static str> {
    // Count characters without walking a huge input: anything over 4 bytes per char max is too long.
    if password.len() > MAX_LEN * 4 {
        return Err("password_too_long");
    }
    let chars = password.chars().count();
    if chars < MIN_LEN {
        return Err("password_too_short");
    }
    if chars > MAX_LEN {
        return Err("password_too_long");
    }
    if is_common(password) {
        return Err("password_common");
    }
    Ok(())
}

fn is_common(password: &str) -> bool {
    const COMMON: &[&str] = &[
        "123456789012",
        "1234567890123",
        "12345678901234",
        "123456789123",
        "111111111111",
        "000000000000",
        "password1234",
        "passwordpassword",
        "qwertyuiopas",
        "qwerty123456",
        "senha1234567",
        "senhasenha12",
        "mudar1234567",
        "abc123456789",
        "iloveyou1234",
        "admin1234567",
        "administrator",
        "monteiro1234",
        "corretora123",
        "seguros12345",
        "brasil123456",
        "aaaaaaaaaaaa",
        "1q2w3e4r5t6y",
        "asdfghjklasd",
    ];
    let lower = password.to_lowercase();
    COMMON.contains(&lower.as_str())
        || lower
            .chars()
            .all(|c| c == lower.chars().next().unwrap_or(' '))
}

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(MAX_CONCURRENT_HASHES))
}

async fn bounded<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = permits()
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work)
        .await
        .expect("hashing does not panic")
}

/// Hashes a password (PHC string).
pub async fn hash(password: String) -> String {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2()
            .hash_password(password.as_bytes(), &salt)
            .expect("argon2 hashing cannot fail here")
            .to_string()
    })
    .await
}

/// The outcome of checking a password.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    /// Wrong password (or an unreadable stored hash).
    No,
    /// Right password, stored hash at current parameters.
    Yes,
    /// Right password, but the stored hash is weaker than today's: store a new one.
    YesRehash,
}

/// Checks `password` against a stored PHC string.
pub async fn verify(stored: String, password: String) -> Verified {
    bounded(move || {
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return Verified::No;
        };
        if argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
        {
            return Verified::No;
        }
        if is_current(&parsed) {
            Verified::Yes
        } else {
            Verified::YesRehash
        }
    })
    .await
}

fn is_current(hash: &PasswordHash<'_>) -> bool {
    let Ok(params) = Params::try_from(hash) else {
        return false;
    };
    hash.algorithm.as_str() == "argon2id"
        && hash.version == Some(0x13)
        && params.m_cost() >= MEMORY_KIB
        && params.t_cost() >= ITERATIONS
        && params.p_cost() == PARALLELISM
}

/// Spends the same work as a real check, for unknown accounts, so that timing does not tell
/// whether an e-mail exists.
pub async fn verify_dummy(password: String) {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let stored = match DUMMY.get() {
        Some(hash) => hash.clone(),
        None => {
            let made = hash("dummy password for timing".into()).await;
            DUMMY.get_or_init(|| made).clone()
        }
    };
    let _ = verify(stored, password).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn new_hashes_are_argon2id_at_owasp_parameters() {
        let phc = hash("correct horse battery".into()).await;
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert_eq!(
            verify(phc.clone(), "correct horse battery".into()).await,
            Verified::Yes
        );
        assert_eq!(
            verify(phc, "correct horse batterY".into()).await,
            Verified::No
        );
    }

    #[tokio::test]
    async fn a_weaker_stored_hash_verifies_and_asks_for_an_upgrade() {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(4096, 1, 1, None).unwrap(),
        )
        .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert_eq!(
            verify(weak, "correct horse battery".into()).await,
            Verified::YesRehash
        );
    }

    #[tokio::test]
    async fn garbage_in_the_stored_hash_never_verifies() {
        assert_eq!(
            verify("not a hash".into(), "whatever".into()).await,
            Verified::No
        );
    }

    #[test]
    fn policy_wants_12_to_128_characters_and_no_common_passwords() {
        assert_eq!(check_policy("short pass1"), Err("password_too_short"));
        assert_eq!(check_policy(&"x".repeat(11)), Err("password_too_short"));
        assert_eq!(check_policy(&"ab".repeat(64)), Ok(()));
        assert_eq!(check_policy(&"ab".repeat(65)), Err("password_too_long"));
        assert_eq!(check_policy(&"a".repeat(4096)), Err("password_too_long"));
        assert_eq!(check_policy("123456789012"), Err("password_common"));
        assert_eq!(check_policy("Senha1234567"), Err("password_common"));
        assert_eq!(check_policy("🔐 minha senha de casa"), Ok(()));
    }
}
