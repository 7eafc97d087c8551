//! A small deterministic pseudo-random generator (SplitMix64) and the id
//! helpers built on it. No external randomness: the same seed always gives
//! the same world and the same sequence of generated ids.

/// SplitMix64 generator (Steele, Lea, Flood 2014): tiny, fast, good enough
/// for test data, and bijective on its state so it never repeats early.
#[derive(Debug, Clone)]
pub(crate) struct Prng {
    state: u64,
}

/// One SplitMix64 output step for a given input (a pure mixing function).
pub(crate) fn mix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable 32-hex-character id derived from a name (independent of the
/// seed): used for catalogue objects such as permission groups.
pub(crate) fn stable_hex_id(name: &str) -> String {
    // FNV-1a 64 of the name, then two mixed words.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in name.as_bytes() {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    format!("{:016x}{:016x}", mix64(h), mix64(h ^ 0x5555_5555_5555_5555))
}

impl Prng {
    /// A generator seeded with `seed`.
    pub(crate) fn new(seed: u64) -> Self {
        Prng { state: seed }
    }

    /// Next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next_u64() % n }
    }

    /// A number in `lo..=hi`.
    pub(crate) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// True with probability `num/den`.
    pub(crate) fn chance(&mut self, num: u64, den: u64) -> bool {
        self.below(den) < num
    }

    /// One element of a non-empty slice (the first one if the slice is empty
    /// is impossible, so callers pass constant non-empty lists).
    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let i = self.below(items.len() as u64) as usize;
        &items[i.min(items.len().saturating_sub(1))]
    }

    /// 32 lowercase hex characters, the shape of most Cloudflare ids.
    pub(crate) fn hex32(&mut self) -> String {
        format!("{:016x}{:016x}", self.next_u64(), self.next_u64())
    }

    /// 16 lowercase hex characters (cf-ray style).
    pub(crate) fn hex16(&mut self) -> String {
        format!("{:016x}", self.next_u64())
    }

    /// A version-4-shaped UUID string (for v1 audit log ids).
    pub(crate) fn uuid(&mut self) -> String {
        let a = self.next_u64();
        let b = self.next_u64();
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0x0fff,
            ((b >> 48) & 0x3fff) | 0x8000,
            b & 0xffff_ffff_ffff
        )
    }

    /// An API token secret: 40 characters of `[A-Za-z0-9_-]` (the schema
    /// allows 40..=80).
    pub(crate) fn token_value(&mut self) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut s = String::with_capacity(40);
        while s.len() < 40 {
            let mut w = self.next_u64();
            for _ in 0..10 {
                if s.len() == 40 {
                    break;
                }
                s.push(char::from(ALPHABET[(w & 63) as usize]));
                w >>= 6;
            }
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_shaped() {
        let mut a = Prng::new(7);
        let mut b = Prng::new(7);
        assert_eq!(a.hex32(), b.hex32());
        let id = a.hex32();
        assert_eq!(id.len(), 32);
        assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
        let v = a.token_value();
        assert_eq!(v.len(), 40);
        let u = a.uuid();
        assert_eq!(u.len(), 36);
        assert_eq!(stable_hex_id("Zone Read"), stable_hex_id("Zone Read"));
        assert_eq!(stable_hex_id("x").len(), 32);
        for _ in 0..100 {
            let r = a.range(3, 5);
            assert!((3..=5).contains(&r));
        }
    }
}
