//! Password hashing with argon2id at OWASP's parameters (m=19456 KiB, t=2, p=1), on a bounded
//! blocking pool so a burst of logins cannot starve the server. Weaker stored hashes are
//! reported for upgrade at the next successful login.

use std::sync::{Mutex, OnceLock, PoisonError};

use argon2::{
    password_hash::{rand_core::OsRng, Output, ParamsString, PasswordHash, SaltString},
    Algorithm, Argon2, Block, Params, Version,
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

fn params() -> Params {
    Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None).expect("valid argon2 parameters")
}

fn permits() -> &'static Semaphore {
    static PERMITS: OnceLock<Semaphore> = OnceLock::new();
    PERMITS.get_or_init(|| Semaphore::new(MAX_CONCURRENT_HASHES))
}

/// Working memory (19 MiB each) kept between hashes. Allocating it per hash let glibc keep
/// ~600 MiB after a flood of 64 logins (freed blocks stayed in its arenas); reusing at most
/// `MAX_CONCURRENT_HASHES` buffers holds the process to that bound (`make bench`).
fn with_blocks<T>(count: usize, work: impl FnOnce(&mut [Block]) -> T) -> T {
    static SPARE: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());
    let ours = params().block_count();
    if count > ours {
        // A stored hash stronger than today's parameters: rare, so its memory is not kept.
        return work(&mut vec![Block::default(); count]);
    }
    let spare = SPARE.lock().unwrap_or_else(PoisonError::into_inner).pop();
    let mut blocks = spare.unwrap_or_else(|| vec![Block::default(); ours]);
    let result = work(&mut blocks[..count]);
    SPARE
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .push(blocks);
    result
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

/// Raw argon2 output for `password` under `hasher`'s settings, in reused working memory.
fn compute(
    hasher: &Argon2<'_>,
    block_count: usize,
    password: &[u8],
    salt: &SaltString,
    len: usize,
) -> Option<Output> {
    let mut raw_salt = [0u8; 64];
    let raw_salt = salt.as_salt().decode_b64(&mut raw_salt).ok()?;
    Output::init_with(len, |out| {
        with_blocks(block_count, |blocks| {
            hasher.hash_password_into_with_memory(password, raw_salt, out, blocks)
        })
        .map_err(Into::into)
    })
    .ok()
}

/// Hashes a password (PHC string).
pub async fn hash(password: String) -> String {
    bounded(move || {
        let salt = SaltString::generate(&mut OsRng);
        let params = params();
        let hasher = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
        let output = compute(
            &hasher,
            params.block_count(),
            password.as_bytes(),
            &salt,
            Params::DEFAULT_OUTPUT_LEN,
        )
        .expect("argon2 hashing cannot fail at these parameters");
        PasswordHash {
            algorithm: Algorithm::Argon2id.ident(),
            version: Some(Version::V0x13.into()),
            params: ParamsString::try_from(&params).expect("parameters fit a PHC string"),
            salt: Some(salt.as_salt()),
            hash: Some(output),
        }
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
        if matches(&stored, password.as_bytes()) {
            let current = PasswordHash::new(&stored).is_ok_and(|parsed| is_current(&parsed));
            if current {
                Verified::Yes
            } else {
                Verified::YesRehash
            }
        } else {
            Verified::No
        }
    })
    .await
}

/// Whether `password` produces the stored hash (constant-time comparison of the outputs).
fn matches(stored: &str, password: &[u8]) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from).transpose() {
        Ok(version) => version.unwrap_or_default(),
        Err(_) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else {
        return false;
    };
    let Ok(salt) = SaltString::from_b64(salt.as_str()) else {
        return false;
    };
    let hasher = Argon2::new(algorithm, version, params.clone());
    compute(
        &hasher,
        params.block_count(),
        password,
        &salt,
        expected.len(),
    )
    .is_some_and(|computed| computed == expected)
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
    use argon2::PasswordHasher;

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
    async fn hashes_agree_with_the_reference_argon2_both_ways() {
        use argon2::PasswordVerifier;
        let ours = hash("correct horse battery".into()).await;
        let parsed = PasswordHash::new(&ours).unwrap();
        let reference = Argon2::new(Algorithm::Argon2id, Version::V0x13, params());
        assert!(reference
            .verify_password(b"correct horse battery", &parsed)
            .is_ok());
        assert!(reference.verify_password(b"wrong", &parsed).is_err());
        let theirs = reference
            .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert_eq!(
            verify(theirs, "correct horse battery".into()).await,
            Verified::Yes
        );
    }

    #[tokio::test]
    async fn a_stronger_stored_hash_than_todays_still_verifies() {
        let strong = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(2 * MEMORY_KIB, ITERATIONS, PARALLELISM, None).unwrap(),
        )
        .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
        assert_eq!(
            verify(strong.clone(), "correct horse battery".into()).await,
            Verified::Yes
        );
        assert_eq!(verify(strong, "wrong one".into()).await, Verified::No);
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
