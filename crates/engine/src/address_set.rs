//! A set of object addresses for the census: a bitmap per 64 KiB of address space.
//!
//! Objects a snippet creates together sit close together in memory, so consecutive
//! look-ups mostly hit the same page: about 3 ns each where a hash set of a million
//! addresses costs 30-60 ns in cache misses.

use rustc_hash::FxHashMap;

const PAGE_SHIFT: u32 = 16;
/// Objects are at least 8-byte aligned (wasm32's allocator gives 8, not 16).
const GRANULE_SHIFT: u32 = 3;
const BITS_PER_PAGE: usize = 1 << (PAGE_SHIFT - GRANULE_SHIFT);
type Page = [u64; BITS_PER_PAGE / 64];

/// Recently used pages, direct-mapped: look-ups that alternate between a few pages (a
/// dict's interned keys and its values) stay off the hash map.
const RECENT: usize = 8;

pub struct AddressSet {
    pages: FxHashMap<usize, Box<Page>>,
    /// (page number, its bitmap or null when it has none); `NO_PAGE` marks an empty slot.
    recent: [(usize, *mut Page); RECENT],
}

/// No address maps to this page number: it would need the top bits of a shifted address.
const NO_PAGE: usize = usize::MAX;

impl Default for AddressSet {
    fn default() -> Self {
        AddressSet {
            pages: FxHashMap::default(),
            recent: [(NO_PAGE, std::ptr::null_mut()); RECENT],
        }
    }
}

impl AddressSet {
    /// Adds `address`; true when it was not there yet.
    #[inline(always)]
    pub fn insert(&mut self, address: usize) -> bool {
        let page = address >> PAGE_SHIFT;
        let (cached, mut bits) = self.recent[page % RECENT];
        if cached != page || bits.is_null() {
            bits = self.page_from_map(page, true);
        }
        let (word, mask) = bit(address);
        // SAFETY: see `page_from_map`.
        let word = unsafe { &mut (*bits)[word] };
        let fresh = *word & mask == 0;
        *word |= mask;
        fresh
    }

    /// Whether `address` was added.
    #[inline(always)]
    pub fn contains(&mut self, address: usize) -> bool {
        let page = address >> PAGE_SHIFT;
        let (cached, mut bits) = self.recent[page % RECENT];
        if cached != page {
            bits = self.page_from_map(page, false);
        }
        // SAFETY: see `page_from_map`.
        !bits.is_null() && {
            let (word, mask) = bit(address);
            unsafe { (*bits)[word] & mask != 0 }
        }
    }

    /// The bitmap of `page`, made when `create`, else null when the page has none; the
    /// answer is cached for the next look-ups. The pointer stays valid while `self` lives:
    /// pages are boxed, so they do not move when the map grows, and they are never removed.
    #[inline(never)]
    fn page_from_map(&mut self, page: usize, create: bool) -> *mut Page {
        let bits: *mut Page = if create {
            &mut **self
                .pages
                .entry(page)
                .or_insert_with(|| Box::new([0; BITS_PER_PAGE / 64]))
        } else {
            self.pages
                .get_mut(&page)
                .map_or(std::ptr::null_mut(), |boxed| &mut **boxed)
        };
        self.recent[page % RECENT] = (page, bits);
        bits
    }
}

/// The word of a page and the bit in it that stand for `address`.
#[inline]
fn bit(address: usize) -> (usize, u64) {
    let granule = (address >> GRANULE_SHIFT) & (BITS_PER_PAGE - 1);
    (granule / 64, 1u64 << (granule % 64))
}

#[cfg(test)]
mod tests {
    use super::AddressSet;

    #[test]
    fn each_address_once() {
        let mut set = AddressSet::default();
        assert!(set.insert(0x1000));
        assert!(!set.insert(0x1000));
        assert!(set.insert(0x1008));
        assert!(set.insert(0x7f00_0000_1000));
        assert!(!set.insert(0x1008));
        assert!(!set.insert(0x7f00_0000_1000));
        assert!(set.insert(0x1_0000));
        assert!(set.contains(0x1008) && set.contains(0x1_0000));
        assert!(!set.contains(0x1010) && !set.contains(0x9_0000));
        // Pages 0x10 and 0x18 share a cache slot; alternating between them stays exact.
        for round in 0..3 {
            for page in [0x10usize, 0x18, 0x11] {
                let address = (page << 16) + 0x40;
                assert_eq!(
                    set.insert(address),
                    round == 0,
                    "{page:#x} in round {round}"
                );
                assert!(set.contains(address) && !set.contains(address + 8));
            }
        }
        let fresh = (0..100_000usize)
            .filter(|i| set.insert(0x5000_0000 + i * 24))
            .count();
        assert_eq!(fresh, 100_000);
        assert_eq!(
            (0..100_000usize)
                .filter(|i| set.insert(0x5000_0000 + i * 24))
                .count(),
            0
        );
    }
}
