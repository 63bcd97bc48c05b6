//! Small blocks from free lists by size, in front of the system allocator: what CPython's
//! pymalloc does for objects of 512 bytes or less. A Python snippet makes and frees
//! millions of small objects; the browser's allocator (dlmalloc) spends ~14% of a run in
//! `malloc` and `free` finding, splitting and merging chunks, where a block of one size
//! class is a pop from, and a push onto, that class's list. Rust tells `dealloc` the
//! block's size, so a block needs no header.
//!
//! Blocks are carved from 256 KB chunks and never go back to the system allocator (as
//! pymalloc keeps most of its arenas): memory a snippet freed as small objects is reused
//! for small objects only. The figures are unchanged: the counting allocator counts the
//! bytes asked for, before this module sees the request. The cost: a run that fills a
//! memory cap of 1.5 GB or more with small objects, frees them, then asks for as much in
//! large buffers can need more than wasm32's 4 GB, where dlmalloc alone would have
//! reused the freed memory; the engine then stops as for a refused request, with its
//! samples kept (at the default 512 MB cap the most it can hold is about 1.5 GB).
//!
//! Per thread (each thread runs its own interpreter); a block freed on another thread
//! joins that thread's lists, and one freed while its thread's lists are gone (thread
//! teardown) is left alone.

#[cfg(feature = "dlmalloc")]
use dlmalloc::GlobalDlmalloc as System;
#[cfg(not(feature = "dlmalloc"))]
use std::alloc::System;
use std::alloc::{GlobalAlloc, Layout};
use std::cell::Cell;
use std::ptr;

/// The largest size served from the lists, as pymalloc's `SMALL_REQUEST_THRESHOLD`.
const LARGEST: usize = 512;
/// Sizes are rounded up to a multiple of this; it is also every block's alignment.
const GRAIN: usize = 8;
const CLASSES: usize = LARGEST / GRAIN;
const CHUNK: usize = 256 * 1024;

struct Lists {
    /// The first free block of each class; a free block's first word is the next one.
    free: [Cell<*mut u8>; CLASSES],
    /// The unused rest of the newest chunk.
    next: Cell<*mut u8>,
    end: Cell<*mut u8>,
}

thread_local! {
    static LISTS: Lists = const {
        Lists {
            free: [const { Cell::new(ptr::null_mut()) }; CLASSES],
            next: Cell::new(ptr::null_mut()),
            end: Cell::new(ptr::null_mut()),
        }
    };
}

/// The class serving `layout`, if it is small: class `c` holds blocks of `(c + 1) * GRAIN`.
#[inline(always)]
fn class_of(size: usize, align: usize) -> Option<usize> {
    (size != 0 && size <= LARGEST && align <= GRAIN).then(|| (size - 1) / GRAIN)
}

fn block_layout(class: usize) -> Layout {
    // SAFETY: a non-zero multiple of GRAIN, a power of two, far below isize::MAX.
    unsafe { Layout::from_size_align_unchecked((class + 1) * GRAIN, GRAIN) }
}

/// A block of `class`: the head of its list, or the next one carved from the chunk.
#[inline(always)]
unsafe fn take(class: usize) -> *mut u8 {
    LISTS
        .try_with(|lists| {
            let head = lists.free[class].get();
            if !head.is_null() {
                // SAFETY: a free block of this class holds the next one in its first word.
                lists.free[class].set(unsafe { head.cast::<*mut u8>().read() });
                return head;
            }
            unsafe { carve(lists, class) }
        })
        // The thread's lists are gone: a block of the class's full size, so that it can
        // join a list if it is freed on another thread.
        .unwrap_or_else(|_| unsafe { System.alloc(block_layout(class)) })
}

#[cold]
unsafe fn carve(lists: &Lists, class: usize) -> *mut u8 {
    let size = (class + 1) * GRAIN;
    let mut next = lists.next.get();
    if (lists.end.get() as usize).wrapping_sub(next as usize) < size || next.is_null() {
        // SAFETY: a non-zero size. The rest of the old chunk (under 512 bytes) is left.
        let chunk = unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, GRAIN)) };
        if chunk.is_null() {
            return chunk;
        }
        next = chunk;
        lists.end.set(unsafe { chunk.add(CHUNK) });
    }
    lists.next.set(unsafe { next.add(size) });
    next
}

/// Puts a block of `class` back on its list.
#[inline(always)]
unsafe fn give_back(ptr: *mut u8, class: usize) {
    let _ = LISTS.try_with(|lists| {
        // SAFETY: the block is at least GRAIN bytes, aligned to GRAIN, and ours again.
        unsafe { ptr.cast::<*mut u8>().write(lists.free[class].get()) };
        lists.free[class].set(ptr);
    });
}

/// `GlobalAlloc::alloc`, small blocks from the lists.
#[inline(always)]
pub unsafe fn alloc(layout: Layout) -> *mut u8 {
    match class_of(layout.size(), layout.align()) {
        Some(class) => unsafe { take(class) },
        None => unsafe { System.alloc(layout) },
    }
}

/// `GlobalAlloc::alloc_zeroed`.
#[inline(always)]
pub unsafe fn alloc_zeroed(layout: Layout) -> *mut u8 {
    match class_of(layout.size(), layout.align()) {
        Some(class) => {
            let block = unsafe { take(class) };
            if !block.is_null() {
                unsafe { block.write_bytes(0, layout.size()) };
            }
            block
        }
        None => unsafe { System.alloc_zeroed(layout) },
    }
}

/// `GlobalAlloc::dealloc`.
#[inline(always)]
pub unsafe fn dealloc(ptr: *mut u8, layout: Layout) {
    match class_of(layout.size(), layout.align()) {
        Some(class) => unsafe { give_back(ptr, class) },
        None => unsafe { System.dealloc(ptr, layout) },
    }
}

/// `GlobalAlloc::realloc`: in place within one class, through the system allocator
/// between two large sizes, else a copy.
#[inline]
pub unsafe fn realloc(ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
    let old = class_of(layout.size(), layout.align());
    let new = class_of(new_size, layout.align());
    if old.is_some() && old == new {
        return ptr;
    }
    if old.is_none() && new.is_none() {
        return unsafe { System.realloc(ptr, layout, new_size) };
    }
    // SAFETY: the caller guarantees new_size, rounded to the alignment, fits an isize.
    let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
    let moved = unsafe { alloc(new_layout) };
    if !moved.is_null() {
        unsafe {
            ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
            dealloc(ptr, layout);
        }
    }
    moved
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_freed_block_is_the_next_one_of_its_class() {
        let layout = Layout::from_size_align(40, 8).unwrap();
        unsafe {
            let a = alloc(layout);
            let b = alloc(layout);
            assert_ne!(a, b);
            assert_eq!(a as usize % GRAIN, 0);
            dealloc(a, layout);
            // 33..=40 bytes share a class: the block just freed serves the next request.
            assert_eq!(alloc(Layout::from_size_align(33, 8).unwrap()), a);
            dealloc(a, layout);
            dealloc(b, layout);
        }
    }

    #[test]
    fn realloc_keeps_the_contents_across_classes_and_sizes() {
        let layout = Layout::from_size_align(24, 8).unwrap();
        unsafe {
            let p = alloc(layout);
            p.copy_from_nonoverlapping([7u8; 24].as_ptr(), 24);
            // Within its class: the same block, now of 20 bytes.
            assert_eq!(realloc(p, layout, 20), p);
            let grown = realloc(p, Layout::from_size_align(20, 8).unwrap(), 100);
            let bigger = Layout::from_size_align(100, 8).unwrap();
            let large = realloc(grown, bigger, 4096);
            let large_layout = Layout::from_size_align(4096, 8).unwrap();
            assert_eq!(std::slice::from_raw_parts(large, 20), &[7u8; 20]);
            let back = realloc(large, large_layout, 16);
            assert_eq!(std::slice::from_raw_parts(back, 16), &[7u8; 16]);
            dealloc(back, Layout::from_size_align(16, 8).unwrap());
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_even_when_reused() {
        let layout = Layout::from_size_align(64, 8).unwrap();
        unsafe {
            let p = alloc(layout);
            p.write_bytes(0xAB, 64);
            dealloc(p, layout);
            let z = alloc_zeroed(layout);
            assert_eq!(z, p);
            assert!(std::slice::from_raw_parts(z, 64).iter().all(|&b| b == 0));
            dealloc(z, layout);
        }
    }

    #[test]
    fn large_or_overaligned_requests_go_to_the_system() {
        assert_eq!(class_of(513, 8), None);
        assert_eq!(class_of(64, 16), None);
        assert_eq!(class_of(0, 1), None);
        assert_eq!(class_of(1, 1), Some(0));
        assert_eq!(class_of(512, 8), Some(63));
    }
}
