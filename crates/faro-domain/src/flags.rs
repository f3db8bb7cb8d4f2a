//! A set of tri-state flags (yes / no / unknown) over one vocabulary, packed in two bit masks.
//!
//! CTDC keeps most facts as one-hot flag columns where each cell may be unknown. Two masks keep
//! that exact: `known` says which flags have a value, `set` which of those are yes.

use std::fmt;
use std::marker::PhantomData;

use crate::Vocabulary;

pub struct Flags<V> {
    known: u32,
    set: u32,
    _vocabulary: PhantomData<V>,
}

impl<V: Vocabulary> Flags<V> {
    /// Every flag unknown.
    pub const fn unknown() -> Self {
        Self::from_bits(0, 0)
    }

    /// From stored masks; bits of `set` outside `known` are dropped so that equality is exact.
    pub const fn from_bits(known: u32, set: u32) -> Self {
        Flags {
            known,
            set: set & known,
            _vocabulary: PhantomData,
        }
    }

    pub fn known_bits(&self) -> u32 {
        self.known
    }

    pub fn set_bits(&self) -> u32 {
        self.set
    }

    pub fn get(&self, v: V) -> Option<bool> {
        let bit = 1 << v.index();
        (self.known & bit != 0).then_some(self.set & bit != 0)
    }

    pub fn put(&mut self, v: V, value: Option<bool>) {
        let bit = 1 << v.index();
        self.known &= !bit;
        self.set &= !bit;
        if let Some(yes) = value {
            self.known |= bit;
            if yes {
                self.set |= bit;
            }
        }
    }

    /// The values whose flag is yes, in vocabulary order.
    pub fn yes(&self) -> impl Iterator<Item = V> + '_ {
        V::ALL
            .iter()
            .copied()
            .filter(|v| self.get(*v) == Some(true))
    }

    pub fn any_yes(&self) -> bool {
        self.set != 0
    }

    pub fn is_all_unknown(&self) -> bool {
        self.known == 0
    }
}

impl<V> Clone for Flags<V> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<V> Copy for Flags<V> {}
impl<V> PartialEq for Flags<V> {
    fn eq(&self, other: &Self) -> bool {
        self.known == other.known && self.set == other.set
    }
}
impl<V> Eq for Flags<V> {}
impl<V: Vocabulary> Default for Flags<V> {
    fn default() -> Self {
        Self::unknown()
    }
}

impl<V: Vocabulary> fmt::Debug for Flags<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for v in V::ALL {
            if let Some(value) = self.get(*v) {
                map.entry(&v.code(), &value);
            }
        }
        map.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vocab::Labour;

    #[test]
    fn a_flag_reads_back_as_put_and_unknown_is_not_no() {
        let mut f = Flags::<Labour>::unknown();
        assert_eq!(f.get(Labour::Begging), None);
        f.put(Labour::Begging, Some(false));
        f.put(Labour::Other, Some(true));
        assert_eq!(f.get(Labour::Begging), Some(false));
        assert_eq!(f.get(Labour::Other), Some(true));
        assert_eq!(f.get(Labour::Peddling), None);
        assert_eq!(f.yes().collect::<Vec<_>>(), [Labour::Other]);
        f.put(Labour::Other, None);
        assert!(!f.any_yes());
        assert_ne!(f, Flags::unknown());
    }

    #[test]
    fn set_bits_outside_known_are_dropped() {
        assert_eq!(
            Flags::<Labour>::from_bits(0b01, 0b11),
            Flags::from_bits(0b01, 0b01)
        );
    }
}
