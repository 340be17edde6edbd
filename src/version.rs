//! Versions: the dockertest API version and the checks of a config against it and against Autotest.
//!
//! The API version is the package version (`MAJOR.MINOR.REVIS`, from `Cargo.toml`); the
//! `config_version` of `config_defaults/defaults.ini` and the docs version must equal it. Two
//! versions are compatible when their major and minor numbers agree. `str2int` packs `x.y.z` into
//! three 8-bit fields.
//!
//! ```
//! use dockertest::version::{compare_str, int2str, str2int};
//! assert_eq!(str2int("3.1.5").unwrap(), 196_869);
//! assert_eq!(int2str(123_456).unwrap(), "1.226.64");
//! assert_eq!(compare_str("0.6.4", "0.6.5").unwrap(), 0);
//! ```

use std::cmp::Ordering;

use crate::{Error, Result, PACKAGE_VERSION};

/// The `config_version` (or `autotest_version`) value that turns the check off.
pub const NOVERSIONCHECK: &str = "@!NOVERSIONCHECK!@";
/// What a failed `config_version` check reports when the value is empty.
pub const NOT_SET: &str = "<not set for test>";
/// The `autotest_version` assumed when a config has none (the original's default).
pub const DEFAULT_AUTOTEST_VERSION: &str = "0.15.0";
/// The largest number [`int2str`] accepts (three 8-bit fields).
pub const MAX_PACKED: i64 = 0x00FF_FFFF;

/// The API version as `[major, minor, revision]`.
pub fn api_version() -> [u8; 3] {
    // Cargo.toml's version is checked to be x.y.z with parts below 256 by a test.
    parse(PACKAGE_VERSION).unwrap_or([0, 0, 0])
}

/// Parses `x.y.z` (three whole numbers, each 0-255, no suffix).
pub fn parse(text: &str) -> Result<[u8; 3]> {
    let bad = |why: &str| Error::Value(format!("version {text:?} is not x.y.z: {why}"));
    let parsed = semver::Version::parse(text.trim()).map_err(|e| bad(&e.to_string()))?;
    if !parsed.pre.is_empty() || !parsed.build.is_empty() {
        return Err(bad("only three numbers are allowed"));
    }
    let part = |n: u64| u8::try_from(n).map_err(|_| bad("each number must be at most 255"));
    Ok([part(parsed.major)?, part(parsed.minor)?, part(parsed.patch)?])
}

/// Packs `x.y.z` into a 24-bit int (`x << 16 | y << 8 | z`).
pub fn str2int(text: &str) -> Result<u32> {
    let [x, y, z] = parse(text)?;
    Ok(u32::from(x) << 16 | u32::from(y) << 8 | u32::from(z))
}

/// The inverse of [`str2int`]; `n` must be in `0..=16777215`.
pub fn int2str(n: i64) -> Result<String> {
    if !(0..=MAX_PACKED).contains(&n) {
        return Err(Error::Value(format!("version number {n} is outside 0..={MAX_PACKED}")));
    }
    Ok(format!("{}.{}.{}", n >> 16, (n >> 8) & 0xFF, n & 0xFF))
}

/// Compares two version part lists by major and minor only: -1, 0 or 1.
pub fn compare_parts(lhs: &[i64], rhs: &[i64]) -> Result<i8> {
    if lhs.len() < 2 || rhs.len() < 2 {
        return Err(Error::Value(format!(
            "cannot compare versions {lhs:?} and {rhs:?}: each needs at least major and minor"
        )));
    }
    Ok(match lhs[..2].cmp(&rhs[..2]) {
        Ordering::Less => -1,
        Ordering::Equal => 0,
        Ordering::Greater => 1,
    })
}

/// Compares two `x.y.z` strings by major and minor only: -1, 0 or 1.
pub fn compare_str(lhs: &str, rhs: &str) -> Result<i8> {
    let widen = |p: [u8; 3]| p.map(i64::from);
    compare_parts(&widen(parse(lhs)?), &widen(parse(rhs)?))
}

/// Checks a config's `config_version` against the API version. Returns `false` when the check is
/// turned off ([`NOVERSIONCHECK`]) and `true` when the versions agree.
pub fn check_config_version(config_version: &str) -> Result<bool> {
    let value = config_version.trim();
    if value == NOVERSIONCHECK {
        return Ok(false);
    }
    let mismatch = |config: &str| Error::VersionMismatch {
        library: PACKAGE_VERSION.to_owned(),
        config: config.to_owned(),
    };
    if value.is_empty() {
        return Err(mismatch(NOT_SET));
    }
    if compare_str(PACKAGE_VERSION, value)? != 0 {
        return Err(mismatch(value));
    }
    Ok(true)
}

#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Piece {
    // Declared first so that, as in Python 2, a number sorts before any text.
    Num(u128),
    Text(String),
}

fn pieces(version: &str) -> Vec<Piece> {
    // LooseVersion splits into runs of digits, runs of lower-case letters, and the text between
    // them; dots only separate.
    let class = |c: char| {
        if c.is_ascii_digit() {
            0
        } else if c.is_ascii_lowercase() {
            1
        } else if c == '.' {
            2
        } else {
            3
        }
    };
    let mut out = Vec::new();
    let mut run = String::new();
    let mut run_class = 2;
    // A trailing '.' flushes the last run.
    for c in version.trim().chars().chain(std::iter::once('.')) {
        let k = class(c);
        if k != run_class || k == 2 {
            let text = std::mem::take(&mut run);
            match run_class {
                // A run of digits too long for u128 is compared as text rather than panicking.
                0 => out.push(text.parse().map_or(Piece::Text(text), Piece::Num)),
                2 => {}
                _ => out.push(Piece::Text(text)),
            }
            run_class = k;
        }
        run.push(c);
    }
    out
}

/// Compares two free-form versions the way the original's `LooseVersion` did: numbers as numbers,
/// letter runs as text, so `0.16.0-master-32-g050cd` is newer than `0.16.0`.
pub fn compare_loose(lhs: &str, rhs: &str) -> Ordering {
    pieces(lhs).cmp(&pieces(rhs))
}

/// Checks that the `installed` Autotest is at least the `configured` minimum. Returns `false`
/// when the check is turned off ([`NOVERSIONCHECK`]).
pub fn check_autotest_version(configured: &str, installed: &str) -> Result<bool> {
    let configured = configured.trim();
    if configured == NOVERSIONCHECK {
        return Ok(false);
    }
    if compare_loose(installed, configured) == Ordering::Less {
        return Err(Error::AutotestTooOld {
            installed: installed.trim().to_owned(),
            required: configured.to_owned(),
        });
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_version_is_the_package_version() {
        let [x, y, z] = api_version();
        assert_eq!(format!("{x}.{y}.{z}"), PACKAGE_VERSION);
        assert_eq!(parse(env!("CARGO_PKG_VERSION")).unwrap(), api_version());
    }

    #[test]
    fn pinned_str2int_and_int2str() {
        assert_eq!(str2int("3.1.5").unwrap(), 196_869);
        assert_eq!(int2str(123_456).unwrap(), "1.226.64");
        assert_eq!(
            int2str(i64::from(str2int("255.255.255").unwrap())).unwrap(),
            "255.255.255"
        );
        assert!(str2int("256.1.5").unwrap_err().to_string().contains("at most 255"));
        assert!(str2int("1.1.5.1").is_err());
        assert!(str2int("1.2").is_err());
        assert!(str2int("0.9.0-rc1")
            .unwrap_err()
            .to_string()
            .contains("only three numbers"));
        assert_eq!(
            int2str(16_777_216).unwrap_err().to_string(),
            "version number 16777216 is outside 0..=16777215"
        );
        assert!(int2str(-1).is_err());
    }

    #[test]
    fn pinned_compare() {
        assert_eq!(compare_str("0.6.4", "0.6.5").unwrap(), 0);
        assert_eq!(compare_parts(&[1, 0, 0], &[1, 0, 1]).unwrap(), 0);
        assert_eq!(compare_parts(&[0, 100, 0], &[1, 0, 1]).unwrap(), -1);
        assert_eq!(compare_str("1.2.0", "1.1.9").unwrap(), 1);
        assert!(compare_parts(&[1], &[1, 0]).is_err());
    }

    #[test]
    fn config_version_check() {
        assert!(!check_config_version(NOVERSIONCHECK).unwrap());
        assert!(check_config_version(PACKAGE_VERSION).unwrap());
        let [x, y, _] = api_version();
        assert!(check_config_version(&format!("{x}.{y}.77")).unwrap());
        let other = format!("{x}.{}.0", y + 1);
        assert_eq!(
            check_config_version(&other).unwrap_err(),
            Error::VersionMismatch {
                library: PACKAGE_VERSION.into(),
                config: other
            }
        );
        assert_eq!(
            check_config_version(" ").unwrap_err(),
            Error::VersionMismatch {
                library: PACKAGE_VERSION.into(),
                config: NOT_SET.into()
            }
        );
        assert!(matches!(check_config_version("1.2").unwrap_err(), Error::Value(_)));
    }

    #[test]
    fn loose_versions_and_the_autotest_check() {
        assert_eq!(compare_loose("0.16.0-master-32-g050cd", "0.16.0"), Ordering::Greater);
        assert_eq!(compare_loose("0.15.0", "0.16.0"), Ordering::Less);
        assert_eq!(compare_loose("0.16.10", "0.16.9"), Ordering::Greater);
        assert_eq!(compare_loose("1.0", "1.0.0"), Ordering::Less);
        assert_eq!(compare_loose("1.0a", "1.0.1"), Ordering::Greater);
        assert!(!check_autotest_version(NOVERSIONCHECK, "0.1.0").unwrap());
        assert!(check_autotest_version("0.16.0", "0.16.0").unwrap());
        assert!(check_autotest_version("0.16.0-master-32-g050cd", "0.16.4").unwrap());
        assert_eq!(
            check_autotest_version("0.16.0", "0.15.9").unwrap_err().to_string(),
            "installed Autotest version 0.15.9 is older than the minimum 0.16.0 the configuration asks for"
        );
    }

    proptest::proptest! {
        #[test]
        fn loose_compare_never_panics(a in "\\PC{0,40}", b in "[0-9a-z.-]{0,40}") {
            let _ = compare_loose(&a, &b);
            proptest::prop_assert_eq!(compare_loose(&b, &b), Ordering::Equal);
        }

        #[test]
        fn str2int_round_trips(x in 0u8.., y in 0u8.., z in 0u8..) {
            let text = format!("{x}.{y}.{z}");
            proptest::prop_assert_eq!(int2str(i64::from(str2int(&text).unwrap())).unwrap(), text);
        }
    }
}
