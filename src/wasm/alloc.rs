//! The global allocator of the threaded wasm build: per-thread caches of
//! small blocks in front of the shared heap.
//!
//! Why: the standard library's wasm allocator is dlmalloc behind one global
//! spin lock. `syn` allocates and frees constantly (tokens, boxed
//! expressions, strings), so on 2 rayon threads that lock made parsing about
//! 0.4x the speed of one thread (see ARCHITECTURE.md and BENCHMARKS.md). No
//! maintained crate offers a thread-caching allocator for `wasm32` with
//! atomics (`talc`, `lol_alloc`, `rlsf` and `wee_alloc` are global-lock or
//! single-threaded designs), hence this small one.
//!
//! Design, in the spirit of tcmalloc's thread caches:
//! - Requests of at most [`MAX_SMALL`] bytes with an alignment of at most
//!   [`MIN_ALIGN`] are rounded up to one of [`CLASSES`] size classes. Each
//!   thread keeps one free list per class, so the common case is a pop or a
//!   push on a thread-local list: no lock, no atomic.
//! - A thread carves new blocks from its own chunk of [`CHUNK`] bytes taken
//!   from the shared heap, so even a cold cache rarely takes the lock.
//! - A block freed by another thread than the one that allocated it simply
//!   joins the freeing thread's list: blocks of one class are
//!   interchangeable, and small-class memory never goes back to the shared
//!   heap, so no block ever needs to know its owner.
//! - A list that grows past its limit (a thread that frees what others
//!   allocated, such as the thread that drops a finished parse) hands a batch
//!   of blocks to the class's shared depot, where other threads refill from.
//!   That keeps each cache bounded and lets memory flow back to the threads
//!   that allocate, so repeated runs reuse the same memory.
//! - Everything larger, or more aligned, goes straight to the shared heap
//!   (`System`: dlmalloc behind its lock in wasm, the C allocator natively).
//!
//! Small-class memory stays with the allocator for the life of the instance
//! (wasm memory cannot shrink anyway). A thread that exits keeps its cached
//! blocks; in wasm the pool threads live as long as the instance.
//!
//! wasm-bindgen starts each thread by calling `malloc` for its stack and its
//! thread-local storage *before* that storage exists, so the allocator must
//! not touch its thread cache until the thread says it is ready: in wasm the
//! cache is off until [`enable_thread_cache`] runs on that thread (the wasm
//! API does it on every pool thread before the first analysis). Natively
//! thread-local storage always exists, and the cache is on from the start.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::UnsafeCell;
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

/// The largest request served from the size classes.
pub const MAX_SMALL: usize = 32 << 10;
/// Every class size is a multiple of this, and so is every block address.
pub const MIN_ALIGN: usize = 16;
/// Number of size classes: 16..=256 in steps of 16, then four classes per
/// power of two up to [`MAX_SMALL`] (at most 25% rounding waste).
pub const CLASSES: usize = 16 + 4 * 7;
/// Bytes a thread takes from the shared heap at once to carve blocks from.
pub const CHUNK: usize = 256 << 10;
/// Roughly how many bytes one class's list may hold before it gives a
/// batch to the depot.
const LIST_BYTES: usize = 64 << 10;

/// Marks a thread whose cache may be used. A magic number rather than a
/// bool: before wasm-bindgen has set up a new thread's storage, the read
/// lands on memory that holds zeros or stale stack data, and must not be
/// mistaken for "enabled".
const ENABLED: usize = 0x5eed_a110;

/// Size of class `class` in bytes.
pub const fn class_size(class: usize) -> usize {
    if class < 16 {
        (class + 1) * 16
    } else {
        let k = class - 16;
        let shift = 6 + k / 4;
        (5 + k % 4) << shift
    }
}

/// The smallest class that holds `size` bytes; `size` must be at most
/// [`MAX_SMALL`].
pub const fn class_of(size: usize) -> usize {
    if size <= 256 {
        if size == 0 {
            0
        } else {
            (size - 1) / 16
        }
    } else {
        let log2 = (usize::BITS - 1 - (size - 1).leading_zeros()) as usize;
        16 + (log2 - 8) * 4 + ((size - 1) >> (log2 - 2)) - 4
    }
}

/// The class that serves `layout`, or `None` for the shared heap. Alloc,
/// dealloc and realloc all decide with this, so a block always returns to
/// the side it came from.
fn small_class(layout: Layout) -> Option<usize> {
    (layout.size() <= MAX_SMALL && layout.align() <= MIN_ALIGN).then(|| class_of(layout.size()))
}

/// Blocks a list holds before half of them move to the depot.
const fn list_limit(class: usize) -> usize {
    let n = LIST_BYTES / class_size(class);
    if n < 4 {
        4
    } else if n > 512 {
        512
    } else {
        n
    }
}

/// Blocks in one depot batch.
const fn batch_len(class: usize) -> usize {
    list_limit(class) / 2
}

/// A free block: the link of its list, and while in the depot, the link to
/// the next batch (only in a batch's first block). Two words fit the
/// smallest class natively (16 bytes) and in wasm.
#[repr(C)]
struct Block {
    next: *mut Block,
    next_batch: *mut Block,
}

struct ThreadCache {
    enabled: usize,
    heads: [*mut Block; CLASSES],
    lens: [usize; CLASSES],
    /// The unused part of this thread's current chunk.
    chunk_next: *mut u8,
    chunk_end: *mut u8,
}

thread_local! {
    // A const initializer and no destructor: the access compiles to a plain
    // thread-local address, never registers a destructor (which would
    // allocate, from inside the allocator) and never fails.
    static CACHE: UnsafeCell<ThreadCache> = const {
        UnsafeCell::new(ThreadCache {
            enabled: if cfg!(target_arch = "wasm32") { 0 } else { ENABLED },
            heads: [ptr::null_mut(); CLASSES],
            lens: [0; CLASSES],
            chunk_next: ptr::null_mut(),
            chunk_end: ptr::null_mut(),
        })
    };
}

/// Turns the thread cache on for the calling thread. Call it only once the
/// thread's thread-local storage is set up, that is from ordinary code
/// running on the thread (never from the allocator itself).
pub fn enable_thread_cache() {
    // SAFETY: only this thread touches its cache, and no allocator call is
    // running on it while this plain store happens.
    CACHE.with(|cache| unsafe { (*cache.get()).enabled = ENABLED });
}

/// A class's shared stack of batches, behind a tiny spin lock: it is taken
/// once per batch of blocks, so it is rarely contended, and a spin lock
/// needs no `Atomics.wait`, which some wasm threads may not call.
struct Depot {
    locked: AtomicBool,
    lists: UnsafeCell<DepotLists>,
}

struct DepotLists {
    /// Full batches, linked through their first blocks' `next_batch`.
    batches: *mut Block,
    /// Single blocks freed by threads without a cache.
    loose: *mut Block,
}

// SAFETY: `lists` is only read or written while `locked` is held.
unsafe impl Sync for Depot {}

impl Depot {
    const fn new() -> Depot {
        Depot {
            locked: AtomicBool::new(false),
            lists: UnsafeCell::new(DepotLists {
                batches: ptr::null_mut(),
                loose: ptr::null_mut(),
            }),
        }
    }

    fn with<R>(&self, f: impl FnOnce(&mut DepotLists) -> R) -> R {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            while self.locked.load(Ordering::Relaxed) {
                std::hint::spin_loop();
            }
        }
        // SAFETY: the lock is held.
        let result = f(unsafe { &mut *self.lists.get() });
        self.locked.store(false, Ordering::Release);
        result
    }

    /// # Safety
    /// `batch` is a null-terminated list of exactly `batch_len` free blocks
    /// of this depot's class.
    unsafe fn push_batch(&self, batch: *mut Block) {
        self.with(|lists| unsafe {
            (*batch).next_batch = lists.batches;
            lists.batches = batch;
        })
    }

    /// # Safety
    /// `block` is a free block of this depot's class.
    unsafe fn push_loose(&self, block: *mut Block) {
        self.with(|lists| unsafe {
            (*block).next = lists.loose;
            lists.loose = block;
        })
    }

    /// A batch (a list of `batch` blocks), else a list of one loose block,
    /// else null; with the list's length.
    fn pop(&self, batch: usize) -> (*mut Block, usize) {
        self.with(|lists| {
            // SAFETY: blocks in the depot are free and owned by it.
            unsafe {
                if !lists.batches.is_null() {
                    let batch_len = batch;
                    let batch = lists.batches;
                    lists.batches = (*batch).next_batch;
                    (batch, batch_len)
                } else if !lists.loose.is_null() {
                    let block = lists.loose;
                    lists.loose = (*block).next;
                    (*block).next = ptr::null_mut();
                    (block, 1)
                } else {
                    (ptr::null_mut(), 0)
                }
            }
        })
    }
}

static DEPOTS: [Depot; CLASSES] = [const { Depot::new() }; CLASSES];

/// Set when the shared heap refused a request. Out of memory, Rust aborts
/// the thread without running the panic hook; this flag lets another thread
/// (the wasm engine thread, waiting for the pool) say what happened.
static HEAP_EXHAUSTED: AtomicBool = AtomicBool::new(false);

/// Whether the shared heap has ever refused a request.
pub fn heap_exhausted() -> bool {
    HEAP_EXHAUSTED.load(Ordering::Relaxed)
}

/// Passes a pointer from the shared heap through, noting a refusal.
#[inline]
fn from_heap(ptr: *mut u8) -> *mut u8 {
    if ptr.is_null() {
        HEAP_EXHAUSTED.store(true, Ordering::Relaxed);
    }
    ptr
}

/// The allocator. All its state is static (thread caches and depots), so
/// the type is a unit struct and any number of values share one heap.
pub struct ThreadCacheAlloc;

impl ThreadCache {
    #[inline]
    unsafe fn pop(&mut self, class: usize) -> *mut u8 {
        let head = self.heads[class];
        if !head.is_null() {
            self.heads[class] = unsafe { (*head).next };
            self.lens[class] -= 1;
            return head.cast();
        }
        unsafe { self.refill(class) }
    }

    #[inline]
    unsafe fn push(&mut self, class: usize, block: *mut u8) {
        let block = block.cast::<Block>();
        unsafe { (*block).next = self.heads[class] };
        self.heads[class] = block;
        self.lens[class] += 1;
        if self.lens[class] >= list_limit(class) {
            unsafe { self.spill(class) };
        }
    }

    /// Moves one batch from the front of the list to the depot.
    #[cold]
    unsafe fn spill(&mut self, class: usize) {
        let batch = self.heads[class];
        let mut last = batch;
        for _ in 1..batch_len(class) {
            last = unsafe { (*last).next };
        }
        unsafe {
            self.heads[class] = (*last).next;
            (*last).next = ptr::null_mut();
            DEPOTS[class].push_batch(batch);
        }
        self.lens[class] -= batch_len(class);
    }

    /// The list is empty: take a batch from the depot, or carve a block.
    #[cold]
    unsafe fn refill(&mut self, class: usize) -> *mut u8 {
        let (list, len) = DEPOTS[class].pop(batch_len(class));
        if !list.is_null() {
            unsafe {
                self.heads[class] = (*list).next;
            }
            self.lens[class] = len - 1;
            return list.cast();
        }
        let size = class_size(class);
        if (self.chunk_end as usize) - (self.chunk_next as usize) < size
            && !unsafe { self.new_chunk() }
        {
            return ptr::null_mut();
        }
        let block = self.chunk_next;
        self.chunk_next = unsafe { block.add(size) };
        block
    }

    /// Replaces the current chunk with a fresh one from the shared heap. The
    /// old chunk's tail is not wasted: it is cut into the largest blocks
    /// that fit and put on their lists. Returns false when the heap is full.
    unsafe fn new_chunk(&mut self) -> bool {
        // SAFETY: CHUNK and MIN_ALIGN form a valid layout.
        let chunk =
            from_heap(unsafe { System.alloc(Layout::from_size_align_unchecked(CHUNK, MIN_ALIGN)) });
        if chunk.is_null() {
            return false;
        }
        let mut rest = (self.chunk_end as usize) - (self.chunk_next as usize);
        while rest >= MIN_ALIGN {
            // The largest class that fits in what is left.
            let class = if rest >= MAX_SMALL {
                CLASSES - 1
            } else {
                let class = class_of(rest);
                if class_size(class) > rest {
                    class - 1
                } else {
                    class
                }
            };
            let block = self.chunk_next;
            self.chunk_next = unsafe { block.add(class_size(class)) };
            rest -= class_size(class);
            unsafe { self.push(class, block) };
        }
        self.chunk_next = chunk;
        self.chunk_end = unsafe { chunk.add(CHUNK) };
        true
    }
}

/// Runs `f` on this thread's cache when it is enabled; `None` otherwise.
#[inline]
fn with_cache<R>(f: impl FnOnce(&mut ThreadCache) -> R) -> Option<R> {
    CACHE.with(|cache| {
        // SAFETY: the cache belongs to this thread, and the allocator is not
        // re-entered while `f` runs (the shared heap never calls back).
        let cache = unsafe { &mut *cache.get() };
        (cache.enabled == ENABLED).then(|| f(cache))
    })
}

unsafe impl GlobalAlloc for ThreadCacheAlloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match small_class(layout) {
            Some(class) => match with_cache(|cache| unsafe { cache.pop(class) }) {
                Some(block) => block,
                // No cache yet (a thread being started): serve the class's
                // full size from the shared heap, so that the block can join
                // the class's pool when it is freed.
                None => from_heap(unsafe { System.alloc(class_layout(class)) }),
            },
            None => from_heap(unsafe { System.alloc(layout) }),
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        match small_class(layout) {
            Some(class) => {
                if with_cache(|cache| unsafe { cache.push(class, ptr) }).is_none() {
                    // The block may have been carved from some thread's
                    // chunk, so it cannot go back to the shared heap; the
                    // depot keeps it for the next thread that refills.
                    unsafe { DEPOTS[class].push_loose(ptr.cast()) }
                }
            }
            None => unsafe { System.dealloc(ptr, layout) },
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        match small_class(layout) {
            Some(_) => {
                let block = unsafe { self.alloc(layout) };
                if !block.is_null() {
                    unsafe { ptr::write_bytes(block, 0, layout.size()) };
                }
                block
            }
            // The shared heap knows when fresh memory is already zero.
            None => from_heap(unsafe { System.alloc_zeroed(layout) }),
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `new_size` with this alignment is a
        // valid layout.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        match (small_class(layout), small_class(new_layout)) {
            // Same class: the block already has room.
            (Some(old), Some(new)) if old == new => ptr,
            (None, None) => from_heap(unsafe { System.realloc(ptr, layout, new_size) }),
            _ => {
                let block = unsafe { self.alloc(new_layout) };
                if !block.is_null() {
                    unsafe {
                        ptr::copy_nonoverlapping(ptr, block, layout.size().min(new_size));
                        self.dealloc(ptr, layout);
                    }
                }
                block
            }
        }
    }
}

/// The shared-heap layout of a whole class block, used when a small request
/// bypasses the caches: the pool adopts the block when it is freed, so it
/// must have the class's full size and alignment.
fn class_layout(class: usize) -> Layout {
    // SAFETY: class sizes are non-zero multiples of MIN_ALIGN, a power of two.
    unsafe { Layout::from_size_align_unchecked(class_size(class), MIN_ALIGN) }
}

#[cfg(all(target_arch = "wasm32", target_feature = "atomics"))]
#[global_allocator]
static GLOBAL: ThreadCacheAlloc = ThreadCacheAlloc;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    const A: ThreadCacheAlloc = ThreadCacheAlloc;

    /// A block filled with a pattern that names its owner, so that overlap
    /// between live blocks shows up as a changed byte.
    struct Owned {
        ptr: *mut u8,
        layout: Layout,
        tag: u8,
    }

    // SAFETY: the block is plain memory owned by this value.
    unsafe impl Send for Owned {}

    impl Owned {
        fn new(size: usize, align: usize, tag: u8) -> Owned {
            let layout = Layout::from_size_align(size, align).unwrap();
            let ptr = unsafe { A.alloc(layout) };
            assert!(!ptr.is_null(), "allocation of {layout:?} failed");
            assert_eq!(ptr as usize % align, 0, "misaligned {layout:?}");
            unsafe { ptr::write_bytes(ptr, tag, size) };
            Owned { ptr, layout, tag }
        }

        fn check(&self) {
            let bytes = unsafe { std::slice::from_raw_parts(self.ptr, self.layout.size()) };
            assert!(
                bytes.iter().all(|&b| b == self.tag),
                "block {:?} was overwritten",
                self.layout
            );
        }

        fn resize(&mut self, new_size: usize) {
            self.check();
            let ptr = unsafe { A.realloc(self.ptr, self.layout, new_size) };
            assert!(!ptr.is_null());
            assert_eq!(ptr as usize % self.layout.align(), 0);
            let kept = self.layout.size().min(new_size);
            let bytes = unsafe { std::slice::from_raw_parts(ptr, kept) };
            assert!(
                bytes.iter().all(|&b| b == self.tag),
                "realloc lost the contents"
            );
            self.ptr = ptr;
            self.layout = Layout::from_size_align(new_size, self.layout.align()).unwrap();
            unsafe { ptr::write_bytes(ptr, self.tag, new_size) };
        }
    }

    impl Drop for Owned {
        fn drop(&mut self) {
            self.check();
            unsafe { A.dealloc(self.ptr, self.layout) };
        }
    }

    /// A small deterministic generator, so failures reproduce.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
        /// Mostly small sizes, like a parser's, sometimes large ones.
        fn size(&mut self) -> usize {
            match self.below(20) {
                0 => 1 + self.below(200_000),
                1..=3 => 1 + self.below(MAX_SMALL),
                _ => 1 + self.below(300),
            }
        }
    }

    #[test]
    fn classes_cover_every_small_size_tightly() {
        for size in 1..=MAX_SMALL {
            let class = class_of(size);
            assert!(class < CLASSES);
            assert!(class_size(class) >= size, "size {size} in class {class}");
            assert!(
                class == 0 || class_size(class - 1) < size,
                "size {size} not in smallest class"
            );
            assert_eq!(class_size(class) % MIN_ALIGN, 0);
        }
        assert_eq!(class_size(CLASSES - 1), MAX_SMALL);
        assert_eq!(class_of(0), 0);
    }

    #[test]
    fn alignment_is_honoured_on_both_paths() {
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 7, 16, 100, 4000, MAX_SMALL, MAX_SMALL + 1, 1 << 20] {
                let blocks: Vec<Owned> = (0..8).map(|i| Owned::new(size, align, i)).collect();
                blocks.iter().for_each(Owned::check);
            }
        }
    }

    #[test]
    fn zeroed_blocks_are_zero_even_when_recycled() {
        let layout = Layout::from_size_align(96, 8).unwrap();
        for _ in 0..2 {
            let dirty = Owned::new(96, 8, 0xAB);
            drop(dirty);
            let ptr = unsafe { A.alloc_zeroed(layout) };
            let bytes = unsafe { std::slice::from_raw_parts(ptr, 96) };
            assert!(bytes.iter().all(|&b| b == 0));
            unsafe { A.dealloc(ptr, layout) };
        }
        let big = Layout::from_size_align(1 << 20, 8).unwrap();
        let ptr = unsafe { A.alloc_zeroed(big) };
        assert!(unsafe { std::slice::from_raw_parts(ptr, 1 << 20) }
            .iter()
            .all(|&b| b == 0));
        unsafe { A.dealloc(ptr, big) };
    }

    #[test]
    fn realloc_keeps_contents_across_classes_and_the_heap() {
        let mut block = Owned::new(10, 8, 7);
        for size in [
            12,
            16,
            17,
            300,
            5000,
            MAX_SMALL,
            MAX_SMALL + 1,
            1 << 20,
            3 << 20,
            40_000,
            200,
            1,
        ] {
            block.resize(size);
        }
        let mut aligned = Owned::new(100, 64, 9);
        for size in [5000, 64, 1 << 20, 10] {
            aligned.resize(size);
        }
    }

    #[test]
    fn a_refused_request_is_noted() {
        let huge = Layout::from_size_align(isize::MAX as usize - 4096, 16).unwrap();
        assert!(unsafe { A.alloc(huge) }.is_null());
        assert!(heap_exhausted());
    }

    #[test]
    fn large_blocks_are_distinct_and_intact() {
        let blocks: Vec<Owned> = (0..16)
            .map(|i| Owned::new((1 << 20) + i * 4099, 16, i as u8))
            .collect();
        blocks.iter().for_each(Owned::check);
    }

    #[test]
    fn blocks_freed_on_another_thread_are_reused_correctly() {
        // The producer allocates, the consumer frees: every block crosses
        // threads, the consumer's lists overflow into the depots, and the
        // producer refills from them.
        let (send, receive) = mpsc::sync_channel::<Vec<Owned>>(4);
        let consumer = std::thread::spawn(move || {
            let mut freed = 0;
            for batch in receive {
                batch.iter().for_each(Owned::check);
                freed += batch.len();
            }
            freed
        });
        let mut rng = Rng(42);
        let mut sent = 0;
        for round in 0..200 {
            let batch: Vec<Owned> = (0..500)
                .map(|_| Owned::new(1 + rng.below(2000), 8, round as u8))
                .collect();
            sent += batch.len();
            send.send(batch).unwrap();
        }
        drop(send);
        assert_eq!(consumer.join().unwrap(), sent);
    }

    #[test]
    fn threads_hammering_shared_blocks_never_overlap() {
        const THREADS: usize = 8;
        // Each thread keeps a window of live blocks, frees at random, and
        // passes some blocks to the next thread through a channel, so frees
        // land on every thread while everyone allocates.
        let (senders, receivers): (Vec<_>, Vec<_>) =
            (0..THREADS).map(|_| mpsc::channel::<Owned>()).unzip();
        let handles: Vec<_> = receivers
            .into_iter()
            .enumerate()
            .map(|(index, receive)| {
                let next = senders[(index + 1) % THREADS].clone();
                std::thread::spawn(move || {
                    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ index as u64);
                    let mut live: Vec<Owned> = Vec::new();
                    for step in 0..40_000 {
                        let tag = (index * 31 + step) as u8;
                        match rng.below(10) {
                            0..=4 => live.push(Owned::new(rng.size(), 1 << rng.below(5), tag)),
                            5 | 6 if !live.is_empty() => {
                                let victim = rng.below(live.len());
                                live.swap_remove(victim);
                            }
                            7 if !live.is_empty() => {
                                let victim = rng.below(live.len());
                                let size = rng.size();
                                live[victim].resize(size);
                            }
                            8 if !live.is_empty() => {
                                let victim = rng.below(live.len());
                                // The receiver may be gone at the very end.
                                let _ = next.send(live.swap_remove(victim));
                            }
                            _ => live.extend(receive.try_iter()),
                        }
                        if live.len() > 2000 {
                            live.truncate(1000);
                        }
                    }
                    live.iter().for_each(Owned::check);
                    drop(next);
                    live.len()
                })
            })
            .collect();
        drop(senders);
        for handle in handles {
            handle.join().unwrap();
        }
    }

    #[test]
    fn a_disabled_cache_falls_back_to_the_heap() {
        // A wasm thread before its storage exists: blocks come from the
        // shared heap, blocks it frees (its own, or cached ones from other
        // threads) join the depot, and every block is reused correctly.
        let from_cache: Vec<Owned> = (0..100).map(|i| Owned::new(40 + i, 8, i as u8)).collect();
        std::thread::spawn(move || {
            CACHE.with(|cache| unsafe { (*cache.get()).enabled = 0 });
            let mut early: Vec<Owned> = (0..100).map(|i| Owned::new(24 + i, 8, i as u8)).collect();
            let adopted = early.split_off(50);
            drop(early);
            drop(from_cache);
            enable_thread_cache();
            drop(adopted);
            let again: Vec<Owned> = (0..1000)
                .map(|i| Owned::new(24 + i % 200, 8, i as u8))
                .collect();
            again.iter().for_each(Owned::check);
        })
        .join()
        .unwrap();
    }
}
