//! Sequences: ids from the store.

use std::collections::BTreeSet;
use std::sync::Arc;

use cekbae_bot::storage::Sequence;
use cekbae_bot::Store;

use crate::support::resident;
use crate::Backend;

/// Eight threads draw 50 values each from the same sequences in their residents' turns: every value is
/// distinct, each thread sees them grow, and a dialogue's own sequence starts at 1.
pub fn sequences_grow_and_never_repeat(backend: &dyn Backend) {
    let mut fixture = backend.fresh();
    let store: Arc<dyn Store> = fixture.store();
    let first = store.begin_turn(&resident("seq")).unwrap().next_id(Sequence::Dialogue("contract")).unwrap();
    assert_eq!(first, 1, "a dialogue's sequence starts at 1");
    let threads: Vec<_> = (0..8)
        .map(|n| {
            let store = Arc::clone(&store);
            std::thread::spawn(move || {
                let user = resident(&format!("seq-{n}"));
                let mut drawn = Vec::new();
                for _ in 0..50 {
                    let tx = store.begin_turn(&user).unwrap();
                    drawn.push((
                        tx.next_id(Sequence::Request).unwrap(),
                        tx.next_id(Sequence::Dialogue("contract")).unwrap(),
                    ));
                }
                drawn
            })
        })
        .collect();
    let per_thread: Vec<Vec<(u64, u64)>> = threads.into_iter().map(|it| it.join().unwrap()).collect();
    for drawn in &per_thread {
        assert!(drawn.windows(2).all(|w| w[0].0 < w[1].0 && w[0].1 < w[1].1), "each thread sees them grow");
    }
    let drawn: Vec<(u64, u64)> = per_thread.into_iter().flatten().collect();
    for seq in [drawn.iter().map(|it| it.0).collect::<Vec<_>>(), drawn.iter().map(|it| it.1).collect()] {
        assert_eq!(seq.iter().collect::<BTreeSet<_>>().len(), 400, "no value twice");
        assert!(seq.iter().all(|it| *it > 0));
    }
    let last = drawn.iter().map(|it| it.1).max().unwrap();
    drop(store);
    fixture.reopen();
    let after = fixture.store().begin_turn(&resident("seq")).unwrap().next_id(Sequence::Dialogue("contract")).unwrap();
    assert!(after > last, "a sequence goes on growing after a restart");
}
