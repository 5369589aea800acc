//! Maps keyed by values that are hashes already (token, term and shingle hashes) or dense
//! numbers: the stages that build such keys share this one hasher.

use std::collections::HashMap;

/// A hasher that passes a `u64` key through instead of running SipHash over it again.
#[derive(Debug, Default, Clone, Copy)]
pub struct Prehashed(u64);

impl std::hash::Hasher for Prehashed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only u64/u32 keys are expected; anything else is folded in, still correctly.
        for b in bytes {
            self.0 = (self.0.rotate_left(23) ^ u64::from(*b)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
        }
    }

    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }

    fn write_u32(&mut self, v: u32) {
        // Dense numbers: spread them so the table's top bits differ too.
        self.0 = u64::from(v).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
}

/// A map keyed by hashes or dense numbers.
pub type FastMap<K, V> = HashMap<K, V, std::hash::BuildHasherDefault<Prehashed>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn u64_keys_pass_through_and_maps_work() {
        use std::hash::Hasher;
        let mut h = Prehashed::default();
        h.write_u64(42);
        assert_eq!(h.finish(), 42);
        let mut m: FastMap<u64, &str> = FastMap::default();
        m.insert(7, "seven");
        assert_eq!(m.get(&7), Some(&"seven"));
    }
}
