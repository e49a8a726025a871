//! A flat open-addressing hash table from non-zero 64-bit keys (already well mixed) to small
//! copyable values: the tagger's lookups, with no hashing, no allocation and one cache line
//! touched in the common case.

/// Keys must be non-zero (0 marks an empty slot) and unique.
#[derive(Clone, Debug)]
pub(crate) struct KeyTable<V> {
    slots: Vec<(u64, V)>,
}

impl<V: Copy + Default> KeyTable<V> {
    /// A table holding `items` (load factor at most 1/2, so probe sequences stay short).
    pub(crate) fn new(items: impl ExactSizeIterator<Item = (u64, V)>) -> Self {
        let len = (items.len() * 2).max(2).next_power_of_two();
        let mut slots = vec![(0u64, V::default()); len];
        let mask = len - 1;
        for (key, value) in items {
            debug_assert_ne!(key, 0);
            let mut index = key as usize & mask;
            while slots[index].0 != 0 {
                index = (index + 1) & mask;
            }
            slots[index] = (key, value);
        }
        KeyTable { slots }
    }

    #[inline]
    pub(crate) fn get(&self, key: u64) -> Option<V> {
        let mask = self.slots.len() - 1;
        let mut index = key as usize & mask;
        loop {
            let (slot_key, value) = self.slots[index];
            if slot_key == key {
                return Some(value);
            }
            if slot_key == 0 {
                return None;
            }
            index = (index + 1) & mask;
        }
    }

    /// The entries, sorted by key.
    pub(crate) fn sorted(&self) -> Vec<(u64, V)> {
        let mut entries: Vec<(u64, V)> = self.slots.iter().copied().filter(|s| s.0 != 0).collect();
        entries.sort_unstable_by_key(|e| e.0);
        entries
    }

    pub(crate) fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.0 != 0).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_what_it_holds_and_nothing_else() {
        let items: Vec<(u64, u16)> = (1..=100u64)
            .map(|k| (k * 0x1_0000_0001, k as u16))
            .collect();
        let table = KeyTable::new(items.iter().copied());
        for &(key, value) in &items {
            assert_eq!(table.get(key), Some(value));
        }
        assert_eq!(table.get(7), None);
        assert_eq!(table.len(), 100);
        assert_eq!(table.sorted(), items);
        assert_eq!(KeyTable::<u8>::new(std::iter::empty()).get(3), None);
    }
}
