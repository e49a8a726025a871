//! `run_into` with a reused workspace allocates nothing (the Monte Carlo entry point): counted
//! with a global allocator wrapper in this test binary, on the test's own thread only (the test
//! harness's threads allocate when they please).

use brink_bdm::{run_into, BdmInputs, BdmOptions, BdmWorkspace, Variant};
use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "common/published.rs"]
mod published;

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static COUNTING: Cell<bool> = const { Cell::new(false) };
}

fn count() {
    if COUNTING.with(|c| c.get()) {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
    }
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count();
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count();
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn run_into_does_not_allocate() {
    // EC emission data: actors move every round. (Built before counting starts.)
    let (x, c, s) = published::columns(&published::EC_EMISSION);
    let inputs = BdmInputs {
        positions: &x,
        capabilities: &c,
        saliences: &s,
    };
    let mut ws = BdmWorkspace::new(x.len());
    COUNTING.with(|c| c.set(true));
    for variant in [Variant::Scholz, Variant::Textbook] {
        let opts = BdmOptions {
            variant,
            rounds: 10,
            until_stable: false,
        };
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        let mut sum = 0.0;
        for _ in 0..20 {
            sum += run_into(&mut ws, &inputs, &opts).unwrap().mean;
        }
        let after = ALLOCATIONS.load(Ordering::SeqCst);
        assert_eq!(after - before, 0, "{variant:?}: allocations in run_into");
        assert!(sum.is_finite());
        // Smaller scenarios reuse the same workspace, still without allocating.
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        let small = BdmInputs {
            positions: &x[..4],
            capabilities: &c[..4],
            saliences: &s[..4],
        };
        run_into(&mut ws, &small, &opts).unwrap();
        assert_eq!(ALLOCATIONS.load(Ordering::SeqCst) - before, 0);
        // The counter does see allocations: `run` records every round.
        let before = ALLOCATIONS.load(Ordering::SeqCst);
        brink_bdm::run(&inputs, &opts).unwrap();
        assert!(ALLOCATIONS.load(Ordering::SeqCst) > before);
    }
}
